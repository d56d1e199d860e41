/**
 * Configuration: every environment variable Mailwarden reads, validated once into one typed object.
 *
 * `loadConfig(env)` never throws on the first bad variable: it collects every problem and throws a
 * single `ConfigError` listing all of them, so a person fixes their environment in one pass.
 * Nothing here runs at import time.
 */
import os from 'node:os';
import path from 'node:path';

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
  /** Outbound relay for the mail Mailwarden itself sends (sign-in links), `smtp://user:pass@host:587`. */
  smtpRelayUrl: string | undefined;
  /** Secret for encrypting stored credentials; generated into `<dataDir>/secret` when unset. */
  secret: string | undefined;
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
  /** Inbound SMTP settings (the MX for honeypot domains). */
  smtp: SmtpConfig;
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
    smtpRelayUrl,
    secret,
    mailFrom,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    selfSignup: read.boolean('SELF_SIGNUP', false),
    emailRetentionDays: read.integer('EMAIL_RETENTION_DAYS', 365, 1, 36_500),
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
