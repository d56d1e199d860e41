/**
 * Schedules and periods in a time zone, across DST transitions (no library: Intl offsets).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultPeriod, nextRunAfter, periodEndingBefore, type Schedule } from '../../src/reports/time/schedule.ts';
import { isValidTimeZone, offsetAt, zonedToUtc } from '../../src/reports/time/zoned.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

test('wall-clock times convert to UTC with the offset in force that day', () => {
  assert.equal(iso(zonedToUtc({ year: 2026, month: 1, day: 15, hour: 8, minute: 0 }, 'Europe/Paris')), '2026-01-15T07:00:00.000Z');
  assert.equal(iso(zonedToUtc({ year: 2026, month: 7, day: 15, hour: 8, minute: 0 }, 'Europe/Paris')), '2026-07-15T06:00:00.000Z');
  assert.equal(iso(zonedToUtc({ year: 2026, month: 7, day: 15, hour: 8, minute: 0 }, 'America/New_York')), '2026-07-15T12:00:00.000Z');
  assert.equal(iso(zonedToUtc({ year: 2026, month: 3, day: 1, hour: 8, minute: 30 }, 'Asia/Kolkata')), '2026-03-01T03:00:00.000Z');
  assert.equal(offsetAt(at('2026-03-01T00:00:00Z'), 'Asia/Kolkata'), 5.5 * 3600_000);
});

test('a time in the spring-forward gap moves forward by the gap; a repeated time resolves to its first occurrence', () => {
  // Europe/Paris: 2026-03-29 02:00 CET → 03:00 CEST, so 02:30 does not exist.
  assert.equal(iso(zonedToUtc({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Paris')), '2026-03-29T01:30:00.000Z'); // = 03:30 CEST
  // 2026-10-25 03:00 CEST → 02:00 CET, so 02:30 happens twice: 00:30Z (CEST) and 01:30Z (CET).
  assert.equal(iso(zonedToUtc({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Paris')), '2026-10-25T00:30:00.000Z');
});

test('a daily schedule keeps its local time across the DST change', () => {
  const schedule: Schedule = { frequency: 'daily', day: null, time: '06:00', timezone: 'Europe/Paris' };
  const runs: string[] = [];
  let cursor = at('2026-03-27T12:00:00Z');
  for (let i = 0; i < 4; i++) {
    cursor = nextRunAfter(schedule, cursor);
    runs.push(iso(cursor));
  }
  assert.deepEqual(runs, ['2026-03-28T05:00:00.000Z', '2026-03-29T04:00:00.000Z', '2026-03-30T04:00:00.000Z', '2026-03-31T04:00:00.000Z']);
  // The day of the change is 23 hours long, and the run after it covers exactly that local day.
  assert.deepEqual(periodEndingBefore(schedule, at('2026-03-30T04:00:00Z')), { start: '2026-03-28T23:00:00.000Z', end: '2026-03-29T22:00:00.000Z' });
});

test('a daily run in the gap runs once, at the end of the gap', () => {
  const schedule: Schedule = { frequency: 'daily', day: null, time: '02:30', timezone: 'Europe/Paris' };
  assert.equal(iso(nextRunAfter(schedule, at('2026-03-28T12:00:00Z'))), '2026-03-29T01:30:00.000Z');
  assert.equal(iso(nextRunAfter(schedule, at('2026-03-29T01:30:00Z'))), '2026-03-30T00:30:00.000Z');
  // Fall back: 02:30 happens twice on 25 October; the schedule fires once.
  const first = nextRunAfter(schedule, at('2026-10-24T12:00:00Z'));
  assert.equal(iso(first), '2026-10-25T00:30:00.000Z');
  assert.equal(iso(nextRunAfter(schedule, first)), '2026-10-26T01:30:00.000Z');
});

test('weekly schedules run on their weekday, monthly ones on their day (or the month\'s last)', () => {
  const weekly: Schedule = { frequency: 'weekly', day: 1, time: '09:00', timezone: 'America/New_York' };
  // 2026-03-12 is a Thursday; the next Monday is 16 March (EDT since 8 March: UTC-4).
  assert.equal(iso(nextRunAfter(weekly, at('2026-03-12T14:30:00Z'))), '2026-03-16T13:00:00.000Z');
  assert.deepEqual(periodEndingBefore(weekly, at('2026-03-16T13:00:00Z')), { start: '2026-03-09T04:00:00.000Z', end: '2026-03-16T04:00:00.000Z' });
  const monthly: Schedule = { frequency: 'monthly', day: 31, time: '00:15', timezone: 'UTC' };
  assert.equal(iso(nextRunAfter(monthly, at('2026-02-01T00:00:00Z'))), '2026-02-28T00:15:00.000Z');
  assert.equal(iso(nextRunAfter(monthly, at('2026-02-28T00:15:00Z'))), '2026-03-31T00:15:00.000Z');
  assert.deepEqual(periodEndingBefore(monthly, at('2026-03-31T00:15:00Z')), { start: '2026-02-01T00:00:00.000Z', end: '2026-03-01T00:00:00.000Z' });
});

test('default periods follow the report type', () => {
  const now = at('2026-03-12T14:30:15Z');
  assert.deepEqual(defaultPeriod('daily_digest', now, 'UTC'), { start: '2026-03-11T00:00:00.000Z', end: '2026-03-12T00:00:00.000Z' });
  assert.deepEqual(defaultPeriod('weekly_summary', now, 'UTC'), { start: '2026-03-05T00:00:00.000Z', end: '2026-03-12T00:00:00.000Z' });
  assert.deepEqual(defaultPeriod('monthly_analysis', now, 'UTC'), { start: '2026-02-01T00:00:00.000Z', end: '2026-03-01T00:00:00.000Z' });
  assert.deepEqual(defaultPeriod('monthly_analysis', now, 'Europe/Paris'), { start: '2026-01-31T23:00:00.000Z', end: '2026-02-28T23:00:00.000Z' });
  assert.deepEqual(defaultPeriod('incident', now, 'UTC'), { start: '2026-03-11T14:30:15.000Z', end: '2026-03-12T14:30:15.000Z' });
  assert.deepEqual(defaultPeriod('compliance', now, 'UTC'), { start: '2025-12-12T00:00:00.000Z', end: '2026-03-12T00:00:00.000Z' });
  assert.deepEqual(defaultPeriod('custom', now, 'UTC'), { start: '2026-02-10T00:00:00.000Z', end: '2026-03-12T00:00:00.000Z' });
});

test('time zones are validated with Intl', () => {
  assert.ok(isValidTimeZone('Europe/Paris'));
  assert.ok(isValidTimeZone('UTC'));
  assert.ok(!isValidTimeZone('Mars/Olympus_Mons'));
  assert.ok(!isValidTimeZone(''));
});
