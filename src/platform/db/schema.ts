/**
 * Table types for Kysely. Both engines store the same columns with the same meaning:
 * - timestamps are ISO-8601 UTC text with milliseconds (`2026-03-12T14:30:15.000Z`), which sorts
 *   correctly as text on both engines;
 * - booleans are integers 0/1;
 * - arrays and objects are JSON text.
 */
import type { Generated } from 'kysely';

export type Plan = 'free' | 'pro' | 'enterprise';
export type Role = 'user' | 'admin';

export interface UsersTable {
  id: string;
  email: string;
  name: string | null;
  plan: Plan;
  role: Role;
  created_at: string;
  updated_at: string;
}

export interface ApiKeysTable {
  id: string;
  user_id: string;
  name: string;
  /** SHA-256 hex of the raw key; the raw key is never stored. */
  key_hash: string;
  /** First characters of the raw key (`sk_live_ab12`), shown so people can tell keys apart. */
  prefix: string;
  /** JSON array of scope strings. */
  permissions: string;
  rate_limit_per_minute: number | null;
  rate_limit_per_hour: number | null;
  rate_limit_per_day: number | null;
  created_at: string;
  updated_at: string;
  last_used_at: string | null;
}

/** Fixed-window request counters shared by every process (used in PostgreSQL mode). */
export interface RateLimitCountersTable {
  bucket: string;
  /** Window start, in milliseconds since the epoch. */
  window_start: number;
  hits: Generated<number>;
  /** When the row may be deleted, in milliseconds since the epoch. */
  expires_at: number;
}

/** A single-use sign-in link. `user_id` is null when the address had no account when it was asked for. */
export interface LoginTokensTable {
  id: string;
  token_hash: string;
  email: string;
  user_id: string | null;
  requested_ip: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** One sign-in: every refresh token rotated from it belongs to it; revoking it ends them all. */
export interface SessionFamiliesTable {
  id: string;
  user_id: string;
  created_at: string;
  /** The latest refresh token's expiry (the session cannot outlive it). */
  expires_at: string;
  revoked_at: string | null;
  /** `signed_out`, `refresh_token_reused`, … */
  revoked_reason: string | null;
  client_ip: string | null;
}

export interface RefreshTokensTable {
  id: string;
  family_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  /** Set when exchanged for a new pair; presenting it again is reuse and revokes the family. */
  rotated_at: string | null;
}

export interface AccessTokensTable {
  token_hash: string;
  family_id: string;
  created_at: string;
  expires_at: string;
}

export interface AuditEventsTable {
  id: string;
  /** Whose log the event is in (the account it concerns). */
  user_id: string;
  /** e.g. `auth.signed_in`, `api_key.created`; see accounts/audit.ts. */
  action: string;
  /** `session`, `api_key`, `cli` or `system`. */
  actor_type: string;
  /** The user who acted (differs from user_id when an admin acts on another account). */
  actor_id: string | null;
  api_key_id: string | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  /** JSON object. */
  details: string;
  created_at: string;
}

/** A honeypot address (CONTRACT.md §3.2). `alerts` is spread over the `alerts_*` columns. */
export interface HoneypotsTable {
  id: string;
  user_id: string;
  /** Trimmed and lower-cased; unique across the server. */
  email_address: string;
  /** The part after `@`, one of HONEYPOT_DOMAINS when created. */
  domain: string;
  purpose: 'monitoring' | 'leak-detection' | 'testing' | 'trap';
  description: string | null;
  category: string | null;
  priority: 'low' | 'medium' | 'high' | 'critical';
  /** JSON array of strings. */
  tags: string;
  status: 'active' | 'inactive' | 'pending' | 'suspended';
  /** 0/1. */
  alerts_enabled: number;
  /** 0–100 (checked by the database too). */
  alerts_threat_threshold: number;
  /** 0/1. */
  alerts_email_notifications: number;
  alerts_webhook_url: string | null;
  /** Plaintext secret of rows written before migration 0013; encrypted into the next column at start and emptied. Never written now. */
  alerts_webhook_secret: string | null;
  /** The alert URL's signing secret, vault ciphertext (context `honeypot-alerts:<user id>`); shown in full only in the create response. */
  alerts_webhook_secret_enc: string | null;
  /** The secret's last four characters, for the masked `****abcd` form. */
  alerts_webhook_secret_hint: string | null;
  /** Consecutive failed deliveries to the alert URL. */
  alerts_failure_count: Generated<number>;
  /** Set when the alert URL was disabled after WEBHOOK_MAX_FAILURES failures; null while it receives events. */
  alerts_webhook_disabled_at: string | null;
  alerts_webhook_disabled_reason: string | null;
  /** Messages captured; the ingest path increments it. */
  email_count: Generated<number>;
  last_email_at: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * Blob content in the database (src/platform/blobs/database-blob-store.ts): all of it in PostgreSQL
 * mode; in SQLite mode content up to 256 KiB, larger content being files under DATA_DIR/blobs
 * (sqlite-blob-store.ts).
 */
export interface BlobsTable {
  /** SHA-256 of the content, 64 lowercase hex characters. */
  sha256: string;
  /** Content length in bytes. */
  size: number;
  /** When this content was last put (a put of identical bytes refreshes it; the collector's grace period counts from it). */
  created_at: string;
  /** Which `blob_chunks.content_id` holds the bytes. */
  content_id: string;
}

/** Content in ~256 KiB pieces, `seq` 0, 1, 2… in order. */
export interface BlobChunksTable {
  content_id: string;
  seq: number;
  data: Uint8Array;
}

/** Uploads whose chunks are written but not yet published in `blobs`. */
export interface BlobUploadsTable {
  /** The `content_id` its chunks are written under. */
  id: string;
  started_at: string;
}

/** Blobs whose referencing rows were deleted; queued in the deleting transaction, drained by BlobCollector. */
export interface BlobGcQueueTable {
  sha256: string;
  queued_at: string;
}

/**
 * One captured message as received by one honeypot (a message to two honeypots is two rows sharing
 * blobs). Scores and classification are NULL while `analysis_status` is `pending`.
 */
export interface EmailsTable {
  id: string;
  user_id: string;
  honeypot_id: string;
  received_at: string;
  /** The From address as written, or null when the message has none. */
  from_address: string | null;
  from_name: string | null;
  /** To addresses, joined with ", " ('' when none). */
  to_addresses: string;
  subject: string | null;
  message_id: string | null;
  /** Raw message bytes. */
  size: number;
  threat_score: number | null;
  malware_score: number | null;
  spam_score: number | null;
  phishing_score: number | null;
  reputation_score: number | null;
  classification: 'CLEAN' | 'LOW_RISK' | 'SUSPICIOUS' | 'THREAT' | 'CRITICAL' | null;
  /** `pending` until the analysis runs (issue 5). */
  analysis_status: string;
  attachment_count: number;
  /** Blob holding the raw message. */
  raw_sha256: string;
  /** JSON object: the header subset of the detail view plus every header (capped). */
  headers: string;
  body_text: string | null;
  body_html: string | null;
  /** JSON array of the parser's warnings ({code, message, count}). */
  parse_warnings: string;
  transport: 'smtp' | 'http';
  /** Our own host name (the server that received it). */
  smtp_server: string;
  smtp_ip: string | null;
  smtp_port: number | null;
  smtp_helo: string | null;
  /** 0/1. */
  smtp_tls: number;
  smtp_mail_from: string | null;
  /** JSON [{type, description, weight}] once analysed. */
  indicators: string | null;
  /** JSON {urls, domains, ips, hashes}, refanged, once analysed. */
  iocs: string | null;
  /** JSON {spf, dkim, dkim_domain, dmarc, dmarc_policy, arc}: our own evaluation, never the message's claims. */
  auth_results: string | null;
  /** JSON campaign fingerprint (analysis/fingerprint.ts). */
  fingerprint: string | null;
  /** 16 hex digits, copied from the fingerprint for clustering. */
  body_simhash: string | null;
  sender_domain: string | null;
  campaign_id: string | null;
  /** Lease of the worker analysing the row (ISO time); null when unclaimed. */
  analysis_claimed_until: string | null;
  analyzed_at: string | null;
  /** Why analysis failed (status `failed`). */
  analysis_error: string | null;
  /** Claims so far; the row fails after ANALYSIS_MAX_ATTEMPTS. */
  analysis_attempts: Generated<number>;
  /** Where the mail came from (src/analytics/origin.ts), set when the analysis is stored; null before. */
  origin_ip: string | null;
  /** ISO 3166-1 alpha-2, `ZZ` when the address has no country (private, loopback, unknown). */
  origin_country: string | null;
  origin_asn: number | null;
  origin_as_org: string | null;
}

/** One attachment (or inline part) of one `emails` row; the bytes are the blob `sha256`. */
export interface EmailAttachmentsTable {
  id: string;
  email_id: string;
  user_id: string;
  /** Order within the message, from 0. */
  position: number;
  filename: string | null;
  declared_content_type: string | null;
  /** Read from the bytes; the type the download is served with. */
  sniffed_content_type: string;
  size: number;
  sha256: string;
  disposition: 'attachment' | 'inline';
  content_id: string | null;
  /** Set by the analysis; null before. */
  sha1: string | null;
  md5: string | null;
  /** 0/1; null until analysed. */
  malware_detected: number | null;
  /** Malware name (EICAR-Test-File, a ClamAV signature) when detected. */
  threat_name: string | null;
}

/**
 * A connected mailbox (Deliverability API, CONTRACT.md §2). Passwords are vault ciphertexts
 * (src/platform/vault.ts, context `mailbox:<id>:smtp_pass|imap_pass`), never plaintext.
 */
export interface MailboxesTable {
  /** UUID. */
  id: string;
  user_id: string;
  /** Lower-cased; unique per user. */
  email: string;
  /** The part after `@`. */
  domain: string;
  /** gmail, outlook, yahoo, zoho, icloud, fastmail, aol, proton, yandex, gmx, custom. */
  provider: string;
  status: 'active' | 'paused' | 'error';
  /** 0–100; 100 until the warm-up engine has stats. */
  health_score: number;
  daily_limit: number;
  warmup_day: number;
  warmup_started_at: string | null;
  warmup_mode: 'slow' | 'balanced' | 'aggressive' | 'recovery';
  target_daily_limit: number;
  /** Percentages 0–100. */
  reply_rate: number;
  thread_rate: number;
  /** 0/1. */
  weekdays_only: number;
  /** Hours 0–23 in `timezone`, start < end. */
  send_window_start: number;
  send_window_end: number;
  /** IANA zone name. */
  timezone: string;
  /** Why warm-up was paused by the system (bounce limit…), for the warm-up engine. */
  paused_reason: string | null;
  smtp_host: string;
  smtp_port: number;
  /** `tls`: TLS from the first byte; `starttls`: upgrade required before login. */
  smtp_security: 'tls' | 'starttls';
  smtp_user: string;
  smtp_pass: string;
  imap_host: string;
  imap_port: number;
  imap_security: 'tls' | 'starttls';
  imap_user: string;
  imap_pass: string;
  /** JSON object of folder paths by role (`inbox`, `junk`, `sent`, …), found at verification; null before. */
  imap_folders: string | null;
  /** The SMTP host's address at the last verification (the sending IP until the warm-up observes one). */
  sending_ip: string | null;
  /** The servers' answers and a hint when a login failed; null otherwise. */
  connection_error: string | null;
  /** Login verification job: `verifying` until a worker has checked both logins. */
  verify_state: 'verifying' | 'verified' | 'failed';
  /** A worker's claim on the verification, ISO time; a crashed worker's claim lapses then. */
  verify_lease_until: string | null;
  verify_attempts: number;
  verified_at: string | null;
  /** Statuses (pass/fail/missing/unknown) of the last DNS check of the domain; null before the first. */
  dns_spf: string | null;
  dns_dkim: string | null;
  dns_dmarc: string | null;
  dns_checked_at: string | null;
  /** When the daily DNS refresh last took this mailbox (a worker's claim for the day). */
  dns_refresh_at: string | null;
  created_at: string;
  updated_at: string;
  /** Warm-up planner: the last local date (YYYY-MM-DD, mailbox timezone) whose plan is stored; null before the first. */
  warmup_planned_through: string | null;
  /** JSON [{code, message, impact}]: the top reasons behind `health_score` (src/warmup/types.ts). */
  health_reasons: string | null;
  /** 0/1: the score rests on enough warm-up mail to be trusted. */
  health_confident: Generated<number>;
  /** Consecutive SMTP/IMAP login failures seen by the warm-up engine (reset by a successful login). */
  auth_failures: Generated<number>;
  last_auth_failure_at: string | null;
  /** The receiving side's last IMAP pass over this mailbox, and a worker's claim on the next one. */
  imap_checked_at: string | null;
  imap_claimed_until: string | null;
  /** DSN intake position in the INBOX: `<UIDVALIDITY>:<last UID examined>`; null before the first pass. */
  imap_dsn_cursor: string | null;
}

/** Cached DNS check results (DNS authentication, blacklist scans); public facts, not per user. */
export interface CheckResultsTable {
  /** `dns-auth` or `dnsbl`. */
  kind: string;
  /** What was checked, e.g. `alpha.test|127.0.0.1|sel1` (see the services). */
  cache_key: string;
  domain: string | null;
  ip: string | null;
  checked_at: string;
  /** The report as JSON. */
  report: string;
}

/** A webhook endpoint (CONTRACT.md §3.4). `secret_enc` is the vault ciphertext of the signing secret. */
export interface WebhooksTable {
  id: string;
  user_id: string;
  url: string;
  /** JSON array of event types. */
  events: string;
  secret_enc: string;
  status: 'active' | 'disabled';
  description: string | null;
  /** Consecutive failed deliveries; reset by a success. */
  failure_count: Generated<number>;
  disabled_reason: string | null;
  last_delivery_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The outbox: one row per event, written in the transaction of its cause. */
export interface EventsTable {
  id: string;
  user_id: string;
  /** email.received | threat.detected | pattern.detected | system.alert | webhook.test */
  type: string;
  /** The honeypot the event is about (its own alert URL receives it too), or null. */
  honeypot_id: string | null;
  /** JSON: the event's `data`. */
  data: string;
  created_at: string;
}

/** A durable delivery job: one event to one target (a webhook, or a honeypot's alert URL). */
export interface WebhookDeliveriesTable {
  id: string;
  user_id: string;
  event_id: string;
  webhook_id: string | null;
  honeypot_id: string | null;
  status: 'pending' | 'succeeded' | 'failed' | 'cancelled';
  /** Attempts made so far. */
  attempt: Generated<number>;
  next_attempt_at: string;
  claimed_until: string | null;
  last_status_code: number | null;
  last_error: string | null;
  last_latency_ms: number | null;
  created_at: string;
  completed_at: string | null;
  /** When the first attempt was made (retries continue for 24 h from it), or null before it. */
  first_attempt_at: string | null;
}

/** A cluster of captured mail (one user's). */
export interface CampaignsTable {
  id: string;
  user_id: string;
  representative_subject: string | null;
  body_simhash: string | null;
  url_set: string | null;
  sender_domain: string | null;
  origin_network: string | null;
  /** JSON array of SHA-256. */
  attachment_hashes: string;
  /** JSON {urls, domains, ips, hashes}: IOCs seen in several of its messages. */
  shared_iocs: string;
  message_count: Generated<number>;
  /** JSON array of honeypot ids. */
  honeypot_ids: string;
  honeypot_count: Generated<number>;
  max_threat_score: Generated<number>;
  first_seen_at: string;
  last_seen_at: string;
  /** When pattern.detected fired for it (once), or null. */
  pattern_notified_at: string | null;
  /** JSON {urls, domains, ips, hashes}: IOCs seen in exactly one of its messages so far (capped). */
  seen_iocs: string;
  /** The representative SimHash's four 16-bit bands (0–65535), most significant first; null without a body. */
  simhash_band0: number | null;
  simhash_band1: number | null;
  simhash_band2: number | null;
  simhash_band3: number | null;
}

/** One warm-up message (see src/warmup/types.ts for the glossary and the life of a row). */
export interface WarmupEmailsTable {
  /** UUID. */
  id: string;
  /** Owner of the sending mailbox (recent_emails is scoped by it). */
  user_id: string;
  /** The sending mailbox. */
  mailbox_id: string;
  /** The receiving mailbox; null once that mailbox is deleted (the row then stops being worked on). */
  recipient_mailbox_id: string | null;
  recipient_email: string;
  /** `new` starts a thread; `reply` answers a `new`; `continuation` answers a reply (thread depth ≥ 2). */
  kind: 'new' | 'reply' | 'continuation';
  /** Id of the thread's first row (its own id for `new`). */
  thread_id: string;
  /** The row this one answers; null for `new`. */
  parent_id: string | null;
  /** 0 for `new`, parent's + 1 otherwise. */
  thread_depth: Generated<number>;
  /** Seed of the content generator: the same seed writes the same message (bodies are not stored). */
  content_seed: number;
  subject: string;
  /** The RFC 5322 Message-ID we set, with angle brackets. */
  message_id: string;
  /** Tracking token carried by the message so the recipient side finds it (unique). */
  token: string;
  /** The sender's local date (YYYY-MM-DD) whose plan holds this row. */
  plan_date: string;
  /** Contract statuses plus `cancelled` (a planned row dropped by pause/config change/peer deletion; not shown). */
  status: 'scheduled' | 'sent' | 'failed' | 'bounced' | 'cancelled';
  scheduled_at: string;
  sent_at: string | null;
  send_claimed_until: string | null;
  send_attempts: Generated<number>;
  /** `accepted`, `rejected` (5xx), `deferred` (4xx, retried), `uncertain` (connection lost after DATA). */
  smtp_outcome: string | null;
  /** The server's last answer, for people. */
  smtp_response: string | null;
  bounce_type: 'hard' | 'soft' | null;
  /** unknown_user, mailbox_full, policy, spam_block, dns, other. */
  bounce_category: string | null;
  /** Enhanced status code and diagnostic text of the bounce. */
  bounce_detail: string | null;
  /** Null until the recipient side decided; `missing` after the deadline. */
  landed_in: 'inbox' | 'spam' | 'promotions' | 'missing' | null;
  /** When the recipient side should look at this row next; null when nothing is left to do. */
  next_check_at: string | null;
  receive_claimed_until: string | null;
  receive_attempts: Generated<number>;
  located_at: string | null;
  /** Where the message is now (folder path, UID); updated after every MOVE (UIDs change). */
  located_folder: string | null;
  located_uid: number | null;
  rescued_at: string | null;
  opened_at: string | null;
  flagged_at: string | null;
  /** When the answer to this row was scheduled (a `reply`/`continuation` row exists). */
  replied_at: string | null;
  /** When it was filed out of the recipient's inbox. */
  filed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** One mailbox's planned sends of one local date, not yet turned into `warmup_emails` rows (migration 0015). */
export interface WarmupPlansTable {
  mailbox_id: string;
  plan_date: string;
  /** ISO time the plan was made: part of each send's derived row id. */
  planned_at: string;
  /** Sends the plan held when written (cancelled ones included). */
  planned: number;
  /** JSON `[[epoch seconds, recipient mailbox id], …]`, sorted by time: the sends left. */
  sends: string;
  /** The first send left; null when none is. */
  next_send_at: string | null;
}

/** Daily warm-up figures of one mailbox; `date` is the mailbox's local date. */
export interface WarmupDailyStatsTable {
  mailbox_id: string;
  date: string;
  sent: Generated<number>;
  delivered: Generated<number>;
  opened: Generated<number>;
  replied: Generated<number>;
  bounced: Generated<number>;
  inbox_landed: Generated<number>;
  spam_landed: Generated<number>;
  promotions_landed: Generated<number>;
  missing: Generated<number>;
  health_score: number | null;
  updated_at: string;
}

/** One report definition, its last file and its generation job (migration 0012_reports has the life of a row). */
export interface ReportsTable {
  id: string;
  user_id: string;
  name: string;
  type: string;
  description: string | null;
  format: 'pdf' | 'csv' | 'json';
  /** The period the report covers (last generated or about to be): [start, end), ISO-8601 UTC. */
  period_start: string;
  period_end: string;
  /** JSON {frequency, day, time, timezone}, or null when not scheduled. */
  schedule: string | null;
  /** JSON {honeypot_ids: string[], threat_score: {min: number | null}}. */
  filters: string;
  /** JSON array of section names (src/reports/reports.model.ts). */
  sections: string;
  /** JSON array of e-mail addresses the file is sent to after each generation ('[]' = none). */
  recipients: string;
  status: 'pending' | 'generating' | 'ready' | 'failed';
  /** Why the last generation failed, in words; null otherwise. */
  error: string | null;
  /** Blob of the last generated file; null before the first. */
  file_sha256: string | null;
  file_size: number | null;
  generated_at: string | null;
  /** How long the last generation took (ms); feeds estimated_completion. */
  generation_ms: number | null;
  /** When the schedule next fires; null without a schedule. */
  next_run_at: string | null;
  /** Set while a generation is wanted and not finished. */
  job_queued_at: string | null;
  /** Lease of the worker generating it. */
  job_claimed_until: string | null;
  /** Random per claim; finishing is conditioned on it. */
  job_token: string | null;
  job_attempts: Generated<number>;
  /** 0/1: the last file still has to be mailed to recipients. */
  mail_pending: Generated<number>;
  mail_attempts: Generated<number>;
  mail_error: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * Analytics rollups (migration 0011): additive counters kept by triggers on `emails`. `day`/`hour` are
 * the bucket's start, ISO-8601 UTC. Counter columns are listed in 0011_analytics.ts (COUNTER_COLUMNS).
 */
export interface AnalyticsCounters {
  emails: number;
  /** Emails with scores (pending and failed ones count only in `emails`). */
  analysed: number;
  /** Sum of threat_score over analysed emails. */
  score_sum: number;
  threats: number;
  cls_clean: number;
  cls_low_risk: number;
  cls_suspicious: number;
  cls_threat: number;
  cls_critical: number;
  type_malware: number;
  type_phishing: number;
  type_spam: number;
  type_clean: number;
  /** threat_score 0–9, 10–19, …, 90–100. */
  hist_0: number; hist_1: number; hist_2: number; hist_3: number; hist_4: number;
  hist_5: number; hist_6: number; hist_7: number; hist_8: number; hist_9: number;
}

export interface AnalyticsDailyTable extends AnalyticsCounters {
  user_id: string;
  day: string;
}

export interface AnalyticsHourlyTable extends AnalyticsCounters {
  user_id: string;
  hour: string;
  honeypot_id: string;
}

/** Emails with a stored origin per user, UTC day, country (`ZZ` unknown) and ASN (0 unknown). */
export interface AnalyticsGeoDailyTable {
  user_id: string;
  day: string;
  country_code: string;
  asn: number;
  as_org: string | null;
  emails: number;
  threats: number;
}

export interface Database {
  analytics_daily: AnalyticsDailyTable;
  analytics_hourly: AnalyticsHourlyTable;
  analytics_geo_daily: AnalyticsGeoDailyTable;
  warmup_emails: WarmupEmailsTable;
  warmup_daily_stats: WarmupDailyStatsTable;
  warmup_plans: WarmupPlansTable;
  check_results: CheckResultsTable;
  mailboxes: MailboxesTable;
  users: UsersTable;
  api_keys: ApiKeysTable;
  rate_limit_counters: RateLimitCountersTable;
  login_tokens: LoginTokensTable;
  session_families: SessionFamiliesTable;
  refresh_tokens: RefreshTokensTable;
  access_tokens: AccessTokensTable;
  audit_events: AuditEventsTable;
  honeypots: HoneypotsTable;
  blobs: BlobsTable;
  blob_chunks: BlobChunksTable;
  blob_uploads: BlobUploadsTable;
  blob_gc_queue: BlobGcQueueTable;
  emails: EmailsTable;
  email_attachments: EmailAttachmentsTable;
  webhooks: WebhooksTable;
  events: EventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  campaigns: CampaignsTable;
  reports: ReportsTable;
}
