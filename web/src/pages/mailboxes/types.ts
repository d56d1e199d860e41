/** Deliverability API shapes (`/api/v1`): src/mailboxes/mailboxes.schema.ts, src/warmup/warmup.schema.ts, src/mailboxes/mailbox-checks.routes.ts. */
import { ApiError } from '../../api.ts';

export interface MailboxListItem {
  id: string;
  email: string;
  provider: string;
  status: 'active' | 'paused' | 'error';
  health_score: number;
  daily_limit: number;
  warmup_day: number;
  created_at: string;
}

export interface ServerSettings {
  host: string;
  port: number;
  security: string;
  user: string;
}

export interface MailboxDetail extends MailboxListItem {
  warmup_started_at: string | null;
  dns_status: { spf: string; dkim: string; dmarc: string };
  dns_checked_at: string | null;
  connection_error: string | null;
  verification: 'verifying' | 'verified' | 'failed';
  verified_at: string | null;
  smtp: ServerSettings;
  imap: ServerSettings & { folders: Record<string, string> | null };
  updated_at: string;
}

export interface WarmupConfig {
  target_daily_limit: number;
  reply_rate: number;
  thread_rate: number;
  weekdays_only: boolean;
  send_window_start: number;
  send_window_end: number;
  timezone: string;
}

export interface WarmupEmail {
  id: string;
  status: string;
  landed_in: string | null;
  subject: string;
  scheduled_at: string;
  sent_at: string | null;
  bounce_type: string | null;
  bounce_category: string | null;
}

export interface WarmupStatus {
  mailbox_id: string;
  email: string;
  status: string;
  health_score: number;
  daily_limit: number;
  warmup_day: number;
  warmup_mode: string;
  config: WarmupConfig;
  recent_emails: WarmupEmail[];
  warmup_started_at: string | null;
  paused_reason: string | null;
  connection_error: string | null;
  health: { score: number; confident: boolean; reasons: { code: string; message: string; impact: number }[] };
}

export interface DayStats {
  date: string;
  sent: number;
  delivered: number;
  opened: number;
  replied: number;
  bounced: number;
  spam_landed: number;
  inbox_rate: string;
  bounce_rate: string;
  reply_rate: string;
  health_score: string;
}

export interface RecordCheck {
  status: string;
  record: string | null;
  [detail: string]: unknown;
}

export interface DnsReport {
  mailbox_id: string;
  domain: string;
  checked_at: string;
  source: 'cached' | 'live';
  spf: RecordCheck;
  dkim: RecordCheck;
  dmarc: RecordCheck;
  ip: string | null;
  problems: { code: string; severity: string; message: string }[];
}

export interface BlacklistReport {
  mailbox_id: string;
  domain: string;
  ip: string;
  checked_at: string;
  listed: boolean;
  blacklists_found: { list: string; target: string; codes: string[]; reasons: string[]; details: string[] }[];
  total_checked: number;
  source: 'cached' | 'live';
  lists_queried: number;
  errors: { list: string; error: string }[];
}

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
