/**
 * Configuration: every environment variable Mailwarden reads, validated once into one typed object.
 *
 * `loadConfig(env)` never throws on the first bad variable: it collects every problem and throws a
 * single `ConfigError` listing all of them, so a person fixes their environment in one pass.
 * Nothing here runs at import time.
 */
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_DOMAIN_BLACKLISTS, DEFAULT_IP_BLACKLISTS, DNSBL_DECODERS } from './checks/dnsbl/lists.ts';

export type DatabaseEngine = 'sqlite' | 'postgres';

export interface Config {
  /** Interface the HTTP server binds. Default `127.0.0.1`. */
  host: string;
  /** HTTP port. Default `3000`; `0` picks a free port. */
  port: number;
  /** Interface the inbound SMTP server binds. Default `127.0.0.1`. */
  smtpHost: string;
  /** Inbound SMTP port (the MX for honeypot domains). Default `2525`. */
  smtpPort: number;
  /** Directory for the SQLite file, blobs and the generated secret. Default `./data`. */
  dataDir: string;
  /** PostgreSQL connection string; when unset Mailwarden uses SQLite at `<dataDir>/mailwarden.db`. */
  databaseUrl: string | undefined;
  /** Derived: which engine `databaseUrl` selects. */
  databaseEngine: DatabaseEngine;
  /** Maximum PostgreSQL connections per process. Default `10`. */
  databasePoolSize: number;
  /** pino level: fatal, error, warn, info, debug, trace, silent. Default `info`. */
  logLevel: string;
  /** Largest accepted HTTP request body, in bytes. Default `1048576` (1 MiB). */
  bodyLimitBytes: number;
  /** Whether per-key rate limits are enforced. Default `true`. */
  rateLimitEnabled: boolean;
  /** Trust `X-Forwarded-For` from a reverse proxy for the client IP. Default `false`. */
  trustProxy: boolean;
  /** Domains the SMTP server receives honeypot mail for (comma-separated). Default: none. */
  honeypotDomains: string[];
  /** DNS resolvers (`ip` or `ip:port`, comma-separated) for every lookup; default: the system's. */
  dnsServers: string[];
  /** Upper bound for one DNS query (retries included), in ms (`DNS_TIMEOUT_MS`). Default `2000`. */
  dnsTimeoutMs: number;
  /** DNS blacklist scans (src/checks/dnsbl). */
  dnsbl: DnsblConfig;
  /** Outbound relay for the mail Mailwarden itself sends (sign-in links), `smtp://user:pass@host:587`. */
  smtpRelayUrl: string | undefined;
  /**
   * Secret for encrypting stored credentials (src/platform/vault.ts). When unset: generated into
   * `<dataDir>/secret.key` (mode 600) in SQLite mode; required in PostgreSQL mode (the server refuses to start).
   */
  secret: string | undefined;
  /** Connected mailboxes (Deliverability API): login verification and later the warm-up connections. */
  mailboxes: MailboxConnectionConfig;
  /** The warm-up engine (src/warmup/): its receiving side (IMAP) and the other parts' settings. */
  warmup: WarmupConfig;
  /** Sender of the mail Mailwarden itself sends (sign-in links). Default `Mailwarden <mailwarden@localhost>`. */
  mailFrom: string;
  /**
   * Base URL people reach this server at, used to build the links in sign-in mail.
   * Default `http://<HOST>:<PORT>` (`localhost` when HOST is 0.0.0.0 or ::).
   */
  publicUrl: string;
  /** Whether signing in with an unknown address creates an account (free plan). Default `false`. */
  selfSignup: boolean;
  /** Captured email older than this many days is deleted, blobs included (worker). Default `365`. */
  emailRetentionDays: number;
  /** A `system.alert` (storage.nearly_full) goes out when DATA_DIR's file system is this % full (`STORAGE_ALERT_PERCENT`). Default `90`. */
  storageAlertPercent: number;
  /**
   * Whether webhook URLs may point at loopback, private, link-local or other non-public addresses
   * (`WEBHOOK_ALLOW_PRIVATE`; src/webhooks/url-safety.ts). Default `false`.
   */
  webhookAllowPrivate: boolean;
  /** Webhook delivery (worker role; src/webhooks/delivery). */
  webhookDelivery: WebhookDeliveryConfig;
  /** Threat analysis of captured mail (worker role). */
  analysis: AnalysisConfig;
  /** Messages at which a campaign fires `pattern.detected` (`CAMPAIGN_PATTERN_THRESHOLD`; a second honeypot fires it too). Default `5`. */
  campaignPatternThreshold: number;
  /** ClamAV daemon that attachments are also sent to; null (no ClamAV) unless CLAMD_SOCKET or CLAMD_HOST is set. */
  clamd: ClamdConfig | null;
  /** Inbound SMTP settings (the MX for honeypot domains). */
  smtp: SmtpConfig;
}

export interface AnalysisConfig {
  /** Worker threads analysing mail (`ANALYSIS_THREADS`). Default: the machine's available parallelism. */
  threads: number;
  /** Wall-clock milliseconds one message may take before it is scored on what finished (`ANALYSIS_BUDGET_MS`). Default `10000`. */
  budgetMs: number;
  /** Evaluate SPF/DKIM/DMARC with DNS (`ANALYSIS_AUTH_CHECKS`). Default `true`; uses DNS_SERVERS or the system resolvers. */
  authChecks: boolean;
}

export interface WebhookDeliveryConfig {
  /** Limit for one whole delivery request, connecting included, in ms (`WEBHOOK_TIMEOUT_MS`). Default `10000`. */
  timeoutMs: number;
  /** Limit for opening the connection (TCP and TLS), in ms (`WEBHOOK_CONNECT_TIMEOUT_MS`). Default `5000`. */
  connectTimeoutMs: number;
  /** Consecutive failed attempts after which a webhook is disabled (`WEBHOOK_MAX_FAILURES`). Default `20`. */
  maxFailures: number;
  /** Deliveries in flight at once per worker process, across targets (`WEBHOOK_CONCURRENCY`). Default `32`. */
  concurrency: number;
  /** PEM file of extra CAs trusted for https receivers, e.g. a company CA (`WEBHOOK_TLS_CA_FILE`). Default: none (Node's CA set). */
  tlsCaFile: string | undefined;
}

export interface ClamdConfig {
  /** clamd's unix socket (`CLAMD_SOCKET`, its `LocalSocket`). */
  socketPath: string | undefined;
  /** clamd's TCP host (`CLAMD_HOST`, its `TCPAddr`), used when no socket is set. */
  host: string | undefined;
  /** clamd's TCP port (`CLAMD_PORT`, its `TCPSocket`). Default `3310`. */
  port: number;
  /** Milliseconds one scan may take, connecting included (`CLAMD_TIMEOUT_MS`). Default `10000`. */
  timeoutMs: number;
}

export interface SmtpConfig {
  /** Name in the greeting and in `Received` facts. Default: the machine's host name. */
  hostname: string;
  /** Largest message accepted, in bytes; announced with SIZE and enforced while streaming. Default 26214400 (25 MiB). */
  maxMessageBytes: number;
  /** Concurrent connections the server accepts. Default `200`. */
  maxConnections: number;
  /** Concurrent connections from one client IP. Default `20`. */
  maxConnectionsPerIp: number;
  /** Recipients per message. Default `100`. */
  maxRecipients: number;
  /** PEM files for STARTTLS; when unset a self-signed certificate is generated into `<dataDir>/smtp-tls/`. */
  tlsCertFile: string | undefined;
  tlsKeyFile: string | undefined;
}

export interface DnsblConfig {
  /**
   * IP blacklists (`DNSBL_LISTS`, comma-separated zones, each optionally `zone=decoder` to decode its
   * answers like a known list, e.g. a local mirror `zen.local=spamhaus-zen`). Default: the 12 lists in
   * src/checks/dnsbl/lists.ts (zen.spamhaus.org, b.barracudacentral.org, bl.spamcop.net, …).
   */
  ipLists: string[];
  /** Domain blacklists (`DNSBL_DOMAIN_LISTS`, same syntax; `none` disables). Default: dbl.spamhaus.org, multi.surbl.org, multi.uribl.com. */
  domainLists: string[];
}

export interface WarmupConfig {
  /** Minutes after sending by which the recipient side must find a warm-up message, else it is `missing` (`WARMUP_PLACEMENT_DEADLINE_MINUTES`). Default `60`. */
  placementDeadlineMinutes: number;
  /** Hours after that deadline during which a `missing` message is still looked for, hourly (`WARMUP_LATE_ARRIVAL_HOURS`). Default `24`. */
  lateArrivalHours: number;
  /** IMAP folder warm-up mail (and its DSNs) is filed into, created when absent (`WARMUP_FOLDER`). Default `Warmup`. */
  folder: string;
  /** Most warm-up messages the recipient side handles per mailbox per IMAP pass (`WARMUP_RECEIVE_BATCH`). Default `50`. */
  receiveBatch: number;
  /** IMAP sessions at once per worker process (`WARMUP_RECEIVE_CONCURRENCY`). Default `4`. */
  receiveConcurrency: number;
  /** A mailbox that sent warm-up mail has its INBOX read for DSNs at least this often, in minutes (`WARMUP_DSN_INTERVAL_MINUTES`). Default `15`. */
  dsnIntervalMinutes: number;
  /** Warm-up sends in flight at once per worker process; each mailbox still sends one at a time (`WARMUP_SEND_CONCURRENCY`). Default `8`. */
  sendConcurrency: number;
  /** Attempts (4xx answers or failed connections) before a warm-up email is given up: soft bounce or `failed` (`WARMUP_SEND_MAX_ATTEMPTS`). Default `5`. */
  sendMaxAttempts: number;
  /** Minutes before the first retry of a deferred send; doubles with each attempt, at most 6 h (`WARMUP_SEND_RETRY_MINUTES`). Default `10`. */
  sendRetryMinutes: number;
  /** Minutes a mailbox's sends wait after its SMTP server refused the login (`WARMUP_AUTH_RETRY_MINUTES`). Default `30`. */
  authRetryMinutes: number;
  /** Seconds after an accepted send when the recipient side first looks for it (`WARMUP_CHECK_DELAY_SECONDS`). Default `60`. */
  checkDelaySeconds: number;
  /** Seconds an idle warm-up SMTP connection stays open for the mailbox's next message (`WARMUP_SMTP_IDLE_SECONDS`). Default `60`. */
  smtpIdleSeconds: number;
  /** Minimum minutes between two planned sends of one mailbox (`WARMUP_MIN_GAP_MINUTES`). Default `5`. */
  minGapMinutes: number;
  /** Day-to-day variance of a mailbox's volume, ± percent of the ramp's value (`WARMUP_VOLUME_VARIANCE_PERCENT`). Default `15`. */
  volumeVariancePercent: number;
  /** Days during which the planner avoids the same sender → recipient pair again (`WARMUP_PAIR_COOLDOWN_DAYS`). Default `3`. */
  pairCooldownDays: number;
  /** Consecutive SMTP/IMAP login failures that put a mailbox in `error` and stop its warm-up (`WARMUP_MAX_AUTH_FAILURES`). Default `3`. */
  maxAuthFailures: number;
}

export interface MailboxConnectionConfig {
  /** Limit for each step of an SMTP/IMAP connection (connect, greeting, TLS, login), in ms. Default `15000`. */
  connectTimeoutMs: number;
  /** Extra CA certificate(s) (PEM file) trusted for mailbox servers, besides the system's. Default: none. */
  tlsCaFile: string | undefined;
  /** Whether mailbox hosts may be loopback/private addresses (a LAN mail server, tests). Default `false`. */
  allowPrivateHosts: boolean;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

/** Reads one variable at a time, recording every problem instead of stopping at the first. */
class EnvReader {
  readonly problems: string[] = [];
  private readonly env: Env;
  constructor(env: Env) {
    this.env = env;
  }

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optional(name: string): string | undefined {
    return this.raw(name);
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value) || parsed < min || parsed > max) {
      this.problems.push(`${name}="${value}" must be a whole number from ${min} to ${max}.`);
      return fallback;
    }
    return parsed;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(value)) return true;
    if (['0', 'false', 'no', 'off'].includes(value)) return false;
    this.problems.push(`${name}="${value}" must be true or false.`);
    return fallback;
  }

  oneOf(name: string, fallback: string, allowed: string[]): string {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!allowed.includes(value)) {
      this.problems.push(`${name}="${value}" must be one of: ${allowed.join(', ')}.`);
      return fallback;
    }
    return value;
  }

  list(name: string): string[] {
    const value = this.raw(name);
    if (value === undefined) return [];
    return value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const RESOLVER = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\]|[0-9a-f:]+)(:\d{1,5})?$/i;

const DNSBL_ENTRY = /^(?=.{1,253}(=|$))([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}(=[a-z0-9-]+)?$/;

function readDnsblLists(read: EnvReader): DnsblConfig {
  const check = (name: string, entries: string[]): string[] => {
    const lowered = entries.map((entry) => entry.toLowerCase());
    for (const entry of lowered) {
      const decoder = entry.split('=')[1];
      if (!DNSBL_ENTRY.test(entry)) read.problems.push(`${name} contains "${entry}", which is not a DNS zone (optionally zone=decoder).`);
      else if (decoder !== undefined && !DNSBL_DECODERS.includes(decoder)) {
        read.problems.push(`${name} names the decoder "${decoder}" for ${entry.split('=')[0]}; known decoders: ${DNSBL_DECODERS.join(', ')}.`);
      }
    }
    return lowered;
  };
  const ipLists = read.list('DNSBL_LISTS');
  const domainLists = read.list('DNSBL_DOMAIN_LISTS');
  const noDomainLists = domainLists.length === 1 && domainLists[0]?.toLowerCase() === 'none';
  return {
    ipLists: ipLists.length > 0 ? check('DNSBL_LISTS', ipLists) : [...DEFAULT_IP_BLACKLISTS],
    domainLists: noDomainLists ? [] : domainLists.length > 0 ? check('DNSBL_DOMAIN_LISTS', domainLists) : [...DEFAULT_DOMAIN_BLACKLISTS],
  };
}

function readClamd(read: EnvReader): ClamdConfig | null {
  const socketPath = read.optional('CLAMD_SOCKET');
  const host = read.optional('CLAMD_HOST');
  const port = read.integer('CLAMD_PORT', 3310, 1, 65535);
  const timeoutMs = read.integer('CLAMD_TIMEOUT_MS', 10_000, 100, 600_000);
  if (socketPath !== undefined && host !== undefined) {
    read.problems.push('Set CLAMD_SOCKET (a unix socket path) or CLAMD_HOST (with CLAMD_PORT), not both.');
  }
  return socketPath === undefined && host === undefined ? null : { socketPath, host, port, timeoutMs };
}

export function loadConfig(env: Env = process.env): Config {
  const read = new EnvReader(env);

  const databaseUrl = read.optional('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    read.problems.push(
      'DATABASE_URL must be a PostgreSQL URL such as postgres://user:pass@localhost:5432/mailwarden (leave it unset to use SQLite).',
    );
  }

  const honeypotDomains = read.list('HONEYPOT_DOMAINS').map((d) => d.toLowerCase());
  for (const domain of honeypotDomains) {
    if (!DOMAIN.test(domain)) read.problems.push(`HONEYPOT_DOMAINS contains "${domain}", which is not a domain name.`);
  }

  const dnsServers = read.list('DNS_SERVERS');
  for (const server of dnsServers) {
    if (!RESOLVER.test(server)) {
      read.problems.push(`DNS_SERVERS contains "${server}"; write resolvers as an IP address, optionally with :port.`);
    }
  }

  const dnsbl = readDnsblLists(read);

  const smtpRelayUrl = read.optional('SMTP_RELAY_URL');
  if (smtpRelayUrl !== undefined && !/^smtps?:\/\/[^/]+/.test(smtpRelayUrl)) {
    read.problems.push('SMTP_RELAY_URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465.');
  }

  const secret = read.optional('MAILWARDEN_SECRET');
  if (secret !== undefined && secret.length < 32) {
    read.problems.push('MAILWARDEN_SECRET must be at least 32 characters (try: openssl rand -hex 32).');
  }

  const host = read.string('HOST', '127.0.0.1');
  const port = read.integer('PORT', 3000, 0, 65535);
  const publicUrl = read.optional('PUBLIC_URL') ?? `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`;
  if (!/^https?:\/\/[^/\s]+/.test(publicUrl)) {
    read.problems.push(`PUBLIC_URL="${publicUrl}" must be an http(s) URL such as https://mailwarden.example.com.`);
  }
  const mailFrom = read.string('MAIL_FROM', 'Mailwarden <mailwarden@localhost>');
  if (!/^([^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(mailFrom.trim())) {
    read.problems.push(`MAIL_FROM="${mailFrom}" must be an address, optionally with a name: Mailwarden <alerts@example.com>.`);
  }

  const config: Config = {
    host,
    port,
    smtpHost: read.string('SMTP_HOST', '127.0.0.1'),
    smtpPort: read.integer('SMTP_PORT', 2525, 0, 65535),
    dataDir: path.resolve(read.string('DATA_DIR', './data')),
    databaseUrl,
    databaseEngine: databaseUrl === undefined ? 'sqlite' : 'postgres',
    databasePoolSize: read.integer('DATABASE_POOL_SIZE', 10, 1, 1000),
    logLevel: read.oneOf('LOG_LEVEL', 'info', LOG_LEVELS),
    bodyLimitBytes: read.integer('BODY_LIMIT_BYTES', 1_048_576, 1024, 1_073_741_824),
    rateLimitEnabled: read.boolean('RATE_LIMIT_ENABLED', true),
    trustProxy: read.boolean('TRUST_PROXY', false),
    honeypotDomains,
    dnsServers,
    dnsTimeoutMs: read.integer('DNS_TIMEOUT_MS', 2000, 50, 60_000),
    dnsbl,
    smtpRelayUrl,
    secret,
    mailFrom,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    selfSignup: read.boolean('SELF_SIGNUP', false),
    emailRetentionDays: read.integer('EMAIL_RETENTION_DAYS', 365, 1, 36_500),
    storageAlertPercent: read.integer('STORAGE_ALERT_PERCENT', 90, 1, 100),
    webhookAllowPrivate: read.boolean('WEBHOOK_ALLOW_PRIVATE', false),
    campaignPatternThreshold: read.integer('CAMPAIGN_PATTERN_THRESHOLD', 5, 2, 1_000_000),
    webhookDelivery: {
      timeoutMs: read.integer('WEBHOOK_TIMEOUT_MS', 10_000, 100, 300_000),
      connectTimeoutMs: read.integer('WEBHOOK_CONNECT_TIMEOUT_MS', 5_000, 100, 300_000),
      maxFailures: read.integer('WEBHOOK_MAX_FAILURES', 20, 1, 10_000),
      concurrency: read.integer('WEBHOOK_CONCURRENCY', 32, 1, 1_000),
      tlsCaFile: read.optional('WEBHOOK_TLS_CA_FILE'),
    },
    analysis: {
      threads: read.integer('ANALYSIS_THREADS', Math.max(1, os.availableParallelism()), 1, 256),
      budgetMs: read.integer('ANALYSIS_BUDGET_MS', 10_000, 100, 600_000),
      authChecks: read.boolean('ANALYSIS_AUTH_CHECKS', true),
    },
    clamd: readClamd(read),
    mailboxes: {
      connectTimeoutMs: read.integer('MAILBOX_CONNECT_TIMEOUT_MS', 15_000, 100, 600_000),
      tlsCaFile: read.optional('MAILBOX_TLS_CA_FILE'),
      allowPrivateHosts: read.boolean('MAILBOX_ALLOW_PRIVATE_HOSTS', false),
    },
    warmup: {
      placementDeadlineMinutes: read.integer('WARMUP_PLACEMENT_DEADLINE_MINUTES', 60, 5, 10_080),
      lateArrivalHours: read.integer('WARMUP_LATE_ARRIVAL_HOURS', 24, 0, 720),
      folder: read.string('WARMUP_FOLDER', 'Warmup'),
      receiveBatch: read.integer('WARMUP_RECEIVE_BATCH', 50, 1, 1_000),
      receiveConcurrency: read.integer('WARMUP_RECEIVE_CONCURRENCY', 4, 1, 256),
      dsnIntervalMinutes: read.integer('WARMUP_DSN_INTERVAL_MINUTES', 15, 1, 1_440),
      sendConcurrency: read.integer('WARMUP_SEND_CONCURRENCY', 8, 1, 1_000),
      sendMaxAttempts: read.integer('WARMUP_SEND_MAX_ATTEMPTS', 5, 1, 50),
      sendRetryMinutes: read.integer('WARMUP_SEND_RETRY_MINUTES', 10, 1, 1_440),
      authRetryMinutes: read.integer('WARMUP_AUTH_RETRY_MINUTES', 30, 1, 1_440),
      checkDelaySeconds: read.integer('WARMUP_CHECK_DELAY_SECONDS', 60, 0, 86_400),
      smtpIdleSeconds: read.integer('WARMUP_SMTP_IDLE_SECONDS', 60, 1, 3_600),
      minGapMinutes: read.integer('WARMUP_MIN_GAP_MINUTES', 5, 0, 240),
      volumeVariancePercent: read.integer('WARMUP_VOLUME_VARIANCE_PERCENT', 15, 0, 50),
      pairCooldownDays: read.integer('WARMUP_PAIR_COOLDOWN_DAYS', 3, 0, 60),
      maxAuthFailures: read.integer('WARMUP_MAX_AUTH_FAILURES', 3, 1, 100),
    },
    smtp: {
      hostname: read.string('SMTP_HOSTNAME', os.hostname() || 'localhost'),
      maxMessageBytes: read.integer('SMTP_MAX_MESSAGE_BYTES', 26_214_400, 1024, 1_073_741_824),
      maxConnections: read.integer('SMTP_MAX_CONNECTIONS', 200, 1, 100_000),
      maxConnectionsPerIp: read.integer('SMTP_MAX_CONNECTIONS_PER_IP', 20, 1, 100_000),
      maxRecipients: read.integer('SMTP_MAX_RECIPIENTS', 100, 1, 10_000),
      tlsCertFile: read.optional('SMTP_TLS_CERT'),
      tlsKeyFile: read.optional('SMTP_TLS_KEY'),
    },
  };
  if ((config.smtp.tlsCertFile === undefined) !== (config.smtp.tlsKeyFile === undefined)) {
    read.problems.push('Set both SMTP_TLS_CERT and SMTP_TLS_KEY (PEM file paths), or neither to use a generated certificate.');
  }

  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}
