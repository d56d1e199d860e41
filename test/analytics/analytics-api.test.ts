/**
 * `/v1/analytics/*` over mail captured through the real pipeline: figures match the stored rows
 * (glossary of src/analytics/types.ts), origins and geography come from the offline databases, the
 * previous-period comparison, tenant isolation, scopes, and 422s naming the bad field.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../support/app.ts';
import { emailsTestApp } from '../emails/support.ts';
import { expectedFigures, seedWorld, type World } from './support.ts';

const PERIOD = 'period=custom&start_date=2026-03-10&end_date=2026-03-12';
const START = '2026-03-10T00:00:00.000Z';
const END = '2026-03-13T00:00:00.000Z';

describe('analytics endpoints', () => {
  let t: TestApp;
  let w: World;

  before(async () => {
    t = await emailsTestApp();
    w = await seedWorld(t);
  });
  after(() => t.close());

  it('stores the origin of SMTP mail (client address) and of HTTP mail (oldest public Received hop)', async () => {
    const rows = await t.testDb.db.kysely.selectFrom('emails').select(['transport', 'origin_ip', 'origin_country', 'origin_asn', 'origin_as_org', 'analysis_status'])
      .where('user_id', '=', w.a.id).orderBy('received_at').execute();
    const byIp = (ip: string) => rows.filter((r) => r.origin_ip === ip);
    assert.equal(byIp('8.8.8.8').length, 3);
    assert.deepEqual({ ...byIp('8.8.8.8')[0], analysis_status: undefined, transport: undefined }, { transport: undefined, analysis_status: undefined, origin_ip: '8.8.8.8', origin_country: 'US', origin_asn: 15169, origin_as_org: 'Google LLC' });
    assert.equal(byIp('81.2.69.160').length, 3);
    assert.equal(byIp('81.2.69.160')[0]!.origin_country, 'GB');
    const posted = rows.find((r) => r.transport === 'http')!;
    assert.deepEqual([posted.origin_ip, posted.origin_country, posted.origin_asn], ['193.0.6.139', 'NL', 3333]);
    const pending = rows.find((r) => r.analysis_status === 'pending')!;
    assert.equal(pending.origin_country, null, 'the origin is stored with the analysis');
  });

  it('overview: totals, classification, threat types and daily series match the stored rows', async () => {
    const res = await w.a.analytics('GET', `/v1/analytics/overview?${PERIOD}`);
    assert.equal(res.status, 200, res.raw.body);
    const data = res.body.data;
    const expected = await expectedFigures(t, w.a.id, START, END);
    assert.equal(expected.emails, 7, 'three malware, two newsletters, one posted, one pending');
    assert.equal(expected.analysed, 6);
    assert.ok(expected.malware >= 3 && expected.threats >= 3, 'EICAR mail is malware and CRITICAL');
    assert.deepEqual(data.period, { start: START, end: END, preset: 'custom' });
    assert.deepEqual(data.totals, {
      emails: 7, analysed: 6, threats: expected.threats, malware: expected.malware, phishing: expected.phishing, spam: expected.spam,
      clean: expected.clean, avg_threat_score: expected.avg_threat_score, honeypots_hit: 2, new_campaigns: data.totals.new_campaigns,
    });
    assert.ok(data.totals.new_campaigns >= 1);
    assert.deepEqual(data.classification, expected.classification);
    assert.equal(data.threat_types.malware + data.threat_types.phishing + data.threat_types.spam + data.threat_types.clean, 6);
    assert.equal(data.time_series.granularity, 'day');
    assert.deepEqual(data.time_series.buckets.map((b: { start: string; emails: number }) => [b.start, b.emails]), [[START, 6], ['2026-03-11T00:00:00.000Z', 1], ['2026-03-12T00:00:00.000Z', 0]]);
    assert.equal(data.comparison, null);
  });

  it('overview with compare=true: the previous period and the change of each total', async () => {
    const res = await w.a.analytics('GET', `/v1/analytics/overview?${PERIOD}&compare=true`);
    const { comparison } = res.body.data;
    assert.deepEqual(comparison.previous_period, { start: '2026-03-07T00:00:00.000Z', end: START });
    assert.equal(comparison.previous_totals.emails, 1, 'the 7 March newsletter');
    assert.equal(comparison.previous_totals.threats, 0);
    assert.equal(comparison.changes.emails, 600);
    assert.equal(comparison.changes.threats, null, 'no change against 0');
    const week = await w.a.analytics('GET', '/v1/analytics/overview?period=7d&compare=true');
    // 7d ends now (12 March 12:00): 5 March 12:00 … ; previous: 26 Feb 12:00 … 5 March 12:00.
    assert.equal(week.body.data.totals.emails, 8);
    assert.equal(week.body.data.comparison.previous_totals.emails, 0);
    const narrow = await w.a.analytics('GET', '/v1/analytics/overview?period=custom&start_date=2026-03-10T10:15:00Z&end_date=2026-03-10T12:00:00Z&compare=true');
    const n = narrow.body.data;
    assert.equal(n.totals.emails, 3, 'two newsletters at 10:30 and the posted message at 11:00');
    assert.equal(n.time_series.granularity, 'hour');
    assert.equal(n.comparison.previous_totals.emails, 3, 'the three malware emails at 10:00');
    assert.equal(n.comparison.changes.emails, 0);
    const now = await expectedFigures(t, w.a.id, '2026-03-10T10:15:00.000Z', '2026-03-10T12:00:00.000Z');
    const before = await expectedFigures(t, w.a.id, '2026-03-10T08:30:00.000Z', '2026-03-10T10:15:00.000Z');
    assert.equal(before.threats, 3);
    assert.equal(n.comparison.changes.threats, Math.round(((now.threats - 3) / 3) * 1000) / 10);
  });

  it('threat-distribution by type, score and severity adds up to the analysed emails', async () => {
    const expected = await expectedFigures(t, w.a.id, START, END);
    const type = (await w.a.analytics('GET', `/v1/analytics/threat-distribution?${PERIOD}`)).body.data;
    assert.equal(type.group_by, 'type');
    assert.deepEqual(type.buckets.map((b: { key: string; emails: number }) => [b.key, b.emails]), [['malware', expected.malware], ['phishing', expected.phishing], ['spam', expected.spam], ['clean', expected.clean]]);
    assert.equal(type.emails, 7);
    assert.equal(type.analysed, 6);
    assert.equal(type.buckets[0].percent, Math.round((expected.malware / 6) * 1000) / 10);
    const score = (await w.a.analytics('GET', `/v1/analytics/threat-distribution?${PERIOD}&group_by=score`)).body.data;
    assert.deepEqual(score.buckets.map((b: { emails: number }) => b.emails), expected.histogram);
    assert.equal(score.buckets[9].key, '90-100');
    const severity = (await w.a.analytics('GET', `/v1/analytics/threat-distribution?${PERIOD}&group_by=severity`)).body.data;
    assert.deepEqual(Object.fromEntries(severity.buckets.map((b: { key: string; emails: number }) => [b.key, b.emails])), expected.classification);
  });

  it('geographic: countries and autonomous systems of the located mail', async () => {
    const res = await w.a.analytics('GET', `/v1/analytics/geographic?${PERIOD}&limit=2`);
    assert.equal(res.status, 200, res.raw.body);
    const data = res.body.data;
    assert.equal(data.located_emails, 6, 'the pending email has no origin yet');
    assert.deepEqual(data.countries.map((c: { country_code: string; country_name: string; emails: number; percent: number }) => [c.country_code, c.country_name, c.emails, c.percent]),
      [['US', 'United States', 3, 50], ['GB', 'United Kingdom', 2, 33.3]]);
    assert.equal(data.countries[0].threats, (await expectedFigures(t, w.a.id, START, END)).threats);
    assert.deepEqual(data.asns[0], { asn: 15169, as_org: 'Google LLC', emails: 3, threats: data.countries[0].threats, percent: 50 });
    const all = (await w.a.analytics('GET', `/v1/analytics/geographic?${PERIOD}&limit=100`)).body.data;
    assert.deepEqual(all.countries.map((c: { country_code: string }) => c.country_code), ['US', 'GB', 'NL']);
    assert.deepEqual(all.asns.map((a: { asn: number }) => a.asn), [15169, 20712, 3333]);
  });

  it('shows each user only their own mail', async () => {
    const b = (await w.b.analytics('GET', `/v1/analytics/overview?${PERIOD}`)).body.data;
    assert.equal(b.totals.emails, 1);
    assert.equal(b.totals.honeypots_hit, 1);
    const geo = (await w.b.analytics('GET', `/v1/analytics/geographic?${PERIOD}`)).body.data;
    assert.deepEqual(geo.countries.map((c: { country_code: string; emails: number }) => [c.country_code, c.emails]), [['US', 1]]);
  });

  it('needs analytics:read (or read)', async () => {
    const res = await w.a.call('GET', `/v1/analytics/overview?${PERIOD}`);
    assert.equal(res.status, 403);
    assert.match(JSON.stringify(res.body), /analytics:read/);
    const readKey = await t.createKey(w.a.id, ['read']);
    const ok = await t.app.inject({ method: 'GET', url: `/v1/analytics/overview?${PERIOD}&api_key=${readKey}` });
    assert.equal(ok.statusCode, 200);
  });

  it('answers 422 naming the field for bad periods and parameters', async () => {
    const cases: Array<[string, string]> = [
      ['period=custom&start_date=2026-03-10&end_date=2026-03-09', 'end_date'],
      ['period=custom&start_date=2026-03-10T10:00:00Z&end_date=2026-03-10T10:00:00Z', 'end_date'],
      ['period=custom&end_date=2026-03-09', 'start_date'],
      ['period=custom&start_date=2026-03-09', 'end_date'],
      ['period=custom&start_date=2025-01-01&end_date=2026-01-02', 'end_date'],
      ['period=custom&start_date=2026-02-30&end_date=2026-03-02', 'start_date'],
      ['period=custom&start_date=yesterday&end_date=2026-03-02', 'start_date'],
      ['period=12d', 'period'],
      ['period=7d&start_date=2026-03-01', 'start_date'],
      ['compare=maybe', 'compare'],
    ];
    for (const [query, field] of cases) {
      const res = await w.a.analytics('GET', `/v1/analytics/overview?${query}`);
      assert.equal(res.status, 422, `${query}: ${res.raw.body}`);
      assert.equal(res.body.error.details.field, field, query);
    }
    const leap = await w.a.analytics('GET', '/v1/analytics/overview?period=custom&start_date=2024-01-01&end_date=2024-12-31');
    assert.equal(leap.status, 200, 'a whole leap year is 366 days');
    const group = await w.a.analytics('GET', '/v1/analytics/threat-distribution?group_by=country');
    assert.deepEqual([group.status, group.body.error.details.field], [422, 'group_by']);
    for (const limit of ['0', '101', 'ten']) {
      const res = await w.a.analytics('GET', `/v1/analytics/geographic?limit=${limit}`);
      assert.deepEqual([res.status, res.body.error.details.field], [422, 'limit'], limit);
    }
  });

  it('publishes the three routes and their response shapes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
    for (const path of ['/v1/analytics/overview', '/v1/analytics/threat-distribution', '/v1/analytics/geographic']) {
      assert.ok(doc.paths[path]?.get, path);
    }
    const ok = JSON.stringify(doc.paths['/v1/analytics/overview'].get.responses['200']);
    assert.match(ok, /honeypots_hit/);
    assert.match(ok, /time_series/);
  });
});
