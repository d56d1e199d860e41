/**
 * Threat API mail resources through the SDK against a live server: honeypots (CRUD, bulk, chunked
 * bulk helpers), pagination iterators, emails (ingest, list, detail, raw, attachments), campaigns,
 * reports (create, generate, download) and analytics — each a real HTTP round trip.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConflictError, NotFoundError, type Mailwarden } from '@mailwarden/sdk';
import { cleanMessage, phishingMessage, startSdkServer, trapAddress, TRAP_DOMAIN, type SdkServer } from './support.ts';

let server: SdkServer;
let client: Mailwarden;

before(async () => {
  server = await startSdkServer();
  ({ client } = await server.tenant(['read', 'write']));
});
after(() => server.close());

describe('honeypots', () => {
  test('create, get, update, list and delete', async () => {
    assert.deepEqual(await client.honeypots.domains(), { domains: ['company.com', TRAP_DOMAIN] });
    const created = await client.honeypots.create({ email_address: trapAddress('crud'), purpose: 'leak-detection', tags: ['crm'], priority: 'high' });
    assert.equal(created.purpose, 'leak-detection');
    assert.equal((await client.honeypots.get(created.id)).email_address, created.email_address);
    assert.deepEqual(await client.honeypots.get(created.id, { fields: 'id,priority' }), { id: created.id, priority: 'high' });
    const updated = await client.honeypots.update(created.id, { description: 'Leaked to the CRM vendor', tags: ['crm', 'vendor'] });
    assert.deepEqual(updated.tags, ['crm', 'vendor']);
    const page = await client.honeypots.list({ tags: 'vendor', limit: 10 });
    assert.deepEqual(page.data.map((h) => h.id), [created.id]);
    assert.deepEqual(await client.honeypots.delete(created.id), { id: created.id, deleted: true });
    await assert.rejects(client.honeypots.get(created.id), NotFoundError);
  });

  test('bulk create, update and delete report each item', async () => {
    const created = await client.honeypots.bulkCreate([
      { email_address: trapAddress('bulk'), purpose: 'testing' },
      { email_address: `nobody@not-ours.example`, purpose: 'testing' },
    ]);
    assert.deepEqual(created.results.map((r) => r.status), ['created', 'error']);
    assert.equal(created.results[1]!.error?.code, 'unprocessable');
    const id = created.results[0]!.id!;
    const updated = await client.honeypots.bulkUpdate([id, 'honeypot_missing'], { priority: 'critical' });
    assert.deepEqual(updated.results.map((r) => r.status), ['updated', 'error']);
    assert.equal((await client.honeypots.get(id)).priority, 'critical');
    const deleted = await client.honeypots.bulkDelete([id]);
    assert.deepEqual(deleted.results, [{ id, status: 'deleted' }]);
  });

  test('createMany / updateMany / deleteMany send chunks and keep indexes across them', async () => {
    const items = Array.from({ length: 5 }, (_, i) => ({ email_address: trapAddress(`many${i}`), purpose: 'trap' as const, tags: ['many'] }));
    items.splice(3, 0, { email_address: 'bad address', purpose: 'trap', tags: ['many'] });
    const results = await client.honeypots.createMany(items, { chunkSize: 2 });
    assert.deepEqual(results.map((r) => r.index), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(results.map((r) => r.status), ['created', 'created', 'created', 'error', 'created', 'created']);
    assert.equal(results[3]!.error?.code, 'validation_error');
    const ids = results.filter((r) => r.status === 'created').map((r) => r.id!);

    const updated = await client.honeypots.updateMany(ids, { category: 'batch' }, { chunkSize: 2 });
    assert.deepEqual(updated.map((r) => r.id), ids);
    assert.ok(updated.every((r) => r.status === 'updated'));
    assert.equal((await client.honeypots.list({ category: 'batch' })).pagination.total, 5);

    // Iteration across pages of 2: every created honeypot once, in id order.
    const seen: string[] = [];
    for await (const honeypot of client.honeypots.iterate({ tags: 'many', limit: 2 })) seen.push(honeypot.id!);
    assert.deepEqual(seen, [...ids].sort());
    assert.deepEqual((await client.honeypots.listAll({ tags: 'many', limit: 4 })).map((h) => h.id), [...ids].sort());

    const deleted = await client.honeypots.deleteMany(ids, { chunkSize: 3 });
    assert.equal(deleted.filter((r) => r.status === 'deleted').length, 5);
    assert.equal((await client.honeypots.list({ tags: 'many' })).pagination.total, 0);
    await assert.rejects(client.honeypots.createMany([], { chunkSize: 0 }), RangeError);
  });
});

describe('emails, campaigns, reports and analytics', () => {
  let trapId: string;
  let address: string;
  const phishingIds: string[] = [];
  let cleanId: string;
  let cleanRaw: string;

  before(async () => {
    address = trapAddress('mail');
    trapId = (await client.honeypots.create({ email_address: address, purpose: 'trap' })).id;
    for (let i = 0; i < 3; i++) phishingIds.push(...(await client.emails.ingest(phishingMessage(address, `Account limited #${i}`))).ids);
    cleanRaw = cleanMessage(address, { filename: 'notes.txt', content: 'Agenda: budget, hiring.' });
    const clean = await client.emails.ingest(new TextEncoder().encode(cleanRaw), { honeypot_id: trapId });
    cleanId = clean.ids[0]!;
    assert.match(clean.sha256, /^[0-9a-f]{64}$/);
    await server.t.services.analysis.drain();
  });

  test('list with filters, iterate across pages, get the detail', async () => {
    const high = await client.emails.list({ threat_score: 'gt:50', sort: 'threat_score:desc', limit: 10 });
    assert.deepEqual(high.data.map((e) => e.id).sort(), [...phishingIds].sort());
    assert.equal(high.pagination.total, 3);
    assert.match(high.meta.request_id, /^req_/);

    const everything: string[] = [];
    for await (const email of client.emails.iterate({ honeypot_id: trapId, limit: 1 })) everything.push(email.id!);
    assert.deepEqual(everything, [...phishingIds, cleanId].sort());
    assert.equal((await client.emails.listAll({ classification: 'in:CLEAN,LOW_RISK' })).length, 1);

    const detail = await client.emails.get(phishingIds[0]!);
    assert.equal(detail.analysis_status, 'complete');
    assert.ok(detail.threat_analysis!.indicators.length > 0);
    assert.deepEqual(Object.keys(await client.emails.get(cleanId, { fields: 'id,subject' })), ['id', 'subject']);
  });

  test('raw message, attachments list and download, delete', async () => {
    const raw = await client.emails.raw(cleanId);
    assert.equal(raw.contentType, 'message/rfc822');
    assert.equal(raw.filename, `${cleanId}.eml`);
    assert.equal(new TextDecoder().decode(raw.bytes), cleanRaw, 'exactly as ingested');
    const attachments = await client.emails.attachments.list(cleanId);
    assert.equal(attachments.length, 1);
    const file = await client.emails.attachments.download(cleanId, attachments[0]!.id);
    assert.equal(new TextDecoder().decode(file.bytes), 'Agenda: budget, hiring.');
    assert.equal(file.filename, 'notes.txt');
    assert.match(file.contentType, /^text\/plain/);

    const extra = (await client.emails.ingest(cleanMessage(address), { honeypot_id: trapId })).ids[0]!;
    assert.deepEqual(await client.emails.delete(extra), { id: extra, deleted: true });
    await assert.rejects(client.emails.get(extra), NotFoundError);
  });

  test('campaigns: the three similar phishing messages form one', async () => {
    const { campaign_id: campaignId } = await client.emails.get(phishingIds[0]!);
    assert.ok(campaignId, 'the email names its campaign');
    const campaign = await client.campaigns.get(campaignId);
    assert.equal(campaign.id, campaignId);
    assert.equal(campaign.message_count, 3);
    const listed = await client.campaigns.listAll();
    assert.ok(listed.some((c) => c.id === campaignId));
    assert.equal((await client.campaigns.list({ limit: 1 })).data.length, 1);
  });

  test('reports: create, 409 before ready, generate, download, delete', async () => {
    const report = await client.reports.create({ name: 'Today', type: 'daily_digest', format: 'json', period: { start: '2026-03-12', end: '2026-03-12' } });
    assert.equal(report.status, 'pending');
    const notReady = await client.reports.download(report.id).then(() => null, (e: unknown) => e);
    assert.ok(notReady instanceof ConflictError, String(notReady));
    assert.equal(notReady.status, 409);

    await server.t.services.reports.jobs.run();
    assert.equal((await client.reports.get(report.id)).status, 'ready');
    const file = await client.reports.download(report.id);
    assert.equal(file.contentType.split(';')[0], 'application/json');
    const body = JSON.parse(new TextDecoder().decode(file.bytes)) as { totals: { emails: number } };
    assert.equal(body.totals.emails, 4);

    const again = await client.reports.generate(report.id);
    assert.equal(again.status, 'generating');
    assert.deepEqual((await client.reports.list({ type: 'daily_digest' })).data.map((r) => r.id), [report.id]);
    assert.equal((await client.reports.listAll()).length, 1);
    assert.deepEqual(await client.reports.delete(report.id), { id: report.id, deleted: true });
  });

  test('analytics: overview, threat distribution, geography', async () => {
    // Periods end at "now", exclusive; the mail arrived at the frozen test clock's now.
    server.t.clock.advance(60_000);
    const overview = await client.analytics.overview({ period: '24h', compare: true });
    assert.equal(overview.totals.emails, 4);
    assert.equal(overview.period.preset, '24h');
    const distribution = await client.analytics.threatDistribution({ period: '24h', group_by: 'severity' });
    assert.equal(distribution.buckets.reduce((n, b) => n + b.emails, 0), 4);
    const geo = await client.analytics.geographic({ period: '7d', limit: 5 });
    assert.ok(geo.located_emails <= 4);
    assert.ok(Array.isArray(geo.countries) && Array.isArray(geo.asns));
  });
});
