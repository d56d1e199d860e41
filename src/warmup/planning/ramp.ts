/**
 * How many new threads a mailbox starts on a warm-up day.
 *
 * Ramp (documented choice): **linear** from the mode's `start` on day 1 to its `max` on day
 * `RAMP_DAYS` (30), flat after that; capped by `target_daily_limit`:
 *
 *   ramp(day) = min(target, round(start + (max − start) × min(1, (day − 1) / (RAMP_DAYS − 1))))
 *
 * e.g. balanced (5 → 40): day 1 → 5, day 10 → 16, day 20 → 28, day 30+ → 40. Linear rather than
 * geometric because a geometric ramp spends its first two weeks near `start` and then climbs fast at
 * the end, which is the pattern mailbox providers distrust; a linear ramp adds about the same few
 * messages each day.
 *
 * Day-to-day variance: the day's volume is the ramp value times (1 ± up to `variance`, default 15 %),
 * drawn from the mailbox-day's seeded random stream, rounded, at least 1 and never above the cap: a
 * real person does not send exactly 17 messages every day. `daily_limit` stores the ramp value (the
 * day's limit before variance).
 */
import { MODES, type WarmupMode } from '../types.ts';

/** Day on which the ramp reaches the mode's max. */
export const RAMP_DAYS = 30;

/** The day's limit before variance (≥ 1 for day ≥ 1). */
export function rampLimit(mode: WarmupMode, day: number, targetDailyLimit: number): number {
  const { start, max } = MODES[mode];
  const progress = Math.min(1, Math.max(0, (day - 1) / (RAMP_DAYS - 1)));
  const ramp = Math.round(start + (max - start) * progress);
  return Math.max(1, Math.min(ramp, max, targetDailyLimit));
}

/**
 * The day's volume: `limit` moved by up to ±`variance` (a fraction) with `random()` in [0, 1),
 * at least 1, never above `cap`.
 */
export function varyVolume(limit: number, variance: number, random: () => number, cap: number): number {
  const factor = 1 + (random() * 2 - 1) * variance;
  return Math.max(1, Math.min(cap, Math.round(limit * factor)));
}

export function isMode(value: unknown): value is WarmupMode {
  return typeof value === 'string' && Object.hasOwn(MODES, value);
}
