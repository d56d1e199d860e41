/**
 * Reading the `period`, `start_date`, `end_date` and `compare` query parameters into a Period
 * (half-open [start, end), glossary of types.ts). Bad input is Unprocessable (422) naming the field.
 *
 * - Presets end now: `24h` = [now − 24 h, now), `7d`, `30d`, `90d`, `365d` likewise. Default `30d`.
 * - `custom` needs `start_date` and `end_date`: a date (`2026-03-01`, midnight UTC; an end date
 *   counts its whole day, as the list filters' `date_range` does) or an ISO-8601 date-time with a
 *   zone (used as given; the end is exclusive). Dates without `period` mean `custom`.
 * - A period is at most 366 days long and must end after it starts.
 */
import { Unprocessable } from '../platform/errors.ts';
import type { Period } from './types.ts';

export const PERIOD_PRESETS = ['24h', '7d', '30d', '90d', '365d'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number] | 'custom';

const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** The longest period accepted: 366 days (a leap year). */
export const MAX_PERIOD_MS = 366 * DAY_MS;

const PRESET_MS: Record<(typeof PERIOD_PRESETS)[number], number> = {
  '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS, '90d': 90 * DAY_MS, '365d': 365 * DAY_MS,
};

export interface PeriodQuery {
  period?: string;
  start_date?: string;
  end_date?: string;
}

export interface ResolvedPeriod extends Period {
  preset: PeriodPreset;
}

export function resolvePeriod(query: PeriodQuery, nowMs: number): ResolvedPeriod {
  const hasDates = query.start_date !== undefined || query.end_date !== undefined;
  const preset = query.period ?? (hasDates ? 'custom' : '30d');
  if (preset === 'custom') return customPeriod(query);
  if (!(PERIOD_PRESETS as readonly string[]).includes(preset)) {
    throw new Unprocessable(`period must be one of ${[...PERIOD_PRESETS, 'custom'].join(', ')}.`, { field: 'period', value: preset });
  }
  if (hasDates) {
    const field = query.start_date !== undefined ? 'start_date' : 'end_date';
    throw new Unprocessable(`${field} applies only to period=custom; drop it or set period=custom.`, { field, value: query[field] });
  }
  const length = PRESET_MS[preset as (typeof PERIOD_PRESETS)[number]];
  return { preset: preset as PeriodPreset, start: new Date(nowMs - length).toISOString(), end: new Date(nowMs).toISOString() };
}

function customPeriod(query: PeriodQuery): ResolvedPeriod {
  if (query.start_date === undefined) throw new Unprocessable('period=custom needs start_date (YYYY-MM-DD or an ISO-8601 date-time).', { field: 'start_date' });
  if (query.end_date === undefined) throw new Unprocessable('period=custom needs end_date (YYYY-MM-DD or an ISO-8601 date-time).', { field: 'end_date' });
  const start = parseBound(query.start_date, 'start_date', false);
  const end = parseBound(query.end_date, 'end_date', true);
  return checkedPeriod(start, end, 'custom');
}

/** Validates an explicit [start, end) in milliseconds (also used by report periods). */
export function checkedPeriod(startMs: number, endMs: number, preset: PeriodPreset = 'custom'): ResolvedPeriod {
  if (endMs <= startMs) {
    throw new Unprocessable('end_date must be after start_date.', { field: 'end_date', value: new Date(endMs).toISOString() });
  }
  if (endMs - startMs > MAX_PERIOD_MS) {
    throw new Unprocessable('The period is longer than a year (366 days); choose a shorter range.', { field: 'end_date', value: new Date(endMs).toISOString() });
  }
  return { preset, start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() };
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseBound(value: string, field: string, isEnd: boolean): number {
  const date = DATE_ONLY.exec(value);
  if (date !== null) {
    const ms = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
    if (new Date(ms).toISOString().slice(0, 10) !== value) throw invalidDate(field, value);
    return isEnd ? ms + DAY_MS : ms;
  }
  if (!DATE_TIME.test(value)) throw invalidDate(field, value);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalidDate(field, value);
  return ms;
}

function invalidDate(field: string, value: string): Unprocessable {
  return new Unprocessable(`${field} must be a date (YYYY-MM-DD) or an ISO-8601 date-time with a zone, e.g. 2026-03-01T00:00:00Z.`, { field, value });
}

/** The interval of the same length that ends where `period` starts. */
export function previousPeriod(period: Period): Period {
  const start = Date.parse(period.start);
  const end = Date.parse(period.end);
  return { start: new Date(start - (end - start)).toISOString(), end: period.start };
}

/** `true`/`false` (default false). */
export function parseCompare(value: string | undefined): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new Unprocessable('compare must be true or false.', { field: 'compare', value });
}

/** Time-series granularity (glossary): hourly for periods up to 48 hours, daily otherwise. */
export function granularityOf(period: Period): 'hour' | 'day' {
  return Date.parse(period.end) - Date.parse(period.start) <= 2 * DAY_MS ? 'hour' : 'day';
}
