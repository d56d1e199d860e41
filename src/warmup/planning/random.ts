/**
 * Randomness for plans. Two kinds, on purpose:
 * - **seeded** (volumes, send times, content seeds, tie-breaks): a stream per mailbox-day from
 *   `seededRandom(mailboxId + date)`, so a plan is reproducible in tests and a re-plan of the same day
 *   does not reshuffle what stays;
 * - **unpredictable** (tokens, Message-IDs, row ids): IdSource (platform/time-ordered-ids.ts), from the
 *   system's CSPRNG, since a guessable token would let anyone forge a warm-up message.
 */
import { hashString, mulberry32 } from '../../platform/seeded-random.ts';

/** A seeded stream in [0, 1); a string seed is hashed first (mulberry32 over FNV-1a). */
export function seededRandom(seed: number | string): () => number {
  return mulberry32(typeof seed === 'string' ? hashString(seed) : seed);
}
