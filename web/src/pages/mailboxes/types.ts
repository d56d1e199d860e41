/** Deliverability API shapes (`/api/v1`), from the SDK's generated types. */
import type * as Sdk from '@mailwarden/sdk';
import { ApiError } from '../../api.ts';

export type MailboxListItem = Sdk.MailboxList['mailboxes'][number];
export type MailboxDetail = Sdk.Mailbox;
export type WarmupStatus = Sdk.WarmupStatus;
export type WarmupEmail = WarmupStatus['recent_emails'][number];
export type DayStats = Sdk.MailboxStats['stats'][number];
export type DnsReport = Sdk.DnsReport;
export type RecordCheck = DnsReport['spf'];
export type BlacklistReport = Sdk.BlacklistReport;

/** Warm-up modes (CONTRACT §2). */
export const WARMUP_MODES = [
  { value: 'slow', label: 'Slow (2 → 20 a day)', max: 20, description: 'For new domains: bounce limit 0.5 %.' },
  { value: 'balanced', label: 'Balanced (5 → 40 a day)', max: 40, description: 'For most senders: bounce limit 1 %.' },
  { value: 'aggressive', label: 'Aggressive (10 → 80 a day)', max: 80, description: 'For established senders: bounce limit 2 %.' },
  { value: 'recovery', label: 'Recovery (1 → 15 a day)', max: 15, description: 'For a damaged reputation: bounce limit 0.3 %.' },
] as const;

/** True when the Deliverability API refused because of the plan (free accounts get 403). */
export function isPlanError(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403 && /plan/i.test(error.message);
}

/**
 * The Deliverability API names a field only in its message ("smtp_port must be <= 65535.",
 * "config.send_window_start: the send window…"): place the message under the first of `fields`
 * it mentions, longest names first so `imap_pass` wins over `imap`.
 */
export function deliverabilityFieldErrors(error: unknown, fields: readonly string[]): Record<string, string> {
  if (!(error instanceof ApiError) || error.status !== 400) return {};
  if (error.field !== undefined && fields.includes(error.field)) return { [error.field]: error.message };
  const byPosition = [...fields]
    .sort((a, b) => b.length - a.length)
    .map((field) => ({ field, at: error.message.search(new RegExp(`(^|[^a-z_.])${field.replaceAll('.', '\\.')}(?![a-z_])`)) }))
    .filter((m) => m.at >= 0)
    .sort((a, b) => a.at - b.at);
  return byPosition[0] === undefined ? {} : { [byPosition[0].field]: error.message };
}
