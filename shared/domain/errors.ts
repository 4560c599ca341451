import { codeOfText } from '../messages/errors.ts';

/**
 * The one error model. Every error a caller may see carries an HTTP status, a stable code and
 * `expose`: a 4xx message is shown to the caller, anything else becomes a generic 500.
 */
export interface FieldProblem {
  /** Where the problem is: `body.criticality`, `query.limit`, `row 12.purchaseDate`. */
  field: string;
  /** A stable code (`field-too-long`, `import-date-ambiguous`) the UI and CLI put in the reader's language; see `shared/messages/errors.*.ts`. */
  code?: string;
  /** The code's parameters (`{ count: 64 }`). */
  params?: Readonly<Record<string, string | number | boolean | null | undefined>>;
  /** The problem in English, for API clients. */
  problem: string;
}

export class DriftsbildeError extends Error {
  readonly expose: boolean;
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
    this.expose = statusCode < 500;
  }
}

export class ValidationError extends DriftsbildeError {
  /** A problem given without a code gets the code its English text has in the catalogue, else `field-invalid`. */
  constructor(message: string, problems: FieldProblem[]) {
    super(400, 'validation-failed', message, problems.map(withCode));
  }
}

function withCode(problem: FieldProblem): FieldProblem {
  if (problem.code !== undefined) return { ...problem, params: problem.params ?? {} };
  const coded = codeOfText(problem.problem);
  return { ...problem, code: coded?.code ?? 'field-invalid', params: coded?.params ?? {} };
}

export class NotFoundError extends DriftsbildeError {
  constructor(what: string, id: string) {
    super(404, 'not-found', `${what} '${id}' does not exist`, { [what]: id });
  }
}

export class AlreadyExistsError extends DriftsbildeError {
  constructor(what: string, id: string) {
    super(409, 'already-exists', `${what} '${id}' exists already; choose another id or update it`, { [what]: id });
  }
}

/** Someone else changed the record since the caller read it. */
export class VersionConflictError extends DriftsbildeError {
  constructor(what: string, id: string, currentVersion: number) {
    super(409, 'version-conflict', `${what} '${id}' was changed by someone else; read it again (current version ${currentVersion})`, {
      currentVersion,
    });
  }
}

export class UnauthorizedError extends DriftsbildeError {
  /** `details.reason`: why the token was refused (see `TokenProblemReason`). */
  constructor(message = 'a valid bearer token is required', details?: { reason: string }) {
    super(401, 'unauthorized', message, details);
  }
}

export class ForbiddenError extends DriftsbildeError {
  /** `code`: a stable name of the rule that refused (default `forbidden`), so UIs can explain it in their language. */
  constructor(message: string, options: { code?: string; details?: unknown } = {}) {
    super(403, options.code ?? 'forbidden', message, options.details);
  }
}

export class UnsupportedMediaTypeError extends DriftsbildeError {
  constructor(expected: string) {
    super(415, 'unsupported-media-type', `send the body as ${expected}`, { expected });
  }
}

export class PayloadTooLargeError extends DriftsbildeError {
  /** `hint`: what to do instead, e.g. a command line without the limit; added to message and details. */
  constructor(limitBytes: number, hint?: { advice: string; cli: string }) {
    super(
      413,
      'payload-too-large',
      `the body is larger than ${limitBytes} bytes${hint ? `; ${hint.advice}: ${hint.cli}` : ''}`,
      hint ? { limitBytes, cli: hint.cli } : { limitBytes },
    );
  }
}

/** A rule of the domain refused the request (e.g. a member moving its device to another payer). */
export class RuleViolationError extends DriftsbildeError {
  constructor(message: string, details?: unknown) {
    super(422, 'rule-violated', message, details);
  }
}

/**
 * A store the request needs cannot be reached (connection refused or reset, timed out). Answered
 * as 503 with `Retry-After`; writes are conditional or idempotent, so sending the request again is safe.
 * The message names the store but no address or internals.
 */
export class StoreUnavailableError extends DriftsbildeError {
  override readonly expose = true;
  constructor(
    readonly store: string,
    readonly retryAfterSeconds = 5,
    readonly reason?: string,
  ) {
    super(503, 'store-unavailable', `${store} cannot be reached just now; try again in ${retryAfterSeconds} seconds`, { store, retryAfterSeconds });
  }
}
