/**
 * Campaign fingerprint: what lets the campaigns issue cluster messages that are the same attack sent
 * many times with small changes (names, numbers, tracking tokens).
 *
 * - `body_simhash`: 64-bit SimHash (16 hex digits) over the words and word pairs of the normalised body —
 *   digits, URLs and e-mail addresses replaced by placeholders, case and punctuation dropped — so two
 *   copies differing in a name or an amount are a few bits apart (Hamming distance ≤ 6 is "same text").
 * - `url_set`: SHA-256 (first 16 hex) of the sorted registered domains the links point to.
 * - `infrastructure`: sender registered domain and the origin IP's /24 (IPv4) or /48 (IPv6).
 * - `attachment_hashes`: SHA-256 of every attachment, sorted.
 */
import { createHash } from 'node:crypto';

export interface Fingerprint {
  body_simhash: string;
  url_set: string | null;
  infrastructure: { sender_domain: string | null; origin_network: string | null };
  attachment_hashes: string[];
}

/** Characters of body used: enough to characterise a message, bounded for speed. */
const MAX_BODY_CHARS = 16_000;

/**
 * Words of the body for the SimHash: lower case, URLs → `url`, e-mail addresses → `email`, digit runs
 * → `0`. Works token by token (whitespace-split, each token at most 256 characters) so no pattern ever
 * scans a long run twice: linear in the body length.
 */
export function normaliseBody(text: string): string[] {
  const words: string[] = [];
  for (const token of text.slice(0, MAX_BODY_CHARS).toLowerCase().split(/\s+/)) {
    if (token === '') continue;
    if (token.length > 256) {
      words.push('long');
      continue;
    }
    if (token.includes('://') || token.startsWith('www.')) {
      words.push('url');
      continue;
    }
    if (/^[^@]+@[^@]+\.[^@]+$/.test(token)) {
      words.push('email');
      continue;
    }
    for (const word of token.replace(/\d+/g, '0').split(/[^\p{L}\p{N}]+/u)) if (word !== '') words.push(word);
  }
  return words;
}

/**
 * 64-bit SimHash of the words and word pairs as 16 hex digits; all zeros for an empty body. Words keep
 * a changed name or amount from moving many bits; pairs keep word order relevant.
 */
export function simhash(words: readonly string[]): string {
  const counts = new Int32Array(64);
  if (words.length === 0) return '0'.repeat(16);
  const shingles = [...words, ...words.slice(0, -1).map((w, i) => `${w} ${words[i + 1]}`)];
  for (const shingle of shingles) {
    const low = fnv1a(shingle, 0x811c9dc5);
    const high = fnv1a(shingle, 0x01000193 ^ 0x5bd1e995);
    for (let bit = 0; bit < 32; bit++) {
      counts[bit]! += (low >>> bit) & 1 ? 1 : -1;
      counts[bit + 32]! += (high >>> bit) & 1 ? 1 : -1;
    }
  }
  let hex = '';
  for (let nibble = 0; nibble < 16; nibble++) {
    let value = 0;
    for (let i = 0; i < 4; i++) if (counts[nibble * 4 + i]! > 0) value |= 1 << (3 - i);
    hex += value.toString(16);
  }
  return hex;
}

/** 32-bit FNV-1a over UTF-16 code units with a murmur-style finaliser (non-cryptographic: speed matters here, not secrecy). */
function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Bits that differ between two 16-hex-digit SimHashes. */
export function hammingDistance(a: string, b: string): number {
  let distance = 0;
  for (let i = 0; i < 16; i++) {
    let x = parseInt(a[i] ?? '0', 16) ^ parseInt(b[i] ?? '0', 16);
    while (x !== 0) {
      distance += x & 1;
      x >>= 1;
    }
  }
  return distance;
}

export function originNetwork(ip: string | null): string | null {
  if (ip === null) return null;
  if (ip.includes(':')) return `${ip.split(':').slice(0, 3).join(':')}::/48`;
  const parts = ip.split('.');
  return parts.length === 4 ? `${parts.slice(0, 3).join('.')}.0/24` : null;
}

export function buildFingerprint(input: { body: string; linkDomains: readonly string[]; senderDomain: string | null; originIp: string | null; attachmentHashes: readonly string[] }): Fingerprint {
  const domains = [...new Set(input.linkDomains)].sort();
  return {
    body_simhash: simhash(normaliseBody(input.body)),
    url_set: domains.length === 0 ? null : createHash('sha256').update(domains.join('\n')).digest('hex').slice(0, 16),
    infrastructure: { sender_domain: input.senderDomain, origin_network: originNetwork(input.originIp) },
    attachment_hashes: [...new Set(input.attachmentHashes)].sort(),
  };
}
