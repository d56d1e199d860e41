/**
 * Wall-clock time in a report schedule's IANA time zone: the shapes and names the report code uses, over
 * the shared zone arithmetic in src/platform/time-zone.ts (cached `Intl` formatters, no library).
 *
 * Glossary
 * - **local date**: a calendar date `{year, month (1–12), day}` in the zone.
 * - **offset**: local wall time minus UTC, in ms (+3,600,000 for CET in winter).
 *
 * DST rules (documented for schedules; they are the platform's):
 * - a wall time that does not exist (the spring-forward gap, e.g. 02:30 on the last Sunday of March in
 *   Europe/Paris) resolves to the same distance past the gap's start with the offset before it, i.e.
 *   it moves forward by the gap (02:30 → 03:30 CEST);
 * - a wall time that occurs twice (the fall-back hour) resolves to its first occurrence.
 */
import {
  addCalendarDays,
  isoWeekday,
  wallClockAt,
  wallClockToUtc,
  type CalendarDate,
  type WallClockReading,
  type WallClockTime,
} from '../../platform/time-zone.ts';

export { isValidTimeZone, offsetAt } from '../../platform/time-zone.ts';

export type LocalDate = CalendarDate;
export type LocalDateTime = WallClockTime;

/** The wall-clock reading of instant `ms` in the zone, plus its ISO weekday (1 = Monday … 7 = Sunday). */
export function wallClock(ms: number, timeZone: string): WallClockReading {
  return wallClockAt(ms, timeZone);
}

/** The instant (epoch ms) at which the zone's clocks read `local` (see the DST rules above). */
export function zonedToUtc(local: LocalDateTime, timeZone: string): number {
  return wallClockToUtc(local, timeZone);
}

/** Local midnight starting `date` in the zone, as epoch ms. */
export function startOfLocalDay(date: LocalDate, timeZone: string): number {
  return wallClockToUtc({ ...date, hour: 0, minute: 0 }, timeZone);
}

/** The local date `days` after (or before, when negative) `date`. */
export function addDays(date: LocalDate, days: number): LocalDate {
  return addCalendarDays(date, days);
}

/** The first day of the month `months` after `date`'s month. */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1 + months, 1));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: 1 };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ISO weekday of a local date (1 = Monday … 7 = Sunday). */
export function weekdayOf(date: LocalDate): number {
  return isoWeekday(date);
}

export function localDateOf(ms: number, timeZone: string): LocalDate {
  const { year, month, day } = wallClockAt(ms, timeZone);
  return { year, month, day };
}
