/**
 * Parsing one filter value per field type into the form the column stores.
 * Parsers throw `BadValue` with a reason for people; the caller adds the field and raw value.
 */
import type { ListField, ScalarValue } from './types.ts';

export class BadValue extends Error {}

const INTEGER = /^-?\d+$/;
/** Plain decimal or exponent notation; no hex, no `Infinity`, no surrounding spaces. */
const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/**
 * `YYYY-MM-DD`, optionally `THH:MM[:SS[.s{1,3}]]` and a zone `Z` / `±HH:MM` / `±HHMM`. A space may stand for
 * `T`, and for `+` in the zone (an unencoded `+` in a query string arrives as a space). No zone = UTC.
 * At most millisecond precision: stored timestamps have exactly milliseconds, and rounding a finer value
 * would change what `lt`/`gte` select.
 */
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+\- ]\d{2}:?\d{2})?)?$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseInteger(text: string): number {
  const value = Number(text);
  if (!INTEGER.test(text) || !Number.isSafeInteger(value)) {
    throw new BadValue(`'${text}' is not an integer`);
  }
  return value;
}

export function parseNumber(text: string): number {
  const value = Number(text);
  if (!NUMBER.test(text) || !Number.isFinite(value)) throw new BadValue(`'${text}' is not a number`);
  return value;
}

/** Booleans are stored as 0/1. */
export function parseBoolean(text: string): number {
  if (text === 'true' || text === '1') return 1;
  if (text === 'false' || text === '0') return 0;
  throw new BadValue(`'${text}' is not a boolean (use true, false, 1 or 0)`);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** `YYYY-MM-DD` naming a real calendar day; returns it unchanged. */
export function parseCalendarDate(text: string): string {
  const m = CALENDAR_DATE.exec(text);
  if (m === null || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new BadValue(`'${text}' is not a calendar date (YYYY-MM-DD)`);
  }
  return text;
}

/** Minutes east of UTC for `Z`, `+02:00`, `-0530`, ` 02:00` (space = `+`). */
function zoneOffsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

/** Any ISO-8601 date or datetime we accept → the stored form `YYYY-MM-DDTHH:MM:SS.sssZ` (UTC). */
export function parseTimestamp(text: string): string {
  const bad = (): BadValue =>
    new BadValue(`'${text}' is not an ISO-8601 date or datetime (e.g. 2026-03-12 or 2026-03-12T14:30:15Z)`);
  const m = TIMESTAMP.exec(text);
  if (m === null) throw bad();
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const millis = Number((m[7] ?? '').padEnd(3, '0'));
  const offset = zoneOffsetMinutes(m[8]);
  if (!isCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59 || offset === undefined) {
    throw bad();
  }
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  const utc = new Date(date.getTime() - offset * 60_000);
  // Outside 0000–9999 toISOString() switches to ±YYYYYY, which would not compare correctly as text.
  if (utc.getUTCFullYear() < 0 || utc.getUTCFullYear() > 9999) throw bad();
  return utc.toISOString();
}

export function parseEnum(text: string, values: readonly string[]): string {
  if (!values.includes(text)) throw new BadValue(`'${text}' is not one of: ${values.join(', ')}`);
  return text;
}

/** Parses `text` as a value of `field`'s type, in the form its column stores. */
export function parseFieldValue(field: ListField, text: string): ScalarValue {
  switch (field.type) {
    case 'string':
      return text;
    case 'integer':
      return parseInteger(text);
    case 'number':
      return parseNumber(text);
    case 'boolean':
      return parseBoolean(text);
    case 'timestamp':
      return parseTimestamp(text);
    case 'enum':
      return parseEnum(text, field.values ?? []);
  }
}
