/**
 * Pure parts of campaign clustering: SimHash bands, the "same campaign" test, and how a campaign's
 * IOCs grow. The SQL that finds candidates is in campaigns.repo.ts; the order of the tests in
 * campaigns.service.ts.
 *
 * Two messages belong to one campaign when any of these holds (strongest first):
 * 1. they share an attachment (same SHA-256);
 * 2. their body SimHashes are within Hamming distance ≤ `SIMHASH_MAX_DISTANCE` (same text with names,
 *    amounts or tokens changed);
 * 3. their links point to exactly the same set of registered domains (`url_set`);
 * 4. they come from the same sender registered domain through the same origin network (/24 or /48),
 *    unless that domain is a freemail provider (everyone's mail shares gmail.com and its networks).
 *
 * SimHash candidates come from four 16-bit bands: two hashes within distance 3 always share a band
 * (pigeonhole), and most pairs at distance 4–6 do too (the differing bits would have to touch all four
 * bands). The candidates are then checked exactly with `hammingDistance`. This trades a small miss rate
 * at distance 4–6 for an indexed lookup: at 100,000 campaigns a band value matches ~1.5 rows.
 */
import { hammingDistance } from '../analysis/fingerprint.ts';
import { FREEMAIL_DOMAINS } from '../analysis/sender/lists.ts';
import type { IocSet } from '../analysis/types.ts';

/** Largest Hamming distance between two body SimHashes of one campaign (bits of 64). */
export const SIMHASH_MAX_DISTANCE = 6;
/** The SimHash of an empty body: never a match (every empty message would be one campaign). */
export const EMPTY_SIMHASH = '0'.repeat(16);
/** IOCs kept per kind in `shared_iocs` and in `seen_iocs`: bounds the row size for mail with thousands of links. */
export const MAX_IOCS_PER_KIND = 100;

export type Bands = [number, number, number, number];

/** The four 16-bit bands of a 16-hex-digit SimHash, or null for the empty body or a malformed hash. */
export function simhashBands(simhash: string | null): Bands | null {
  if (simhash === null || simhash === EMPTY_SIMHASH || !/^[0-9a-f]{16}$/.test(simhash)) return null;
  return [0, 1, 2, 3].map((i) => parseInt(simhash.slice(i * 4, i * 4 + 4), 16)) as Bands;
}

export function isNearSimhash(a: string | null, b: string | null): boolean {
  if (a === null || b === null || a === EMPTY_SIMHASH || b === EMPTY_SIMHASH) return false;
  return hammingDistance(a, b) <= SIMHASH_MAX_DISTANCE;
}

/** May sender domain + origin network identify a campaign? Not for freemail, whose networks everybody shares. */
export function infrastructureUsable(senderDomain: string | null, originNetwork: string | null): senderDomain is string {
  return senderDomain !== null && originNetwork !== null && !FREEMAIL_DOMAINS.has(senderDomain);
}

export const IOC_KINDS = ['urls', 'domains', 'ips', 'hashes'] as const;

export function emptyIocSet(): IocSet {
  return { urls: [], domains: [], ips: [], hashes: [] };
}

export function parseIocSet(json: string | null): IocSet {
  if (json === null || json === '') return emptyIocSet();
  const value = JSON.parse(json) as Partial<IocSet>;
  return { urls: value.urls ?? [], domains: value.domains ?? [], ips: value.ips ?? [], hashes: value.hashes ?? [] };
}

/**
 * Adds one message's IOCs: an IOC already seen once moves to `shared`; a new one goes to `seen`.
 * Both lists stay at most `MAX_IOCS_PER_KIND` long per kind (the oldest seen-once IOCs are dropped first).
 */
export function mergeIocs(shared: IocSet, seen: IocSet, message: IocSet): { shared: IocSet; seen: IocSet } {
  const nextShared = emptyIocSet();
  const nextSeen = emptyIocSet();
  for (const kind of IOC_KINDS) {
    const sharedSet = new Set(shared[kind]);
    const seenSet = new Set(seen[kind]);
    for (const ioc of new Set(message[kind])) {
      if (sharedSet.has(ioc)) continue;
      if (seenSet.has(ioc)) {
        seenSet.delete(ioc);
        if (sharedSet.size < MAX_IOCS_PER_KIND) sharedSet.add(ioc);
      } else {
        seenSet.add(ioc);
      }
    }
    nextShared[kind] = [...sharedSet];
    nextSeen[kind] = [...seenSet].slice(-MAX_IOCS_PER_KIND);
  }
  return { shared: nextShared, seen: nextSeen };
}
