/**
 * Local dates and wall-clock hours in a mailbox's IANA time zone, over the shared zone arithmetic in
 * src/platform/time-zone.ts (cached `Intl` formatters, no library).
 *
 * - A **local date** is `YYYY-MM-DD` in the zone (the form stored in `plan_date`, `warmup_planned_through`
 *   and `warmup_daily_stats.date`, so they compare as text).
 * - DST: a send window is turned into two instants (its start and end hour on that date), and send times
 *   are drawn between those instants, so every planned time is a real instant inside the window whatever
 *   the transitions do. A window hour that does not exist (the spring-forward gap) resolves past the gap
 *   (02:00 → 03:00 on the day clocks go forward); one that occurs twice (fall back) resolves to its first
 *   occurrence (the platform's rule).
 *
 * Formatting is the costly part (microseconds a call), so the platform caches formatters per zone and the
 * planner caches results per (zone, date): 100,000 mailboxes in a few zones cost a few calls, not 100,000.
 */
import { addCalendarDays, formatIsoDate, isoWeekday, localDateString, parseIsoDate, wallClockToUtc } from '../../platform/time-zone.ts';

export { isValidTimeZone } from '../../platform/time-zone.ts';

const DAY_MS = 86_400_000;

/** The local date (YYYY-MM-DD) of instant `ms` in the zone. */
export function localDateOf(ms: number, timeZone: string): string {
  return localDateString(ms, timeZone);
}

/** The date `days` after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  return formatIsoDate(addCalendarDays(parseIsoDate(date), days));
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  return isoWeekday(parseIsoDate(date));
}

export function isWeekend(date: string): boolean {
  return weekdayOf(date) >= 6;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const a = parseIsoDate(from);
  const b = parseIsoDate(to);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY_MS);
}

/** The instant at which the zone's clocks read `hour`:00 on `date` (DST rules in the header). */
export function zonedHourToUtc(date: string, hour: number, timeZone: string): number {
  return wallClockToUtc({ ...parseIsoDate(date), hour, minute: 0 }, timeZone);
}

/** Start (inclusive) and end (exclusive) of local `date` as instants. */
export function localDayBounds(date: string, timeZone: string): { startMs: number; endMs: number } {
  return { startMs: zonedHourToUtc(date, 0, timeZone), endMs: zonedHourToUtc(addDays(date, 1), 0, timeZone) };
}
