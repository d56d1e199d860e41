/**
 * Analytics (issue 7): where each captured email came from, and rollups that make period figures
 * cheap over millions of emails.
 *
 * - `emails.origin_ip / origin_country / origin_asn / origin_as_org`: filled when an analysis is
 *   stored (src/analytics/origin.ts). `origin_country` is ISO 3166-1 alpha-2, `ZZ` for an address with
 *   no country (private, loopback, unknown); NULL until the analysis stores it.
 * - `analytics_daily` (user × UTC day), `analytics_hourly` (user × UTC hour × honeypot): additive
 *   counters of every email (pending ones count in `emails` only). `analytics_geo_daily` (user × UTC
 *   day × country × ASN, ASN 0 = unknown): emails with a stored origin, and how many were threats.
 * - The rollups are kept by triggers on `emails`, so every path that inserts, re-scores or deletes
 *   email (ingest, analysis, the delete API, retention, honeypot and account cascades) adjusts them in
 *   its own transaction, exactly. Invariant: `user_id`, `honeypot_id` and `received_at` of an email
 *   never change (nothing updates them), so the triggers watch only the score and origin columns.
 * - Rows whose counters fall to 0 are left in place (readers test `emails > 0`); a deleted user or
 *   honeypot takes its rollup rows with it (ON DELETE CASCADE).
 * - Existing mail is counted once here (backfill); origins of mail stored before this migration stay NULL.
 *
 * The counter definitions below are the glossary of src/analytics/types.ts written in SQL; the
 * analytics queries reuse them (`counterExpressions`) for period edges that do not fill a bucket.
 */
import { sql, type Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../config.ts';
import { byteText, notNullByteText } from './helpers.ts';

/** Additive counters of `analytics_daily` and `analytics_hourly`, in column order. */
export const COUNTER_COLUMNS = [
  'emails', 'analysed', 'score_sum', 'threats',
  'cls_clean', 'cls_low_risk', 'cls_suspicious', 'cls_threat', 'cls_critical',
  'type_malware', 'type_phishing', 'type_spam', 'type_clean',
  'hist_0', 'hist_1', 'hist_2', 'hist_3', 'hist_4', 'hist_5', 'hist_6', 'hist_7', 'hist_8', 'hist_9',
] as const;
export type CounterColumn = (typeof COUNTER_COLUMNS)[number];

/** Threat type of the row `r` (glossary): highest of malware/phishing/spam when ≥ 40, ties in that order. */
export function threatTypeExpression(r: string): string {
  const m = `coalesce(${r}.malware_score, 0)`;
  const p = `coalesce(${r}.phishing_score, 0)`;
  const s = `coalesce(${r}.spam_score, 0)`;
  return `(case when ${r}.threat_score is null then null`
    + ` when ${m} >= 40 and ${m} >= ${p} and ${m} >= ${s} then 'malware'`
    + ` when ${p} >= 40 and ${p} >= ${s} then 'phishing'`
    + ` when ${s} >= 40 then 'spam' else 'clean' end)`;
}

/** SQL for each counter's contribution (0 or 1, or the score for `score_sum`) of the emails row `r`. */
export function counterExpressions(r: string): Record<CounterColumn, string> {
  const one = (condition: string) => `(case when ${condition} then 1 else 0 end)`;
  const type = threatTypeExpression(r);
  const hist = (i: number) => one(`${r}.threat_score >= ${i * 10}${i === 9 ? '' : ` and ${r}.threat_score < ${(i + 1) * 10}`}`);
  return {
    emails: '1',
    analysed: one(`${r}.threat_score is not null`),
    score_sum: `coalesce(${r}.threat_score, 0)`,
    threats: one(`${r}.classification in ('THREAT', 'CRITICAL')`),
    cls_clean: one(`${r}.classification = 'CLEAN'`),
    cls_low_risk: one(`${r}.classification = 'LOW_RISK'`),
    cls_suspicious: one(`${r}.classification = 'SUSPICIOUS'`),
    cls_threat: one(`${r}.classification = 'THREAT'`),
    cls_critical: one(`${r}.classification = 'CRITICAL'`),
    type_malware: one(`${type} = 'malware'`),
    type_phishing: one(`${type} = 'phishing'`),
    type_spam: one(`${type} = 'spam'`),
    type_clean: one(`${type} = 'clean'`),
    hist_0: hist(0), hist_1: hist(1), hist_2: hist(2), hist_3: hist(3), hist_4: hist(4),
    hist_5: hist(5), hist_6: hist(6), hist_7: hist(7), hist_8: hist(8), hist_9: hist(9),
  };
}

/** UTC day and hour buckets of `received_at` (ISO text), as stored in the rollups. */
export const dayOf = (r: string) => `(substr(${r}.received_at, 1, 10) || 'T00:00:00.000Z')`;
export const hourOf = (r: string) => `(substr(${r}.received_at, 1, 13) || ':00:00.000Z')`;

type Rollup = 'daily' | 'hourly' | 'geo';

const KEYS: Record<Rollup, { table: string; keys: string[]; values: (r: string) => string[] }> = {
  daily: { table: 'analytics_daily', keys: ['user_id', 'day'], values: (r) => [`${r}.user_id`, dayOf(r)] },
  hourly: { table: 'analytics_hourly', keys: ['user_id', 'hour', 'honeypot_id'], values: (r) => [`${r}.user_id`, hourOf(r), `${r}.honeypot_id`] },
  geo: {
    table: 'analytics_geo_daily',
    keys: ['user_id', 'day', 'country_code', 'asn'],
    values: (r) => [`${r}.user_id`, dayOf(r), `${r}.origin_country`, `coalesce(${r}.origin_asn, 0)`],
  },
};

function valueColumns(rollup: Rollup, r: string): Array<[string, string]> {
  if (rollup === 'geo') {
    return [['emails', '1'], ['threats', counterExpressions(r).threats]];
  }
  return Object.entries(counterExpressions(r));
}

/** Adds the row `r`'s contribution (upsert). Geo only counts rows whose origin is stored. */
function addStatement(rollup: Rollup, r: string): string {
  const { table, keys, values } = KEYS[rollup];
  const counters = valueColumns(rollup, r);
  const columns = [...keys, ...counters.map(([c]) => c), ...(rollup === 'geo' ? ['as_org'] : [])];
  const selected = [...values(r), ...counters.map(([, e]) => e), ...(rollup === 'geo' ? [`${r}.origin_as_org`] : [])];
  const sets = counters.map(([c]) => `${c} = ${table}.${c} + excluded.${c}`);
  if (rollup === 'geo') sets.push(`as_org = coalesce(excluded.as_org, ${table}.as_org)`);
  const where = rollup === 'geo' ? `${r}.origin_country is not null` : '1 = 1';
  return `insert into ${table} (${columns.join(', ')}) select ${selected.join(', ')} where ${where}`
    + ` on conflict (${keys.join(', ')}) do update set ${sets.join(', ')}`;
}

/** Takes the row `r`'s contribution away (the bucket row exists unless a cascade already removed it). */
function subtractStatement(rollup: Rollup, r: string): string {
  const { table, keys, values } = KEYS[rollup];
  const sets = valueColumns(rollup, r).map(([c, e]) => `${c} = ${c} - ${e}`);
  const match = keys.map((k, i) => `${k} = ${values(r)[i]}`).join(' and ');
  return `update ${table} set ${sets.join(', ')} where ${match}`;
}

const SCORE_COLUMNS = ['threat_score', 'malware_score', 'phishing_score', 'spam_score', 'classification'];
const GEO_COLUMNS = ['classification', 'origin_country', 'origin_asn'];

interface TriggerSpec {
  name: string;
  event: string;
  /** Null-safe "changed" test over these columns (updates only). */
  changed?: string[];
  statements: string[];
}

function triggerSpecs(): TriggerSpec[] {
  return [
    { name: 'analytics_emails_insert', event: 'insert', statements: (['daily', 'hourly', 'geo'] as const).map((t) => addStatement(t, 'new')) },
    { name: 'analytics_emails_delete', event: 'delete', statements: (['daily', 'hourly', 'geo'] as const).map((t) => subtractStatement(t, 'old')) },
    {
      name: 'analytics_emails_rescore', event: `update of ${SCORE_COLUMNS.join(', ')}`, changed: SCORE_COLUMNS,
      statements: (['daily', 'hourly'] as const).flatMap((t) => [subtractStatement(t, 'old'), addStatement(t, 'new')]),
    },
    {
      name: 'analytics_emails_regeo', event: `update of ${GEO_COLUMNS.join(', ')}`, changed: GEO_COLUMNS,
      statements: [subtractStatement('geo', 'old'), addStatement('geo', 'new')],
    },
  ];
}

/** Removes the rollup triggers (bulk loads: drop, insert, `rebuildRollups`, `createAnalyticsTriggers`). */
export async function dropAnalyticsTriggers(db: Kysely<unknown>, engine: DatabaseEngine): Promise<void> {
  for (const spec of triggerSpecs()) {
    await sql.raw(`drop trigger if exists ${spec.name}${engine === 'postgres' ? ' on emails' : ''}`).execute(db);
    if (engine === 'postgres') await sql.raw(`drop function if exists ${spec.name}_fn()`).execute(db);
  }
}

export async function createAnalyticsTriggers(db: Kysely<unknown>, engine: DatabaseEngine): Promise<void> {
  for (const spec of triggerSpecs()) {
    if (engine === 'sqlite') {
      const when = spec.changed ? ` when ${spec.changed.map((c) => `old.${c} is not new.${c}`).join(' or ')}` : '';
      await sql.raw(`create trigger ${spec.name} after ${spec.event} on emails for each row${when} begin ${spec.statements.join('; ')}; end`).execute(db);
    } else {
      const when = spec.changed ? ` when (${spec.changed.map((c) => `old.${c} is distinct from new.${c}`).join(' or ')})` : '';
      await sql.raw(`create function ${spec.name}_fn() returns trigger language plpgsql as $$ begin ${spec.statements.join('; ')}; return null; end $$`).execute(db);
      await sql.raw(`create trigger ${spec.name} after ${spec.event} on emails for each row${when} execute function ${spec.name}_fn()`).execute(db);
    }
  }
}

/**
 * Recomputes the rollups of `userId` (every user when null) from `emails`: deletes them and sums the
 * emails again, in one set-based statement per table. For repairs and bulk loads (the bench).
 */
export async function rebuildRollups(db: Kysely<unknown>, userId: string | null): Promise<void> {
  const scope = userId === null ? sql`` : sql` where user_id = ${userId}`;
  const emailScope = userId === null ? sql`` : sql` where e.user_id = ${userId}`;
  for (const rollup of ['daily', 'hourly', 'geo'] as const) {
    const { table, keys, values } = KEYS[rollup];
    await sql`delete from ${sql.table(table)}${scope}`.execute(db);
    const counters = valueColumns(rollup, 'e');
    const columns = [...keys, ...counters.map(([c]) => c), ...(rollup === 'geo' ? ['as_org'] : [])];
    const groups = values('e');
    const selected = [...groups, ...counters.map(([, e]) => `sum(${e})`), ...(rollup === 'geo' ? ['max(e.origin_as_org)'] : [])];
    const geoOnly = rollup === 'geo' ? sql.raw(`${userId === null ? ' where' : ' and'} e.origin_country is not null`) : sql``;
    await sql`insert into ${sql.table(table)} (${sql.raw(columns.join(', '))}) select ${sql.raw(selected.join(', '))} from emails e${emailScope}${geoOnly} group by ${sql.raw(groups.join(', '))}`.execute(db);
  }
}

export function analyticsMigration(engine: DatabaseEngine) {
  const text = notNullByteText(engine);
  const nullableText = byteText(engine);
  const withoutRowid = (builder: { modifyEnd(s: ReturnType<typeof sql>): unknown }) => (engine === 'sqlite' ? builder.modifyEnd(sql`without rowid`) : builder);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('emails').addColumn('origin_ip', 'text', nullableText).execute();
      await db.schema.alterTable('emails').addColumn('origin_country', 'text', nullableText).execute();
      await db.schema.alterTable('emails').addColumn('origin_asn', 'integer').execute();
      await db.schema.alterTable('emails').addColumn('origin_as_org', 'text', nullableText).execute();

      let daily = db.schema.createTable('analytics_daily')
        .addColumn('user_id', 'text', (c) => text(c).references('users.id').onDelete('cascade'))
        .addColumn('day', 'text', text);
      let hourly = db.schema.createTable('analytics_hourly')
        .addColumn('user_id', 'text', (c) => text(c).references('users.id').onDelete('cascade'))
        .addColumn('hour', 'text', text)
        .addColumn('honeypot_id', 'text', (c) => text(c).references('honeypots.id').onDelete('cascade'));
      for (const column of COUNTER_COLUMNS) {
        daily = daily.addColumn(column, 'integer', (c) => c.notNull().defaultTo(0));
        hourly = hourly.addColumn(column, 'integer', (c) => c.notNull().defaultTo(0));
      }
      daily = daily.addPrimaryKeyConstraint('analytics_daily_pk', ['user_id', 'day'] as never[]);
      hourly = hourly.addPrimaryKeyConstraint('analytics_hourly_pk', ['user_id', 'hour', 'honeypot_id'] as never[]);
      await (withoutRowid(daily) as typeof daily).execute();
      await (withoutRowid(hourly) as typeof hourly).execute();
      // "Which honeypots received mail in the period" is one seek per honeypot; honeypot deletion cascades here too.
      await db.schema.createIndex('analytics_hourly_honeypot_idx').on('analytics_hourly').columns(['honeypot_id', 'hour']).execute();

      const geo = db.schema.createTable('analytics_geo_daily')
        .addColumn('user_id', 'text', (c) => text(c).references('users.id').onDelete('cascade'))
        .addColumn('day', 'text', text)
        .addColumn('country_code', 'text', text)
        .addColumn('asn', 'integer', (c) => c.notNull())
        .addColumn('as_org', 'text', nullableText)
        .addColumn('emails', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('threats', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('analytics_geo_daily_pk', ['user_id', 'day', 'country_code', 'asn'] as never[]);
      await (withoutRowid(geo) as typeof geo).execute();

      // New campaigns in a period are found by first_seen_at (campaigns_user_first_seen_at_idx exists).
      await rebuildRollups(db, null);
      await createAnalyticsTriggers(db, engine);
    },
  };
}
