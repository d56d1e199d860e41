/**
 * Domain errors. Services throw these; each surface's error mapper turns them into its documented
 * shape (HTTP) and the SMTP hooks into reply codes. Services never speak HTTP themselves.
 *
 * `code` is stable and machine-readable; `message` is written for the person reading the response.
 */
export type DomainErrorCode =
  | 'validation_error'
  | 'unprocessable'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limit_exceeded'
  | 'service_unavailable';

export interface ErrorDetails {
  field?: string;
  value?: unknown;
  [key: string]: unknown;
}

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  readonly details: ErrorDetails | undefined;
  constructor(message: string, details?: ErrorDetails) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** The request itself is malformed: a bad field, operator or value. HTTP 400. */
export class InvalidInput extends DomainError {
  readonly code = 'validation_error';
}

/** Well-formed but cannot be applied (e.g. a honeypot domain the server does not receive). HTTP 422. */
export class Unprocessable extends DomainError {
  readonly code = 'unprocessable';
}

/** No credentials, or credentials that match nothing. HTTP 401. */
export class Unauthenticated extends DomainError {
  readonly code = 'unauthorized';
}

/** Authenticated but not allowed (missing scope, plan without API access). HTTP 403. */
export class Forbidden extends DomainError {
  readonly code = 'forbidden';
}

/** Does not exist, or belongs to someone else (tenancy: never confirm another user's ids). HTTP 404. */
export class NotFound extends DomainError {
  readonly code = 'not_found';
}

/** Would duplicate something unique. HTTP 409. */
export class Conflict extends DomainError {
  readonly code = 'conflict';
}

/** Over a rate limit; `retryAfterSeconds` becomes `Retry-After`. HTTP 429. */
export class RateLimited extends DomainError {
  readonly code = 'rate_limit_exceeded';
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A dependency (database, resolver) is down; the client may retry. HTTP 503. */
export class Unavailable extends DomainError {
  readonly code = 'service_unavailable';
}
