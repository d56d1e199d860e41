/**
 * Typed errors. Every failed call throws a `MailwardenError` (or a subclass picked by HTTP status), with
 * the API's own `code`, `message`, `details` and request id, whichever surface answered:
 *
 * - Threat API (`/v1`): `{success: false, error: {code, message, details}, meta: {request_id}}`, and the
 *   flat 429 body `{error: "rate_limit_exceeded", message}`;
 * - Deliverability API (`/api/v1`): `{error: "message"}`; `code` is then derived from the status
 *   (`validation_error`, `unauthorized`, `forbidden`, `not_found`, `conflict`, `unprocessable`,
 *   `rate_limit_exceeded`, `internal_error`, `service_unavailable`), the same codes the Threat API uses.
 *
 * `requestId` comes from the body's `meta.request_id` or the `X-Request-Id` header every response
 * carries; quote it when reporting a problem. Network failures and timeouts are `ConnectionError` /
 * `TimeoutError` with `status` 0.
 */

export type Surface = 'threat' | 'deliverability';

export interface ErrorDetails {
  /** The offending field of a validation error (e.g. `email_address`, `query.threat_score`). */
  field?: string;
  value?: unknown;
  [key: string]: unknown;
}

export interface MailwardenErrorInit {
  status: number;
  code: string;
  message: string;
  details?: ErrorDetails | undefined;
  requestId?: string | undefined;
  surface?: Surface | undefined;
  /** Response headers, when there was a response. */
  headers?: Headers | undefined;
  cause?: unknown;
}

export class MailwardenError extends Error {
  /** HTTP status; 0 when no response arrived (network error, timeout). */
  readonly status: number;
  /** The API's machine-readable code, e.g. `validation_error`, `not_found`, `rate_limit_exceeded`. */
  readonly code: string;
  readonly details: ErrorDetails | undefined;
  /** `req_…`, the id the server logged this request under. */
  readonly requestId: string | undefined;
  readonly surface: Surface | undefined;
  readonly headers: Headers | undefined;

  constructor(init: MailwardenErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
    this.surface = init.surface;
    this.headers = init.headers;
  }

  /** The field a validation error names (`details.field`), if any. */
  get field(): string | undefined {
    return typeof this.details?.field === 'string' ? this.details.field : undefined;
  }
}

/** 400: a malformed request — bad field, operator or value (`code` is usually `validation_error`). */
export class BadRequestError extends MailwardenError {}
/** 401: no credentials, or a key/token that matches nothing. */
export class AuthenticationError extends MailwardenError {}
/** 403: valid credentials without the needed permission or plan (`details.required_scope` names the scope). */
export class PermissionDeniedError extends MailwardenError {}
/** 404: does not exist, or belongs to another account (the API never confirms other accounts' ids). */
export class NotFoundError extends MailwardenError {}
/** 409: would duplicate something unique, or the resource is not in a state for this (e.g. a report not ready). */
export class ConflictError extends MailwardenError {}
/** 422: well-formed but not applicable (e.g. a honeypot domain the server does not receive mail for). */
export class UnprocessableEntityError extends MailwardenError {}

/** 429: over a rate limit. `retryAfter` is the server's `Retry-After`, in seconds. */
export class RateLimitError extends MailwardenError {
  /** Seconds to wait before trying again (from `Retry-After`); undefined when the server gave none. */
  readonly retryAfter: number | undefined;
  constructor(init: MailwardenErrorInit & { retryAfter: number | undefined }) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}

/** 5xx: the server failed (500) or is temporarily unavailable (503). */
export class InternalServerError extends MailwardenError {}

/** No response: the connection failed or was reset. `cause` holds the underlying error. */
export class ConnectionError extends MailwardenError {}
/** No response within `timeoutMs`. */
export class TimeoutError extends ConnectionError {}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'validation_error',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limit_exceeded',
  500: 'internal_error',
  503: 'service_unavailable',
};

const CLASS_BY_STATUS: Record<number, new (init: MailwardenErrorInit) => MailwardenError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Code, message and details from either surface's error body (or from the status when the body is not JSON). */
function readBody(status: number, body: unknown, statusText: string): { code: string; message: string; details?: ErrorDetails; requestId?: string } {
  const fallbackCode = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'http_error');
  if (isRecord(body)) {
    const meta = isRecord(body.meta) && typeof body.meta.request_id === 'string' ? { requestId: body.meta.request_id } : {};
    if (isRecord(body.error)) {
      const error = body.error;
      return {
        code: typeof error.code === 'string' ? error.code : fallbackCode,
        message: typeof error.message === 'string' ? error.message : `HTTP ${status}`,
        ...(isRecord(error.details) ? { details: error.details as ErrorDetails } : {}),
        ...meta,
      };
    }
    if (typeof body.error === 'string') {
      // Threat 429 is flat {error: code, message}; Deliverability is {error: message}.
      if (typeof body.message === 'string') return { code: body.error, message: body.message, ...meta };
      return { code: fallbackCode, message: body.error, ...meta };
    }
  }
  const text = typeof body === 'string' && body.trim() !== '' ? body.trim().slice(0, 300) : statusText || 'no details';
  return { code: fallbackCode, message: `HTTP ${status}: ${text}` };
}

/** `Retry-After` as seconds: a delay in seconds, or an HTTP date (seconds from `now`, at least 0). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - now) / 1000);
}

/** The typed error for an HTTP error response. */
export function errorFromResponse(surface: Surface, response: { status: number; statusText: string; headers: Headers }, body: unknown): MailwardenError {
  const parsed = readBody(response.status, body, response.statusText);
  const init: MailwardenErrorInit = {
    status: response.status,
    code: parsed.code,
    message: parsed.message,
    details: parsed.details,
    requestId: parsed.requestId ?? response.headers.get('x-request-id') ?? undefined,
    surface,
    headers: response.headers,
  };
  if (response.status === 429) return new RateLimitError({ ...init, retryAfter: parseRetryAfter(response.headers.get('retry-after')) });
  if (response.status >= 500) return new InternalServerError(init);
  const ErrorClass = CLASS_BY_STATUS[response.status] ?? MailwardenError;
  return new ErrorClass(init);
}
