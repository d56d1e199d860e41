/**
 * /v1/reports: create, list, get, delete, generate, download; validation (422 naming the field),
 * scopes, tenancy, and the durable generation job (failure and retry, lapsed leases, file release).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { REPORT_FIELDS } from '../../src/reports/reports.model.ts';
import { ReportJobs } from '../../src/reports/reports.jobs.ts';
import { isoTime } from '../../src/platform/clock.ts';
import { blobExists, buildMessage, callerFor, ingest, passGracePeriod } from '../emails/support.ts';
import type { TestApp } from '../support/app.ts';
import { createReportTenant, parseCsv, reportsTestApp, type ReportTenant } from './support.ts';
import { PAGE_ROWS, renderCsv } from '../../src/reports/render/csv.ts';
import { newId } from '../../src/platform/ids.ts';

let t: TestApp;
let alice: ReportTenant;
let bob: ReportTenant;

before(async () => {
  t = await reportsTestApp();
  alice = await createReportTenant(t, 1);
  bob = await createReportTenant(t, 1);
  t.clock.set('2026-03-11T10:00:00.000Z');
  const raw = buildMessage({ from: 'Spammer <deals@cheap.example>', to: alice.honeypots[0]!.address, subject: 'Deals', text: 'Buy now.' });
  await ingest(t, raw, [{ honeypotId: alice.honeypots[0]!.id, userId: alice.id }]);
  t.clock.set('2026-03-12T14:30:15.000Z');
});

after(() => t.close());

async function fileOf(id: string): Promise<string | null> {
  const row = await t.testDb.db.kysely.selectFrom('reports').select('file_sha256').where('id', '=', id).executeTakeFirstOrThrow();
  return row.file_sha256;
}

test('creating a report without a schedule queues its generation; the worker makes it ready', async () => {
  const res = await alice.reports('POST', '/v1/reports', { name: 'Yesterday', type: 'daily_digest', format: 'json', description: 'For the team' });
  assert.equal(res.status, 201, res.raw.body);
  const report = res.body.data;
  assert.deepEqual(Object.keys(report).sort(), [...REPORT_FIELDS].sort());
  assert.match(report.id, /^report_[0-9a-z]{26}$/);
  assert.equal(report.status, 'pending');
  assert.deepEqual(report.period, { start: '2026-03-11T00:00:00.000Z', end: '2026-03-12T00:00:00.000Z' });
  assert.deepEqual(report.filters, { honeypot_ids: [], threat_score: { min: null } });
  assert.equal(report.sections.length, 9);
  assert.equal(report.schedule, null);
  assert.equal(report.next_run_at, null);
  assert.equal(report.file_size, null);
  assert.equal((await alice.reports('GET', `/v1/reports/${report.id}/download`)).status, 409);

  const run = await t.services.reports.jobs.run();
  assert.equal(run.generated, 1);
  const ready = (await alice.reports('GET', `/v1/reports/${report.id}`)).body.data;
  assert.equal(ready.status, 'ready');
  assert.equal(ready.download_url, `/v1/reports/${report.id}/download`);
  const download = await alice.reports('GET', `/v1/reports/${report.id}/download`);
  assert.equal(download.status, 200);
  assert.equal(Number(download.raw.headers['content-length']), ready.file_size);
  assert.equal(download.raw.headers['content-disposition'], 'attachment; filename="yesterday-2026-03-11.json"');
  assert.equal(JSON.parse(download.raw.body).totals.emails, 1);
});

test('an explicit period, filters and sections are kept; date-only ends include the whole day', async () => {
  const res = await alice.reports('POST', '/v1/reports', {
    name: 'March so far', type: 'custom', format: 'pdf', period: { start: '2026-03-01', end: '2026-03-11' },
    filters: { honeypot_ids: [alice.honeypots[0]!.id], threat_score: { min: 10 } }, sections: ['recommendations', 'summary'],
  });
  assert.equal(res.status, 201, res.raw.body);
  assert.deepEqual(res.body.data.period, { start: '2026-03-01T00:00:00.000Z', end: '2026-03-12T00:00:00.000Z' });
  assert.deepEqual(res.body.data.sections, ['summary', 'recommendations']);
  assert.deepEqual(res.body.data.filters, { honeypot_ids: [alice.honeypots[0]!.id], threat_score: { min: 10 } });
  await t.services.reports.jobs.run();
  assert.equal((await alice.reports('GET', `/v1/reports/${res.body.data.id}`)).body.data.status, 'ready');
});

test('bad input is a 422 naming the field', async () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ period: { start: '2026-03-10', end: '2026-03-01' } }, 'period.end'],
    [{ period: { start: '2026-03-10T10:00:00Z', end: '2026-03-10T10:00:00Z' } }, 'period.end'],
    [{ period: { start: '2025-01-01', end: '2026-03-01' } }, 'period.end'],
    [{ period: { start: 'yesterday', end: '2026-03-01' } }, 'period.start'],
    [{ period: { start: '2026-02-30', end: '2026-03-01' } }, 'period.start'],
    [{ format: 'docx' }, 'format'],
    [{ type: 'weekly' }, 'type'],
    [{ sections: ['summary', 'gossip'] }, 'sections.1'],
    [{ schedule: { frequency: 'hourly' } }, 'schedule.frequency'],
    [{ schedule: { frequency: 'daily', timezone: 'Mars/Olympus_Mons' } }, 'schedule.timezone'],
    [{ schedule: { frequency: 'daily', time: '25:00' } }, 'schedule.time'],
    [{ schedule: { frequency: 'daily', day: 3 } }, 'schedule.day'],
    [{ schedule: { frequency: 'weekly', day: 8 } }, 'schedule.day'],
    [{ schedule: { frequency: 'weekly', day: 'funday' } }, 'schedule.day'],
    [{ schedule: { frequency: 'monthly', day: 0 } }, 'schedule.day'],
    [{ filters: { threat_score: { min: 101 } } }, 'filters.threat_score.min'],
    [{ filters: { honeypot_ids: [bob.honeypots[0]!.id] } }, 'filters.honeypot_ids.0'],
    [{ recipients: ['ok@example.test', 'not an address'] }, 'recipients.1'],
  ];
  for (const [body, field] of cases) {
    const res = await alice.reports('POST', '/v1/reports', { name: 'Bad', ...body });
    assert.equal(res.status, 422, `${JSON.stringify(body)} → ${res.raw.body}`);
    assert.equal(res.body.error.code, 'unprocessable');
    assert.equal(res.body.error.details.field, field, JSON.stringify(body));
  }
  const unknown = await alice.reports('POST', '/v1/reports', { name: 'Bad', colour: 'red' });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.error.details.field, 'colour');
});

test('the list goes through the shared list machinery', async () => {
  const res = await alice.reports('GET', '/v1/reports?status=ready&sort=id:desc&fields=id,name,status&limit=1');
  assert.equal(res.status, 200, res.raw.body);
  assert.equal(res.body.pagination.total, 2);
  assert.equal(res.body.pagination.has_next, true);
  assert.deepEqual(Object.keys(res.body.data[0]).sort(), ['id', 'name', 'status']);
  assert.equal(res.body.data[0].name, 'March so far');
  assert.equal((await alice.reports('GET', '/v1/reports?format=docx')).status, 400);
  assert.equal((await bob.reports('GET', '/v1/reports')).body.pagination.total, 0);
});

test('scopes: reports:read reads, reports:write writes', async () => {
  const readOnly = callerFor(t, await t.createKey(alice.id, ['reports:read']));
  assert.equal((await readOnly('GET', '/v1/reports')).status, 200);
  const denied = await readOnly('POST', '/v1/reports', { name: 'x' });
  assert.equal(denied.status, 403);
  assert.match(denied.body.error.message, /reports:write/);
  assert.equal((await alice.call('GET', '/v1/reports')).status, 403, 'an emails/honeypots key cannot read reports');
});

test('another user\'s report is a 404 everywhere', async () => {
  const id = (await alice.reports('GET', '/v1/reports?limit=1')).body.data[0].id;
  for (const [method, url] of [['GET', `/v1/reports/${id}`], ['GET', `/v1/reports/${id}/download`], ['POST', `/v1/reports/${id}/generate`], ['DELETE', `/v1/reports/${id}`]] as const) {
    assert.equal((await bob.reports(method, url)).status, 404, `${method} ${url}`);
  }
  assert.equal((await alice.reports('GET', `/v1/reports/${id}`)).status, 200);
});

test('a failed generation records why, blocks the download, and POST /generate retries it', async () => {
  const created = (await alice.reports('POST', '/v1/reports', { name: 'Too big', format: 'csv', type: 'incident' })).body.data;
  // A worker whose file limit is 10 bytes: the blob store refuses the file, a real failure.
  const strict = new ReportJobs({
    repo: t.services.reports.repo, db: t.testDb.db.kysely, blobs: t.services.blobs, clock: t.clock, logger: t.logger, mailer: t.services.mailer,
    summarize: t.services.analytics.summarizePeriod, publicUrl: 'http://x', options: { maxFileBytes: 10 },
  });
  assert.equal((await strict.run()).failed, 1);
  const failed = (await alice.reports('GET', `/v1/reports/${created.id}`)).body.data;
  assert.equal(failed.status, 'failed');
  assert.match(failed.error, /larger than the limit of 10 bytes/);
  const blocked = await alice.reports('GET', `/v1/reports/${created.id}/download`);
  assert.equal(blocked.status, 409);
  assert.match(blocked.body.error.message, /failed/);

  const retry = await alice.reports('POST', `/v1/reports/${created.id}/generate`);
  assert.equal(retry.status, 202);
  assert.equal(retry.body.data.status, 'generating');
  assert.ok(Date.parse(retry.body.data.estimated_completion) > t.clock.now());
  assert.equal((await alice.reports('GET', `/v1/reports/${created.id}`)).body.data.status, 'generating');
  assert.equal((await t.services.reports.jobs.run()).generated, 1);
  const ready = (await alice.reports('GET', `/v1/reports/${created.id}`)).body.data;
  assert.equal(ready.status, 'ready');
  assert.equal(ready.error, null);
});

test('one generation at a time: asking again while one is queued does not queue another', async () => {
  const id = (await alice.reports('POST', '/v1/reports', { name: 'Once', format: 'json' })).body.data.id;
  const first = await alice.reports('POST', `/v1/reports/${id}/generate`);
  const second = await alice.reports('POST', `/v1/reports/${id}/generate`);
  assert.equal(first.body.data.estimated_completion, second.body.data.estimated_completion);
  assert.equal((await t.services.reports.jobs.run()).generated, 1);
});

test('a generation whose worker died is taken over once its lease lapses', async () => {
  const id = (await alice.reports('POST', '/v1/reports', { name: 'Crash', format: 'json' })).body.data.id;
  const now = t.clock.now();
  // A worker claims it, then "dies" (never finishes).
  const claimed = await t.services.reports.repo.claim(isoTime(now), isoTime(now + 600_000), 'dead-worker');
  assert.equal(claimed?.id, id);
  assert.equal((await alice.reports('GET', `/v1/reports/${id}`)).body.data.status, 'generating');
  assert.equal((await t.services.reports.jobs.run()).generated, 0, 'the lease still holds');
  t.clock.advance(600_001);
  assert.equal((await t.services.reports.jobs.run()).generated, 1);
  assert.equal((await alice.reports('GET', `/v1/reports/${id}`)).body.data.status, 'ready');
  // The dead worker's late result cannot overwrite the new one.
  assert.equal(await t.services.reports.repo.fail(id, 'dead-worker', 'late', isoTime(t.clock.now())), false);
});

test('a generation interrupted too often is marked failed with the reason', async () => {
  const id = (await alice.reports('POST', '/v1/reports', { name: 'Cursed', format: 'json' })).body.data.id;
  for (let i = 0; i < 3; i++) {
    const now = t.clock.now();
    assert.equal((await t.services.reports.repo.claim(isoTime(now), isoTime(now + 1000), `dead-${i}`))?.id, id);
    t.clock.advance(1001);
  }
  assert.equal((await t.services.reports.jobs.run()).failed, 1);
  const report = (await alice.reports('GET', `/v1/reports/${id}`)).body.data;
  assert.equal(report.status, 'failed');
  assert.match(report.error, /interrupted 3 times/);
});

test('regenerating and deleting release the old files; a file two reports share is kept until both are gone', async () => {
  const body = { name: 'Shared', format: 'csv', period: { start: '2026-03-11', end: '2026-03-11' } };
  const a = (await alice.reports('POST', '/v1/reports', body)).body.data.id;
  const b = (await alice.reports('POST', '/v1/reports', body)).body.data.id;
  await t.services.reports.jobs.run();
  const shared = await fileOf(a);
  assert.ok(shared !== null && shared === (await fileOf(b)), 'identical CSVs are stored once');

  const json = (await alice.reports('POST', '/v1/reports', { name: 'Changing', format: 'json' })).body.data.id;
  await t.services.reports.jobs.run();
  const first = (await fileOf(json))!;
  t.clock.advance(1000); // generated_at changes, so the file does
  await alice.reports('POST', `/v1/reports/${json}/generate`);
  await t.services.reports.jobs.run();
  assert.notEqual(await fileOf(json), first);

  assert.equal((await alice.reports('DELETE', `/v1/reports/${a}`)).status, 200);
  passGracePeriod(t);
  await t.services.blobCollector.collectQueued();
  assert.ok(await blobExists(t, shared), 'still referenced by the other report');
  assert.ok(!(await blobExists(t, first)), 'the replaced file is gone');
  await alice.reports('DELETE', `/v1/reports/${b}`);
  await t.services.blobCollector.collectQueued();
  assert.ok(!(await blobExists(t, shared)));
  assert.equal((await alice.reports('GET', `/v1/reports/${a}`)).status, 404);
  // The sweep of unreferenced blobs keeps report files.
  await t.services.blobCollector.sweepOrphans(0);
  assert.ok(await blobExists(t, (await fileOf(json))!));
});

test('deleting an account deletes its reports and their files', async () => {
  const id = (await bob.reports('POST', '/v1/reports', { name: 'Bob only', format: 'json', type: 'weekly_summary' })).body.data.id;
  await t.services.reports.jobs.run();
  const file = (await fileOf(id))!;
  const admin = callerFor(t, await t.createKey(bob.id, ['users:write']));
  assert.equal((await admin('DELETE', `/v1/users/${bob.id}`)).status, 200);
  passGracePeriod(t);
  await t.services.blobCollector.collectQueued();
  assert.ok(!(await blobExists(t, file)));
  assert.equal(await t.testDb.db.kysely.selectFrom('reports').select('id').where('id', '=', id).executeTakeFirst(), undefined);
});

test('the CSV pages through the database: every email once, in order, across pages with equal timestamps', async () => {
  const owner = await createReportTenant(t, 1);
  const honeypotId = owner.honeypots[0]!.id;
  const at = '2026-02-01T12:00:00.000Z';
  const count = PAGE_ROWS * 2 + 37;
  const rows = Array.from({ length: count }, (_, i) => ({
    id: newId('email', Date.parse(at)), user_id: owner.id, honeypot_id: honeypotId, received_at: i < PAGE_ROWS + 5 ? at : '2026-02-01T12:00:01.000Z',
    from_address: `s${i}@x.example`, from_name: null, to_addresses: 'trap@traps.example', subject: `n${i}`, message_id: null, size: 10,
    threat_score: null, malware_score: null, spam_score: null, phishing_score: null, reputation_score: null, classification: null,
    analysis_status: 'pending', attachment_count: 0, raw_sha256: 'b'.repeat(64), headers: '{}', body_text: null, body_html: null, parse_warnings: '[]',
    transport: 'http' as const, smtp_server: 'mx.test', smtp_ip: null, smtp_port: null, smtp_helo: null, smtp_tls: 0, smtp_mail_from: null,
    indicators: null, iocs: null, auth_results: null, fingerprint: null, body_simhash: null, sender_domain: null, campaign_id: null,
    analysis_claimed_until: null, analyzed_at: null, analysis_error: null, origin_ip: null, origin_country: null, origin_asn: null, origin_as_org: null,
  }));
  for (let i = 0; i < rows.length; i += 200) await t.testDb.db.kysely.insertInto('emails').values(rows.slice(i, i + 200)).execute();
  let text = '';
  for await (const chunk of renderCsv(t.testDb.db.kysely, owner.id, { start: '2026-02-01T00:00:00.000Z', end: '2026-02-02T00:00:00.000Z' }, { honeypot_ids: [], threat_score: { min: null } })) {
    text += Buffer.from(chunk).toString('utf8');
  }
  const ids = parseCsv(text).slice(1).map((r) => r[0]);
  assert.deepEqual(ids, rows.map((r) => r.id));
});
