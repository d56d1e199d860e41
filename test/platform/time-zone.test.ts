/**
 * Zone arithmetic from Intl offsets (src/platform/time-zone.ts): wall clocks, offsets, and the DST rule
 * (gap → moved forward by the gap, past it; overlap → earlier occurrence) in zones with 1-hour,
 * 30-minute and no transitions.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addCalendarDays,
  formatIsoDate,
  isoWeekday,
  isValidTimeZone,
  localDateString,
  offsetAt,
  parseIsoDate,
  wallClockAt,
  wallClockToUtc,
  type WallClockTime,
} from '../../src/platform/time-zone.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3600_000;

function toUtc(local: string, timeZone: string): string {
  const [date, time] = local.split('T') as [string, string];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return iso(wallClockToUtc({ ...parseIsoDate(date), hour, minute }, timeZone));
}

test('wall clocks and offsets follow the zone, including half-hour offsets', () => {
  assert.deepEqual(wallClockAt(at('2026-03-29T01:00:00Z'), 'Europe/Paris'), { year: 2026, month: 3, day: 29, hour: 3, minute: 0, second: 0, weekday: 7 });
  assert.deepEqual(wallClockAt(at('2026-12-31T23:59:59Z'), 'UTC'), { year: 2026, month: 12, day: 31, hour: 23, minute: 59, second: 59, weekday: 4 });
  assert.equal(offsetAt(at('2026-01-15T12:00:00Z'), 'Europe/Paris'), HOUR);
  assert.equal(offsetAt(at('2026-07-15T12:00:00Z'), 'America/New_York'), -4 * HOUR);
  assert.equal(offsetAt(at('2026-03-01T00:00:00Z'), 'Asia/Kolkata'), 5.5 * HOUR);
  assert.equal(offsetAt(at('2026-07-01T00:00:00Z'), 'Australia/Lord_Howe'), 10.5 * HOUR);
  assert.equal(offsetAt(at('2026-12-01T00:00:00Z'), 'Australia/Lord_Howe'), 11 * HOUR);
  assert.equal(toUtc('2026-03-01T08:30', 'Asia/Kolkata'), '2026-03-01T03:00:00.000Z');
  assert.equal(toUtc('2026-07-15T08:00', 'Europe/Paris'), '2026-07-15T06:00:00.000Z');
  assert.equal(wallClockToUtc({ year: 2026, month: 1, day: 15, hour: 8, minute: 0, second: 30 }, 'Europe/Paris'), at('2026-01-15T07:00:30Z'));
});

test('a wall time in the spring-forward gap moves forward by the gap, landing past it', () => {
  // Europe/Paris 2026-03-29: 02:00 CET → 03:00 CEST.
  assert.equal(toUtc('2026-03-29T02:00', 'Europe/Paris'), '2026-03-29T01:00:00.000Z'); // 03:00 CEST, the gap's end
  assert.equal(toUtc('2026-03-29T02:30', 'Europe/Paris'), '2026-03-29T01:30:00.000Z'); // 03:30 CEST
  assert.equal(toUtc('2026-03-29T03:00', 'Europe/Paris'), '2026-03-29T01:00:00.000Z');
  // America/New_York 2026-03-08: 02:00 EST → 03:00 EDT.
  assert.equal(toUtc('2026-03-08T02:30', 'America/New_York'), '2026-03-08T07:30:00.000Z'); // 03:30 EDT
  assert.equal(toUtc('2026-03-08T01:59', 'America/New_York'), '2026-03-08T06:59:00.000Z');
  // Australia/Lord_Howe 2026-10-04: 02:00 (+10:30) → 02:30 (+11), a 30-minute gap.
  assert.equal(toUtc('2026-10-04T02:15', 'Australia/Lord_Howe'), '2026-10-03T15:45:00.000Z'); // 02:45 +11
  assert.equal(wallClockAt(at('2026-10-03T15:45:00Z'), 'Australia/Lord_Howe').minute, 45);
});

test('a wall time that occurs twice resolves to its earlier occurrence', () => {
  // Europe/Paris 2026-10-25: 03:00 CEST → 02:00 CET; 02:30 is 00:30Z and 01:30Z.
  assert.equal(toUtc('2026-10-25T02:30', 'Europe/Paris'), '2026-10-25T00:30:00.000Z');
  assert.equal(toUtc('2026-10-25T03:00', 'Europe/Paris'), '2026-10-25T02:00:00.000Z');
  // America/New_York 2026-11-01: 02:00 EDT → 01:00 EST; 01:30 is 05:30Z and 06:30Z.
  assert.equal(toUtc('2026-11-01T01:30', 'America/New_York'), '2026-11-01T05:30:00.000Z');
  // Australia/Lord_Howe 2026-04-05: 02:00 (+11) → 01:30 (+10:30); 01:45 is 14:45Z and 15:15Z the day before.
  assert.equal(toUtc('2026-04-05T01:45', 'Australia/Lord_Howe'), '2026-04-04T14:45:00.000Z');
});

test('around every transition, an instant\'s wall clock converts back to it or to its earlier twin', () => {
  const cases: Array<[string, string, number]> = [
    ['Europe/Paris', '2026-03-28T00:00:00Z', HOUR],
    ['Europe/Paris', '2026-10-24T00:00:00Z', HOUR],
    ['America/New_York', '2026-03-07T12:00:00Z', HOUR],
    ['America/New_York', '2026-10-31T12:00:00Z', HOUR],
    ['Australia/Lord_Howe', '2026-04-04T00:00:00Z', HOUR / 2],
    ['Australia/Lord_Howe', '2026-10-03T00:00:00Z', HOUR / 2],
    ['Asia/Kolkata', '2026-03-28T00:00:00Z', 0],
  ];
  let twins = 0;
  for (const [zone, from, overlap] of cases) {
    for (let ms = at(from); ms < at(from) + 2 * 24 * HOUR; ms += 15 * 60_000) {
      const wall: WallClockTime = wallClockAt(ms, zone);
      const back = wallClockToUtc(wall, zone);
      assert.ok(back === ms || ms - back === overlap, `${zone} ${iso(ms)} came back as ${iso(back)}`);
      if (back !== ms) twins++;
    }
  }
  // The later occurrences of the repeated quarter-hours: 4 in Paris, 4 in New York, 2 at Lord Howe.
  assert.equal(twins, 10);
});

test('local dates are YYYY-MM-DD in the zone, turning at local midnight', () => {
  assert.equal(localDateString(at('2026-03-13T23:30:00Z'), 'UTC'), '2026-03-13');
  assert.equal(localDateString(at('2026-03-13T23:30:00Z'), 'Asia/Tokyo'), '2026-03-14');
  assert.equal(localDateString(at('2026-02-28T18:29:59Z'), 'Asia/Kolkata'), '2026-02-28');
  assert.equal(localDateString(at('2026-02-28T18:30:00Z'), 'Asia/Kolkata'), '2026-03-01');
  assert.equal(localDateString(at('2026-01-01T04:59:00Z'), 'America/New_York'), '2025-12-31');
});

test('calendar dates: weekdays, day arithmetic and the text form', () => {
  assert.equal(isoWeekday({ year: 2026, month: 3, day: 29 }), 7); // Sunday
  assert.equal(isoWeekday({ year: 2026, month: 3, day: 30 }), 1); // Monday
  assert.deepEqual(addCalendarDays({ year: 2028, month: 2, day: 28 }, 1), { year: 2028, month: 2, day: 29 });
  assert.deepEqual(addCalendarDays({ year: 2026, month: 12, day: 31 }, 1), { year: 2027, month: 1, day: 1 });
  assert.deepEqual(addCalendarDays({ year: 2026, month: 3, day: 1 }, -1), { year: 2026, month: 2, day: 28 });
  assert.equal(formatIsoDate({ year: 2026, month: 3, day: 9 }), '2026-03-09');
  assert.deepEqual(parseIsoDate('2026-03-09'), { year: 2026, month: 3, day: 9 });
});

test('zone names are validated with Intl; an unknown zone throws where it is used', () => {
  assert.ok(isValidTimeZone('Europe/Paris'));
  assert.ok(isValidTimeZone('UTC'));
  assert.ok(isValidTimeZone('Australia/Lord_Howe'));
  assert.ok(!isValidTimeZone('Mars/Olympus_Mons'));
  assert.ok(!isValidTimeZone(''));
  assert.ok(!isValidTimeZone(`Europe/${'x'.repeat(100)}`));
  assert.ok(!isValidTimeZone(42 as unknown as string));
  // The planner relies on this throw to skip mailboxes with a zone this Node.js does not know.
  assert.throws(() => localDateString(0, 'Mars/Olympus_Mons'), RangeError);
});
