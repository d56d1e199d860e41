/**
 * @mailwarden/sdk — TypeScript client for Mailwarden's Threat API (/v1) and Deliverability API
 * (/api/v1). No runtime dependencies: fetch and Web Crypto only, so it runs in Node 18+ and browsers.
 */
import { Mailwarden } from './client.ts';

export default Mailwarden;
export { Mailwarden };
export type { MailwardenOptions, RequestOptions } from './options.ts';
export { SDK_VERSION, surfaceRoots } from './options.ts';
export {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  MailwardenError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  UnprocessableEntityError,
} from './errors.ts';
export type { ErrorDetails, Surface } from './errors.ts';
export { verifyWebhook, WebhookVerificationError } from './webhook-verify.ts';
export type { VerifyWebhookOptions, WebhookEvent, WebhookHeaders, WebhookVerificationReason } from './webhook-verify.ts';
export type { CallInput, DataOf, DownloadedFile, ItemOf, Meta, OperationKey, Page, Pagination, ResponseOf } from './api.ts';
export type { ListQuery } from './resources/list-query.ts';
export type { BulkCreateResult, BulkIdResult, BulkOptions } from './resources/honeypots.ts';
export { MAX_BULK_ITEMS } from './resources/honeypots.ts';
export type * from './types.ts';
export type * from './generated/openapi.ts';
