/**
 * Friendly names for the generated types (src/generated/openapi.ts): what each method returns.
 * List items and `fields`-selectable gets are partial (every field optional); the create/update
 * responses are complete. Component types (User, ApiKey, SessionTokens…) are exported as generated.
 */
import type { DataOf, ItemOf, ResponseOf } from './api.ts';

export type Honeypot = DataOf<'POST /v1/honeypots'>;
export type HoneypotListItem = ItemOf<'GET /v1/honeypots'>;
export type EmailListItem = ItemOf<'GET /v1/emails'>;
export type EmailDetail = DataOf<'GET /v1/emails/{id}'>;
export type Attachment = DataOf<'GET /v1/emails/{id}/attachments'>[number];
export type IngestResult = DataOf<'POST /v1/emails'>;
export type Campaign = DataOf<'GET /v1/campaigns/{id}'>;
export type CampaignListItem = ItemOf<'GET /v1/campaigns'>;
export type Webhook = DataOf<'PATCH /v1/webhooks/{id}'>;
export type WebhookWithSecret = DataOf<'POST /v1/webhooks'>;
export type WebhookListItem = ItemOf<'GET /v1/webhooks'>;
export type WebhookDelivery = ItemOf<'GET /v1/webhooks/{id}/deliveries'>;
export type Report = DataOf<'POST /v1/reports'>;
export type ReportListItem = ItemOf<'GET /v1/reports'>;
export type AnalyticsOverview = DataOf<'GET /v1/analytics/overview'>;
export type ThreatDistribution = DataOf<'GET /v1/analytics/threat-distribution'>;
export type Geographic = DataOf<'GET /v1/analytics/geographic'>;

export type MailboxList = ResponseOf<'GET /api/v1/mailboxes'>;
export type Mailbox = ResponseOf<'GET /api/v1/mailboxes/{id}'>;
export type MailboxCreated = ResponseOf<'POST /api/v1/mailboxes'>;
export type WarmupStatus = ResponseOf<'GET /api/v1/warmup'>;
export type WarmupActionResult = ResponseOf<'POST /api/v1/warmup'>;
export type MailboxStats = ResponseOf<'GET /api/v1/stats'>;
export type DnsReport = ResponseOf<'GET /api/v1/dns'>;
export type BlacklistReport = ResponseOf<'GET /api/v1/blacklist'>;
export type Health = ResponseOf<'GET /api/v1/health'>;
