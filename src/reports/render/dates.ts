/**
 * Dates as people read them in reports and report mail, in the report's time zone (the schedule's,
 * else UTC): "12 Mar 2026", "12 Mar 2026 06:00", periods with an inclusive last day.
 */
import { addDays, wallClock, type LocalDate } from '../time/zoned.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function dateText(d: LocalDate): string {
  return `${d.day} ${MONTHS[d.month - 1]} ${d.year}`;
}

function zoneLabel(timeZone: string): string {
  return timeZone === 'UTC' || timeZone === 'Etc/UTC' ? 'UTC' : timeZone;
}

/** "12 Mar 2026" in the zone. */
export function formatDate(iso: string, timeZone = 'UTC'): string {
  return dateText(wallClock(Date.parse(iso), timeZone));
}

/** "12 Mar 2026 14:30 UTC" / "12 Mar 2026 15:30 Europe/Paris". */
export function formatDateTime(iso: string, timeZone = 'UTC'): string {
  const w = wallClock(Date.parse(iso), timeZone);
  return `${dateText(w)} ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')} ${zoneLabel(timeZone)}`;
}

/**
 * A period [start, end) in the zone. Whole local days are shown as dates with the last day included
 * ("11 Mar 2026 – 17 Mar 2026 (Europe/Paris)", or one date for a single day); otherwise as times.
 */
export function formatPeriod(period: { start: string; end: string }, timeZone = 'UTC'): string {
  const start = wallClock(Date.parse(period.start), timeZone);
  const end = wallClock(Date.parse(period.end), timeZone);
  const midnight = (w: { hour: number; minute: number; second: number }) => w.hour === 0 && w.minute === 0 && w.second === 0;
  if (!midnight(start) || !midnight(end)) return `${formatDateTime(period.start, timeZone)} – ${formatDateTime(period.end, timeZone)}`;
  const lastDay = addDays(end, -1);
  const single = lastDay.year === start.year && lastDay.month === start.month && lastDay.day === start.day;
  return single ? `${dateText(start)} (${zoneLabel(timeZone)})` : `${dateText(start)} – ${dateText(lastDay)} (${zoneLabel(timeZone)})`;
}
