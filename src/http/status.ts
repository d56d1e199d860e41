/**
 * HTTP status for each domain error code (shared by both surfaces).
 */
import type { DomainErrorCode } from '../platform/errors.ts';

export const STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  validation_error: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  rate_limit_exceeded: 429,
  service_unavailable: 503,
};
