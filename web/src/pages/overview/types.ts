/** `/v1/analytics/*` shapes, from the SDK's generated types, and the periods the API offers. */
import type * as Sdk from '@mailwarden/sdk';

/** Presets of `?period=` (the API also takes `custom` with dates; the overview offers these). */
export const PERIODS = [
  { value: '24h', label: '24 hours' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
  { value: '90d', label: '90 days' },
  { value: '365d', label: '1 year' },
] as const;

export type Overview = Sdk.AnalyticsOverview;
export type Distribution = Sdk.ThreatDistribution;
export type Geographic = Sdk.Geographic;
/** `GET /api/v1/mailboxes` (Deliverability API, Pro and Enterprise plans). */
export type MailboxSummary = Sdk.MailboxList['mailboxes'][number];
