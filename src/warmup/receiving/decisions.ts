/**
 * The engaged person's choices (flag it? answer it? how soon?), each drawn from the row's token so it is
 * the same on every pass and every worker: a restart that re-runs a step decides exactly as before, and
 * nothing random needs storing. Different `purpose`s give independent draws.
 */
import { createHash } from 'node:crypto';

/** A number in [0, 1) fixed by `token` and `purpose`. */
export function draw(token: string, purpose: string): number {
  const digest = createHash('sha256').update(`${purpose}:${token}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

/** True with probability `percent` / 100 (0–100). */
export function chance(token: string, purpose: string, percent: number): boolean {
  return draw(token, purpose) * 100 < percent;
}

/** An integer in [min, max] fixed by `token` and `purpose`. */
export function between(token: string, purpose: string, min: number, max: number): number {
  return min + Math.floor(draw(token, purpose) * (max - min + 1));
}
