/**
 * The /v1 list machinery on a real database: runs unchanged on SQLite (default) and on PostgreSQL
 * (DATABASE_URL_TEST), so every filter, sort and page below must select the same rows on both engines.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { createTestDb, type TestDb } from '../support/db.ts';
import { byteText, notNullByteText } from '../../src/platform/db/migrations/helpers.ts';
import { InvalidInput } from '../../src/platform/errors.ts';
import {
  likeContainsPattern,
  ListCountCache,
  parseFieldSelection,
  parseListQuery,
  pickFields,
  runListQuery,
  toPortableRegex,
  type DynamicDatabase,
  type ListResource,
  type ParseListQueryOptions,
} from '../../src/http/list-query.ts';

const LONG_A = `${'a'.repeat(20_000)}b`;

const items: ListResource = {
  name: 'items',
  table: 'items',
  fields: {
    id: { column: 'id', type: 'string', sortable: true },
    name: { column: 'name', type: 'string', sortable: true },
    subject: { column: 'subject', type: 'string', sortable: true, nullable: true },
    from: { column: 'from_address', type: 'string' },
    status: { column: 'status', type: 'enum', values: ['active', 'inactive', 'pending'] },
    score: { column: 'score', type: 'integer', sortable: true },
    ratio: { column: 'ratio', type: 'number', sortable: true, nullable: true },
    flagged: { column: 'flagged', type: 'boolean' },
    created_at: { column: 'created_at', type: 'timestamp', sortable: true },
    received_at: { column: 'received_at', type: 'timestamp', sortable: true, nullable: true },
    secret: { column: 'secret_note', type: 'string', filterable: false },
  },
  selectable: ['id', 'name', 'subject', 'from', 'status', 'score', 'ratio', 'flagged', 'created_at', 'received_at'],
  timestampField: 'created_at',
};

/** The same table seen as a resource whose main timestamp is received_at (like emails). */
const received: ListResource = { ...items, name: 'received items', timestampField: 'received_at' };

type Row = [id: string, name: string, subject: string | null, from: string, status: string, score: number,
  ratio: number | null, flagged: 0 | 1, created_at: string, received_at: string | null];

const USER_A_ROWS: Row[] = [
  ['it_01', 'Alpha', 'Urgent: reset', 'a@evil.com', 'active', 10, 0.5, 1, '2026-03-01T00:00:00.000Z', '2026-03-01T08:00:00.000Z'],
  ['it_02', 'beta', '100% free', 'b@good.org', 'inactive', 20, 1.5, 0, '2026-03-01T23:59:59.999Z', null],
  ['it_03', 'Gamma', 'under_score', 'c@evil.com', 'pending', 30, null, 0, '2026-03-02T00:00:00.000Z', '2026-03-02T12:00:00.000Z'],
  ['it_04', 'delta', 'back\\slash', 'd@good.org', 'active', 40, -2, 1, '2026-03-05T10:30:00.000Z', '2026-03-05T10:30:00.000Z'],
  ['it_05', 'Epsilon', null, 'e@evil.com', 'active', 50, 2.25, 0, '2026-03-10T00:00:00.000Z', null],
  ['it_06', 'zeta', 'URGENT action', 'f@Evil.com', 'inactive', 60, 0, 1, '2026-03-12T14:30:15.000Z', '2026-03-12T14:30:15.000Z'],
  ['it_07', 'Eta', LONG_A, 'g@good.org', 'pending', 70, 3, 0, '2026-03-12T23:59:59.999Z', '2026-03-13T00:00:00.000Z'],
  ['it_08', 'theta', 'naïve CAFÉ', 'h@good.org', 'active', 80, 10, 1, '2026-03-13T00:00:00.000Z', '2026-03-13T00:00:00.001Z'],
  ['it_09', 'Iota', 'http://x.example/path', 'i@evil.com', 'active', 90, 0.5, 0, '2026-04-01T09:00:00.000Z', '2026-04-01T09:00:00.000Z'],
  ['it_10', 'kappa', '12:30 meeting', 'j@good.org', 'inactive', 100, null, 0, '2026-04-02T09:00:00.000Z', '2026-04-02T09:00:00.000Z'],
  ['it_11', 'Lambda', 'eq:literal', 'k@good.org', 'pending', 0, 1, 1, '2026-04-03T09:00:00.000Z', '2026-04-03T09:00:00.000Z'],
  ['it_12', 'mu', 'Re: 50%_off foo-bar', 'l@evil.com', 'active', 55, 5, 0, '2026-04-04T09:00:00.000Z', '2026-04-04T09:00:00.000Z'],
];
const USER_B_ROWS: Row[] = [
  ['ub_01', 'Alpha', 'Urgent: reset', 'a@evil.com', 'active', 10, 0.5, 1, '2026-03-01T00:00:00.000Z', '2026-03-01T08:00:00.000Z'],
  ['ub_02', 'Other', 'urgent other', 'x@evil.com', 'active', 99, 9, 0, '2026-03-03T00:00:00.000Z', null],
  ['ub_03', 'beta', '100% free', 'y@good.org', 'pending', 20, 1.5, 0, '2026-03-04T00:00:00.000Z', null],
];

const ALL_A = USER_A_ROWS.map((r) => r[0]);
const ids = (...numbers: number[]): string[] => numbers.map((n) => `it_${String(n).padStart(2, '0')}`);
const allExcept = (...numbers: number[]): string[] => ALL_A.filter((id) => !ids(...numbers).includes(id));

let t: TestDb;

async function createItemsTable(): Promise<void> {
  const engine = t.db.engine;
  const text = notNullByteText(engine);
  await t.db.kysely.schema
    .createTable('items')
    .addColumn('id', 'text', (c) => text(c).primaryKey())
    .addColumn('user_id', 'text', text)
    .addColumn('name', 'text', text)
    .addColumn('subject', 'text', byteText(engine))
    .addColumn('from_address', 'text', text)
    .addColumn('status', 'text', text)
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('ratio', 'double precision')
    .addColumn('flagged', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', text)
    .addColumn('received_at', 'text', byteText(engine))
    .addColumn('secret_note', 'text', byteText(engine))
    .execute();
  const toRecord = (user: string) => (r: Row) => ({
    id: r[0], user_id: user, name: r[1], subject: r[2], from_address: r[3], status: r[4], score: r[5],
    ratio: r[6], flagged: r[7], created_at: r[8], received_at: r[9], secret_note: 'hidden',
  });
  const kysely = t.db.kysely as unknown as Kysely<DynamicDatabase>;
  await kysely.insertInto('items').values([...USER_A_ROWS.map(toRecord('user_a')), ...USER_B_ROWS.map(toRecord('user_b'))]).execute();
}

before(async () => {
  t = await createTestDb();
  await createItemsTable();
});
after(async () => {
  await t.cleanup();
});

type Query = Record<string, unknown>;

async function list(query: Query, { user = 'user_a', resource = items, options = {} as ParseListQueryOptions } = {}) {
  const parsed = parseListQuery(resource, query, options);
  const page = await runListQuery(t.db, resource, parsed, (qb) => qb.where('user_id', '=', user));
  return { ...page, ids: page.rows.map((row) => row.id as string), parsed };
}

/** Parsing `query` fails with a 400 whose details name `field`. */
function assertInvalid(query: Query, field: string, resource: ListResource = items, options?: ParseListQueryOptions): void {
  assert.throws(
    () => parseListQuery(resource, query, options),
    (error: unknown) => {
      assert.ok(error instanceof InvalidInput, `expected InvalidInput, got ${String(error)}`);
      assert.equal(error.code, 'validation_error');
      assert.equal(error.details?.field, field, error.message);
      assert.ok(error.message.length > 10);
      return true;
    },
    `expected ${JSON.stringify(query).slice(0, 200)} to be rejected`,
  );
}

/** [query, expected ids in id order] — every operator on every type that allows it. */
const FILTER_CASES: Array<[Query, string[]]> = [
  // integer
  [{ score: '60' }, ids(6)],
  [{ score: 'eq:60' }, ids(6)],
  [{ score: 'ne:60' }, allExcept(6)],
  [{ score: 'gt:60' }, ids(7, 8, 9, 10)],
  [{ score: 'gte:60' }, ids(6, 7, 8, 9, 10)],
  [{ score: 'lt:20' }, ids(1, 11)],
  [{ score: 'lte:20' }, ids(1, 2, 11)],
  [{ score: 'in:10,30,999' }, ids(1, 3)],
  [{ score: 'nin:10,20,30,40,50,60,70,80,90,100' }, ids(11, 12)],
  [{ score: 'gt:-1' }, ALL_A],
  [{ score: 'lt:99999999999' }, ALL_A], // beyond int4: must not be a database error on PostgreSQL
  [{ score: ['gte:20', 'lt:50'] }, ids(2, 3, 4)], // a repeated filter is ANDed
  // number (NULL ratio on it_03, it_10)
  [{ ratio: '0.5' }, ids(1, 9)],
  [{ ratio: 'eq:-2' }, ids(4)],
  [{ ratio: 'ne:0.5' }, allExcept(1, 9)], // NULL counts as "not equal"
  [{ ratio: 'gt:2' }, ids(5, 7, 8, 12)],
  [{ ratio: 'gte:2.25' }, ids(5, 7, 8, 12)],
  [{ ratio: 'lt:0' }, ids(4)],
  [{ ratio: 'lte:0' }, ids(4, 6)],
  [{ ratio: 'in:0.5,1e1' }, ids(1, 8, 9)],
  [{ ratio: 'nin:0.5,1.5,-2,2.25,0,3,10,1' }, ids(3, 10, 12)],
  // boolean
  [{ flagged: 'true' }, ids(1, 4, 6, 8, 11)],
  [{ flagged: '1' }, ids(1, 4, 6, 8, 11)],
  [{ flagged: 'eq:0' }, ids(2, 3, 5, 7, 9, 10, 12)],
  [{ flagged: 'ne:true' }, ids(2, 3, 5, 7, 9, 10, 12)],
  [{ flagged: 'eq:false' }, ids(2, 3, 5, 7, 9, 10, 12)],
  // enum
  [{ status: 'active' }, ids(1, 4, 5, 8, 9, 12)],
  [{ status: 'eq:inactive' }, ids(2, 6, 10)],
  [{ status: 'ne:active' }, ids(2, 3, 6, 7, 10, 11)],
  [{ status: 'in:inactive,pending' }, ids(2, 3, 6, 7, 10, 11)],
  [{ status: 'nin:active,pending' }, ids(2, 6, 10)],
  // string: eq is exact and case-sensitive; ordering operators are byte-wise (uppercase before lowercase)
  [{ name: 'beta' }, ids(2)],
  [{ name: 'Beta' }, []],
  [{ name: 'ne:beta' }, allExcept(2)],
  [{ name: 'lt:a' }, ids(1, 3, 5, 7, 9, 11)],
  [{ name: 'gte:m' }, ids(6, 8, 12)],
  [{ name: 'gt:mu' }, ids(6, 8)],
  [{ name: 'lte:Eta' }, ids(1, 5, 7)],
  [{ name: 'in:Alpha,mu,nobody' }, ids(1, 12)],
  [{ name: 'nin:Alpha,beta' }, allExcept(1, 2)],
  [{ name: 'contains:ET' }, ids(2, 6, 7, 8)],
  [{ name: 'regex:^[a-e]' }, ids(2, 4)],
  [{ name: 'regex:(?i)^[a-e]' }, ids(1, 2, 4, 5, 7)],
  // bare values that contain ':' are values, not operators
  [{ subject: 'http://x.example/path' }, ids(9)],
  [{ subject: '12:30 meeting' }, ids(10)],
  [{ subject: 'eq:eq:literal' }, ids(11)],
  [{ subject: 'eq:literal' }, []],
  [{ subject: 'Urgent: reset' }, ids(1)],
  // NULL subject (it_05) is "not equal" / "not in", and never contains or matches anything
  [{ subject: 'ne:Urgent: reset' }, allExcept(1)],
  [{ subject: 'nin:Urgent: reset,under_score' }, allExcept(1, 3)],
  // contains: case-insensitive for ASCII only; % _ \ are literal
  [{ subject: 'contains:urgent' }, ids(1, 6)],
  [{ subject: 'contains:%' }, ids(2, 12)],
  [{ subject: 'contains:_' }, ids(3, 12)],
  [{ subject: 'contains:0%_' }, ids(12)],
  [{ subject: 'contains:\\' }, ids(4)],
  [{ subject: 'contains:cafÉ' }, ids(8)],
  [{ subject: 'contains:café' }, []],
  [{ from: 'contains:@EVIL.com' }, ids(1, 3, 5, 6, 9, 12)],
  // regex (portable subset, RE2 semantics on both engines)
  [{ from: 'regex:.*@evil\\.com' }, ids(1, 3, 5, 9, 12)],
  [{ subject: 'regex:(?i)^urgent' }, ids(1, 6)],
  [{ subject: 'regex:^urgent' }, []],
  [{ subject: 'regex:\\bfoo\\b' }, ids(12)],
  [{ subject: 'regex:\\Bfoo' }, []],
  [{ subject: 'regex:\\d{2}:\\d{2}' }, ids(10)],
  [{ subject: 'regex:x\\.example' }, ids(9)],
  [{ subject: 'regex:[%_]' }, ids(2, 3, 12)],
  [{ subject: 'regex:\\\\' }, ids(4)],
  [{ subject: 'regex:(?i)cafÉ' }, ids(8)],
  [{ subject: 'regex:(?i)café' }, []],
  [{ subject: 'regex:^\\S+$' }, ids(3, 4, 7, 9, 11)],
  [{ subject: 'regex:^[^\\s:]+$' }, ids(3, 4, 7)],
  [{ subject: 'regex:(?i)^[^A-Z]+$' }, []],
  [{ subject: 'regex:^(?:a|b|c){3}' }, ids(4, 7)],
  [{ subject: 'regex:^(a+)+b$' }, ids(7)],
  // timestamps: any ISO-8601 form, normalised to the stored UTC text
  [{ created_at: '2026-03-01' }, ids(1)],
  [{ created_at: 'eq:2026-03-12T14:30:15Z' }, ids(6)],
  [{ created_at: '2026-03-12T16:30:15+02:00' }, ids(6)],
  [{ created_at: '2026-03-12T16:30:15 02:00' }, ids(6)], // '+' decoded to a space
  [{ created_at: '2026-03-12T09:30:15-0500' }, ids(6)],
  [{ created_at: '2026-03-12 14:30:15.000' }, ids(6)],
  [{ created_at: 'ne:2026-03-01' }, allExcept(1)],
  [{ created_at: 'gt:2026-04-01T09:00:00Z' }, ids(10, 11, 12)],
  [{ created_at: 'gte:2026-04-01T09:00:00.000Z' }, ids(9, 10, 11, 12)],
  [{ created_at: 'lt:2026-03-02' }, ids(1, 2)],
  [{ created_at: 'lte:2026-03-02' }, ids(1, 2, 3)],
  [{ created_at: 'lt:2026-03-12T14:30:15.1Z' }, ids(1, 2, 3, 4, 5, 6)],
  [{ created_at: 'in:2026-03-01,2026-03-02T00:00:00Z' }, ids(1, 3)],
  [{ created_at: 'nin:2026-03-01,2026-03-02T00:00:00Z' }, allExcept(1, 3)],
  [{ received_at: 'ne:2026-03-01T08:00:00Z' }, allExcept(1)],
  [{ received_at: 'lt:2026-03-02' }, ids(1)],
  // date_range on the resource's timestamp field, both ends inclusive to the last millisecond
  [{ date_range: '2026-03-01:2026-03-01' }, ids(1, 2)],
  [{ date_range: '2026-03-02:2026-03-12' }, ids(3, 4, 5, 6, 7)],
  [{ date_range: '2026-03-13:2026-03-31' }, ids(8)],
  [{ date_range: '2024-02-29:2024-02-29' }, []],
  [{ date_range: '2026-03-01:2026-03-31', status: 'active' }, ids(1, 4, 5, 8)],
  // reserved parameters are never filters
  [{ api_key: 'sk_live_whatever', name: 'beta' }, ids(2)],
];

describe(`list query filters (${process.env.DATABASE_URL_TEST ? 'postgres' : 'sqlite'})`, () => {
  for (const [query, expected] of FILTER_CASES) {
    it(`${JSON.stringify(query).slice(0, 120)} → [${expected.join(',')}]`, async () => {
      const result = await list(query);
      assert.deepEqual(result.ids, expected);
      assert.equal(result.pagination.total, expected.length);
    });
  }

  it('date_range filters received_at when that is the resource timestamp', async () => {
    assert.deepEqual((await list({ date_range: '2026-03-13:2026-03-13' }, { resource: received })).ids, ids(7, 8));
    assert.deepEqual((await list({ date_range: '2026-03-12:2026-03-12' }, { resource: received })).ids, ids(6));
  });

  it('a catastrophic-backtracking pattern runs in linear time', async () => {
    for (const pattern of ['(a+)+$', '(a|aa)+$', '(a*)*c$', '^(a|a?)+$', '(.*a){12}$']) {
      const started = performance.now();
      const result = await list({ subject: `regex:${pattern}` });
      const elapsed = performance.now() - started;
      assert.deepEqual(result.ids, [], pattern);
      assert.ok(elapsed < 2000, `${pattern} took ${elapsed.toFixed(0)} ms`);
    }
  });

  it('routes may reserve extra parameters', async () => {
    assert.deepEqual((await list({ include: 'x', name: 'mu' }, { options: { reserved: ['include'] } })).ids, ids(12));
    assertInvalid({ include: 'x' }, 'include');
  });
});

describe('list query scope (tenancy)', () => {
  it("never returns or counts another user's rows", async () => {
    const a = await list({ name: 'Alpha' });
    assert.deepEqual(a.ids, ids(1));
    const b = await list({});
    assert.deepEqual(b.ids, ALL_A);
    assert.equal(b.pagination.total, 12);
    const other = await list({ subject: 'contains:urgent' }, { user: 'user_b' });
    assert.deepEqual(other.ids, ['ub_01', 'ub_02']);
    assert.equal(other.pagination.total, 2);
    assert.deepEqual((await list({}, { user: 'nobody' })).ids, []);
  });
});

describe('list query sorting', () => {
  const SORT_CASES: Array<[Query, string[]]> = [
    [{}, ALL_A],
    [{ sort: 'id:desc' }, [...ALL_A].reverse()],
    [{ sort_direction: 'desc' }, [...ALL_A].reverse()],
    [{ sort: 'score:desc' }, ids(10, 9, 8, 7, 6, 12, 5, 4, 3, 2, 1, 11)],
    [{ sort: 'score', sort_direction: 'desc' }, ids(10, 9, 8, 7, 6, 12, 5, 4, 3, 2, 1, 11)],
    [{ sort: 'score:DESC', sort_direction: 'desc' }, ids(10, 9, 8, 7, 6, 12, 5, 4, 3, 2, 1, 11)],
    [{ sort: 'score:asc' }, ids(11, 1, 2, 3, 4, 5, 12, 6, 7, 8, 9, 10)],
    [{ sort: 'score' }, ids(11, 1, 2, 3, 4, 5, 12, 6, 7, 8, 9, 10)],
    [{ sort: 'name:asc' }, ids(1, 5, 7, 3, 9, 11, 2, 4, 10, 12, 8, 6)], // byte-wise on both engines
    // NULL sorts as the smallest value on both engines; ties broken by id in the same direction
    [{ sort: 'ratio:asc' }, ids(3, 10, 4, 6, 1, 9, 11, 2, 5, 7, 12, 8)],
    [{ sort: 'ratio:desc' }, ids(8, 12, 7, 5, 2, 11, 9, 1, 6, 4, 10, 3)],
    [{ sort: 'received_at:desc' }, ids(12, 11, 10, 9, 8, 7, 6, 4, 3, 1, 5, 2)],
    [{ sort: 'created_at:desc', flagged: 'true' }, ids(11, 8, 6, 4, 1)],
  ];
  for (const [query, expected] of SORT_CASES) {
    it(`${JSON.stringify(query)} → [${expected.join(',')}]`, async () => {
      assert.deepEqual((await list(query)).ids, expected);
    });
  }

  it('records the parsed sort', () => {
    assert.deepEqual(parseListQuery(items, {}).sort, { field: 'id', direction: 'asc' });
    assert.deepEqual(parseListQuery(items, { sort: 'created_at:desc' }).sort, { field: 'created_at', direction: 'desc' });
  });

  it('rejects unknown or unsortable fields and bad directions', () => {
    assertInvalid({ sort: 'nope:asc' }, 'sort');
    assertInvalid({ sort: 'status' }, 'sort'); // filterable, not sortable
    assertInvalid({ sort: 'secret:asc' }, 'sort');
    assertInvalid({ sort: 'SCORE:asc' }, 'sort');
    assertInvalid({ sort: 'score:up' }, 'sort');
    assertInvalid({ sort: 'score:' }, 'sort');
    assertInvalid({ sort: 'score,name' }, 'sort');
    assertInvalid({ sort: '' }, 'sort');
    assertInvalid({ sort: ['score', 'name'] }, 'sort');
    assertInvalid({ sort_direction: 'sideways' }, 'sort_direction');
    assertInvalid({ sort: 'score:desc', sort_direction: 'asc' }, 'sort_direction');
  });
});

describe('list query pagination', () => {
  it('computes total, total_pages, has_next and has_prev', async () => {
    const first = await list({ limit: '5' });
    assert.deepEqual(first.ids, ids(1, 2, 3, 4, 5));
    assert.deepEqual(first.pagination, { page: 1, limit: 5, total: 12, total_pages: 3, has_next: true, has_prev: false });
    const middle = await list({ limit: '5', page: '2' });
    assert.deepEqual(middle.ids, ids(6, 7, 8, 9, 10));
    assert.deepEqual(middle.pagination, { page: 2, limit: 5, total: 12, total_pages: 3, has_next: true, has_prev: true });
    const last = await list({ limit: '5', page: '3' });
    assert.deepEqual(last.ids, ids(11, 12));
    assert.deepEqual(last.pagination, { page: 3, limit: 5, total: 12, total_pages: 3, has_next: false, has_prev: true });
  });

  it('a page beyond the end is empty but still reports the total', async () => {
    const beyond = await list({ limit: '5', page: '4' });
    assert.deepEqual(beyond.ids, []);
    assert.deepEqual(beyond.pagination, { page: 4, limit: 5, total: 12, total_pages: 3, has_next: false, has_prev: true });
    const far = await list({ page: '1000000000' });
    assert.deepEqual(far.ids, []);
    assert.equal(far.pagination.total, 12);
  });

  it('an empty result has no pages', async () => {
    const none = await list({ name: 'nobody' });
    assert.deepEqual(none.pagination, { page: 1, limit: 25, total: 0, total_pages: 0, has_next: false, has_prev: false });
  });

  it('defaults to page 1, limit 25; a limit equal to the total is one page', async () => {
    const parsed = parseListQuery(items, {});
    assert.deepEqual([parsed.page, parsed.limit, parsed.offset], [1, 25, 0]);
    assert.deepEqual([parseListQuery(items, { page: 3, limit: 100 }).offset], [200]); // numbers from a coercing schema
    const exact = await list({ limit: '12' });
    assert.deepEqual([exact.pagination.total_pages, exact.pagination.has_next], [1, false]);
  });

  it('pages are stable under a sort with ties', async () => {
    const seen = [];
    for (const page of ['1', '2', '3']) seen.push(...(await list({ sort: 'ratio:desc', limit: '4', page })).ids);
    assert.deepEqual(seen, ids(8, 12, 7, 5, 2, 11, 9, 1, 6, 4, 10, 3));
  });

  it('rejects bad page and limit values', () => {
    for (const page of ['0', '-1', 'abc', '1.5', '', ' 1', '1e3', '1000000001', ['1', '2']]) assertInvalid({ page }, 'page');
    for (const limit of ['0', '101', '1000', 'abc', '', '25.0']) assertInvalid({ limit }, 'limit');
    assertInvalid({ page: { nested: 1 } }, 'page');
  });
});

describe('list query field selection', () => {
  it('returns only the selected fields, in the requested order', async () => {
    const result = await list({ fields: 'name,id,name', limit: '2' });
    assert.deepEqual(result.parsed.fields, ['name', 'id']);
    const picked = result.rows.map((row) => pickFields(row, result.parsed.fields));
    assert.deepEqual(picked, [{ name: 'Alpha', id: 'it_01' }, { name: 'beta', id: 'it_02' }]);
    assert.deepEqual(Object.keys(picked[0]!), ['name', 'id']);
  });

  it('leaves items whole without a selection, and serves single gets', () => {
    const item = { id: 'x', name: 'n', score: 3 };
    assert.equal(pickFields(item, undefined), item);
    assert.deepEqual(pickFields(item, ['score', 'missing']), { score: 3 });
    assert.deepEqual(parseFieldSelection(items, { fields: 'id, score' }), ['id', 'score']);
    assert.equal(parseFieldSelection(items, {}), undefined);
    assert.equal(parseListQuery(items, {}).fields, undefined);
  });

  it('rejects unknown, unselectable and empty names', () => {
    for (const fields of ['id,bogus', 'secret', '', 'id,,name', ['id', 'name']]) assertInvalid({ fields }, 'fields');
    assert.throws(() => parseFieldSelection(items, { fields: 'nope' }), InvalidInput);
  });
});

describe('list query validation errors name the field', () => {
  const tooManyValues = `in:${Array.from({ length: 101 }, (_, i) => i).join(',')}`;
  const ERROR_CASES: Array<[Query, string]> = [
    [{ nope: '1' }, 'nope'],
    [{ secret: 'hidden' }, 'secret'], // filterable: false
    [{ '': 'x' }, ''],
    // integer
    [{ score: 'gt:abc' }, 'score'],
    [{ score: 'abc' }, 'score'],
    [{ score: 'like:5' }, 'score'],
    [{ score: 'GT:5' }, 'score'],
    [{ score: 'gt:1.5' }, 'score'],
    [{ score: 'gt:' }, 'score'],
    [{ score: 'gt: 5' }, 'score'],
    [{ score: 'gt:1e3' }, 'score'],
    [{ score: 'gt:99999999999999999999' }, 'score'],
    [{ score: 'contains:5' }, 'score'],
    [{ score: 'regex:5' }, 'score'],
    [{ score: 'in:' }, 'score'],
    [{ score: 'in:1,,2' }, 'score'],
    [{ score: 'in:1,x' }, 'score'],
    [{ score: tooManyValues }, 'score'],
    [{ score: ['gte:1', 'lt:x'] }, 'score'],
    // number
    [{ ratio: 'gt:1e400' }, 'ratio'],
    [{ ratio: 'gt:NaN' }, 'ratio'],
    [{ ratio: 'gt:Infinity' }, 'ratio'],
    [{ ratio: 'gt:0x10' }, 'ratio'],
    [{ ratio: 'gt:1,5' }, 'ratio'],
    // boolean
    [{ flagged: 'yes' }, 'flagged'],
    [{ flagged: 'TRUE' }, 'flagged'],
    [{ flagged: 'in:1,0' }, 'flagged'],
    [{ flagged: 'gt:0' }, 'flagged'],
    // enum
    [{ status: 'deleted' }, 'status'],
    [{ status: 'gt:active' }, 'status'],
    [{ status: 'contains:act' }, 'status'],
    [{ status: 'regex:act' }, 'status'],
    [{ status: 'in:active,deleted' }, 'status'],
    // timestamp
    [{ created_at: '2026-02-30' }, 'created_at'],
    [{ created_at: 'gt:2026-13-01' }, 'created_at'],
    [{ created_at: 'gt:yesterday' }, 'created_at'],
    [{ created_at: '2026-03-12T24:00:00Z' }, 'created_at'],
    [{ created_at: '2026-03-12T14:60:00Z' }, 'created_at'],
    [{ created_at: '2026-03-12T14:30:15.1234Z' }, 'created_at'],
    [{ created_at: '2026-03-12T14:30:15+25:00' }, 'created_at'],
    [{ created_at: '2026-3-12' }, 'created_at'],
    [{ created_at: '0000-01-01T00:00:00+01:00' }, 'created_at'],
    [{ created_at: 'contains:2026' }, 'created_at'],
    [{ created_at: 'regex:2026' }, 'created_at'],
    [{ received_at: '12:30' }, 'received_at'],
    // string values
    [{ subject: 'contains:' }, 'subject'],
    [{ subject: `eq:${'x'.repeat(1025)}` }, 'subject'],
    [{ name: 'in:a,,b' }, 'name'],
    // regex: invalid, non-linear or non-portable syntax, and length
    [{ subject: 'regex:' }, 'subject'],
    [{ subject: 'regex:(?i)' }, 'subject'],
    [{ subject: 'regex:[' }, 'subject'],
    [{ subject: 'regex:(' }, 'subject'],
    [{ subject: 'regex:a)' }, 'subject'],
    [{ subject: 'regex:(a)\\1' }, 'subject'],
    [{ subject: 'regex:(?=a)' }, 'subject'],
    [{ subject: 'regex:(?<=a)b' }, 'subject'],
    [{ subject: 'regex:(?!a)' }, 'subject'],
    [{ subject: 'regex:(?P<n>a)' }, 'subject'],
    [{ subject: 'regex:a(?i)b' }, 'subject'],
    [{ subject: 'regex:*a' }, 'subject'],
    [{ subject: 'regex:a**' }, 'subject'],
    [{ subject: 'regex:^*' }, 'subject'],
    [{ subject: 'regex:a{2,1}' }, 'subject'],
    [{ subject: 'regex:a{256}' }, 'subject'],
    [{ subject: 'regex:a{x}' }, 'subject'],
    [{ subject: 'regex:\\x41' }, 'subject'],
    [{ subject: 'regex:\\pL' }, 'subject'],
    [{ subject: 'regex:\\Z' }, 'subject'],
    [{ subject: 'regex:[[:alpha:]]' }, 'subject'],
    [{ subject: 'regex:[\\D]' }, 'subject'],
    [{ subject: 'regex:[z-a]' }, 'subject'],
    [{ subject: 'regex:a\\' }, 'subject'],
    [{ subject: `regex:${'a'.repeat(257)}` }, 'subject'],
    // date_range
    [{ date_range: '2026-03-12:2026-03-01' }, 'date_range'],
    [{ date_range: '2026-02-30:2026-03-01' }, 'date_range'],
    [{ date_range: '2025-02-29:2025-03-01' }, 'date_range'],
    [{ date_range: '2026-03-01' }, 'date_range'],
    [{ date_range: '2026-3-1:2026-3-2' }, 'date_range'],
    [{ date_range: '2026-03-01:2026-03-02:2026-03-03' }, 'date_range'],
    [{ date_range: '2026-03-01..2026-03-02' }, 'date_range'],
    [{ date_range: '' }, 'date_range'],
    [{ date_range: ['2026-03-01:2026-03-02', '2026-03-03:2026-03-04'] }, 'date_range'],
  ];
  for (const [query, field] of ERROR_CASES) {
    it(`${JSON.stringify(query).slice(0, 100)} → 400 naming '${field}'`, () => assertInvalid(query, field));
  }

  it('details carry the raw value and the message reads well', () => {
    try {
      parseListQuery(items, { score: 'gt:abc' });
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(error instanceof InvalidInput);
      assert.deepEqual(error.details, { field: 'score', value: 'gt:abc' });
      assert.match(error.message, /score=gt:abc.*'abc' is not an integer/);
    }
    try {
      parseListQuery(items, { foo: '1' });
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(error instanceof InvalidInput);
      assert.match(error.message, /^Unknown filter field 'foo' for items; filterable fields are: id, name, subject/);
    }
    assert.throws(() => parseListQuery(items, { score: 'like:5' }), /unknown operator 'like'/);
    assert.throws(() => parseListQuery(items, { status: 'gt:active' }), /use one of: eq, ne, in, nin/);
  });

  it('bounds the number of filter conditions', () => {
    assertInvalid({ score: Array.from({ length: 21 }, () => 'gte:0') }, 'score');
    assert.equal(parseListQuery(items, { score: Array.from({ length: 20 }, () => 'gte:0') }).filters.length, 20);
  });
});

describe('portable regex rendering', () => {
  it('renders word boundaries per engine and expands ASCII case', () => {
    const r = toPortableRegex('(?i)\\bab[c-e\\d]\\B');
    assert.equal(r.sqlite, '(?s)\\b[aA][bB][c-e0-9C-E]\\B');
    assert.equal(r.postgres, '(?s)\\y[aA][bB][c-e0-9C-E]\\Y');
  });

  it('expands shorthand classes to explicit ASCII sets', () => {
    assert.equal(toPortableRegex('\\d\\W\\s').sqlite, '(?s)[0-9][^0-9A-Z_a-z][\\t\\n\\f\\r ]');
  });

  it('escapes literal metacharacters for LIKE', () => {
    assert.equal(likeContainsPattern('50%_\\x'), '%50\\%\\_\\\\x%');
  });
});

describe('list query count cache', () => {
  it('reuses a large total for its time to live, counts small lists exactly, and is per query', async () => {
    let now = 1_000;
    const cache = new ListCountCache({ ttlMs: 5_000, minTotal: 10, now: () => now });
    const run = async (query: Query, user = 'user_a') => {
      const parsed = parseListQuery(items, query);
      return (await runListQuery(t.db, items, parsed, (qb) => qb.where('user_id', '=', user), { countCache: cache })).pagination.total;
    };
    const kysely = t.db.kysely as unknown as Kysely<DynamicDatabase>;
    const before = await run({});
    const smallBefore = await run({ status: 'active' });
    assert.ok(before >= 10 && smallBefore < 10);
    await kysely.insertInto('items').values({
      id: 'it_zz', user_id: 'user_a', name: 'Cached', subject: null, from_address: 'z@z.test', status: 'active', score: 1,
      ratio: null, flagged: 0, created_at: '2026-05-01T00:00:00.000Z', received_at: null, secret_note: 'x',
    }).execute();
    try {
      assert.equal(await run({}), before, 'a large total is reused within its time to live');
      assert.equal(await run({ status: 'active' }), smallBefore + 1, 'a small list is always counted');
      assert.equal(await run({}, 'user_b'), USER_B_ROWS.length, 'another scope is another entry');
      now += 5_001;
      assert.equal(await run({}), before + 1, 'counted again after the time to live');
    } finally {
      await kysely.deleteFrom('items').where('id', '=', 'it_zz').execute();
    }
  });
});
