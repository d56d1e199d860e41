/**
 * Types of the Mailwarden API, generated from the server's OpenAPI document (GET /v1/openapi.json).
 *
 * DO NOT EDIT. Regenerate after changing a route schema:
 *   npm run -w @mailwarden/sdk generate
 * (test/sdk/generated-types.test.ts fails when this file and the live document disagree).
 */

/** A query parameter value; arrays repeat the parameter (`x=gte:1&x=lt:5`). */
export type QueryValue = string | number | boolean | ReadonlyArray<string | number | boolean>;

// ---- component schemas ----

export interface User {
  id: string;
  email: string;
  name: string | null;
  plan: "free" | "pro" | "enterprise";
  role: "user" | "admin";
  created_at: string;
}

export interface AuditEvent {
  id?: string;
  action?: "auth.signed_in" | "auth.signed_out" | "auth.refresh_token_reused" | "api_key.created" | "api_key.updated" | "api_key.regenerated" | "api_key.deleted" | "user.updated" | "user.plan_changed" | "user.role_changed" | "user.deleted" | "webhook.created" | "webhook.deleted";
  actor_type?: "session" | "api_key" | "cli" | "system";
  /** The user who acted. */
  actor_id?: string | null;
  api_key_id?: string | null;
  target_type?: string | null;
  target_id?: string | null;
  ip?: string | null;
  user_agent?: string | null;
  details?: Record<string, unknown>;
  created_at?: string;
}

export interface SessionTokens {
  /** mwa_…; send as "Authorization: Bearer <token>". Valid expires_in seconds. */
  access_token: string;
  /** mwr_…; exchange once at POST /v1/auth/refresh. Presenting it twice ends the session. */
  refresh_token: string;
  token_type: "Bearer";
  /** Seconds the access token is valid (900). */
  expires_in: number;
  /** Seconds the refresh token is valid (2,592,000 = 30 days). */
  refresh_expires_in: number;
  user: User;
}

export interface ApiKey {
  key_id: string;
  name: string;
  permissions: string[];
  /** Limits this key gets on /v1: its own where set, else the plan's; null = unlimited. */
  rate_limit: {
    per_minute: number | null;
    per_hour: number | null;
    per_day: number | null;
  };
  created_at: string;
  last_used_at: string | null;
  /** The first characters of the key, to tell keys apart. */
  prefix: string;
}

export interface ApiKeyWithSecret {
  key_id: string;
  name: string;
  permissions: string[];
  /** Limits this key gets on /v1: its own where set, else the plan's; null = unlimited. */
  rate_limit: {
    per_minute: number | null;
    per_hour: number | null;
    per_day: number | null;
  };
  created_at: string;
  last_used_at: string | null;
  /** The first characters of the key, to tell keys apart. */
  prefix: string;
  /** The raw key. Shown only in this response: store it now. */
  key: string;
}

/** Error envelope */
export interface ThreatError {
  success: false;
  error: {
    code: string;
    message: string;
    details?: Record<string, unknown>;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

/** Rate limit exceeded (flat body, as documented) */
export interface ThreatRateLimitError {
  error: "rate_limit_exceeded";
  message: string;
}

// ---- GET /api/v1/blacklist: DNS blacklist status of a mailbox's sending IP ----

export interface GetBlacklistQuery {
  /** The mailbox whose domain / sending IP to check. */
  mailbox_id: string | number | boolean;
  /** true: check live now. Default false: the cached result when fresh. */
  refresh?: boolean | string;
}

/**
 * DNS blacklist status of a mailbox's sending IP
 *
 * Cached for 30 minutes unless refresh=true; a live scan queries the 12 configured IP lists (and the domain lists) at once.
 */
export interface GetBlacklistResponse {
  mailbox_id: string;
  domain: string;
  ip: string;
  checked_at: string;
  listed: boolean;
  blacklists_found: Array<{
    list: string;
    target: string;
    codes: string[];
    reasons: string[];
    details: string[];
  }>;
  /** Lists that answered; lists that timed out or refused are in errors, not counted. */
  total_checked: number;
  source: "cached" | "live";
  lists_queried: number;
  errors: Array<{
    list: string;
    error: string;
  }>;
}

// ---- GET /api/v1/dns: SPF, DKIM and DMARC of a mailbox's domain ----

export interface GetDnsQuery {
  /** The mailbox whose domain / sending IP to check. */
  mailbox_id: string | number | boolean;
  /** true: check live now. Default false: the cached result when fresh. */
  refresh?: boolean | string;
}

/**
 * SPF, DKIM and DMARC of a mailbox's domain
 *
 * Cached (refreshed daily by the worker) unless refresh=true. Also MX, the sending IP's PTR, and problems to fix.
 */
export interface GetDnsResponse {
  mailbox_id: string;
  domain: string;
  checked_at: string;
  source: "cached" | "live";
  /** SPF: record, lookups (limit 10), void lookups (limit 2), the final all, and whether the sending IP passes. */
  spf: {
    /** pass, fail, missing, or unknown (the lookup failed; never reported as fail). */
    status: string;
    record: string | null;
    [key: string]: unknown;
  };
  /** DKIM: the selector found (known or probed), key type and size, revoked or testing keys. */
  dkim: {
    /** pass, fail, missing, or unknown (the lookup failed; never reported as fail). */
    status: string;
    record: string | null;
    [key: string]: unknown;
  };
  /** DMARC: policy, sp, pct, alignment, rua; where it was found (organisational-domain fallback). */
  dmarc: {
    /** pass, fail, missing, or unknown (the lookup failed; never reported as fail). */
    status: string;
    record: string | null;
    [key: string]: unknown;
  };
  /** The sending IP checked against SPF and for PTR. */
  ip: string | null;
  /** MX hosts and their addresses. */
  mx: unknown;
  /** Reverse DNS of the sending IP and whether it is forward-confirmed. */
  ptr: unknown;
  /** Findings a person can act on, most severe first. */
  problems: Array<{
    code: string;
    severity: string;
    message: string;
  }>;
}

// ---- GET /api/v1/health: Check the API is operational ----

/** Check the API is operational */
export interface GetHealthResponse {
  status: "ok" | "degraded";
  version: string;
  timestamp: string;
}

// ---- GET /api/v1/mailboxes: List your connected mailboxes ----

/** List your connected mailboxes */
export interface GetMailboxesResponse {
  mailboxes: Array<{
    id: string;
    email: string;
    /** gmail, outlook, yahoo, zoho, icloud, fastmail, aol, proton, yandex, gmx or custom. */
    provider: string;
    /** active, paused, or error (a login failed; see connection_error). */
    status: "active" | "paused" | "error";
    health_score: number;
    daily_limit: number;
    warmup_day: number;
    created_at: string;
  }>;
}

// ---- POST /api/v1/mailboxes: Connect a mailbox with its SMTP/IMAP credentials ----

export interface PostMailboxesBody {
  /** The mailbox address, e.g. hello@acme.com. */
  email: string;
  /** SMTP server name or IP address, e.g. smtp.gmail.com. */
  smtp_host: string;
  /** SMTP port: 587 (STARTTLS) or 465 (TLS) usually. */
  smtp_port: number;
  /** SMTP login. Default: the email address. */
  smtp_user?: string;
  /** SMTP password or app password. Stored encrypted, never returned. */
  smtp_pass: string;
  /** tls (TLS from the first byte) or starttls. Default: tls on port 465, starttls otherwise. */
  smtp_security?: "tls" | "starttls";
  /** IMAP server name or IP address, e.g. imap.gmail.com. */
  imap_host: string;
  /** IMAP port: 993 (TLS) or 143 (STARTTLS) usually. */
  imap_port: number;
  /** IMAP login. Default: the email address. */
  imap_user?: string;
  /** IMAP password or app password. Stored encrypted, never returned. */
  imap_pass: string;
  /** tls or starttls. Default: tls on port 993, starttls otherwise. */
  imap_security?: "tls" | "starttls";
}

/**
 * Connect a mailbox with its SMTP/IMAP credentials
 *
 * Passwords are stored encrypted (AES-256-GCM) and never returned. Both logins are then checked in the background: `verification` goes from `verifying` to `verified`, or to `failed` with `status: "error"` and the reason in `connection_error`. A mailbox already connected to this account is a 409.
 */
export interface PostMailboxesResponse {
  id: string;
  email: string;
  /** active, paused, or error (a login failed; see connection_error). */
  status: "active" | "paused" | "error";
  message: string;
  /** The background login check: verifying until both logins were tried. */
  verification: "verifying" | "verified" | "failed";
}

// ---- GET /api/v1/mailboxes/{id}: One mailbox in detail ----

export interface GetMailboxesByIdParams {
  id: string;
}

/** One mailbox in detail */
export interface GetMailboxesByIdResponse {
  id: string;
  email: string;
  /** gmail, outlook, yahoo, zoho, icloud, fastmail, aol, proton, yandex, gmx or custom. */
  provider: string;
  /** active, paused, or error (a login failed; see connection_error). */
  status: "active" | "paused" | "error";
  health_score: number;
  daily_limit: number;
  warmup_day: number;
  created_at: string;
  warmup_started_at: string | null;
  dns_status: {
    /** pass, fail, missing, or unknown (not checked yet, or the lookup failed). */
    spf: string;
    /** pass, fail, missing, or unknown (not checked yet, or the lookup failed). */
    dkim: string;
    /** pass, fail, missing, or unknown (not checked yet, or the lookup failed). */
    dmarc: string;
  };
  dns_checked_at: string | null;
  connection_error: string | null;
  /** The background login check: verifying until both logins were tried. */
  verification: "verifying" | "verified" | "failed";
  verified_at: string | null;
  smtp: {
    host: string;
    port: number;
    security: string;
    user: string;
  };
  imap: {
    host: string;
    port: number;
    security: string;
    user: string;
    /** Folder paths found at verification by role: inbox, junk, sent, drafts, trash, archive. */
    folders: Record<string, string> | null;
  };
  updated_at: string;
}

// ---- DELETE /api/v1/mailboxes/{id}: Disconnect a mailbox ----

export interface DeleteMailboxesByIdParams {
  id: string;
}

/**
 * Disconnect a mailbox
 *
 * Stops its warm-up and erases its stored credentials; nothing about it stays readable.
 */
export interface DeleteMailboxesByIdResponse {
  success: boolean;
  id: string;
  message: string;
}

// ---- GET /api/v1/stats: Daily warm-up statistics of a mailbox ----

export interface GetStatsQuery {
  /** The mailbox (GET /api/v1/mailboxes lists yours). */
  mailbox_id: string | number | boolean;
  /** Days back, today included. Default 7, at most 90. */
  days?: number | string;
}

/**
 * Daily warm-up statistics of a mailbox
 *
 * One row per local date (the mailbox's time zone), oldest first, today included; days without mail show zeros.
 */
export interface GetStatsResponse {
  mailbox_id: string;
  /** e.g. "7d". */
  period: string;
  stats: Array<{
    /** Local date in the mailbox's time zone, oldest first. */
    date: string;
    sent: number;
    delivered: number;
    opened: number;
    replied: number;
    bounced: number;
    spam_landed: number;
    /** Percent of sent that landed in the inbox, two decimals. */
    inbox_rate: string;
    bounce_rate: string;
    reply_rate: string;
    health_score: string;
  }>;
}

// ---- GET /api/v1/warmup: A mailbox's warm-up status, configuration and recent warm-up mail ----

export interface GetWarmupQuery {
  /** The mailbox (GET /api/v1/mailboxes lists yours). */
  mailbox_id: string | number | boolean;
}

/**
 * A mailbox's warm-up status, configuration and recent warm-up mail
 *
 * recent_emails: the latest 20 messages, planned ones included. Beyond the seed: health {score, confident, reasons}, paused_reason, connection_error.
 */
export interface GetWarmupResponse {
  mailbox_id: string;
  email: string;
  /** active, paused or error. */
  status: string;
  health_score: number;
  daily_limit: number;
  warmup_day: number;
  warmup_mode: string;
  config: {
    target_daily_limit: number;
    reply_rate: number;
    thread_rate: number;
    weekdays_only: boolean;
    send_window_start: number;
    send_window_end: number;
    /** Beyond the seed: the zone of the send window and the daily stats. */
    timezone: string;
  };
  recent_emails: Array<{
    id: string;
    /** scheduled, sent, failed or bounced. */
    status: string;
    landed_in: string | null;
    subject: string;
    scheduled_at: string;
    sent_at: string | null;
    bounce_type: string | null;
    bounce_category: string | null;
  }>;
  warmup_started_at: string | null;
  paused_reason: string | null;
  connection_error: string | null;
  health: {
    score: number;
    /** false until 20 warm-up messages were located in the last 7 days. */
    confident: boolean;
    /** The top reasons behind the score, largest impact first. */
    reasons: Array<{
      code: string;
      message: string;
      /** Points this reason costs (≤ 0). */
      impact: number;
    }>;
  };
}

// ---- POST /api/v1/warmup: Pause, resume, or update warm-up configuration ----

export interface PostWarmupBody {
  /** The mailbox (GET /api/v1/mailboxes lists yours). */
  mailbox_id: string;
  /** pause, resume or update_config. */
  action: "pause" | "resume" | "update_config";
  config?: {
    /** slow (2→20/day, bounce limit 0.5 %), balanced (5→40, 1 %), aggressive (10→80, 2 %), recovery (1→15, 0.3 %). */
    warmup_mode?: "slow" | "balanced" | "aggressive" | "recovery";
    /** Caps the ramp; at most the mode's max/day. */
    target_daily_limit?: number;
    /** Percent of received warm-up mail answered. */
    reply_rate?: number;
    /** Percent of answers that get a further reply (thread continuation). */
    thread_rate?: number;
    /** true: send nothing on Saturdays and Sundays (in the mailbox's time zone). */
    weekdays_only?: boolean;
    /** First hour of sending, local time (0–23); before send_window_end. */
    send_window_start?: number;
    /** Hour at which sending stops, local time (0–23). */
    send_window_end?: number;
    /** IANA time zone of the send window and the daily stats, e.g. Europe/Paris. Default UTC. */
    timezone?: string;
  };
}

/**
 * Pause, resume, or update warm-up configuration
 *
 * Takes effect at once: pause cancels every planned message; resume plans the rest of today; a config change that moves the window, volume or time zone re-plans today's messages not yet sent.
 */
export interface PostWarmupResponse {
  success: boolean;
  message: string;
  config: {
    warmup_mode: string;
    target_daily_limit: number;
    reply_rate: number;
    thread_rate: number;
    weekdays_only: boolean;
    send_window_start: number;
    send_window_end: number;
    /** Beyond the seed: the zone of the send window and the daily stats. */
    timezone: string;
  };
}

// ---- GET /v1/analytics/geographic: Where the mail of a period came from ----

export interface GetAnalyticsGeographicQuery {
  /** 24h, 7d, 30d, 90d, 365d (each ending now) or custom. Default 30d. */
  period?: string | number | boolean;
  /** With period=custom: YYYY-MM-DD (midnight UTC) or an ISO-8601 date-time with a zone; inclusive. */
  start_date?: string | number | boolean;
  /** With period=custom: YYYY-MM-DD (the whole day counts) or an ISO-8601 date-time (exclusive). At most 366 days after start_date. */
  end_date?: string | number | boolean;
  /** Rows in each list, 1–100. Default 10. */
  limit?: string | number | boolean;
}

/**
 * Where the mail of a period came from
 *
 * Top origin countries and autonomous systems of the period's analysed mail (origin: the SMTP client, or for mail posted over HTTP the oldest public address of its Received chain). Offline databases: IP Geolocation by DB-IP (https://db-ip.com), RouteViews and NRO, CC BY 4.0.
 */
export interface GetAnalyticsGeographicResponse {
  success: true;
  data: {
    period: {
      /** Inclusive. */
      start: string;
      /** Exclusive. */
      end: string;
      /** The period parameter used (custom for explicit dates). */
      preset: string;
    };
    /** Emails whose origin is known (stored with the analysis). */
    located_emails: number;
    countries: Array<{
      /** ISO 3166-1 alpha-2; ZZ when the origin has no country (private address, unknown). */
      country_code: string;
      country_name: string;
      emails: number;
      threats: number;
      /** Share of located emails, one decimal. */
      percent: number;
    }>;
    asns: Array<{
      asn: number;
      as_org: string | null;
      emails: number;
      threats: number;
      /** Share of located emails, one decimal. */
      percent: number;
    }>;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- GET /v1/analytics/overview: Overview of a period ----

export interface GetAnalyticsOverviewQuery {
  /** 24h, 7d, 30d, 90d, 365d (each ending now) or custom. Default 30d. */
  period?: string | number | boolean;
  /** With period=custom: YYYY-MM-DD (midnight UTC) or an ISO-8601 date-time with a zone; inclusive. */
  start_date?: string | number | boolean;
  /** With period=custom: YYYY-MM-DD (the whole day counts) or an ISO-8601 date-time (exclusive). At most 366 days after start_date. */
  end_date?: string | number | boolean;
  /** true or false. Default false. */
  compare?: string | number | boolean;
}

/**
 * Overview of a period
 *
 * Totals, classification, threat types and a time series (hourly up to 48 h, daily beyond) of the mail your honeypots received in the period; with compare=true also the previous period of the same length and the change of each total. Bad periods are 422 naming the field.
 */
export interface GetAnalyticsOverviewResponse {
  success: true;
  data: {
    period: {
      /** Inclusive. */
      start: string;
      /** Exclusive. */
      end: string;
      /** The period parameter used (custom for explicit dates). */
      preset: string;
    };
    totals: {
      /** Emails received in the period, pending analysis included. */
      emails: number;
      /** Emails with scores. */
      analysed: number;
      /** Emails classified THREAT or CRITICAL. */
      threats: number;
      /** Emails whose threat type is malware (highest of the three scores, at least 40). */
      malware: number;
      phishing: number;
      spam: number;
      /** Analysed emails with no score of 40 or more. */
      clean: number;
      avg_threat_score: number | null;
      /** Honeypots that received mail in the period. */
      honeypots_hit: number;
      /** Campaigns whose first message falls in the period. */
      new_campaigns: number;
    };
    classification: {
      CLEAN: number;
      LOW_RISK: number;
      SUSPICIOUS: number;
      THREAT: number;
      CRITICAL: number;
    };
    threat_types: {
      malware: number;
      phishing: number;
      spam: number;
      clean: number;
    };
    time_series: {
      /** Hourly for periods up to 48 hours, daily otherwise (UTC). */
      granularity: "hour" | "day";
      buckets: Array<{
        start: string;
        emails: number;
        threats: number;
        malware: number;
        phishing: number;
        spam: number;
      }>;
    };
    comparison: {
      previous_period: {
        /** Inclusive. */
        start: string;
        /** Exclusive. */
        end: string;
      };
      previous_totals: {
        /** Emails received in the period, pending analysis included. */
        emails: number;
        /** Emails with scores. */
        analysed: number;
        /** Emails classified THREAT or CRITICAL. */
        threats: number;
        /** Emails whose threat type is malware (highest of the three scores, at least 40). */
        malware: number;
        phishing: number;
        spam: number;
        /** Analysed emails with no score of 40 or more. */
        clean: number;
        avg_threat_score: number | null;
        /** Honeypots that received mail in the period. */
        honeypots_hit: number;
        /** Campaigns whose first message falls in the period. */
        new_campaigns: number;
      };
      changes: {
        emails: number | null;
        analysed: number | null;
        threats: number | null;
        malware: number | null;
        phishing: number | null;
        spam: number | null;
        clean: number | null;
        avg_threat_score: number | null;
        honeypots_hit: number | null;
        new_campaigns: number | null;
      };
    } | null;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- GET /v1/analytics/threat-distribution: Threat distribution of a period ----

export interface GetAnalyticsThreatDistributionQuery {
  /** 24h, 7d, 30d, 90d, 365d (each ending now) or custom. Default 30d. */
  period?: string | number | boolean;
  /** With period=custom: YYYY-MM-DD (midnight UTC) or an ISO-8601 date-time with a zone; inclusive. */
  start_date?: string | number | boolean;
  /** With period=custom: YYYY-MM-DD (the whole day counts) or an ISO-8601 date-time (exclusive). At most 366 days after start_date. */
  end_date?: string | number | boolean;
  /** type, score or severity. Default type. */
  group_by?: string | number | boolean;
}

/**
 * Threat distribution of a period
 *
 * Analysed emails of the period by threat type (malware, phishing, spam, clean), by threat_score in tens, or by classification (severity).
 */
export interface GetAnalyticsThreatDistributionResponse {
  success: true;
  data: {
    period: {
      /** Inclusive. */
      start: string;
      /** Exclusive. */
      end: string;
      /** The period parameter used (custom for explicit dates). */
      preset: string;
    };
    group_by: "type" | "score" | "severity";
    /** Emails received, pending included. */
    emails: number;
    /** Emails with scores; the buckets add up to this. */
    analysed: number;
    buckets: Array<{
      /** type: malware, phishing, spam, clean; score: 0-9 … 90-100; severity: CLEAN … CRITICAL. */
      key: string;
      emails: number;
      /** Share of analysed emails, one decimal. */
      percent: number;
    }>;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- GET /v1/api-keys: List the caller's API keys ----

/**
 * List the caller's API keys
 *
 * Never includes the raw keys. Supports page, limit, filters, date_range (created_at), sort and fields.
 */
export interface GetApiKeysResponse {
  success: true;
  data: Array<{
    key_id?: string;
    name?: string;
    permissions?: string[];
    /** Limits this key gets on /v1: its own where set, else the plan's; null = unlimited. */
    rate_limit?: {
      per_minute: number | null;
      per_hour: number | null;
      per_day: number | null;
    };
    created_at?: string;
    last_used_at?: string | null;
    /** The first characters of the key, to tell keys apart. */
    prefix?: string;
  }>;
  pagination: {
    page: number;
    limit: number;
    total: number;
    total_pages: number;
    has_next: boolean;
    has_prev: boolean;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- POST /v1/api-keys: Create an API key ----

export interface PostApiKeysBody {
  name: string;
  permissions: string[];
  /** The key's own limits; each at most the plan's, null = the plan's. */
  rate_limit?: {
    per_minute?: number | null;
    per_hour?: number | null;
    per_day?: number | null;
  };
}

/**
 * Create an API key
 *
 * The raw key is in this response only. Permissions must be known scopes (422 naming the unknown ones) that the caller holds itself (403); rate_limit may only lower the plan's limits (422).
 */
export interface PostApiKeysResponse {
  success: true;
  data: ApiKeyWithSecret;
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- GET /v1/api-keys/{id}: An API key ----

export interface GetApiKeysByIdParams {
  id: string;
}

/** An API key */
export interface GetApiKeysByIdResponse {
  success: true;
  /** An API key; only the requested fields when ?fields= is given. */
  data: {
    key_id?: string;
    name?: string;
    permissions?: string[];
    /** Limits this key gets on /v1: its own where set, else the plan's; null = unlimited. */
    rate_limit?: {
      per_minute: number | null;
      per_hour: number | null;
      per_day: number | null;
    };
    created_at?: string;
    last_used_at?: string | null;
    /** The first characters of the key, to tell keys apart. */
    prefix?: string;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- PATCH /v1/api-keys/{id}: Update an API key's name, permissions or rate limit ----

export interface PatchApiKeysByIdParams {
  id: string;
}

export interface PatchApiKeysByIdBody {
  name?: string;
  permissions?: string[];
  /** The key's own limits; each at most the plan's, null = the plan's. */
  rate_limit?: {
    per_minute?: number | null;
    per_hour?: number | null;
    per_day?: number | null;
  };
}

/** Update an API key's name, permissions or rate limit */
export interface PatchApiKeysByIdResponse {
  success: true;
  data: ApiKey;
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- DELETE /v1/api-keys/{id}: Delete an API key (it stops working at once) ----

export interface DeleteApiKeysByIdParams {
  id: string;
}

/** Delete an API key (it stops working at once) */
export interface DeleteApiKeysByIdResponse {
  success: true;
  data: {
    key_id: string;
    deleted: boolean;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- POST /v1/api-keys/{id}/regenerate: Replace the secret of an API key ----

export interface PostApiKeysByIdRegenerateParams {
  id: string;
}

/**
 * Replace the secret of an API key
 *
 * The old key stops working at once; the new raw key is in this response only. Name, permissions and limits are kept.
 */
export interface PostApiKeysByIdRegenerateResponse {
  success: true;
  data: ApiKeyWithSecret;
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- POST /v1/auth/login: E-mail a single-use sign-in link ----

export interface PostAuthLoginBody {
  email: string;
}

/**
 * E-mail a single-use sign-in link
 *
 * Always 202 for a well-formed address, whether or not it has an account (no account enumeration). The link is valid 15 minutes. Limited to 5 requests per address and 20 per client IP per 15 minutes.
 */
export interface PostAuthLoginResponse {
  success: true;
  data: {
    message: string;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- POST /v1/auth/logout: End the current session ----

/**
 * End the current session
 *
 * Call with the session's access token; its refresh and access tokens stop working at once.
 */
export interface PostAuthLogoutResponse {
  success: true;
  data: {
    signed_out: boolean;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- POST /v1/auth/refresh: Rotate: exchange a refresh token for a new pair ----

export interface PostAuthRefreshBody {
  refresh_token: string;
}

/**
 * Rotate: exchange a refresh token for a new pair
 *
 * The refresh token works once. Presenting an already-exchanged token revokes the whole session (401, reason token_reused). Other 401 reasons: malformed_token, invalid_token, token_expired, session_revoked.
 */
export interface PostAuthRefreshResponse {
  success: true;
  data: SessionTokens;
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- POST /v1/auth/verify: Exchange a sign-in token for access and refresh tokens ----

export interface PostAuthVerifyBody {
  /** The mwl_… token from the sign-in mail. */
  token: string;
}

/**
 * Exchange a sign-in token for access and refresh tokens
 *
 * 401 `details.reason`: malformed_token, invalid_token, token_expired or token_used.
 */
export interface PostAuthVerifyResponse {
  success: true;
  data: SessionTokens;
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- GET /v1/campaigns: List campaigns ----

export interface GetCampaignsQuery {
  /** Page number. Default 1. */
  page?: string | number | boolean;
  /** Items per page, 1–100. Default 25. */
  limit?: string | number | boolean;
  /** <field>[:asc|desc]. Default id:asc. Sortable: id, first_seen_at, last_seen_at, message_count, honeypot_count, max_threat_score. */
  sort?: string | number | boolean;
  /** asc or desc. Default asc. */
  sort_direction?: string | number | boolean;
  /** Comma-separated fields to return; any of: id, representative_subject, message_count, honeypot_count, honeypot_ids, max_threat_score, first_seen_at, last_seen_at, shared_iocs, sender_domain, origin_network, url_set, body_simhash, attachment_hashes, pattern_detected_at. */
  fields?: string | number | boolean;
  /** YYYY-MM-DD:YYYY-MM-DD on first_seen_at, both days inclusive (UTC). */
  date_range?: string | number | boolean;
  /** Filter: id=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  id?: QueryValue;
  /** Filter: representative_subject=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  representative_subject?: QueryValue;
  /** Filter: message_count=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  message_count?: QueryValue;
  /** Filter: honeypot_count=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  honeypot_count?: QueryValue;
  /** Filter: max_threat_score=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  max_threat_score?: QueryValue;
  /** Filter: first_seen_at=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  first_seen_at?: QueryValue;
  /** Filter: last_seen_at=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  last_seen_at?: QueryValue;
  /** Filter: sender_domain=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  sender_domain?: QueryValue;
  /** Filter: origin_network=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  origin_network?: QueryValue;
  /** Filter: url_set=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  url_set?: QueryValue;
  /** Filter: body_simhash=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  body_simhash?: QueryValue;
}

/**
 * List campaigns
 *
 * Clusters of captured mail (similar body, shared links or attachments, same sending infrastructure), across honeypots and over time. Only campaigns of at least 2 messages are listed. Filters, sorting, pagination and field selection per the list conventions; date_range applies to first_seen_at.
 */
export interface GetCampaignsResponse {
  success: true;
  data: Array<{
    id?: string;
    /** The subject of its first message. */
    representative_subject?: string | null;
    /** Captured emails in the campaign (one message to two honeypots counts twice). */
    message_count?: number;
    honeypot_count?: number;
    honeypot_ids?: string[];
    max_threat_score?: number;
    first_seen_at?: string;
    last_seen_at?: string;
    /** IOCs seen in at least two of its messages (at most 100 per kind). */
    shared_iocs?: {
      urls: string[];
      domains: string[];
      ips: string[];
      hashes: string[];
    };
    /** Registered domain of the first message's sender. */
    sender_domain?: string | null;
    /** The /24 (IPv4) or /48 (IPv6) the first message came from. */
    origin_network?: string | null;
    /** Digest of the set of registered domains its links point to. */
    url_set?: string | null;
    /** 64-bit SimHash of the first message's body (16 hex digits); null for an empty body. */
    body_simhash?: string | null;
    attachment_hashes?: string[];
    /** When pattern.detected fired for it; null before. */
    pattern_detected_at?: string | null;
  }>;
  pagination: {
    page: number;
    limit: number;
    total: number;
    total_pages: number;
    has_next: boolean;
    has_prev: boolean;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- GET /v1/campaigns/{id}: Get a campaign ----

export interface GetCampaignsByIdParams {
  id: string;
}

export interface GetCampaignsByIdQuery {
  /** Comma-separated fields to return; any of: id, representative_subject, message_count, honeypot_count, honeypot_ids, max_threat_score, first_seen_at, last_seen_at, shared_iocs, sender_domain, origin_network, url_set, body_simhash, attachment_hashes, pattern_detected_at, latest_email_ids. */
  fields?: string | number | boolean;
}

/**
 * Get a campaign
 *
 * Any campaign an email's campaign_id names, including one of a single message (which the list leaves out).
 */
export interface GetCampaignsByIdResponse {
  success: true;
  data: {
    id?: string;
    /** The subject of its first message. */
    representative_subject?: string | null;
    /** Captured emails in the campaign (one message to two honeypots counts twice). */
    message_count?: number;
    honeypot_count?: number;
    honeypot_ids?: string[];
    max_threat_score?: number;
    first_seen_at?: string;
    last_seen_at?: string;
    /** IOCs seen in at least two of its messages (at most 100 per kind). */
    shared_iocs?: {
      urls: string[];
      domains: string[];
      ips: string[];
      hashes: string[];
    };
    /** Registered domain of the first message's sender. */
    sender_domain?: string | null;
    /** The /24 (IPv4) or /48 (IPv6) the first message came from. */
    origin_network?: string | null;
    /** Digest of the set of registered domains its links point to. */
    url_set?: string | null;
    /** 64-bit SimHash of the first message's body (16 hex digits); null for an empty body. */
    body_simhash?: string | null;
    attachment_hashes?: string[];
    /** When pattern.detected fired for it; null before. */
    pattern_detected_at?: string | null;
    /** Its 10 most recently received emails, newest first. */
    latest_email_ids?: string[];
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- GET /v1/emails: List captured emails ----

export interface GetEmailsQuery {
  /** Page number. Default 1. */
  page?: string | number | boolean;
  /** Items per page, 1–100. Default 25. */
  limit?: string | number | boolean;
  /** <field>[:asc|desc]. Default id:asc. Every list field is sortable; received_at, the scores, subject and size use an index. */
  sort?: string | number | boolean;
  /** asc or desc. Default asc. */
  sort_direction?: string | number | boolean;
  /** Comma-separated fields to return; any of: id, honeypot_id, received_at, from, to, subject, message_id, size, threat_score, malware_score, spam_score, phishing_score, reputation_score, classification, attachment_count, analysis_status. */
  fields?: string | number | boolean;
  /** YYYY-MM-DD:YYYY-MM-DD on received_at, both days inclusive (UTC). */
  date_range?: string | number | boolean;
  /** Filter: id=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  id?: QueryValue;
  /** Filter: honeypot_id=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  honeypot_id?: QueryValue;
  /** Filter: received_at=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  received_at?: QueryValue;
  /** Filter: from=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  from?: QueryValue;
  /** Filter: to=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  to?: QueryValue;
  /** Filter: subject=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  subject?: QueryValue;
  /** Filter: message_id=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  message_id?: QueryValue;
  /** Filter: size=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  size?: QueryValue;
  /** Filter: threat_score=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  threat_score?: QueryValue;
  /** Filter: malware_score=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  malware_score?: QueryValue;
  /** Filter: spam_score=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  spam_score?: QueryValue;
  /** Filter: phishing_score=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  phishing_score?: QueryValue;
  /** Filter: reputation_score=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  reputation_score?: QueryValue;
  /** Filter: classification=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  classification?: QueryValue;
  /** Filter: attachment_count=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  attachment_count?: QueryValue;
  /** Filter: analysis_status=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  analysis_status?: QueryValue;
}

/**
 * List captured emails
 *
 * Filters, sorting, pagination and field selection per the list conventions; date_range applies to received_at. Scores and classification are null while analysis_status is pending.
 */
export interface GetEmailsResponse {
  success: true;
  data: Array<{
    /** email_… */
    id?: string;
    honeypot_id?: string;
    received_at?: string;
    /** The From address (or display name when there is no address); null when the message has no From. */
    from?: string | null;
    /** The To addresses, comma-separated. */
    to?: string;
    subject?: string | null;
    message_id?: string | null;
    /** Raw message size in bytes. */
    size?: number;
    /** 0–100; null while analysis_status is pending. */
    threat_score?: number | null;
    /** 0–100; null while analysis_status is pending. */
    malware_score?: number | null;
    /** 0–100; null while analysis_status is pending. */
    spam_score?: number | null;
    /** 0–100; null while analysis_status is pending. */
    phishing_score?: number | null;
    /** 0–100; null while analysis_status is pending. */
    reputation_score?: number | null;
    /** null while pending. */
    classification?: "CLEAN" | "LOW_RISK" | "SUSPICIOUS" | "THREAT" | "CRITICAL" | null;
    attachment_count?: number;
    /** `pending` until the analysis has run. */
    analysis_status?: "pending" | "complete" | "failed";
  }>;
  pagination: {
    page: number;
    limit: number;
    total: number;
    total_pages: number;
    has_next: boolean;
    has_prev: boolean;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- POST /v1/emails: Ingest a raw message (for forwarding services) ----

export interface PostEmailsQuery {
  honeypot_id?: string | number | boolean;
}

/**
 * Ingest a raw message (for forwarding services)
 *
 * Body: the raw RFC 5322 message, Content-Type message/rfc822, at most 26214400 bytes (413 beyond). Filed under ?honeypot_id=, or else under each of your active honeypots among the message's To, Cc and Delivered-To recipients (422 when none).
 */
export interface PostEmailsResponse {
  success: true;
  data: {
    /** One new email per receiving honeypot. */
    ids: string[];
    /** SHA-256 of the raw message. */
    sha256: string;
    size: number;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- GET /v1/emails/{id}: Get a captured email ----

export interface GetEmailsByIdParams {
  id: string;
}

export interface GetEmailsByIdQuery {
  /** Comma-separated fields to return; any of: id, honeypot_id, received_at, from, to, subject, message_id, size, threat_score, malware_score, spam_score, phishing_score, reputation_score, classification, attachment_count, analysis_status, headers, authentication, body, attachments, smtp, threat_analysis, iocs, campaign_id, analysis_error, parse_warnings. */
  fields?: string | number | boolean;
}

/** Get a captured email */
export interface GetEmailsByIdResponse {
  success: true;
  data: {
    /** email_… */
    id?: string;
    honeypot_id?: string;
    received_at?: string;
    /** The From address (or display name when there is no address); null when the message has no From. */
    from?: string | null;
    /** The To addresses, comma-separated. */
    to?: string;
    subject?: string | null;
    message_id?: string | null;
    /** Raw message size in bytes. */
    size?: number;
    /** 0–100; null while analysis_status is pending. */
    threat_score?: number | null;
    /** 0–100; null while analysis_status is pending. */
    malware_score?: number | null;
    /** 0–100; null while analysis_status is pending. */
    spam_score?: number | null;
    /** 0–100; null while analysis_status is pending. */
    phishing_score?: number | null;
    /** 0–100; null while analysis_status is pending. */
    reputation_score?: number | null;
    /** null while pending. */
    classification?: "CLEAN" | "LOW_RISK" | "SUSPICIOUS" | "THREAT" | "CRITICAL" | null;
    attachment_count?: number;
    /** `pending` until the analysis has run. */
    analysis_status?: "pending" | "complete" | "failed";
    headers?: {
      from: string | null;
      to: string | null;
      cc: string | null;
      reply_to: string | null;
      subject: string | null;
      message_id: string | null;
      /** The Date header, ISO-8601 UTC. */
      date: string | null;
      /** SPF result evaluated by Mailwarden from the SMTP session (pass, fail, softfail, neutral, none, temperror, permerror, not_checked); null until analysed. Headers written by other servers are never trusted. */
      received_spf: string | null;
      /** DKIM result evaluated by Mailwarden; null until analysed. */
      dkim: string | null;
      /** DMARC result evaluated by Mailwarden; null until analysed. */
      dmarc: string | null;
    };
    body?: {
      text: string | null;
      html: string | null;
    };
    attachments?: Array<{
      /** att_… */
      id: string;
      /** As the message named it (never trusted). */
      filename: string | null;
      size: number;
      /** Sniffed from the bytes; the type the download is served with. */
      content_type: string;
      /** What the message claimed. */
      declared_content_type: string | null;
      sha256: string;
      disposition: string;
      content_id: string | null;
      /** null until analysed. */
      sha1: string | null;
      /** null until analysed. */
      md5: string | null;
      /** null until analysed. */
      malware_detected: boolean | null;
      threat_name: string | null;
    }>;
    smtp?: {
      server: string;
      ip_address: string | null;
      port: number | null;
      tls: boolean;
      helo: string | null;
      mail_from: string | null;
      /** smtp or http (POST /v1/emails). */
      transport: string;
      country: string | null;
      city: string | null;
      asn: number | string | null;
    };
    /** SPF/DKIM/DMARC/ARC as evaluated by Mailwarden (not_checked without SMTP session facts or with ANALYSIS_AUTH_CHECKS=false); null until analysed. */
    authentication?: {
      spf: string;
      dkim: string;
      dkim_domain: string | null;
      dmarc: string;
      dmarc_policy: string | null;
      arc: string;
    } | null;
    /** null while analysis_status is pending. */
    threat_analysis?: {
      overall_score: number | null;
      malware_score: number | null;
      spam_score: number | null;
      phishing_score: number | null;
      reputation_score: number | null;
      classification: string | null;
      indicators: Array<{
        type: string;
        description: string;
        weight: number;
      }>;
    } | null;
    iocs?: {
      /** Defanged (hxxps://evil[.]example): safe to display and copy. */
      urls: string[];
      /** Defanged. */
      domains: string[];
      /** Defanged. */
      ips: string[];
      /** SHA-256 of attachments and of files inside archives. */
      hashes: string[];
      /** The same IOCs refanged, for blocklists. */
      raw: {
        urls: string[];
        domains: string[];
        ips: string[];
      };
    };
    campaign_id?: string | null;
    /** Why analysis failed (analysis_status failed). */
    analysis_error?: string | null;
    /** What the parser could not read exactly as written (malformed MIME is stored, never refused). */
    parse_warnings?: Array<{
      code: string;
      message: string;
      count: number;
    }>;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- DELETE /v1/emails/{id}: Delete a captured email ----

export interface DeleteEmailsByIdParams {
  id: string;
}

/**
 * Delete a captured email
 *
 * Its raw message and attachments are deleted unless another email holds identical bytes.
 */
export interface DeleteEmailsByIdResponse {
  success: true;
  data: {
    id: string;
    deleted: true;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- GET /v1/emails/{id}/attachments: List an email's attachments ----

export interface GetEmailsByIdAttachmentsParams {
  id: string;
}

/** List an email's attachments */
export interface GetEmailsByIdAttachmentsResponse {
  success: true;
  data: Array<{
    /** att_… */
    id: string;
    /** As the message named it (never trusted). */
    filename: string | null;
    size: number;
    /** Sniffed from the bytes; the type the download is served with. */
    content_type: string;
    /** What the message claimed. */
    declared_content_type: string | null;
    sha256: string;
    disposition: string;
    content_id: string | null;
    /** null until analysed. */
    sha1: string | null;
    /** null until analysed. */
    md5: string | null;
    /** null until analysed. */
    malware_detected: boolean | null;
    threat_name: string | null;
  }>;
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- GET /v1/emails/{id}/attachments/{attachment_id}: Download an attachment ----

export interface GetEmailsByIdAttachmentsByAttachmentIdParams {
  id: string;
  attachment_id: string;
}

/**
 * Download an attachment
 *
 * Served with the type sniffed from its bytes (not the one the message declared), as an attachment, with nosniff and a sandbox CSP.
 */
export type GetEmailsByIdAttachmentsByAttachmentIdResponse = Uint8Array;

// ---- GET /v1/emails/{id}/raw: Download the original message ----

export interface GetEmailsByIdRawParams {
  id: string;
}

/** Download the original message */
export type GetEmailsByIdRawResponse = Uint8Array;

// ---- GET /v1/honeypots: List honeypots ----

export interface GetHoneypotsQuery {
  /** Page number. Default 1. */
  page?: string | number | boolean;
  /** Items per page, 1–100. Default 25. */
  limit?: string | number | boolean;
  /** <field>[:asc|desc]. Default id:asc. Sortable: id, email_address, email_count, last_email_at, created_at, updated_at. */
  sort?: string | number | boolean;
  /** asc or desc. Default asc. */
  sort_direction?: string | number | boolean;
  /** Comma-separated fields to return; any of: id, email_address, domain, purpose, description, category, priority, tags, status, alerts, email_count, last_email_at, created_at, updated_at. */
  fields?: string | number | boolean;
  /** YYYY-MM-DD:YYYY-MM-DD on created_at, both days inclusive (UTC). */
  date_range?: string | number | boolean;
  /** Whole-tag membership: tags=x or contains:x (has x), ne:x, in:a,b (any of), nin:a,b (none of). */
  tags?: QueryValue;
  /** Filter: id=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  id?: QueryValue;
  /** Filter: email_address=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  email_address?: QueryValue;
  /** Filter: domain=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  domain?: QueryValue;
  /** Filter: purpose=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  purpose?: QueryValue;
  /** Filter: description=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  description?: QueryValue;
  /** Filter: category=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  category?: QueryValue;
  /** Filter: priority=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  priority?: QueryValue;
  /** Filter: status=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  status?: QueryValue;
  /** Filter: email_count=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  email_count?: QueryValue;
  /** Filter: last_email_at=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  last_email_at?: QueryValue;
  /** Filter: created_at=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  created_at?: QueryValue;
  /** Filter: updated_at=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  updated_at?: QueryValue;
}

/**
 * List honeypots
 *
 * Filters, sorting, pagination and field selection per the list conventions. alerts.webhook_secret is masked.
 */
export interface GetHoneypotsResponse {
  success: true;
  data: Array<{
    id?: string;
    email_address?: string;
    domain?: string;
    /** Why the address exists. Default `monitoring`. */
    purpose?: "monitoring" | "leak-detection" | "testing" | "trap";
    description?: string | null;
    category?: string | null;
    /** Default `medium`. */
    priority?: "low" | "medium" | "high" | "critical";
    tags?: string[];
    /** Only `active` honeypots receive mail; `pending` ones are answered 450 (try later). Default `active`. */
    status?: "active" | "inactive" | "pending" | "suspended";
    alerts?: {
      enabled: boolean;
      threat_threshold: number;
      email_notifications: boolean;
      webhook_url: string | null;
      /** Masked (`****` + last 4 characters) except in the response that created the honeypot. */
      webhook_secret: string | null;
      /** null without a webhook_url. `disabled` after WEBHOOK_MAX_FAILURES consecutive failed deliveries (a system.alert event says so); setting webhook_url or webhook_secret, or enabling alerts again, makes it active. */
      webhook_status: "active" | "disabled" | null;
      /** Why the alert URL was disabled, in words; null while active. */
      webhook_disabled_reason: string | null;
    };
    /** Messages captured by this honeypot. */
    email_count?: number;
    last_email_at?: string | null;
    created_at?: string;
    updated_at?: string;
  }>;
  pagination: {
    page: number;
    limit: number;
    total: number;
    total_pages: number;
    has_next: boolean;
    has_prev: boolean;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- POST /v1/honeypots: Create a honeypot ----

export interface PostHoneypotsBody {
  /** The honeypot address; stored trimmed and lower-cased; unique across the server; its domain must be one of the server's HONEYPOT_DOMAINS (else 422). When omitted, a random, unguessable address on the first configured domain is generated. */
  email_address?: string;
  /** Why the address exists. Default `monitoring`. */
  purpose?: "monitoring" | "leak-detection" | "testing" | "trap";
  /** Free text. Default null. */
  description?: string | null;
  /** Free-text grouping. Default null. */
  category?: string | null;
  /** Default `medium`. */
  priority?: "low" | "medium" | "high" | "critical";
  /** Up to 20 labels of 1–50 characters, trimmed; duplicates are dropped. Default []. */
  tags?: string[];
  /** Only `active` honeypots receive mail; `pending` ones are answered 450 (try later). Default `active`. */
  status?: "active" | "inactive" | "pending" | "suspended";
  alerts?: {
    /** Default true. */
    enabled?: boolean;
    /** Overall threat score (0–100) at or above which a captured email raises `threat.detected`. Default 70. */
    threat_threshold?: number;
    /** Default false. */
    email_notifications?: boolean;
    /** http(s) URL alerts are POSTed to. Default null. */
    webhook_url?: string | null;
    /** Signing secret for the alert webhook (16–256 characters). Write-only: it is returned in full only in the response that creates the honeypot and masked everywhere else. When a honeypot is created with a webhook_url and no secret, one is generated. */
    webhook_secret?: string | null;
  };
}

/**
 * Create a honeypot
 *
 * The address must be on one of the server's HONEYPOT_DOMAINS (422 otherwise) and unused on this server (409 otherwise). This response is the only one that shows alerts.webhook_secret in full.
 */
export interface PostHoneypotsResponse {
  success: true;
  data: {
    id: string;
    email_address: string;
    domain: string;
    /** Why the address exists. Default `monitoring`. */
    purpose: "monitoring" | "leak-detection" | "testing" | "trap";
    description: string | null;
    category: string | null;
    /** Default `medium`. */
    priority: "low" | "medium" | "high" | "critical";
    tags: string[];
    /** Only `active` honeypots receive mail; `pending` ones are answered 450 (try later). Default `active`. */
    status: "active" | "inactive" | "pending" | "suspended";
    alerts: {
      enabled: boolean;
      threat_threshold: number;
      email_notifications: boolean;
      webhook_url: string | null;
      /** Masked (`****` + last 4 characters) except in the response that created the honeypot. */
      webhook_secret: string | null;
      /** null without a webhook_url. `disabled` after WEBHOOK_MAX_FAILURES consecutive failed deliveries (a system.alert event says so); setting webhook_url or webhook_secret, or enabling alerts again, makes it active. */
      webhook_status: "active" | "disabled" | null;
      /** Why the alert URL was disabled, in words; null while active. */
      webhook_disabled_reason: string | null;
    };
    /** Messages captured by this honeypot. */
    email_count: number;
    last_email_at: string | null;
    created_at: string;
    updated_at: string;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- POST /v1/honeypots/bulk: Create honeypots in bulk ----

/** 1–1000 honeypot create bodies (the same fields as POST /v1/honeypots). Each item succeeds or fails on its own. */
export type PostHoneypotsBulkBody = unknown[];

/**
 * Create honeypots in bulk
 *
 * At most 1000 items. Every item reports its own outcome; 207 when any item failed. An item is applied whole or not at all. Created items carry the new honeypot (with its webhook secret in full, the only time it is shown).
 */
export interface PostHoneypotsBulkResponse {
  success: true;
  data: {
    results: Array<{
      /** Position of the item in the request array (0-based). */
      index: number;
      status: "created" | "error";
      id?: string;
      data?: {
        id: string;
        email_address: string;
        domain: string;
        /** Why the address exists. Default `monitoring`. */
        purpose: "monitoring" | "leak-detection" | "testing" | "trap";
        description: string | null;
        category: string | null;
        /** Default `medium`. */
        priority: "low" | "medium" | "high" | "critical";
        tags: string[];
        /** Only `active` honeypots receive mail; `pending` ones are answered 450 (try later). Default `active`. */
        status: "active" | "inactive" | "pending" | "suspended";
        alerts: {
          enabled: boolean;
          threat_threshold: number;
          email_notifications: boolean;
          webhook_url: string | null;
          /** Masked (`****` + last 4 characters) except in the response that created the honeypot. */
          webhook_secret: string | null;
          /** null without a webhook_url. `disabled` after WEBHOOK_MAX_FAILURES consecutive failed deliveries (a system.alert event says so); setting webhook_url or webhook_secret, or enabling alerts again, makes it active. */
          webhook_status: "active" | "disabled" | null;
          /** Why the alert URL was disabled, in words; null while active. */
          webhook_disabled_reason: string | null;
        };
        /** Messages captured by this honeypot. */
        email_count: number;
        last_email_at: string | null;
        created_at: string;
        updated_at: string;
      };
      error?: {
        code: string;
        message: string;
        details?: Record<string, unknown>;
      };
    }>;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- PATCH /v1/honeypots/bulk: Update honeypots in bulk ----

export interface PatchHoneypotsBulkBody {
  ids: string[];
  updates: {
    /** Why the address exists. Default `monitoring`. */
    purpose?: "monitoring" | "leak-detection" | "testing" | "trap";
    /** Free text. Default null. */
    description?: string | null;
    /** Free-text grouping. Default null. */
    category?: string | null;
    /** Default `medium`. */
    priority?: "low" | "medium" | "high" | "critical";
    /** Up to 20 labels of 1–50 characters, trimmed; duplicates are dropped. Default []. */
    tags?: string[];
    /** Only `active` honeypots receive mail; `pending` ones are answered 450 (try later). Default `active`. */
    status?: "active" | "inactive" | "pending" | "suspended";
    alerts?: {
      /** Default true. */
      enabled?: boolean;
      /** Overall threat score (0–100) at or above which a captured email raises `threat.detected`. Default 70. */
      threat_threshold?: number;
      /** Default false. */
      email_notifications?: boolean;
      /** http(s) URL alerts are POSTed to. Default null. */
      webhook_url?: string | null;
      /** Signing secret for the alert webhook (16–256 characters). Write-only: it is returned in full only in the response that creates the honeypot and masked everywhere else. When a honeypot is created with a webhook_url and no secret, one is generated. */
      webhook_secret?: string | null;
    };
  };
}

/**
 * Update honeypots in bulk
 *
 * At most 1000 items. Every item reports its own outcome; 207 when any item failed. An item is applied whole or not at all. The same updates apply to every id; email_address cannot be bulk-updated (addresses are unique).
 */
export interface PatchHoneypotsBulkResponse {
  success: true;
  data: {
    results: Array<{
      id: string;
      status: "updated" | "deleted" | "error";
      error?: {
        code: string;
        message: string;
        details?: Record<string, unknown>;
      };
    }>;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- DELETE /v1/honeypots/bulk: Delete honeypots in bulk ----

export interface DeleteHoneypotsBulkQuery {
  /** Comma-separated honeypot ids (1–1000). A long list may not fit in a URL (servers limit request lines, Node to 16 KiB by default): send {"ids": [...]} as the JSON body instead. */
  ids?: string | number | boolean;
}

/** Optional: {"ids": [...]} instead of ?ids= for long lists. */
export interface DeleteHoneypotsBulkBody {
  ids?: string[];
}

/**
 * Delete honeypots in bulk
 *
 * At most 1000 items. Every item reports its own outcome; 207 when any item failed. An item is applied whole or not at all.
 */
export interface DeleteHoneypotsBulkResponse {
  success: true;
  data: {
    results: Array<{
      id: string;
      status: "updated" | "deleted" | "error";
      error?: {
        code: string;
        message: string;
        details?: Record<string, unknown>;
      };
    }>;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- GET /v1/honeypots/domains: Domains honeypots may use ----

/**
 * Domains honeypots may use
 *
 * The domains this server receives mail for (HONEYPOT_DOMAINS): a honeypot address must be on one of them. Empty until the operator configures one.
 */
export interface GetHoneypotsDomainsResponse {
  success: true;
  data: {
    /** Lower-case domain names, in configuration order. */
    domains: string[];
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- GET /v1/honeypots/{id}: Get a honeypot ----

export interface GetHoneypotsByIdParams {
  id: string;
}

export interface GetHoneypotsByIdQuery {
  /** Comma-separated fields to return; any of: id, email_address, domain, purpose, description, category, priority, tags, status, alerts, email_count, last_email_at, created_at, updated_at. */
  fields?: string | number | boolean;
}

/**
 * Get a honeypot
 *
 * alerts.webhook_secret is masked.
 */
export interface GetHoneypotsByIdResponse {
  success: true;
  data: {
    id?: string;
    email_address?: string;
    domain?: string;
    /** Why the address exists. Default `monitoring`. */
    purpose?: "monitoring" | "leak-detection" | "testing" | "trap";
    description?: string | null;
    category?: string | null;
    /** Default `medium`. */
    priority?: "low" | "medium" | "high" | "critical";
    tags?: string[];
    /** Only `active` honeypots receive mail; `pending` ones are answered 450 (try later). Default `active`. */
    status?: "active" | "inactive" | "pending" | "suspended";
    alerts?: {
      enabled: boolean;
      threat_threshold: number;
      email_notifications: boolean;
      webhook_url: string | null;
      /** Masked (`****` + last 4 characters) except in the response that created the honeypot. */
      webhook_secret: string | null;
      /** null without a webhook_url. `disabled` after WEBHOOK_MAX_FAILURES consecutive failed deliveries (a system.alert event says so); setting webhook_url or webhook_secret, or enabling alerts again, makes it active. */
      webhook_status: "active" | "disabled" | null;
      /** Why the alert URL was disabled, in words; null while active. */
      webhook_disabled_reason: string | null;
    };
    /** Messages captured by this honeypot. */
    email_count?: number;
    last_email_at?: string | null;
    created_at?: string;
    updated_at?: string;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- PATCH /v1/honeypots/{id}: Update a honeypot ----

export interface PatchHoneypotsByIdParams {
  id: string;
}

export interface PatchHoneypotsByIdBody {
  /** The honeypot address; stored trimmed and lower-cased; unique across the server; its domain must be one of the server's HONEYPOT_DOMAINS (else 422). When omitted, a random, unguessable address on the first configured domain is generated. */
  email_address?: string;
  /** Why the address exists. Default `monitoring`. */
  purpose?: "monitoring" | "leak-detection" | "testing" | "trap";
  /** Free text. Default null. */
  description?: string | null;
  /** Free-text grouping. Default null. */
  category?: string | null;
  /** Default `medium`. */
  priority?: "low" | "medium" | "high" | "critical";
  /** Up to 20 labels of 1–50 characters, trimmed; duplicates are dropped. Default []. */
  tags?: string[];
  /** Only `active` honeypots receive mail; `pending` ones are answered 450 (try later). Default `active`. */
  status?: "active" | "inactive" | "pending" | "suspended";
  alerts?: {
    /** Default true. */
    enabled?: boolean;
    /** Overall threat score (0–100) at or above which a captured email raises `threat.detected`. Default 70. */
    threat_threshold?: number;
    /** Default false. */
    email_notifications?: boolean;
    /** http(s) URL alerts are POSTed to. Default null. */
    webhook_url?: string | null;
    /** Signing secret for the alert webhook (16–256 characters). Write-only: it is returned in full only in the response that creates the honeypot and masked everywhere else. When a honeypot is created with a webhook_url and no secret, one is generated. */
    webhook_secret?: string | null;
  };
}

/**
 * Update a honeypot
 *
 * Only the fields given change; within alerts, only the keys given change. alerts.webhook_secret is masked in the response.
 */
export interface PatchHoneypotsByIdResponse {
  success: true;
  data: {
    id: string;
    email_address: string;
    domain: string;
    /** Why the address exists. Default `monitoring`. */
    purpose: "monitoring" | "leak-detection" | "testing" | "trap";
    description: string | null;
    category: string | null;
    /** Default `medium`. */
    priority: "low" | "medium" | "high" | "critical";
    tags: string[];
    /** Only `active` honeypots receive mail; `pending` ones are answered 450 (try later). Default `active`. */
    status: "active" | "inactive" | "pending" | "suspended";
    alerts: {
      enabled: boolean;
      threat_threshold: number;
      email_notifications: boolean;
      webhook_url: string | null;
      /** Masked (`****` + last 4 characters) except in the response that created the honeypot. */
      webhook_secret: string | null;
      /** null without a webhook_url. `disabled` after WEBHOOK_MAX_FAILURES consecutive failed deliveries (a system.alert event says so); setting webhook_url or webhook_secret, or enabling alerts again, makes it active. */
      webhook_status: "active" | "disabled" | null;
      /** Why the alert URL was disabled, in words; null while active. */
      webhook_disabled_reason: string | null;
    };
    /** Messages captured by this honeypot. */
    email_count: number;
    last_email_at: string | null;
    created_at: string;
    updated_at: string;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- DELETE /v1/honeypots/{id}: Delete a honeypot ----

export interface DeleteHoneypotsByIdParams {
  id: string;
}

/** Delete a honeypot */
export interface DeleteHoneypotsByIdResponse {
  success: true;
  data: {
    id: string;
    deleted: true;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- GET /v1/reports: List reports ----

export interface GetReportsQuery {
  /** Page number. Default 1. */
  page?: string | number | boolean;
  /** Items per page, 1–100. Default 25. */
  limit?: string | number | boolean;
  /** <field>[:asc|desc]. Default id:asc (ids are time-ordered: id:desc is newest first). Sortable: id, name, type, format, status, file_size, generated_at, next_run_at, created_at, updated_at. */
  sort?: string | number | boolean;
  /** asc or desc. Default asc. */
  sort_direction?: string | number | boolean;
  /** Comma-separated fields to return; any of: id, report_id, name, type, description, format, period, schedule, filters, sections, recipients, status, error, file_size, generated_at, next_run_at, download_url, created_at, updated_at. */
  fields?: string | number | boolean;
  /** YYYY-MM-DD:YYYY-MM-DD on created_at, both days inclusive (UTC). */
  date_range?: string | number | boolean;
  /** Filter: id=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  id?: QueryValue;
  /** Filter: name=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  name?: QueryValue;
  /** Filter: type=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  type?: QueryValue;
  /** Filter: format=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  format?: QueryValue;
  /** Filter: status=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  status?: QueryValue;
  /** Filter: description=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  description?: QueryValue;
  /** Filter: file_size=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  file_size?: QueryValue;
  /** Filter: generated_at=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  generated_at?: QueryValue;
  /** Filter: next_run_at=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  next_run_at?: QueryValue;
  /** Filter: created_at=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  created_at?: QueryValue;
  /** Filter: updated_at=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  updated_at?: QueryValue;
}

/**
 * List reports
 *
 * Filters, sorting, pagination and field selection per the list conventions.
 */
export interface GetReportsResponse {
  success: true;
  data: Array<{
    id?: string;
    /** The same as id. */
    report_id?: string;
    name?: string;
    type?: "daily_digest" | "weekly_summary" | "monthly_analysis" | "executive_summary" | "compliance" | "incident" | "custom";
    description?: string | null;
    format?: "pdf" | "csv" | "json";
    /** The period of the last (or next) generation: [start, end) in UTC. */
    period?: {
      start: string;
      /** Exclusive. */
      end: string;
    };
    schedule?: {
      frequency: string;
      day: number | null;
      time: string;
      timezone: string;
    } | null;
    filters?: {
      honeypot_ids: string[];
      threat_score: {
        min: number | null;
      };
    };
    sections?: Array<"summary" | "timeline" | "threats" | "senders" | "infrastructure" | "geography" | "campaigns" | "indicators" | "recommendations">;
    recipients?: string[];
    /** pending (not generated yet), generating (queued or running), ready, failed (see error; POST /generate retries). */
    status?: "pending" | "generating" | "ready" | "failed";
    /** Why the last generation failed; null otherwise. */
    error?: string | null;
    /** Bytes of the last generated file. */
    file_size?: number | null;
    generated_at?: string | null;
    /** When the schedule next generates it; null without a schedule. */
    next_run_at?: string | null;
    /** Path of the download while status is ready. */
    download_url?: string | null;
    created_at?: string;
    updated_at?: string;
  }>;
  pagination: {
    page: number;
    limit: number;
    total: number;
    total_pages: number;
    has_next: boolean;
    has_prev: boolean;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- POST /v1/reports: Create a report ----

export interface PostReportsBody {
  name: string;
  /** One of: daily_digest, weekly_summary, monthly_analysis, executive_summary, compliance, incident, custom. Default custom. */
  type?: string;
  /** Free text. Default null. */
  description?: string | null;
  /** One of: pdf, csv, json. Default pdf. */
  format?: string;
  /** At most 366 days; end after start. Default by type, relative to now in the schedule's time zone (UTC without one): daily_digest the previous day, weekly_summary the previous 7 days, monthly_analysis the previous calendar month, compliance the previous 90 days, incident the last 24 hours, executive_summary and custom the previous 30 days. A scheduled report covers, at each run, the period that just ended (daily: previous day, weekly: previous 7 days, monthly: previous month). */
  period?: {
    /** ISO-8601 date-time, or a date (that day's 00:00 UTC). */
    start: string;
    /** ISO-8601 date-time (exclusive), or a date (included whole: up to the next day's 00:00 UTC). */
    end: string;
  };
  /** Generate automatically. Without a schedule, creating the report queues one generation. */
  schedule?: {
    /** daily, weekly or monthly. */
    frequency: string;
    /** weekly: weekday 1–7 (1 = Monday) or its English name ("monday"); monthly: day of the month 1–31 (the last day in shorter months); daily: leave out. Default for weekly: 1 (Monday); for monthly: 1. */
    day?: number | string | null;
    /** Local time "HH:MM" (24-hour) the report is generated at. Default "08:00". */
    time?: string;
    /** IANA time zone, e.g. "Europe/Paris". Default "UTC". Across DST changes the schedule keeps its wall-clock time; a time in the spring-forward gap runs at the gap's end. */
    timezone?: string;
  } | null;
  filters?: {
    /** Only mail to these honeypots (yours). Default: all. */
    honeypot_ids?: string[];
    threat_score?: {
      /** 0–100: only emails scoring at least this. Default null (all). */
      min?: number | null;
    };
  };
  /** PDF parts to include, any of: summary, timeline, threats, senders, infrastructure, geography, campaigns, indicators, recommendations. Default: all (executive_summary: summary, timeline, threats, recommendations). */
  sections?: string[];
  /** E-mail addresses the file is sent to after each generation (attached up to 5 MB, else a download link). Default none. (Extension: not in the API overview.) */
  recipients?: string[];
}

/**
 * Create a report
 *
 * Without a schedule the report is generated once, in the background: follow `status` (pending → generating → ready or failed). With a schedule it is generated at each run for the period that just ended. 422 naming the field for an unknown type, format or section, a bad period (end not after start, over 366 days), time zone, schedule day or time, or a honeypot that is not yours.
 */
export interface PostReportsResponse {
  success: true;
  data: {
    id: string;
    /** The same as id. */
    report_id: string;
    name: string;
    type: "daily_digest" | "weekly_summary" | "monthly_analysis" | "executive_summary" | "compliance" | "incident" | "custom";
    description: string | null;
    format: "pdf" | "csv" | "json";
    /** The period of the last (or next) generation: [start, end) in UTC. */
    period: {
      start: string;
      /** Exclusive. */
      end: string;
    };
    schedule: {
      frequency: string;
      day: number | null;
      time: string;
      timezone: string;
    } | null;
    filters: {
      honeypot_ids: string[];
      threat_score: {
        min: number | null;
      };
    };
    sections: Array<"summary" | "timeline" | "threats" | "senders" | "infrastructure" | "geography" | "campaigns" | "indicators" | "recommendations">;
    recipients: string[];
    /** pending (not generated yet), generating (queued or running), ready, failed (see error; POST /generate retries). */
    status: "pending" | "generating" | "ready" | "failed";
    /** Why the last generation failed; null otherwise. */
    error: string | null;
    /** Bytes of the last generated file. */
    file_size: number | null;
    generated_at: string | null;
    /** When the schedule next generates it; null without a schedule. */
    next_run_at: string | null;
    /** Path of the download while status is ready. */
    download_url: string | null;
    created_at: string;
    updated_at: string;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- GET /v1/reports/{id}: Get a report ----

export interface GetReportsByIdParams {
  id: string;
}

export interface GetReportsByIdQuery {
  /** Comma-separated fields to return; any of: id, report_id, name, type, description, format, period, schedule, filters, sections, recipients, status, error, file_size, generated_at, next_run_at, download_url, created_at, updated_at. */
  fields?: string | number | boolean;
}

/** Get a report */
export interface GetReportsByIdResponse {
  success: true;
  data: {
    id?: string;
    /** The same as id. */
    report_id?: string;
    name?: string;
    type?: "daily_digest" | "weekly_summary" | "monthly_analysis" | "executive_summary" | "compliance" | "incident" | "custom";
    description?: string | null;
    format?: "pdf" | "csv" | "json";
    /** The period of the last (or next) generation: [start, end) in UTC. */
    period?: {
      start: string;
      /** Exclusive. */
      end: string;
    };
    schedule?: {
      frequency: string;
      day: number | null;
      time: string;
      timezone: string;
    } | null;
    filters?: {
      honeypot_ids: string[];
      threat_score: {
        min: number | null;
      };
    };
    sections?: Array<"summary" | "timeline" | "threats" | "senders" | "infrastructure" | "geography" | "campaigns" | "indicators" | "recommendations">;
    recipients?: string[];
    /** pending (not generated yet), generating (queued or running), ready, failed (see error; POST /generate retries). */
    status?: "pending" | "generating" | "ready" | "failed";
    /** Why the last generation failed; null otherwise. */
    error?: string | null;
    /** Bytes of the last generated file. */
    file_size?: number | null;
    generated_at?: string | null;
    /** When the schedule next generates it; null without a schedule. */
    next_run_at?: string | null;
    /** Path of the download while status is ready. */
    download_url?: string | null;
    created_at?: string;
    updated_at?: string;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- DELETE /v1/reports/{id}: Delete a report ----

export interface DeleteReportsByIdParams {
  id: string;
}

/**
 * Delete a report
 *
 * Its schedule stops and its file is deleted.
 */
export interface DeleteReportsByIdResponse {
  success: true;
  data: {
    id: string;
    deleted: true;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- GET /v1/reports/{id}/download: Download a report ----

export interface GetReportsByIdDownloadParams {
  id: string;
}

/**
 * Download a report
 *
 * The file: application/pdf, text/csv or application/json, as an attachment. 409 while the report is not ready (pending, generating or failed).
 */
export type GetReportsByIdDownloadResponse = Uint8Array;

// ---- POST /v1/reports/{id}/generate: Generate a report now ----

export interface PostReportsByIdGenerateParams {
  id: string;
}

/**
 * Generate a report now
 *
 * Queues a generation for the report's period (a retry after a failure, or a refresh). One generation per report runs at a time: asking again while one is queued or running returns its estimate. The previous file stays stored until the new one is ready, but cannot be downloaded meanwhile (409).
 */
export interface PostReportsByIdGenerateResponse {
  success: true;
  data: {
    id: string;
    status: "generating";
    /** When the file should be ready (from the last generation time). */
    estimated_completion: string;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- GET /v1/users/me: The signed-in user (owner of the API key) ----

/** The signed-in user (owner of the API key) */
export interface GetUsersMeResponse {
  success: true;
  data: User;
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- PATCH /v1/users/me: Update the signed-in user ----

export interface PatchUsersMeBody {
  name?: string | null;
  /** Administrators only. */
  plan?: string;
  /** Administrators only. */
  role?: string;
}

/**
 * Update the signed-in user
 *
 * name is editable; plan and role only by an administrator (403 otherwise).
 */
export interface PatchUsersMeResponse {
  success: true;
  data: User;
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- GET /v1/users/me/audit: The signed-in user's audit log ----

/**
 * The signed-in user's audit log
 *
 * Security-relevant actions on this account: sign-ins, refresh-token reuse, API keys created/updated/regenerated/deleted, profile, plan and role changes. Lists support page, limit, filters, date_range (created_at), sort and fields.
 */
export interface GetUsersMeAuditResponse {
  success: true;
  data: AuditEvent[];
  pagination: {
    page: number;
    limit: number;
    total: number;
    total_pages: number;
    has_next: boolean;
    has_prev: boolean;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- GET /v1/users/{id}: A user: yourself, or anyone when you are an administrator ----

export interface GetUsersByIdParams {
  id: string;
}

/**
 * A user: yourself, or anyone when you are an administrator
 *
 * Another user's id is a 404 unless the caller is an administrator.
 */
export interface GetUsersByIdResponse {
  success: true;
  data: User;
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- PATCH /v1/users/{id}: Update a user: yourself, or anyone when you are an administrator ----

export interface PatchUsersByIdParams {
  id: string;
}

export interface PatchUsersByIdBody {
  name?: string | null;
  /** Administrators only. */
  plan?: string;
  /** Administrators only. */
  role?: string;
}

/**
 * Update a user: yourself, or anyone when you are an administrator
 *
 * Administrators change plan and role here; each change is written to that account's audit log.
 */
export interface PatchUsersByIdResponse {
  success: true;
  data: User;
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- DELETE /v1/users/{id}: Delete an account and everything it owns ----

export interface DeleteUsersByIdParams {
  id: string;
}

/**
 * Delete an account and everything it owns
 *
 * Yourself, or anyone when you are an administrator. Removes every row and stored file of the account (keys, sessions, audit log, honeypots, captured mail and attachments, webhooks, reports, mailboxes, credentials) in one transaction; files shared with other accounts' mail are kept for them.
 */
export interface DeleteUsersByIdResponse {
  success: true;
  data: {
    id: string;
    deleted: boolean;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- GET /v1/webhooks: List webhooks ----

export interface GetWebhooksQuery {
  /** Page number. Default 1. */
  page?: string | number | boolean;
  /** Items per page, 1–100. Default 25. */
  limit?: string | number | boolean;
  /** <field>[:asc|desc]. Default id:asc (ids are time-ordered: id:desc is newest first). Sortable: id, url, status, failure_count, last_delivery_at, created_at, updated_at. */
  sort?: string | number | boolean;
  /** asc or desc. Default asc. */
  sort_direction?: string | number | boolean;
  /** Comma-separated fields to return; any of: id, webhook_id, url, events, status, description, created_at, updated_at, last_delivery_at, failure_count, disabled_reason. */
  fields?: string | number | boolean;
  /** YYYY-MM-DD:YYYY-MM-DD on created_at, both days inclusive (UTC). */
  date_range?: string | number | boolean;
  /** Filter: id=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  id?: QueryValue;
  /** Filter: url=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  url?: QueryValue;
  /** Filter: status=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  status?: QueryValue;
  /** Filter: description=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  description?: QueryValue;
  /** Filter: failure_count=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  failure_count?: QueryValue;
  /** Filter: last_delivery_at=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  last_delivery_at?: QueryValue;
  /** Filter: created_at=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  created_at?: QueryValue;
  /** Filter: updated_at=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  updated_at?: QueryValue;
}

/**
 * List webhooks
 *
 * Filters, sorting, pagination and field selection per the list conventions. Secrets are never listed.
 */
export interface GetWebhooksResponse {
  success: true;
  data: Array<{
    id?: string;
    /** The same as id (the name the API overview example uses). */
    webhook_id?: string;
    url?: string;
    events?: string[];
    /** Only active webhooks receive deliveries. */
    status?: "active" | "disabled";
    description?: string | null;
    created_at?: string;
    updated_at?: string;
    /** When a delivery last succeeded. */
    last_delivery_at?: string | null;
    /** Consecutive failed delivery attempts; reset by a success or by enabling. */
    failure_count?: number;
    /** Why the webhook was disabled (by a person or after repeated failures), or null. */
    disabled_reason?: string | null;
  }>;
  pagination: {
    page: number;
    limit: number;
    total: number;
    total_pages: number;
    has_next: boolean;
    has_prev: boolean;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- POST /v1/webhooks: Create a webhook ----

export interface PostWebhooksBody {
  /** http:// or https:// URL deliveries are POSTed to; no user name or password in it. Its host must resolve to public addresses only, unless the server sets WEBHOOK_ALLOW_PRIVATE=true (422 otherwise). */
  url: string;
  /** Event types to receive, any of: email.received, threat.detected, pattern.detected, system.alert (422 naming an unknown one). Duplicates are dropped. */
  events: string[];
  /** Free text. Default null. */
  description?: string | null;
  /** Signing secret. Default: a generated `whsec_` + base64 of 32 random bytes (Standard Webhooks format). Returned only in this response, never again. A `whsec_` secret must carry base64 of 24–64 bytes; any other secret is used as its UTF-8 bytes. */
  secret?: string;
}

/**
 * Create a webhook
 *
 * Deliveries are signed with the secret (X-Webhook-Signature and the Standard Webhooks headers). This response is the only one that shows the secret. 422 for an unknown event type or a URL whose host is a non-public address (unless WEBHOOK_ALLOW_PRIVATE=true); 503 when the host could not be looked up.
 */
export interface PostWebhooksResponse {
  success: true;
  data: {
    id: string;
    /** The same as id (the name the API overview example uses). */
    webhook_id: string;
    url: string;
    events: string[];
    /** Only active webhooks receive deliveries. */
    status: "active" | "disabled";
    description: string | null;
    created_at: string;
    updated_at: string;
    /** When a delivery last succeeded. */
    last_delivery_at: string | null;
    /** Consecutive failed delivery attempts; reset by a success or by enabling. */
    failure_count: number;
    /** Why the webhook was disabled (by a person or after repeated failures), or null. */
    disabled_reason: string | null;
    /** The signing secret. Store it now: it is never shown again. */
    secret: string;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- GET /v1/webhooks/{id}: Get a webhook ----

export interface GetWebhooksByIdParams {
  id: string;
}

export interface GetWebhooksByIdQuery {
  /** Comma-separated fields to return; any of: id, webhook_id, url, events, status, description, created_at, updated_at, last_delivery_at, failure_count, disabled_reason. */
  fields?: string | number | boolean;
}

/** Get a webhook */
export interface GetWebhooksByIdResponse {
  success: true;
  data: {
    id?: string;
    /** The same as id (the name the API overview example uses). */
    webhook_id?: string;
    url?: string;
    events?: string[];
    /** Only active webhooks receive deliveries. */
    status?: "active" | "disabled";
    description?: string | null;
    created_at?: string;
    updated_at?: string;
    /** When a delivery last succeeded. */
    last_delivery_at?: string | null;
    /** Consecutive failed delivery attempts; reset by a success or by enabling. */
    failure_count?: number;
    /** Why the webhook was disabled (by a person or after repeated failures), or null. */
    disabled_reason?: string | null;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- PATCH /v1/webhooks/{id}: Update a webhook ----

export interface PatchWebhooksByIdParams {
  id: string;
}

export interface PatchWebhooksByIdBody {
  /** http:// or https:// URL deliveries are POSTed to; no user name or password in it. Its host must resolve to public addresses only, unless the server sets WEBHOOK_ALLOW_PRIVATE=true (422 otherwise). */
  url?: string;
  /** Event types to receive, any of: email.received, threat.detected, pattern.detected, system.alert (422 naming an unknown one). Duplicates are dropped. */
  events?: string[];
  /** Free text. Default null. */
  description?: string | null;
}

/**
 * Update a webhook
 *
 * Only the fields given change; a new url is checked like at creation. The secret cannot be changed: create a new webhook to rotate it.
 */
export interface PatchWebhooksByIdResponse {
  success: true;
  data: {
    id: string;
    /** The same as id (the name the API overview example uses). */
    webhook_id: string;
    url: string;
    events: string[];
    /** Only active webhooks receive deliveries. */
    status: "active" | "disabled";
    description: string | null;
    created_at: string;
    updated_at: string;
    /** When a delivery last succeeded. */
    last_delivery_at: string | null;
    /** Consecutive failed delivery attempts; reset by a success or by enabling. */
    failure_count: number;
    /** Why the webhook was disabled (by a person or after repeated failures), or null. */
    disabled_reason: string | null;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- DELETE /v1/webhooks/{id}: Delete a webhook ----

export interface DeleteWebhooksByIdParams {
  id: string;
}

/**
 * Delete a webhook
 *
 * Its pending deliveries and delivery history go with it.
 */
export interface DeleteWebhooksByIdResponse {
  success: true;
  data: {
    id: string;
    deleted: true;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- GET /v1/webhooks/{id}/deliveries: List a webhook's deliveries ----

export interface GetWebhooksByIdDeliveriesParams {
  id: string;
}

export interface GetWebhooksByIdDeliveriesQuery {
  /** Page number. Default 1. */
  page?: string | number | boolean;
  /** Items per page, 1–100. Default 25. */
  limit?: string | number | boolean;
  /** <field>[:asc|desc]. Default id:asc (ids are time-ordered: id:desc is newest first). Sortable: id, event_type, status, attempt, last_status_code, last_latency_ms, next_attempt_at, created_at, completed_at. */
  sort?: string | number | boolean;
  /** asc or desc. Default asc. */
  sort_direction?: string | number | boolean;
  /** Comma-separated fields to return; any of: id, event_id, event_type, status, attempt, last_status_code, last_latency_ms, last_error, next_attempt_at, created_at, completed_at. */
  fields?: string | number | boolean;
  /** YYYY-MM-DD:YYYY-MM-DD on created_at, both days inclusive (UTC). */
  date_range?: string | number | boolean;
  /** Filter: id=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  id?: QueryValue;
  /** Filter: event_id=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  event_id?: QueryValue;
  /** Filter: event_type=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  event_type?: QueryValue;
  /** Filter: status=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  status?: QueryValue;
  /** Filter: attempt=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  attempt?: QueryValue;
  /** Filter: last_status_code=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  last_status_code?: QueryValue;
  /** Filter: last_latency_ms=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  last_latency_ms?: QueryValue;
  /** Filter: last_error=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  last_error?: QueryValue;
  /** Filter: next_attempt_at=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  next_attempt_at?: QueryValue;
  /** Filter: created_at=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  created_at?: QueryValue;
  /** Filter: completed_at=<op>:<value> with eq ne gt gte lt lte in nin contains regex (a bare value means eq). */
  completed_at?: QueryValue;
}

/**
 * List a webhook's deliveries
 *
 * Recent deliveries with their outcome (status code, latency, attempt, next retry, error); sort=id:desc for the newest first.
 */
export interface GetWebhooksByIdDeliveriesResponse {
  success: true;
  data: Array<{
    id?: string;
    event_id?: string;
    event_type?: string;
    /** pending (waiting or retrying), succeeded, failed (final), cancelled. */
    status?: "pending" | "succeeded" | "failed" | "cancelled";
    /** Attempts made so far. */
    attempt?: number;
    /** HTTP status of the last attempt, null when none answered. */
    last_status_code?: number | null;
    /** Duration of the last attempt, in milliseconds. */
    last_latency_ms?: number | null;
    last_error?: string | null;
    next_attempt_at?: string | null;
    created_at?: string;
    completed_at?: string | null;
  }>;
  pagination: {
    page: number;
    limit: number;
    total: number;
    total_pages: number;
    has_next: boolean;
    has_prev: boolean;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- POST /v1/webhooks/{id}/disable: Disable a webhook ----

export interface PostWebhooksByIdDisableParams {
  id: string;
}

/**
 * Disable a webhook
 *
 * A disabled webhook receives no deliveries until enabled.
 */
export interface PostWebhooksByIdDisableResponse {
  success: true;
  data: {
    id: string;
    /** The same as id (the name the API overview example uses). */
    webhook_id: string;
    url: string;
    events: string[];
    /** Only active webhooks receive deliveries. */
    status: "active" | "disabled";
    description: string | null;
    created_at: string;
    updated_at: string;
    /** When a delivery last succeeded. */
    last_delivery_at: string | null;
    /** Consecutive failed delivery attempts; reset by a success or by enabling. */
    failure_count: number;
    /** Why the webhook was disabled (by a person or after repeated failures), or null. */
    disabled_reason: string | null;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- POST /v1/webhooks/{id}/enable: Enable a webhook ----

export interface PostWebhooksByIdEnableParams {
  id: string;
}

/**
 * Enable a webhook
 *
 * Resets failure_count and disabled_reason.
 */
export interface PostWebhooksByIdEnableResponse {
  success: true;
  data: {
    id: string;
    /** The same as id (the name the API overview example uses). */
    webhook_id: string;
    url: string;
    events: string[];
    /** Only active webhooks receive deliveries. */
    status: "active" | "disabled";
    description: string | null;
    created_at: string;
    updated_at: string;
    /** When a delivery last succeeded. */
    last_delivery_at: string | null;
    /** Consecutive failed delivery attempts; reset by a success or by enabling. */
    failure_count: number;
    /** Why the webhook was disabled (by a person or after repeated failures), or null. */
    disabled_reason: string | null;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

// ---- POST /v1/webhooks/{id}/test: Send a test event ----

export interface PostWebhooksByIdTestParams {
  id: string;
}

/**
 * Send a test event
 *
 * Queues one webhook.test event for this webhook only; follow it in GET /v1/webhooks/:id/deliveries. 409 when the webhook is disabled.
 */
export interface PostWebhooksByIdTestResponse {
  success: true;
  data: {
    event_id: string;
    type: "webhook.test";
    /** Deliveries queued (1). */
    deliveries: number;
  };
  meta: {
    request_id: string;
    timestamp: string;
  };
}

/** Every operation by `"METHOD /path"`: its path params, query, JSON body and success response. */
export interface Operations {
  "GET /api/v1/blacklist": { params: undefined; query: GetBlacklistQuery; body: undefined; response: GetBlacklistResponse };
  "GET /api/v1/dns": { params: undefined; query: GetDnsQuery; body: undefined; response: GetDnsResponse };
  "GET /api/v1/health": { params: undefined; query: undefined; body: undefined; response: GetHealthResponse };
  "GET /api/v1/mailboxes": { params: undefined; query: undefined; body: undefined; response: GetMailboxesResponse };
  "POST /api/v1/mailboxes": { params: undefined; query: undefined; body: PostMailboxesBody; response: PostMailboxesResponse };
  "GET /api/v1/mailboxes/{id}": { params: GetMailboxesByIdParams; query: undefined; body: undefined; response: GetMailboxesByIdResponse };
  "DELETE /api/v1/mailboxes/{id}": { params: DeleteMailboxesByIdParams; query: undefined; body: undefined; response: DeleteMailboxesByIdResponse };
  "GET /api/v1/stats": { params: undefined; query: GetStatsQuery; body: undefined; response: GetStatsResponse };
  "GET /api/v1/warmup": { params: undefined; query: GetWarmupQuery; body: undefined; response: GetWarmupResponse };
  "POST /api/v1/warmup": { params: undefined; query: undefined; body: PostWarmupBody; response: PostWarmupResponse };
  "GET /v1/analytics/geographic": { params: undefined; query: GetAnalyticsGeographicQuery; body: undefined; response: GetAnalyticsGeographicResponse };
  "GET /v1/analytics/overview": { params: undefined; query: GetAnalyticsOverviewQuery; body: undefined; response: GetAnalyticsOverviewResponse };
  "GET /v1/analytics/threat-distribution": { params: undefined; query: GetAnalyticsThreatDistributionQuery; body: undefined; response: GetAnalyticsThreatDistributionResponse };
  "GET /v1/api-keys": { params: undefined; query: undefined; body: undefined; response: GetApiKeysResponse };
  "POST /v1/api-keys": { params: undefined; query: undefined; body: PostApiKeysBody; response: PostApiKeysResponse };
  "GET /v1/api-keys/{id}": { params: GetApiKeysByIdParams; query: undefined; body: undefined; response: GetApiKeysByIdResponse };
  "PATCH /v1/api-keys/{id}": { params: PatchApiKeysByIdParams; query: undefined; body: PatchApiKeysByIdBody; response: PatchApiKeysByIdResponse };
  "DELETE /v1/api-keys/{id}": { params: DeleteApiKeysByIdParams; query: undefined; body: undefined; response: DeleteApiKeysByIdResponse };
  "POST /v1/api-keys/{id}/regenerate": { params: PostApiKeysByIdRegenerateParams; query: undefined; body: undefined; response: PostApiKeysByIdRegenerateResponse };
  "POST /v1/auth/login": { params: undefined; query: undefined; body: PostAuthLoginBody; response: PostAuthLoginResponse };
  "POST /v1/auth/logout": { params: undefined; query: undefined; body: undefined; response: PostAuthLogoutResponse };
  "POST /v1/auth/refresh": { params: undefined; query: undefined; body: PostAuthRefreshBody; response: PostAuthRefreshResponse };
  "POST /v1/auth/verify": { params: undefined; query: undefined; body: PostAuthVerifyBody; response: PostAuthVerifyResponse };
  "GET /v1/campaigns": { params: undefined; query: GetCampaignsQuery; body: undefined; response: GetCampaignsResponse };
  "GET /v1/campaigns/{id}": { params: GetCampaignsByIdParams; query: GetCampaignsByIdQuery; body: undefined; response: GetCampaignsByIdResponse };
  "GET /v1/emails": { params: undefined; query: GetEmailsQuery; body: undefined; response: GetEmailsResponse };
  "POST /v1/emails": { params: undefined; query: PostEmailsQuery; body: undefined; response: PostEmailsResponse };
  "GET /v1/emails/{id}": { params: GetEmailsByIdParams; query: GetEmailsByIdQuery; body: undefined; response: GetEmailsByIdResponse };
  "DELETE /v1/emails/{id}": { params: DeleteEmailsByIdParams; query: undefined; body: undefined; response: DeleteEmailsByIdResponse };
  "GET /v1/emails/{id}/attachments": { params: GetEmailsByIdAttachmentsParams; query: undefined; body: undefined; response: GetEmailsByIdAttachmentsResponse };
  "GET /v1/emails/{id}/attachments/{attachment_id}": { params: GetEmailsByIdAttachmentsByAttachmentIdParams; query: undefined; body: undefined; response: GetEmailsByIdAttachmentsByAttachmentIdResponse };
  "GET /v1/emails/{id}/raw": { params: GetEmailsByIdRawParams; query: undefined; body: undefined; response: GetEmailsByIdRawResponse };
  "GET /v1/honeypots": { params: undefined; query: GetHoneypotsQuery; body: undefined; response: GetHoneypotsResponse };
  "POST /v1/honeypots": { params: undefined; query: undefined; body: PostHoneypotsBody; response: PostHoneypotsResponse };
  "POST /v1/honeypots/bulk": { params: undefined; query: undefined; body: PostHoneypotsBulkBody; response: PostHoneypotsBulkResponse };
  "PATCH /v1/honeypots/bulk": { params: undefined; query: undefined; body: PatchHoneypotsBulkBody; response: PatchHoneypotsBulkResponse };
  "DELETE /v1/honeypots/bulk": { params: undefined; query: DeleteHoneypotsBulkQuery; body: DeleteHoneypotsBulkBody; response: DeleteHoneypotsBulkResponse };
  "GET /v1/honeypots/domains": { params: undefined; query: undefined; body: undefined; response: GetHoneypotsDomainsResponse };
  "GET /v1/honeypots/{id}": { params: GetHoneypotsByIdParams; query: GetHoneypotsByIdQuery; body: undefined; response: GetHoneypotsByIdResponse };
  "PATCH /v1/honeypots/{id}": { params: PatchHoneypotsByIdParams; query: undefined; body: PatchHoneypotsByIdBody; response: PatchHoneypotsByIdResponse };
  "DELETE /v1/honeypots/{id}": { params: DeleteHoneypotsByIdParams; query: undefined; body: undefined; response: DeleteHoneypotsByIdResponse };
  "GET /v1/reports": { params: undefined; query: GetReportsQuery; body: undefined; response: GetReportsResponse };
  "POST /v1/reports": { params: undefined; query: undefined; body: PostReportsBody; response: PostReportsResponse };
  "GET /v1/reports/{id}": { params: GetReportsByIdParams; query: GetReportsByIdQuery; body: undefined; response: GetReportsByIdResponse };
  "DELETE /v1/reports/{id}": { params: DeleteReportsByIdParams; query: undefined; body: undefined; response: DeleteReportsByIdResponse };
  "GET /v1/reports/{id}/download": { params: GetReportsByIdDownloadParams; query: undefined; body: undefined; response: GetReportsByIdDownloadResponse };
  "POST /v1/reports/{id}/generate": { params: PostReportsByIdGenerateParams; query: undefined; body: undefined; response: PostReportsByIdGenerateResponse };
  "GET /v1/users/me": { params: undefined; query: undefined; body: undefined; response: GetUsersMeResponse };
  "PATCH /v1/users/me": { params: undefined; query: undefined; body: PatchUsersMeBody; response: PatchUsersMeResponse };
  "GET /v1/users/me/audit": { params: undefined; query: undefined; body: undefined; response: GetUsersMeAuditResponse };
  "GET /v1/users/{id}": { params: GetUsersByIdParams; query: undefined; body: undefined; response: GetUsersByIdResponse };
  "PATCH /v1/users/{id}": { params: PatchUsersByIdParams; query: undefined; body: PatchUsersByIdBody; response: PatchUsersByIdResponse };
  "DELETE /v1/users/{id}": { params: DeleteUsersByIdParams; query: undefined; body: undefined; response: DeleteUsersByIdResponse };
  "GET /v1/webhooks": { params: undefined; query: GetWebhooksQuery; body: undefined; response: GetWebhooksResponse };
  "POST /v1/webhooks": { params: undefined; query: undefined; body: PostWebhooksBody; response: PostWebhooksResponse };
  "GET /v1/webhooks/{id}": { params: GetWebhooksByIdParams; query: GetWebhooksByIdQuery; body: undefined; response: GetWebhooksByIdResponse };
  "PATCH /v1/webhooks/{id}": { params: PatchWebhooksByIdParams; query: undefined; body: PatchWebhooksByIdBody; response: PatchWebhooksByIdResponse };
  "DELETE /v1/webhooks/{id}": { params: DeleteWebhooksByIdParams; query: undefined; body: undefined; response: DeleteWebhooksByIdResponse };
  "GET /v1/webhooks/{id}/deliveries": { params: GetWebhooksByIdDeliveriesParams; query: GetWebhooksByIdDeliveriesQuery; body: undefined; response: GetWebhooksByIdDeliveriesResponse };
  "POST /v1/webhooks/{id}/disable": { params: PostWebhooksByIdDisableParams; query: undefined; body: undefined; response: PostWebhooksByIdDisableResponse };
  "POST /v1/webhooks/{id}/enable": { params: PostWebhooksByIdEnableParams; query: undefined; body: undefined; response: PostWebhooksByIdEnableResponse };
  "POST /v1/webhooks/{id}/test": { params: PostWebhooksByIdTestParams; query: undefined; body: undefined; response: PostWebhooksByIdTestResponse };
}
