/**
 * The Emails API (CONTRACT.md §3.3): list machinery, detail shape, downloads and their headers,
 * delete with blob collection, POST /v1/emails, scopes and tenant isolation on every :id route.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { safeFilename } from '../../src/emails/emails.routes.ts';
import { bearer, type TestApp } from '../support/app.ts';
import { blobExists, buildMessage, callerFor, createTenant, DOMAIN, emailsTestApp, ingest, ingestPending, passGracePeriod, PDF_BYTES, zipBytes, type Tenant } from './support.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const RFC822 = { 'content-type': 'message/rfc822' };

describe('emails API', () => {
  let t: TestApp;
  let alice: Tenant;
  let bob: Tenant;
  let richId: string;
  let richRaw: Buffer;
  const zip = zipBytes('payload.exe', Buffer.from('MZ pretend'));

  before(async () => {
    t = await emailsTestApp();
    alice = await createTenant(t, 2);
    bob = await createTenant(t, 1);
    richRaw = buildMessage({
      to: alice.honeypots[0]!.address, subject: 'Your invoice', html: '<p>Pay <a href="http://evil.example/x">here</a></p>',
      extraHeaders: ['Received-SPF: fail (sender not permitted)', 'Authentication-Results: mx.test; dkim=none; dmarc=fail'],
      attachments: [
        { filename: 'invoice.pdf', contentType: 'application/pdf', content: zip },
        { filename: '../../etc/ré\u0007sumé.pdf', contentType: 'application/pdf', content: PDF_BYTES },
      ],
    });
    richId = (await ingest(t, richRaw, [{ honeypotId: alice.honeypots[0]!.id, userId: alice.id }])).emailIds[0]!;
    // Three more for alice over three days, with scores as the analysis would store them.
    const scores = [[85, 'CRITICAL'], [40, 'SUSPICIOUS'], [65, 'THREAT']] as const;
    for (const [i, [score, classification]] of scores.entries()) {
      t.clock.advance(24 * 60 * 60 * 1000);
      const raw = buildMessage({ to: alice.honeypots[1]!.address, subject: `Scored ${score}`, text: 'x'.repeat(100 * (i + 1)) });
      const [id] = (await ingest(t, raw, [{ honeypotId: alice.honeypots[1]!.id, userId: alice.id }])).emailIds;
      await t.testDb.db.kysely.updateTable('emails').set({ threat_score: score, classification, analysis_status: 'complete', spam_score: 10, malware_score: 0, phishing_score: score, reputation_score: 50 })
        .where('id', '=', id!).execute();
    }
    // Bob's stays as the capture path leaves it: not analysed yet.
    await ingestPending(t, buildMessage({ to: bob.honeypots[0]!.address, subject: 'Bob only' }), [{ honeypotId: bob.honeypots[0]!.id, userId: bob.id }]);
  });
  after(() => t.close());

  it('lists the caller\'s emails with their scores, and pending analysis as nulls', async () => {
    const res = await alice.call('GET', '/v1/emails');
    assert.equal(res.status, 200, res.raw.body);
    assert.equal(res.body.pagination.total, 4);
    const rich = res.body.data.find((e: { id: string }) => e.id === richId);
    assert.deepEqual(Object.keys(rich).sort(), [
      'analysis_status', 'attachment_count', 'classification', 'from', 'honeypot_id', 'id', 'malware_score', 'message_id', 'phishing_score',
      'received_at', 'reputation_score', 'size', 'spam_score', 'subject', 'threat_score', 'to',
    ]);
    assert.equal(rich.analysis_status, 'complete');
    assert.equal(typeof rich.threat_score, 'number');
    assert.match(rich.classification, /^(CLEAN|LOW_RISK|SUSPICIOUS|THREAT|CRITICAL)$/);
    assert.equal(rich.attachment_count, 2);
    assert.equal(rich.size, richRaw.length);
    assert.equal(rich.to, alice.honeypots[0]!.address);
    const [pending] = (await bob.call('GET', '/v1/emails')).body.data;
    assert.equal(pending.analysis_status, 'pending');
    assert.equal(pending.threat_score, null);
    assert.equal(pending.classification, null);
    assert.equal(pending.attachment_count, 0, 'attachments are counted when the analysis job parses the body');
  });

  it('filters, sorts, selects fields and applies date_range on received_at', async () => {
    const scored = `honeypot_id=${alice.honeypots[1]!.id}`;
    const high = await alice.call('GET', `/v1/emails?${scored}&threat_score=gte:60&sort=received_at:desc&limit=25`);
    assert.deepEqual(high.body.data.map((e: { subject: string }) => e.subject), ['Scored 65', 'Scored 85']);
    const byScore = await alice.call('GET', `/v1/emails?${scored}&sort=threat_score:desc&fields=id,threat_score`);
    assert.deepEqual(byScore.body.data.map((e: { threat_score: number | null }) => e.threat_score), [85, 65, 40]);
    assert.deepEqual(Object.keys(byScore.body.data[0]), ['id', 'threat_score']);
    const critical = await alice.call('GET', `/v1/emails?${scored}&classification=in:CRITICAL,THREAT&fields=subject`);
    assert.equal(critical.body.pagination.total, 2);
    const subject = await alice.call('GET', '/v1/emails?subject=contains:INVOICE');
    assert.deepEqual(subject.body.data.map((e: { id: string }) => e.id), [richId]);
    const honeypot = await alice.call('GET', `/v1/emails?honeypot_id=${alice.honeypots[1]!.id}&sort=size:asc`);
    assert.deepEqual(honeypot.body.data.map((e: { subject: string }) => e.subject), ['Scored 85', 'Scored 40', 'Scored 65']);
    // Emails were received on 2026-03-12, -13, -14 and -15.
    const range = await alice.call('GET', '/v1/emails?date_range=2026-03-13:2026-03-14');
    assert.equal(range.body.pagination.total, 2);
    const complete = await alice.call('GET', '/v1/emails?analysis_status=complete&subject=contains:invoice');
    assert.deepEqual(complete.body.data.map((e: { id: string }) => e.id), [richId]);
    assert.equal((await bob.call('GET', '/v1/emails?analysis_status=pending&from=contains:attacker')).body.pagination.total, 1);
    for (const bad of ['threat_score=gte:abc', 'nope=1', 'sort=body:asc', 'fields=id,body', 'classification=HARMLESS']) {
      const res = await alice.call('GET', `/v1/emails?${bad}`);
      assert.equal(res.status, 400, bad);
      assert.equal(res.body.error.code, 'validation_error');
    }
  });

  it('returns the detail shape of §3.3', async () => {
    const res = await alice.call('GET', `/v1/emails/${richId}`);
    assert.equal(res.status, 200, res.raw.body);
    const email = res.body.data;
    assert.equal(email.headers.subject, 'Your invoice');
    assert.equal(email.headers.from, 'Attacker <attacker@evil.example>');
    // Our own SPF/DMARC evaluation (not checked here: no DNS in these tests); the message's own claims are never shown as results.
    assert.equal(email.headers.received_spf, 'not_checked');
    assert.equal(email.headers.dmarc, 'not_checked');
    assert.equal(email.headers.date, '2026-03-12T14:00:00.000Z');
    assert.match(email.body.text, /Body text/);
    assert.match(email.body.html, /evil\.example/);
    assert.equal(email.attachments.length, 2);
    assert.deepEqual(
      { ...email.attachments[0], id: undefined },
      { id: undefined, filename: 'invoice.pdf', size: zip.length, content_type: 'application/zip', declared_content_type: 'application/pdf', sha256: sha256(zip),
        disposition: 'attachment', content_id: null, sha1: createHash('sha1').update(zip).digest('hex'), md5: createHash('md5').update(zip).digest('hex'),
        malware_detected: false, threat_name: null },
    );
    assert.deepEqual(email.smtp, { server: 'mx.test', ip_address: '203.0.113.7', port: 40123, tls: true, helo: 'mail.evil.example', mail_from: 'bounce@evil.example', transport: 'smtp', country: null, city: null, asn: null });
    assert.equal(email.threat_analysis.overall_score, email.threat_score);
    const types = email.threat_analysis.indicators.map((i: { type: string }) => i.type);
    assert.ok(types.length > 0);
    assert.ok(email.iocs.raw.urls.includes('http://evil.example/x'), JSON.stringify(email.iocs));
    assert.ok(email.iocs.urls.includes('hxxp://evil[.]example/x'), JSON.stringify(email.iocs));
    assert.ok(email.iocs.hashes.includes(sha256(zip)));
    // Every analysed email is put into a campaign (src/campaigns), one of its own when nothing matches.
    assert.match(email.campaign_id, /^campaign_/);
    assert.ok(Array.isArray(email.parse_warnings));
    const some = await alice.call('GET', `/v1/emails/${richId}?fields=id,body,smtp`);
    assert.deepEqual(Object.keys(some.body.data), ['id', 'body', 'smtp']);
    const analysed = (await alice.call('GET', '/v1/emails?threat_score=85')).body.data[0].id;
    const detail = (await alice.call('GET', `/v1/emails/${analysed}`)).body.data;
    assert.equal(detail.threat_analysis.overall_score, 85);
    assert.equal(detail.threat_analysis.classification, 'CRITICAL');
  });

  it('downloads the raw message byte for byte', async () => {
    const res = await alice.call('GET', `/v1/emails/${richId}/raw`);
    assert.equal(res.status, 200);
    assert.equal(res.raw.headers['content-type'], 'message/rfc822');
    assert.equal(res.raw.headers['content-disposition'], `attachment; filename="${richId}.eml"; filename*=UTF-8''${richId}.eml`);
    assert.ok(res.raw.rawPayload.equals(richRaw));
  });

  it('lists attachments and serves each with its sniffed type and safe headers', async () => {
    const list = await alice.call('GET', `/v1/emails/${richId}/attachments`);
    assert.equal(list.status, 200);
    assert.equal(list.body.data.length, 2);
    const [zipAtt, pdfAtt] = list.body.data;
    const res = await alice.call('GET', `/v1/emails/${richId}/attachments/${zipAtt.id}`);
    assert.equal(res.status, 200);
    assert.equal(res.raw.headers['content-type'], 'application/zip', 'a zip named invoice.pdf is served as a zip');
    assert.equal(res.raw.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.raw.headers['content-security-policy'], 'sandbox');
    assert.equal(res.raw.headers['content-disposition'], `attachment; filename="invoice.pdf"; filename*=UTF-8''invoice.pdf`);
    assert.ok(res.raw.rawPayload.equals(zip));
    const pdf = await alice.call('GET', `/v1/emails/${richId}/attachments/${pdfAtt.id}`);
    assert.equal(pdf.raw.headers['content-type'], 'application/pdf');
    const disposition = String(pdf.raw.headers['content-disposition']);
    assert.match(disposition, /^attachment; filename="r_sum_\.pdf"; filename\*=UTF-8''r%C3%A9sum%C3%A9\.pdf$/);
    assert.equal(safeFilename('..', 'att_x'), 'att_x');
  });

  it('keeps every :id route tenant-isolated (404, never 403) and checks scopes', async () => {
    const zipAtt = (await alice.call('GET', `/v1/emails/${richId}/attachments`)).body.data[0].id;
    for (const [method, url] of [
      ['GET', `/v1/emails/${richId}`], ['GET', `/v1/emails/${richId}/raw`], ['GET', `/v1/emails/${richId}/attachments`],
      ['GET', `/v1/emails/${richId}/attachments/${zipAtt}`], ['DELETE', `/v1/emails/${richId}`], ['GET', '/v1/emails/email_doesnotexist'],
    ] as const) {
      const res = await bob.call(method, url);
      assert.equal(res.status, 404, `${method} ${url}`);
      assert.equal(res.body.error.code, 'not_found');
    }
    assert.equal((await bob.call('GET', '/v1/emails')).body.pagination.total, 1);
    assert.equal((await alice.call('GET', `/v1/emails/${richId}`)).status, 200, 'still there after bob\'s delete attempt');
    const readOnly = callerFor(t, await t.createKey(alice.id, ['emails:read']));
    assert.equal((await readOnly('DELETE', `/v1/emails/${richId}`)).status, 403);
    assert.equal((await readOnly('POST', '/v1/emails', 'x', RFC822)).status, 403);
    const honeypotsOnly = callerFor(t, await t.createKey(alice.id, ['honeypots:read']));
    assert.equal((await honeypotsOnly('GET', '/v1/emails')).status, 403);
  });

  it('ingests over HTTP: recipients from the message, ?honeypot_id=, 415 and 422', async () => {
    const raw = buildMessage({ to: 'someone@else.example', cc: alice.honeypots[1]!.address, subject: 'Forwarded' });
    const created = await alice.call('POST', '/v1/emails', raw, RFC822);
    assert.equal(created.status, 201, created.raw.body);
    assert.equal(created.body.data.ids.length, 1);
    assert.equal(created.body.data.sha256, sha256(raw));
    const stored = (await alice.call('GET', `/v1/emails/${created.body.data.ids[0]}`)).body.data;
    assert.equal(stored.honeypot_id, alice.honeypots[1]!.id);
    assert.equal(stored.smtp.transport, 'http');
    assert.equal((await alice.call('GET', `/v1/emails/${created.body.data.ids[0]}/raw`)).raw.rawPayload.equals(raw), true);

    const delivered = buildMessage({ to: 'list@else.example', extraHeaders: [`Delivered-To: <${alice.honeypots[0]!.address.toUpperCase()}>`] });
    assert.equal((await alice.call('POST', '/v1/emails', delivered, RFC822)).status, 201);
    const chosen = await alice.call('POST', `/v1/emails?honeypot_id=${alice.honeypots[0]!.id}`, buildMessage({ to: 'x@y.example' }), RFC822);
    assert.equal(chosen.status, 201);

    const json = await alice.call('POST', '/v1/emails', { raw: 'x' });
    assert.equal(json.status, 415);
    assert.equal(json.body.error.code, 'unsupported_media_type');
    const before = (await alice.call('GET', '/v1/emails')).body.pagination.total;
    const nobody = await alice.call('POST', '/v1/emails', buildMessage({ to: 'nobody@else.example' }), RFC822);
    assert.equal(nobody.status, 422);
    const bobsTrap = await alice.call('POST', '/v1/emails', buildMessage({ to: bob.honeypots[0]!.address }), RFC822);
    assert.equal(bobsTrap.status, 422, 'another user\'s honeypot is not a recipient for alice');
    assert.equal((await alice.call('POST', `/v1/emails?honeypot_id=${bob.honeypots[0]!.id}`, raw, RFC822)).status, 404);
    assert.equal((await alice.call('GET', '/v1/emails')).body.pagination.total, before, 'refused messages stored nothing');
    const tooBig = await t.app.inject({ method: 'POST', url: '/v1/emails', payload: 'x', headers: { ...RFC822, 'content-length': String(26 * 1024 * 1024), ...bearer(alice.key) } });
    assert.equal(tooBig.statusCode, 413);
  });

  it('deletes an email and the blobs only it referenced; shared blobs stay', async () => {
    const shared = zipBytes('shared.bin', Buffer.from('shared by two emails'));
    const own = zipBytes('own.bin', Buffer.from('only in the deleted email'));
    const doomedRaw = buildMessage({ to: alice.honeypots[0]!.address, attachments: [
      { filename: 'a.zip', contentType: 'application/zip', content: shared }, { filename: 'b.zip', contentType: 'application/zip', content: own }] });
    const [doomed] = (await ingest(t, doomedRaw, [{ honeypotId: alice.honeypots[0]!.id, userId: alice.id }])).emailIds;
    await ingest(t, buildMessage({ to: bob.honeypots[0]!.address, attachments: [{ filename: 'c.zip', contentType: 'application/zip', content: shared }] }),
      [{ honeypotId: bob.honeypots[0]!.id, userId: bob.id }]);
    passGracePeriod(t);

    const res = await alice.call('DELETE', `/v1/emails/${doomed}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.data, { id: doomed, deleted: true });
    assert.equal((await alice.call('GET', `/v1/emails/${doomed}`)).status, 404);
    assert.equal(await blobExists(t, sha256(doomedRaw)), false, 'raw message deleted');
    assert.equal(await blobExists(t, sha256(own)), false, 'its own attachment deleted');
    assert.equal(await blobExists(t, sha256(shared)), true, 'the attachment bob\'s email shares stays');
    assert.equal((await alice.call('DELETE', `/v1/emails/${doomed}`)).status, 404);
  });

  it('deleting a honeypot deletes its mail and queues the mail\'s files, which the collector then removes', async () => {
    const extra = await alice.call('POST', '/v1/honeypots', { email_address: `extra-${Date.now()}@${DOMAIN}` });
    assert.equal(extra.status, 201);
    const honeypotId = extra.body.data.id as string;
    const own = zipBytes('gone.bin', Buffer.from('only in the deleted honeypot\'s mail'));
    const raw = buildMessage({ to: extra.body.data.email_address, attachments: [{ filename: 'g.zip', contentType: 'application/zip', content: own }] });
    const [emailId] = (await ingest(t, raw, [{ honeypotId, userId: alice.id }])).emailIds;
    passGracePeriod(t);

    assert.equal((await alice.call('DELETE', `/v1/honeypots/${honeypotId}`)).status, 200);
    assert.equal((await alice.call('GET', `/v1/emails/${emailId}`)).status, 404, 'the mail went with its honeypot');
    const queued = await t.testDb.db.kysely.selectFrom('blob_gc_queue').select('sha256').execute();
    assert.ok(queued.some((q) => q.sha256 === sha256(raw)), 'the raw message is queued in the same transaction');
    await t.services.blobCollector.collectQueued();
    assert.equal(await blobExists(t, sha256(raw)), false);
    assert.equal(await blobExists(t, sha256(own)), false);
  });

  it('accepts the key as ?api_key= too', async () => {
    const key = await t.createKey(alice.id, ['emails:read']);
    const res = await t.app.inject({ method: 'GET', url: `/v1/emails/${richId}/raw?api_key=${key}` });
    assert.equal(res.statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/emails', headers: bearer(key) })).statusCode, 200);
  });
});
