/**
 * Report schedules and the periods reports cover.
 *
 * A schedule `{frequency, day, time, timezone}` fires at wall-clock `time` ("HH:MM", 24-hour) in
 * `timezone` (IANA, default UTC):
 * - `daily`: every day (`day` is ignored and stored as null);
 * - `weekly`: on weekday `day` (1 = Monday … 7 = Sunday; a name such as "monday" is accepted too);
 * - `monthly`: on day-of-month `day` (1–31; in shorter months, on the month's last day).
 * DST: see zoned.ts (a time in the spring-forward gap moves forward by the gap; a repeated time fires
 * once, at its first occurrence).
 *
 * Each run covers the period that has just ended, in whole local days before the run's local date:
 * daily → the previous day; weekly → the previous 7 days; monthly → the previous calendar month.
 */
import type { Period } from '../../analytics/types.ts';
import { addDays, addMonths, daysInMonth, localDateOf, startOfLocalDay, weekdayOf, zonedToUtc, type LocalDate } from './zoned.ts';

export const FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export interface Schedule {
  frequency: Frequency;
  /** null for daily; ISO weekday 1–7 for weekly; day of month 1–31 for monthly. */
  day: number | null;
  /** "HH:MM", 24-hour. */
  time: string;
  /** IANA time zone. */
  timezone: string;
}

/** Days scanned ahead for the next run: a monthly schedule always fires within 62 days. */
const MAX_SCAN_DAYS = 400;

function runsOn(schedule: Schedule, date: LocalDate): boolean {
  if (schedule.frequency === 'daily') return true;
  if (schedule.frequency === 'weekly') return weekdayOf(date) === schedule.day;
  return date.day === Math.min(schedule.day ?? 1, daysInMonth(date.year, date.month));
}

function runInstant(schedule: Schedule, date: LocalDate): number {
  const [hour, minute] = schedule.time.split(':').map(Number) as [number, number];
  return zonedToUtc({ ...date, hour, minute }, schedule.timezone);
}

/** The first time the schedule fires strictly after `afterMs` (epoch ms). */
export function nextRunAfter(schedule: Schedule, afterMs: number): number {
  // Start a day early: the local date of `afterMs` may lag the run's date across the zone's offset.
  let date = addDays(localDateOf(afterMs, schedule.timezone), -1);
  for (let i = 0; i < MAX_SCAN_DAYS; i++, date = addDays(date, 1)) {
    if (!runsOn(schedule, date)) continue;
    const at = runInstant(schedule, date);
    if (at > afterMs) return at;
  }
  throw new Error(`No run of schedule ${JSON.stringify(schedule)} within ${MAX_SCAN_DAYS} days`); // unreachable for valid schedules
}

function period(startMs: number, endMs: number): Period {
  return { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() };
}

/** The period a run at `runMs` covers: whole local days that ended before the run's local date. */
export function periodEndingBefore(schedule: Schedule, runMs: number): Period {
  const today = localDateOf(runMs, schedule.timezone);
  const end = startOfLocalDay(today, schedule.timezone);
  if (schedule.frequency === 'daily') return period(startOfLocalDay(addDays(today, -1), schedule.timezone), end);
  if (schedule.frequency === 'weekly') return period(startOfLocalDay(addDays(today, -7), schedule.timezone), end);
  const monthStart = startOfLocalDay({ ...today, day: 1 }, schedule.timezone);
  return period(startOfLocalDay(addMonths(today, -1), schedule.timezone), monthStart);
}

/**
 * The default period of a report created without one, by type, relative to `nowMs` in `timeZone`:
 * - daily_digest: the previous local day;
 * - weekly_summary: the previous 7 local days (ending at today's local midnight);
 * - monthly_analysis: the previous calendar month;
 * - executive_summary, custom: the previous 30 local days;
 * - compliance: the previous 90 local days;
 * - incident: the last 24 hours, ending now.
 */
export function defaultPeriod(type: string, nowMs: number, timeZone: string): Period {
  const today = localDateOf(nowMs, timeZone);
  const midnight = startOfLocalDay(today, timeZone);
  const daysBack = (days: number) => period(startOfLocalDay(addDays(today, -days), timeZone), midnight);
  switch (type) {
    case 'daily_digest':
      return daysBack(1);
    case 'weekly_summary':
      return daysBack(7);
    case 'monthly_analysis':
      return period(startOfLocalDay(addMonths(today, -1), timeZone), startOfLocalDay({ ...today, day: 1 }, timeZone));
    case 'compliance':
      return daysBack(90);
    case 'incident':
      return period(nowMs - 86_400_000, nowMs);
    default:
      return daysBack(30);
  }
}
