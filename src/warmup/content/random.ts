/**
 * A small seeded pseudo-random generator for the content writer. Deterministic on purpose: only a
 * message's seed is stored, and the sender rewrites the same body from it at send time (and the
 * recipient side rewrites a parent to quote it). Not for anything secret.
 */

import { hashString } from '../../platform/seeded-random.ts';

export { hashString, SeededRandom as Random } from '../../platform/seeded-random.ts';

/** A 32-bit seed derived from `seed` and some strings (the same inputs always give the same seed). */
export function mixSeed(seed: number, ...parts: string[]): number {
  let hash = hashString(String(seed >>> 0));
  for (const part of parts) hash = hashString(`\u0000${part}`, hash);
  return hash;
}
