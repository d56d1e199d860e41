/**
 * Wall-clock time in an IANA time zone, with no library: offsets come from `Intl.DateTimeFormat`.
 * Shared by report schedules (src/reports/time/zoned.ts) and the warm-up planner
 * (src/warmup/planning/local-time.ts).
 *
 * Glossary
 * - **calendar date**: `{year, month (1–12), day}`, a date with no zone; as text `YYYY-MM-DD`.
 * - **wall clock**: what the zone's clocks read at an instant (date, hour 0–23, minute, second).
 * - **offset**: local wall time minus UTC, in ms (+3,600,000 for CET in winter, +19,800,000 in
 *   Asia/Kolkata); whole seconds.
 * - **ISO weekday**: 1 = Monday … 7 = Sunday.
 *
 * DST rule of `wallClockToUtc` (the one both schedules and warm-up send windows rely on):
 * - **gap** (spring forward; the wall time does not exist): the time is read with the offset in force
 *   before the gap, so it moves forward by the gap's length and lands past it. Europe/Paris on
 *   2026-03-29: 02:00 → 03:00 CEST (the gap's end, the first valid instant), 02:30 → 03:30 CEST.
 *   Australia/Lord_Howe's 30-minute gap: 02:15 → 02:45.
 * - **overlap** (fall back; the wall time occurs twice): its earlier occurrence. Europe/Paris on
 *   2026-10-25: 02:30 → 00:30Z (CEST), not 01:30Z (CET).
 *
 * Cost: formatting is the expensive part (a few µs a call), so one formatter per zone is cached for the
 * process. The cache holds only immutable `Intl` objects keyed by zone name, so sharing it across
 * callers is safe; it is bounded because zone names come from requests.
 */

const DAY_MS = 86_400_000;
/** ~600 IANA names exist; past this many, the cache is dropped and refilled rather than grown. */
const MAX_CACHED_ZONES = 1000;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export interface WallClockTime extends CalendarDate {
  hour: number;
  minute: number;
}

export interface WallClockReading extends WallClockTime {
  second: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The cached formatter of the zone; throws a RangeError when `Intl` does not know the zone. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23', // 0–23: 'h24' or hour12 would read midnight as 24
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (formatters.size >= MAX_CACHED_ZONES) formatters.clear();
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when `Intl` knows the zone (IANA names such as `Europe/Paris`, and `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.length === 0 || timeZone.length > 100) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Date and time (no weekday) the zone's clocks read at instant `ms`; throws RangeError for an unknown zone. */
function readWallClock(ms: number, timeZone: string): WallClockTime & { second: number } {
  const w = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(ms)) {
    switch (part.type) {
      case 'year': w.year = Number(part.value); break;
      case 'month': w.month = Number(part.value); break;
      case 'day': w.day = Number(part.value); break;
      case 'hour': w.hour = Number(part.value); break;
      case 'minute': w.minute = Number(part.value); break;
      case 'second': w.second = Number(part.value); break;
      default: break; // literals
    }
  }
  return w;
}

/** The wall-clock reading of instant `ms` (epoch ms) in the zone, with its ISO weekday. */
export function wallClockAt(ms: number, timeZone: string): WallClockReading {
  const w = readWallClock(ms, timeZone);
  return { ...w, weekday: isoWeekday(w) };
}

/** Offset of the zone at instant `ms` (local minus UTC, ms; whole seconds). */
export function offsetAt(ms: number, timeZone: string): number {
  const w = readWallClock(ms, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant (epoch ms) at which the zone's clocks read `local` (seconds default to 0), resolving DST
 * gaps and overlaps by the rule in the header.
 */
export function wallClockToUtc(local: WallClockTime & { second?: number }, timeZone: string): number {
  const naive = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second ?? 0);
  // Transitions are weeks apart, so the offsets half a day either side are the only candidates.
  const before = offsetAt(naive - DAY_MS / 2, timeZone);
  const after = offsetAt(naive + DAY_MS / 2, timeZone);
  // No transition nearby (the common case): checking the one candidate could only fall back to itself.
  if (before === after) return naive - before;
  let earliest: number | undefined;
  for (const offset of [before, after]) {
    const instant = naive - offset;
    if (instant + offsetAt(instant, timeZone) === naive && (earliest === undefined || instant < earliest)) earliest = instant;
  }
  return earliest ?? naive - before; // in the gap: the offset before it lands past the gap
}

/** The local date of instant `ms` in the zone as `YYYY-MM-DD` (sorts and compares as text). */
export function localDateString(ms: number, timeZone: string): string {
  return formatIsoDate(readWallClock(ms, timeZone));
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: CalendarDate): number {
  const day = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The calendar date `days` after `date` (before it when negative); months and years roll over. */
export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `YYYY-MM-DD` for a calendar date (years 1000–9999). */
export function formatIsoDate(date: CalendarDate): string {
  return `${date.year}-${pad2(date.month)}-${pad2(date.day)}`;
}

/** The calendar date of a `YYYY-MM-DD` string (not validated: callers pass dates this module wrote). */
export function parseIsoDate(date: string): CalendarDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}
