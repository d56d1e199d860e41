/**
 * Identifiers. Threat API ids are `<prefix>_<26 chars>`: 10 chars of millisecond time then 16 random
 * chars, in Crockford base32 (lowercase), so ids sort by creation time (the default list order is
 * `id:asc`) and are not guessable.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export type IdPrefix = 'user' | 'key' | 'honeypot' | 'email' | 'att' | 'webhook' | 'report' | 'evt' | 'campaign';

function encodeTime(ms: number): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function randomChars(count: number): string {
  const bytes = randomBytes(count);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return out;
}

export function newId(prefix: IdPrefix, nowMs: number = Date.now()): string {
  return `${prefix}_${encodeTime(nowMs)}${randomChars(16)}`;
}
