/**
 * The rollups stay exact through every way mail changes (capture, analysis, the delete API,
 * retention, honeypot deletion, account erasure) — checked against a rebuild from `emails` — and
 * summarizePeriod agrees with the analytics endpoints for the same period, with and without filters.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../support/app.ts';
import { callerFor, emailsTestApp } from '../emails/support.ts';
import { expectedFigures, rollupSnapshot, seedWorld, type World } from './support.ts';

const PERIOD = { start: '2026-03-10T00:00:00.000Z', end: '2026-03-13T00:00:00.000Z' };
const QUERY = 'period=custom&start_date=2026-03-10&end_date=2026-03-12';

describe('analytics rollups and period summaries', () => {
  let t: TestApp;
  let w: World;

  before(async () => {
    t = await emailsTestApp();
    w = await seedWorld(t);
  });
  after(() => t.close());

  async function assertRollupsExact(userId: string): Promise<void> {
    const kept = await rollupSnapshot(t, userId);
    await t.services.analytics.rebuildRollups(userId);
    assert.deepEqual(kept, await rollupSnapshot(t, userId), 'the triggers kept the rollups equal to a rebuild');
  }

  it('keeps rollups equal to a rebuild after capture and analysis', async () => {
    await assertRollupsExact(w.a.id);
    await assertRollupsExact(w.b.id);
  });

  it('answers periods whose edges cut through hours exactly (rollups plus raw edges)', async () => {
    const edges: Array<[string, string]> = [
      ['2026-03-10T10:00:00.001Z', '2026-03-11T16:45:00.000Z'],
      ['2026-03-10T10:29:59.999Z', '2026-03-10T10:30:00.001Z'],
      ['2026-03-09T23:59:00.000Z', '2026-03-11T16:45:00.001Z'],
      ['2026-03-07T08:00:00.000Z', '2026-03-11T00:00:00.000Z'],
    ];
    for (const [start, end] of edges) {
      const res = await w.a.analytics('GET', `/v1/analytics/overview?period=custom&start_date=${start}&end_date=${end}`);
      const expected = await expectedFigures(t, w.a.id, start, end);
      const totals = res.body.data.totals;
      assert.deepEqual([totals.emails, totals.analysed, totals.threats, totals.malware, totals.clean, totals.avg_threat_score, totals.honeypots_hit],
        [expected.emails, expected.analysed, expected.threats, expected.malware, expected.clean, expected.avg_threat_score, expected.honeypots_hit], `${start} … ${end}`);
    }
  });

  it('summarizePeriod agrees with the analytics endpoints for the same period', async () => {
    const summary = await t.services.analytics.summarizePeriod(w.a.id, PERIOD);
    const overview = (await w.a.analytics('GET', `/v1/analytics/overview?${QUERY}&compare=true`)).body.data;
    const geo = (await w.a.analytics('GET', `/v1/analytics/geographic?${QUERY}&limit=100`)).body.data;
    const score = (await w.a.analytics('GET', `/v1/analytics/threat-distribution?${QUERY}&group_by=score`)).body.data;
    for (const key of Object.keys(overview.totals).filter((k) => k !== 'analysed')) {
      assert.equal(summary.totals[key as keyof typeof summary.totals], overview.totals[key], key);
      assert.equal(summary.previous_totals[key as keyof typeof summary.totals], overview.comparison.previous_totals[key], `previous ${key}`);
      assert.equal(summary.changes[key as keyof typeof summary.changes], overview.comparison.changes[key], `change ${key}`);
    }
    assert.deepEqual(summary.classification, overview.classification);
    assert.deepEqual(summary.threat_types, overview.threat_types);
    assert.deepEqual(summary.time_series, overview.time_series);
    assert.deepEqual(summary.score_histogram.map((b) => b.emails), score.buckets.map((b: { emails: number }) => b.emails));
    assert.deepEqual(summary.geography, geo.countries.map(({ percent: _p, ...c }: { percent: number }) => c));
    assert.deepEqual(summary.top_asns, geo.asns.map(({ percent: _p, ...a }: { percent: number }) => a).slice(0, 10));
  });

  it('summarizePeriod fills every section from the data', async () => {
    const h0 = w.a.honeypots[0]!;
    assert.equal((await w.a.call('PATCH', `/v1/honeypots/${h0.id}`, { alerts: { enabled: false } })).status, 200);
    const s = await t.services.analytics.summarizePeriod(w.a.id, PERIOD);
    assert.equal(s.totals.unique_senders, 3, 'billing@invoice-desk, news@uk-news, someone@ripe-sender');
    assert.equal(s.totals.unique_ips, 3);
    assert.deepEqual(s.top_senders[0], { address: 'billing@invoice-desk.example', domain: 'invoice-desk.example', emails: 3, max_threat_score: s.top_senders[0]!.max_threat_score });
    assert.ok((s.top_senders[0]!.max_threat_score ?? 0) >= 80);
    assert.equal(s.top_sender_domains[0]!.domain, 'invoice-desk.example');
    assert.equal(s.top_sender_domains[0]!.threats, 3);
    assert.deepEqual(s.top_ips.map((ip) => [ip.ip, ip.country_code, ip.asn, ip.emails]), [['8.8.8.8', 'US', 15169, 3], ['81.2.69.160', 'GB', 20712, 2], ['193.0.6.139', 'NL', 3333, 1]]);
    assert.ok(s.new_campaigns.length >= 1 && s.new_campaigns.length === s.totals.new_campaigns);
    assert.ok(s.notable_indicators.length > 0 && s.notable_indicators.length <= 10);
    assert.ok(s.notable_indicators.every((i) => i.emails <= s.totals.threats));
    const actions = s.recommendations.map((r) => r.action);
    assert.ok(actions.includes('Block the sender domain invoice-desk.example'), actions.join(' | '));
    assert.ok(actions.some((a) => a.startsWith('Block the sending IP 8.8.8.8 (Google LLC, AS15169, US)')), actions.join(' | '));
    assert.ok(actions.includes(`Enable alerts on the honeypot ${h0.address}`), 'its threats reached nobody');
    assert.ok(actions.includes('Add the malware hashes of this period to your endpoint and mail-gateway block lists'));
    assert.equal(s.generated_at, t.clock.iso());
  });

  it('applies honeypot and threat-score filters', async () => {
    const [h0, h1] = w.a.honeypots;
    const newsOnly = await t.services.analytics.summarizePeriod(w.a.id, PERIOD, { honeypotIds: [h1!.id] });
    assert.equal(newsOnly.totals.emails, 3);
    assert.equal(newsOnly.totals.honeypots_hit, 1);
    assert.deepEqual(newsOnly.geography.map((g) => g.country_code), ['GB', 'NL']);
    assert.deepEqual(newsOnly.filters, { honeypot_ids: [h1!.id], min_threat_score: null });
    const severe = await t.services.analytics.summarizePeriod(w.a.id, PERIOD, { minThreatScore: 60 });
    const expected = await expectedFigures(t, w.a.id, PERIOD.start, PERIOD.end);
    assert.equal(severe.totals.emails, expected.threats, 'only emails scored 60 or more');
    assert.equal(severe.totals.threats, expected.threats);
    const mine = await t.services.analytics.summarizePeriod(w.a.id, PERIOD, { honeypotIds: [w.b.honeypots[0]!.id, h0!.id] });
    assert.equal(mine.totals.emails, 4, "another user's honeypot adds nothing");
    await assert.rejects(t.services.analytics.summarizePeriod(w.a.id, { start: PERIOD.end, end: PERIOD.start }), { code: 'unprocessable' });
  });

  it('keeps the figures exact through the delete API, retention, honeypot deletion and account erasure', async () => {
    const overview = async () => (await w.a.analytics('GET', `/v1/analytics/overview?${QUERY}`)).body.data.totals;
    const first = await t.testDb.db.kysely.selectFrom('emails').select('id').where('user_id', '=', w.a.id).where('origin_ip', '=', '8.8.8.8').executeTakeFirstOrThrow();
    assert.equal((await w.a.call('DELETE', `/v1/emails/${first.id}`)).status, 200);
    let totals = await overview();
    assert.equal(totals.emails, 6);
    assert.equal(totals.malware, (await expectedFigures(t, w.a.id, PERIOD.start, PERIOD.end)).malware);
    const geo = (await w.a.analytics('GET', `/v1/analytics/geographic?${QUERY}`)).body.data;
    assert.equal(geo.countries[0].emails, 2);
    await assertRollupsExact(w.a.id);

    const retained = await t.services.emailRetention.deleteEmailsOlderThan('2026-03-10T10:15:00.000Z');
    assert.equal(retained, 3, "A's 7 March newsletter and two remaining malware emails");
    totals = await overview();
    assert.equal(totals.emails, 4);
    assert.equal(totals.honeypots_hit, 2);
    await assertRollupsExact(w.a.id);

    const h1 = w.a.honeypots[1]!;
    assert.equal((await w.a.call('DELETE', `/v1/honeypots/${h1.id}`)).status, 200);
    totals = await overview();
    assert.deepEqual([totals.emails, totals.analysed, totals.honeypots_hit], [1, 0, 1], 'only the pending email is left');
    await assertRollupsExact(w.a.id);

    const bUsers = callerFor(t, await t.createKey(w.b.id, ['users:write']));
    const erased = await bUsers('DELETE', `/v1/users/${w.b.id}`);
    assert.ok(erased.status === 200 || erased.status === 204, erased.raw.body);
    const left = await t.testDb.db.kysely.selectFrom('analytics_daily').select('user_id').where('user_id', '=', w.b.id).execute();
    assert.equal(left.length, 0, "an erased account's rollups go with it");
  });
});
