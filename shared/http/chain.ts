import type { Context } from 'aws-lambda';

/**
 * The handler chain every route runs through: `before` steps in order, the handler, `after` steps
 * in reverse, and on a throw the `onError` steps in reverse (one may set `request.response`);
 * a step that returns a value answers early. The semantics of `@middy/core` 6, which this
 * replaces: middy imports `node:stream/web` for response streaming at load, ~70 ms of every cold
 * start on this machine, for a feature no route uses (issue 10). Lambda's own timeout stands in
 * for middy's `timeoutEarly`.
 */
export interface ChainRequest<Event, Result> {
  event: Event;
  context: Context;
  response: Result | undefined;
  error: unknown;
}

type Step<Event, Result> = (request: ChainRequest<Event, Result>) => unknown;

export interface MiddlewareObj<Event, Result> {
  before?: Step<Event, Result>;
  after?: Step<Event, Result>;
  onError?: Step<Event, Result>;
}

export interface Chain<Event, Result> {
  (event: Event, context: Context): Promise<Result>;
  use(middleware: MiddlewareObj<Event, Result>): Chain<Event, Result>;
  handler(run: (event: Event, context: Context) => Promise<Result>): Chain<Event, Result>;
}

/** Runs steps in order; true when one answered early (its value is then the response). */
async function runSteps<Event, Result>(request: ChainRequest<Event, Result>, steps: ReadonlyArray<Step<Event, Result>>): Promise<boolean> {
  for (const step of steps) {
    const answer = await step(request);
    if (answer !== undefined) {
      request.response = answer as Result;
      return true;
    }
  }
  return false;
}

export function chain<Event, Result>(): Chain<Event, Result> {
  const before: Array<Step<Event, Result>> = [];
  const after: Array<Step<Event, Result>> = [];
  const onError: Array<Step<Event, Result>> = [];
  let run: (event: Event, context: Context) => Promise<Result> = async () => undefined as Result;

  const handle = (async (event: Event, context: Context): Promise<Result> => {
    const request: ChainRequest<Event, Result> = { event, context, response: undefined, error: undefined };
    try {
      if (!(await runSteps(request, before))) {
        request.response = await run(request.event, request.context);
        await runSteps(request, after);
      }
    } catch (error) {
      // What the after steps made of the response is void once one of them throws.
      request.response = undefined;
      request.error = error;
      try {
        await runSteps(request, onError);
      } catch (unhandled) {
        (unhandled as { originalError?: unknown }).originalError = error;
        throw unhandled;
      }
      if (request.response === undefined) throw error;
    }
    return request.response as Result;
  }) as Chain<Event, Result>;

  handle.use = (middleware) => {
    if (!middleware.before && !middleware.after && !middleware.onError) throw new Error('a middleware needs at least one of before, after, onError');
    if (middleware.before) before.push(middleware.before);
    if (middleware.after) after.unshift(middleware.after);
    if (middleware.onError) onError.unshift(middleware.onError);
    return handle;
  };
  handle.handler = (replacement) => {
    run = replacement;
    return handle;
  };
  return handle;
}
