/**
 * Honeypot values: address rules, tag and webhook checks, and the row ↔ API object mapping.
 * Pure functions; the service decides when to apply them.
 */
import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { HoneypotsTable } from '../platform/db/schema.ts';
import { InvalidInput, Unprocessable } from '../platform/errors.ts';
import { MAX_TAGS, MAX_TAG_LENGTH, type Honeypot } from './honeypots.schema.ts';

export type HoneypotRow = Selectable<HoneypotsTable>;

/** RFC 5321 dot-atom local part (no quoted strings): atext runs separated by single dots. */
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const MAX_LOCAL_PART = 64;
const MAX_ADDRESS = 254;
/** Random local parts: 20 base32 characters = 100 bits, so nobody can guess a generated address. */
const GENERATED_LOCAL_CHARS = 20;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** How every honeypot address is stored and looked up: trimmed and lower-cased. */
export function normalizeAddress(address: string): string {
  return address.trim().toLowerCase();
}

function acceptedDomainsHint(domains: readonly string[]): string {
  return domains.length === 0
    ? 'this server receives mail for no domain yet: the operator must set HONEYPOT_DOMAINS (comma-separated domains whose MX points here)'
    : `accepted domains: ${domains.join(', ')}`;
}

/**
 * Validates a client-given address. Malformed → InvalidInput (400); a domain the server does not
 * receive mail for → Unprocessable (422) naming the accepted domains.
 */
export function parseHoneypotAddress(raw: string, domains: readonly string[]): { address: string; domain: string } {
  const address = normalizeAddress(raw);
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (at <= 0 || domain === '' || address.length > MAX_ADDRESS || local.length > MAX_LOCAL_PART || !LOCAL_PART.test(local)) {
    throw new InvalidInput(`"${raw}" is not an email address honeypots can use (write it as local-part@domain, without quotes or spaces).`, {
      field: 'email_address',
      value: raw,
    });
  }
  if (!domains.includes(domain)) {
    throw new Unprocessable(`Cannot create a honeypot at ${address}: this server does not receive mail for ${domain}; ${acceptedDomainsHint(domains)}.`, {
      field: 'email_address',
      value: raw,
      accepted_domains: [...domains],
    });
  }
  return { address, domain };
}

/** A random address on the first configured domain, for a create request that gave none. */
export function generateHoneypotAddress(domains: readonly string[]): { address: string; domain: string } {
  const domain = domains[0];
  if (domain === undefined) {
    throw new Unprocessable(`Cannot generate a honeypot address: ${acceptedDomainsHint(domains)}.`, {
      field: 'email_address',
      value: null,
      accepted_domains: [],
    });
  }
  let local = '';
  for (const byte of randomBytes(GENERATED_LOCAL_CHARS)) local += BASE32[byte & 31];
  return { address: `${local}@${domain}`, domain };
}

/** Trimmed, without duplicates (first occurrence kept); each 1..MAX_TAG_LENGTH printable characters. */
export function normalizeTags(tags: readonly string[], field = 'tags'): string[] {
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
    if (tag === '' || tag.length > MAX_TAG_LENGTH || /[\u0000-\u001f\u007f]/.test(tag)) {
      throw new InvalidInput(`Each tag must be 1–${MAX_TAG_LENGTH} printable characters; got "${raw}".`, { field, value: raw });
    }
    if (!out.includes(tag)) out.push(tag);
  }
  if (out.length > MAX_TAGS) throw new InvalidInput(`A honeypot takes at most ${MAX_TAGS} tags.`, { field, value: tags });
  return out;
}

/** An absolute http(s) URL. Private and loopback targets are refused when delivering, per configuration. */
export function checkWebhookUrl(url: string | null): string | null {
  if (url === null) return null;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new InvalidInput(`alerts.webhook_url must be an absolute http:// or https:// URL; got "${url}".`, { field: 'alerts.webhook_url', value: url });
  }
  return url;
}

/** What is kept of a secret for masking: its last 4 characters when it is long enough to spare them, else nothing. */
export function secretHint(secret: string): string {
  return secret.length >= 12 ? secret.slice(-4) : '';
}

/** `****` + the last 4 characters: enough to tell secrets apart, too little to use one. */
function maskedSecret(row: Pick<HoneypotRow, 'alerts_webhook_secret_enc' | 'alerts_webhook_secret_hint'>): string | null {
  return row.alerts_webhook_secret_enc === null ? null : `****${row.alerts_webhook_secret_hint ?? ''}`;
}

export function parseTagsColumn(text: string): string[] {
  return JSON.parse(text) as string[];
}

/**
 * The API object. The webhook secret is stored encrypted and shown masked; the creating response passes
 * the plaintext it just wrote as `revealedSecret` (the only time it is shown in full).
 */
export function toHoneypot(row: HoneypotRow, options: { revealedSecret?: string | null } = {}): Honeypot {
  return {
    id: row.id,
    email_address: row.email_address,
    domain: row.domain,
    purpose: row.purpose,
    description: row.description,
    category: row.category,
    priority: row.priority,
    tags: parseTagsColumn(row.tags),
    status: row.status,
    alerts: {
      enabled: row.alerts_enabled === 1,
      threat_threshold: row.alerts_threat_threshold,
      email_notifications: row.alerts_email_notifications === 1,
      webhook_url: row.alerts_webhook_url,
      webhook_secret: options.revealedSecret !== undefined ? options.revealedSecret : maskedSecret(row),
      webhook_status: row.alerts_webhook_url === null ? null : row.alerts_webhook_disabled_at === null ? 'active' : 'disabled',
      webhook_disabled_reason: row.alerts_webhook_disabled_reason,
    },
    email_count: Number(row.email_count),
    last_email_at: row.last_email_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
