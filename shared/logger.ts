import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The one structured logger: a JSON line per entry with the time, the level, the message and the
 * context of the request or sweep it belongs to (request id, route, region, environment), so that
 * CloudWatch Logs Insights can filter one request or one region without parsing free text.
 *
 * Why our own ~80 lines and not Powertools Logger: Powertools adds its commons package and a
 * formatter hierarchy to every bundle (we count kilobytes against a 300 KB budget per function)
 * and we use none of its extras (sampling, buffering, X-Ray keys). The shape is the same: one
 * instance, context appended per invocation (`withLogContext` ≈ `injectLambdaContext({ clearState:
 * true })`), level from the environment.
 *
 * The context lives in an AsyncLocalStorage, not in module state: locally one process serves many
 * requests at once (the local host), and each line must still carry its own request's id.
 *
 * Level: `LOG_LEVEL` (debug | info | warn | error), else Lambda's `AWS_LAMBDA_LOG_LEVEL` (set by a
 * function's application log level), else `info`. Lines are written to stdout as they are: Lambda's
 * JSON log format passes a line that is already JSON through unchanged.
 */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What a line says besides time, level and message. Values must be JSON-serialisable. */
export type LogFields = Record<string, unknown>;

/** One entry as the injectable `log` functions of the sweep take it: `{ level, message, ...fields }`. */
export type LogEntry = { level: LogLevel; message: string } & LogFields;

/** The keys every line of one request or sweep carries. */
export interface LogContext extends LogFields {
  requestId?: string;
  lambdaRequestId?: string;
  route?: string;
  regionId?: string;
  environmentId?: string;
}

const contexts = new AsyncLocalStorage<LogContext>();

/** Runs `work` with `context` added to every line it logs (nested calls add to the outer context). */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  const outer = contexts.getStore();
  const defined = Object.fromEntries(Object.entries(context).filter(([, value]) => value !== undefined));
  return contexts.run(outer ? { ...outer, ...defined } : defined, work);
}

/** The context of the current request or sweep (empty outside one). */
export function currentLogContext(): LogContext {
  return contexts.getStore() ?? {};
}

export function parseLogLevel(value: string | undefined): LogLevel | undefined {
  const lower = value?.trim().toLowerCase();
  if (lower === 'trace') return 'debug';
  if (lower === 'fatal') return 'error';
  return (LOG_LEVELS as readonly string[]).includes(lower ?? '') ? (lower as LogLevel) : undefined;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where finished lines go (default: stdout). Tests pass an array's push. */
  write?: (line: string) => void;
  now?: () => Date;
}

export class Logger {
  readonly level: LogLevel;
  private readonly threshold: number;
  private readonly writeLine: (line: string) => void;
  private readonly now: () => Date;

  constructor(options: LoggerOptions = {}) {
    this.level = options.level ?? parseLogLevel(process.env.LOG_LEVEL) ?? parseLogLevel(process.env.AWS_LAMBDA_LOG_LEVEL) ?? 'info';
    this.threshold = LOG_LEVELS.indexOf(this.level);
    this.writeLine = options.write ?? ((line) => process.stdout.write(`${line}\n`));
    this.now = options.now ?? (() => new Date());
  }

  debug(message: string, fields?: LogFields): void {
    this.log({ level: 'debug', message, ...fields });
  }

  info(message: string, fields?: LogFields): void {
    this.log({ level: 'info', message, ...fields });
  }

  warn(message: string, fields?: LogFields): void {
    this.log({ level: 'warn', message, ...fields });
  }

  error(message: string, fields?: LogFields): void {
    this.log({ level: 'error', message, ...fields });
  }

  /** Logs an entry in the `{ level, message, ...fields }` shape the injectable `log` options use. */
  readonly log = (entry: LogEntry): void => {
    if (LOG_LEVELS.indexOf(entry.level) < this.threshold) return;
    const { level, message, ...fields } = entry;
    // Context first, so an entry's own fields (a sweep's environmentId) win over the request's.
    this.writeLine(JSON.stringify({ time: this.now().toISOString(), level, message, ...currentLogContext(), ...fields }, jsonSafe));
  };
}

/** Errors become `{ name, message, stack }` (JSON.stringify would make them `{}`); bigints strings. */
function jsonSafe(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** The process's logger: import this one, never make another. */
export const logger = new Logger();
