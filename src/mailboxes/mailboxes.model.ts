/**
 * Mailbox values: the defaults a new mailbox starts with, input normalisation and checks, and the
 * mapping from a row to the documented API shapes (CONTRACT.md §2).
 */
import net from 'node:net';
import type { Selectable } from 'kysely';
import type { MailboxesTable } from '../platform/db/schema.ts';
import { InvalidInput } from '../platform/errors.ts';
import type { MailboxCreateBody } from './mailboxes.schema.ts';

export type MailboxRow = Selectable<MailboxesTable>;
export type Security = 'tls' | 'starttls';

/**
 * What a new mailbox starts with, until the warm-up engine takes over. The warm-up settings are the
 * seed's `GET /v1/warmup` example, which is also the default (balanced) mode: start at 5/day, ramp to
 * at most 40/day.
 */
export const NEW_MAILBOX_DEFAULTS = {
  /** Nothing bad observed yet. */
  health_score: 100,
  /** Balanced mode's first-day volume. */
  daily_limit: 5,
  /** Warm-up has not started (day 1 is its first sending day). */
  warmup_day: 0,
  warmup_mode: 'balanced',
  target_daily_limit: 40,
  reply_rate: 30,
  thread_rate: 15,
  weekdays_only: 0,
  send_window_start: 8,
  send_window_end: 18,
  timezone: 'UTC',
  /** The warm-up engine's own state: nothing planned, no reasons, no failures yet. */
  warmup_planned_through: null,
  health_reasons: null,
  last_auth_failure_at: null,
  imap_checked_at: null,
  imap_claimed_until: null,
  imap_dsn_cursor: null,
  health_confident: 0,
  auth_failures: 0,
} as const;

/** Ports whose servers speak TLS from the first byte; any other port upgrades with STARTTLS. */
const IMPLICIT_TLS_PORTS = { smtp: 465, imap: 993 };

const EMAIL = /^[^\s@"<>()[\\\],;:]{1,64}@([^\s@]+)$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A DNS name (letters, digits, hyphens; at least two labels; no trailing dot), lower-cased. */
export function isHostName(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  const labels = value.split('.');
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && !/^\d+$/.test(labels.at(-1)!);
}

/** `host` as stored: trimmed, lower-cased, IPv6 brackets removed. Throws InvalidInput naming `field`. */
export function normalizeHost(field: string, value: string): string {
  const host = value.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (net.isIP(host) !== 0 || isHostName(host)) return host;
  throw new InvalidInput(`${field} "${value}" is not a host name or IP address; write only the server's name, like smtp.example.com (no scheme, no port).`, {
    field,
    value,
  });
}

export function normalizeEmail(value: string): { email: string; domain: string } {
  const email = value.trim().toLowerCase();
  const match = EMAIL.exec(email);
  if (email.length > 254 || match === null || !isHostName(match[1]!)) {
    throw new InvalidInput(`email "${value}" is not an e-mail address; write it like hello@example.com.`, { field: 'email', value });
  }
  return { email, domain: match[1]! };
}

function requirePassword(field: string, value: string, protocol: string): string {
  if (value.length === 0) {
    throw new InvalidInput(
      `${field} is empty; give the mailbox's ${protocol} password (Gmail, Outlook, Yahoo and iCloud need an app password here).`,
      { field },
    );
  }
  return value;
}

function securityFor(explicit: Security | undefined, port: number, protocol: 'smtp' | 'imap'): Security {
  return explicit ?? (port === IMPLICIT_TLS_PORTS[protocol] ? 'tls' : 'starttls');
}

/** The connection settings of a create body, checked and normalised (passwords still plaintext). */
export interface MailboxInput {
  email: string;
  domain: string;
  smtp: ServerSettings;
  imap: ServerSettings;
}

export interface ServerSettings {
  host: string;
  port: number;
  security: Security;
  user: string;
  pass: string;
}

export function parseCreateBody(body: MailboxCreateBody): MailboxInput {
  const { email, domain } = normalizeEmail(body.email);
  return {
    email,
    domain,
    smtp: {
      host: normalizeHost('smtp_host', body.smtp_host),
      port: body.smtp_port,
      security: securityFor(body.smtp_security, body.smtp_port, 'smtp'),
      user: body.smtp_user?.trim() || email,
      pass: requirePassword('smtp_pass', body.smtp_pass, 'SMTP'),
    },
    imap: {
      host: normalizeHost('imap_host', body.imap_host),
      port: body.imap_port,
      security: securityFor(body.imap_security, body.imap_port, 'imap'),
      user: body.imap_user?.trim() || email,
      pass: requirePassword('imap_pass', body.imap_pass, 'IMAP'),
    },
  };
}

/** `verifying` while the login check is pending; then `verified` or `failed`. */
export type Verification = MailboxRow['verify_state'];

export interface DnsStatus {
  spf: string;
  dkim: string;
  dmarc: string;
}

/** The last DNS check's statuses; `unknown` before the first check of the domain. */
export function dnsStatusOf(row: MailboxRow): DnsStatus {
  return { spf: row.dns_spf ?? 'unknown', dkim: row.dns_dkim ?? 'unknown', dmarc: row.dns_dmarc ?? 'unknown' };
}

export function toListItem(row: MailboxRow) {
  return {
    id: row.id,
    email: row.email,
    provider: row.provider,
    status: row.status,
    health_score: row.health_score,
    daily_limit: row.daily_limit,
    warmup_day: row.warmup_day,
    created_at: row.created_at,
  };
}

export function toDetail(row: MailboxRow) {
  const folders = row.imap_folders === null ? null : (JSON.parse(row.imap_folders) as Record<string, string>);
  return {
    ...toListItem(row),
    warmup_started_at: row.warmup_started_at,
    dns_status: dnsStatusOf(row),
    dns_checked_at: row.dns_checked_at,
    connection_error: row.connection_error,
    // Beyond the seed: where the login check stands, and the (password-free) connection settings.
    verification: row.verify_state,
    verified_at: row.verified_at,
    smtp: { host: row.smtp_host, port: row.smtp_port, security: row.smtp_security, user: row.smtp_user },
    imap: { host: row.imap_host, port: row.imap_port, security: row.imap_security, user: row.imap_user, folders },
    updated_at: row.updated_at,
  };
}
