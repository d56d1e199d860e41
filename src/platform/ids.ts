/**
 * Identifiers. Threat API ids are `<prefix>_<26 chars>`: 10 chars of millisecond time then 16 random
 * chars, in Crockford base32 (lowercase), so ids sort by creation time (the default list order is
 * `id:asc`) and are not guessable.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export type IdPrefix =
  | 'user'
  | 'key'
  | 'honeypot'
  | 'email'
  | 'att'
  | 'webhook'
  | 'report'
  | 'evt'
  | 'campaign'
  | 'audit'
  | 'sess'
  | 'login'
  | 'rt'
  | 'dlv';

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

/** Adds one to a base32 string (carrying leftwards); all-`z` wraps to all-`0`, which 2^80 ids never reach. */
function increment(chars: string): string {
  const digits = [...chars];
  for (let i = digits.length - 1; i >= 0; i--) {
    const value = ALPHABET.indexOf(digits[i]!);
    if (value < 31) {
      digits[i] = ALPHABET[value + 1]!;
      return digits.join('');
    }
    digits[i] = '0';
  }
  return digits.join('');
}

/**
 * Ids made by one process are strictly increasing, even within one millisecond or when the clock
 * steps back: the random part is then the previous one plus one (as monotonic ULIDs do), so the
 * default `id:asc` order is the order things happened. This state is the module's only one.
 */
let last = { time: -1, random: '' };

export function newId(prefix: IdPrefix, nowMs: number = Date.now()): string {
  if (nowMs <= last.time) last = { time: last.time, random: increment(last.random) };
  else last = { time: nowMs, random: randomChars(16) };
  return `${prefix}_${encodeTime(last.time)}${last.random}`;
}
