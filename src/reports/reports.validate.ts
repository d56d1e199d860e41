/**
 * Turns a create body into a complete report definition, or throws `Unprocessable` (422) naming the
 * field: an unknown type/format/section/frequency, a bad period (end not after start, longer than 366
 * days), a bad time zone (checked with Intl.DateTimeFormat), a bad schedule day or time.
 */
import type { Period } from '../analytics/types.ts';
import { Unprocessable } from '../platform/errors.ts';
import {
  defaultSections, REPORT_FORMATS, REPORT_SECTIONS, REPORT_TYPES, type ReportFilters, type ReportFormat, type ReportSection, type ReportType,
} from './reports.model.ts';
import type { ReportCreateBody } from './reports.schema.ts';
import { defaultPeriod, FREQUENCIES, type Frequency, type Schedule } from './time/schedule.ts';
import { isValidTimeZone } from './time/zoned.ts';

/** Longest period a report may cover: 366 days (a leap year). */
export const MAX_PERIOD_MS = 366 * 86_400_000;

export interface ReportDefinition {
  name: string;
  type: ReportType;
  description: string | null;
  format: ReportFormat;
  /** Null when the body gave none (the service fills the default or the schedule's period). */
  period: Period | null;
  schedule: Schedule | null;
  filters: ReportFilters;
  sections: ReportSection[];
  recipients: string[];
}

const WEEKDAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
// Deliberately simple: one @, no spaces or angle brackets, a dot in the domain. The relay has the last word.
const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

function invalid(field: string, value: unknown, message: string): Unprocessable {
  return new Unprocessable(message, { field, value });
}

function oneOf<T extends string>(field: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw invalid(field, value, `${field} must be one of: ${allowed.join(', ')}.`);
  return value as T;
}

/** ISO-8601 text → epoch ms; a date alone is that day's 00:00 UTC, or the next day's for an inclusive end. */
function parseInstant(field: string, value: string, inclusiveEnd: boolean): number {
  if (DATE_ONLY.test(value)) {
    const ms = Date.parse(`${value}T00:00:00.000Z`);
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) throw invalid(field, value, `${field} is not a real date.`);
    return inclusiveEnd ? ms + 86_400_000 : ms;
  }
  const ms = DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw invalid(field, value, `${field} must be an ISO-8601 date-time such as 2026-03-01T00:00:00Z, or a date such as 2026-03-01.`);
  return ms;
}

export function parsePeriod(body: { start: string; end: string }): Period {
  const start = parseInstant('period.start', body.start, false);
  const end = parseInstant('period.end', body.end, true);
  if (end <= start) throw invalid('period.end', body.end, 'period.end must be after period.start.');
  if (end - start > MAX_PERIOD_MS) throw invalid('period.end', body.end, 'A report covers at most 366 days: shorten the period or split it into several reports.');
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

function parseDay(frequency: Frequency, day: number | string | null | undefined): number | null {
  if (frequency === 'daily') {
    if (day !== undefined && day !== null) throw invalid('schedule.day', day, 'A daily schedule runs every day: leave schedule.day out.');
    return null;
  }
  if (frequency === 'weekly') {
    if (day === undefined || day === null) return 1;
    const n = typeof day === 'string' ? WEEKDAY_NAMES.indexOf(day.toLowerCase()) + 1 : day;
    if (!Number.isInteger(n) || n < 1 || n > 7) throw invalid('schedule.day', day, 'For a weekly schedule, schedule.day is a weekday: 1 (Monday) to 7 (Sunday), or its name such as "monday".');
    return n;
  }
  if (day === undefined || day === null) return 1;
  if (typeof day !== 'number' || !Number.isInteger(day) || day < 1 || day > 31) {
    throw invalid('schedule.day', day, 'For a monthly schedule, schedule.day is a day of the month from 1 to 31 (months without it run on their last day).');
  }
  return day;
}

export function parseSchedule(body: NonNullable<ReportCreateBody['schedule']>): Schedule {
  const frequency = oneOf('schedule.frequency', body.frequency, FREQUENCIES, 'daily');
  const time = body.time ?? '08:00';
  if (!TIME.test(time)) throw invalid('schedule.time', time, 'schedule.time must be a 24-hour local time "HH:MM", such as "08:00".');
  const timezone = body.timezone ?? 'UTC';
  if (!isValidTimeZone(timezone)) throw invalid('schedule.timezone', timezone, 'schedule.timezone must be an IANA time zone such as "Europe/Paris" or "UTC".');
  return { frequency, day: parseDay(frequency, body.day), time, timezone };
}

function parseFilters(body: ReportCreateBody['filters']): ReportFilters {
  const min = body?.threat_score?.min ?? null;
  if (min !== null && (!Number.isFinite(min) || min < 0 || min > 100)) throw invalid('filters.threat_score.min', min, 'filters.threat_score.min must be between 0 and 100.');
  return { honeypot_ids: [...new Set(body?.honeypot_ids ?? [])], threat_score: { min } };
}

function parseSections(type: ReportType, sections: string[] | undefined): ReportSection[] {
  if (sections === undefined || sections.length === 0) return defaultSections(type);
  const chosen = new Set<string>();
  for (const [index, section] of sections.entries()) {
    if (!(REPORT_SECTIONS as readonly string[]).includes(section)) throw invalid(`sections.${index}`, section, `Unknown section "${section}"; sections are: ${REPORT_SECTIONS.join(', ')}.`);
    chosen.add(section);
  }
  return REPORT_SECTIONS.filter((s) => chosen.has(s)); // report order, whatever the request's order
}

function parseRecipients(recipients: string[] | undefined): string[] {
  const out = new Set<string>();
  for (const [index, address] of (recipients ?? []).entries()) {
    const trimmed = address.trim();
    if (!ADDRESS.test(trimmed)) throw invalid(`recipients.${index}`, address, `"${address}" is not an e-mail address.`);
    out.add(trimmed);
  }
  return [...out];
}

export function parseDefinition(body: ReportCreateBody): ReportDefinition {
  const type = oneOf('type', body.type, REPORT_TYPES, 'custom');
  const name = body.name.trim();
  if (name === '') throw invalid('name', body.name, 'name must not be blank.');
  return {
    name,
    type,
    description: body.description ?? null,
    format: oneOf('format', body.format, REPORT_FORMATS, 'pdf'),
    period: body.period === undefined ? null : parsePeriod(body.period),
    schedule: body.schedule === undefined || body.schedule === null ? null : parseSchedule(body.schedule),
    filters: parseFilters(body.filters),
    sections: parseSections(type, body.sections),
    recipients: parseRecipients(body.recipients),
  };
}

/** The period of a definition without one: the schedule's time zone, else UTC. */
export function periodOrDefault(definition: ReportDefinition, nowMs: number): Period {
  return definition.period ?? defaultPeriod(definition.type, nowMs, definition.schedule?.timezone ?? 'UTC');
}
