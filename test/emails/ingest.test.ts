/**
 * The ingest pipeline (EmailIngest), as the SMTP server and POST /v1/emails use it: rows, blobs,
 * honeypot counters, malformed input, fan-out to several users, and failures that leave nothing.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { BlobTooLarge } from '../../src/platform/blobs/index.ts';
import type { TestApp } from '../support/app.ts';
import {
  blobExists, buildMessage, chunked, countRows, createTenant, emailsTestApp, ingest, ingestPending, MAX_BYTES, PDF_BYTES, SMTP_ENVELOPE, zipBytes, type Tenant,
} from './support.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('email ingest', () => {
  let t: TestApp;
  let alice: Tenant;
  let bob: Tenant;

  before(async () => {
    t = await emailsTestApp();
    alice = await createTenant(t, 2);
    bob = await createTenant(t, 1);
  });
  after(() => t.close());

  it('stores an ordinary message with two attachments; identical attachment bytes are one blob', async () => {
    const shared = zipBytes('shared.txt', Buffer.from('identical in two emails'));
    const first = buildMessage({ to: alice.honeypots[0]!.address, subject: 'Invoice', attachments: [
      { filename: 'invoice.pdf', contentType: 'application/pdf', content: PDF_BYTES },
      { filename: 'docs.zip', contentType: 'application/zip', content: shared },
    ] });
    const second = buildMessage({ to: alice.honeypots[0]!.address, subject: 'Again', attachments: [
      { filename: 'other-name.zip', contentType: 'application/octet-stream', content: shared },
    ] });
    const r1 = await ingestPending(t, first, [{ honeypotId: alice.honeypots[0]!.id, userId: alice.id }]);
    const r2 = await ingestPending(t, second, [{ honeypotId: alice.honeypots[0]!.id, userId: alice.id }]);

    assert.equal(r1.emailIds.length, 1);
    assert.equal(r1.rawSha256, sha256(first));
    assert.equal(r1.size, first.length);
    const row = await t.testDb.db.kysely.selectFrom('emails').selectAll().where('id', '=', r1.emailIds[0]!).executeTakeFirstOrThrow();
    assert.equal(row.subject, 'Invoice');
    assert.equal(row.from_address, 'attacker@evil.example');
    assert.equal(row.analysis_status, 'pending');
    assert.equal(row.threat_score, null);
    // The capture path stores the raw message and its header fields; the body is parsed by the analysis job.
    assert.equal(row.attachment_count, 0);
    assert.equal(row.body_text, null);
    assert.equal(row.received_at, t.clock.iso());
    assert.equal(row.smtp_ip, '203.0.113.7');
    assert.equal(row.smtp_tls, 1);
    assert.equal(row.transport, 'smtp');

    await t.services.analysis.drain();
    const analysed = await t.testDb.db.kysely.selectFrom('emails').selectAll().where('id', '=', r1.emailIds[0]!).executeTakeFirstOrThrow();
    assert.equal(analysed.analysis_status, 'complete');
    assert.equal(analysed.attachment_count, 2);
    assert.match(analysed.body_text ?? '', /Body text/);

    const atts = await t.testDb.db.kysely.selectFrom('email_attachments').selectAll().where('email_id', 'in', [...r1.emailIds, ...r2.emailIds]).execute();
    assert.equal(atts.length, 3);
    const zipRows = atts.filter((a) => a.sha256 === sha256(shared));
    assert.equal(zipRows.length, 2, 'both emails reference the same digest');
    assert.ok(zipRows.every((a) => a.sniffed_content_type === 'application/zip'));
    for (const digest of [r1.rawSha256, r2.rawSha256, sha256(PDF_BYTES), sha256(shared)]) assert.ok(await blobExists(t, digest), digest);
    if (t.testDb.db.engine === 'postgres') {
      const stored = await t.testDb.db.kysely.selectFrom('blobs').select('sha256').where('sha256', '=', sha256(shared)).execute();
      assert.equal(stored.length, 1, 'one copy of the shared bytes');
    }

    const honeypot = await t.testDb.db.kysely.selectFrom('honeypots').select(['email_count', 'last_email_at']).where('id', '=', alice.honeypots[0]!.id).executeTakeFirstOrThrow();
    assert.equal(honeypot.email_count, 2);
    assert.equal(honeypot.last_email_at, t.clock.iso());
  });

  it('stores malformed MIME with its parse warnings instead of refusing it', async () => {
    const raw = Buffer.from([
      `To: ${alice.honeypots[0]!.address}`,
      'Subject: broken',
      'Content-Type: multipart/mixed; boundary="never-used"',
      '',
      'no boundary here \u0000 and a NUL',
      '--wrong',
      'Content-Transfer-Encoding: base64',
      '',
      '!!!! not base64 ####',
    ].join('\r\n'));
    const result = await ingest(t, raw, [{ honeypotId: alice.honeypots[0]!.id, userId: alice.id }]);
    const row = await t.testDb.db.kysely.selectFrom('emails').selectAll().where('id', '=', result.emailIds[0]!).executeTakeFirstOrThrow();
    const codes = (JSON.parse(row.parse_warnings) as Array<{ code: string }>).map((w) => w.code);
    assert.ok(codes.includes('missing_from'), codes.join(','));
    assert.ok(codes.includes('nul_bytes'), codes.join(','));
    assert.equal(row.subject, 'broken');
    assert.equal(row.from_address, null);
    assert.ok(await blobExists(t, result.rawSha256));
  });

  it('files a message to honeypots of two users as two isolated rows sharing blobs', async () => {
    const raw = buildMessage({ to: `${alice.honeypots[1]!.address}, ${bob.honeypots[0]!.address}`, subject: 'Both',
      attachments: [{ filename: 'x.pdf', contentType: 'application/pdf', content: PDF_BYTES }] });
    const result = await ingest(t, raw, [
      { honeypotId: alice.honeypots[1]!.id, userId: alice.id },
      { honeypotId: bob.honeypots[0]!.id, userId: bob.id },
    ]);
    assert.equal(result.emailIds.length, 2);
    const rows = await t.testDb.db.kysely.selectFrom('emails').select(['id', 'user_id', 'honeypot_id', 'raw_sha256']).where('id', 'in', result.emailIds).execute();
    assert.deepEqual(new Set(rows.map((r) => r.user_id)), new Set([alice.id, bob.id]));
    assert.ok(rows.every((r) => r.raw_sha256 === result.rawSha256));
    const [aliceEmail, bobEmail] = result.emailIds as [string, string];
    assert.equal((await alice.call('GET', `/v1/emails/${aliceEmail}`)).status, 200);
    assert.equal((await alice.call('GET', `/v1/emails/${bobEmail}`)).status, 404, 'alice cannot see bob\'s copy');
    assert.equal((await bob.call('GET', `/v1/emails/${bobEmail}`)).body.data.attachments.length, 1);
    assert.equal((await bob.call('GET', '/v1/emails')).body.pagination.total, 1);
  });

  for (const [kind, attachmentBytes] of [['small', 200], ['large', 400_000]] as const) {
    it(`leaves no rows when the honeypot is deleted between RCPT and commit (${kind} message), and no raw blob to keep`, async () => {
      const victim = await createTenant(t, 1);
      const raw = buildMessage({ to: victim.honeypots[0]!.address, subject: 'race',
        attachments: [{ filename: 'r.bin', contentType: 'application/octet-stream', content: randomBytes(attachmentBytes) }] });
      const honeypotId = victim.honeypots[0]!.id;
      // The message arrives; half-way through DATA the owner deletes the honeypot (a real DELETE).
      async function* deletedMidway(): AsyncGenerator<Uint8Array> {
        yield raw.subarray(0, 100);
        assert.equal((await victim.call('DELETE', `/v1/honeypots/${honeypotId}`)).status, 200);
        yield raw.subarray(100);
      }
      const queuedBefore = await countRows(t, 'blob_gc_queue');
      await assert.rejects(t.services.ingest.ingest(deletedMidway(), SMTP_ENVELOPE, [{ honeypotId, userId: victim.id }], { maxBytes: MAX_BYTES }), /foreign key/i);
      assert.equal(await countRows(t, 'emails', victim.id), 0);
      assert.equal(await countRows(t, 'email_attachments', victim.id), 0);
      const queue = await t.testDb.db.kysely.selectFrom('blob_gc_queue').select('sha256').execute();
      if (kind === 'small') {
        // Its raw bytes were written in the transaction that failed: nothing was stored, nothing is queued.
        assert.equal(await t.services.blobs.stat(sha256(raw)), undefined, 'the raw bytes were rolled back with the rows');
        assert.equal(queue.length, queuedBefore);
      } else {
        // Stored before the commit (a file, or chunks): queued for the collector.
        assert.ok(queue.some((q) => q.sha256 === sha256(raw)), 'the raw blob is queued for collection');
        assert.equal(queue.length, queuedBefore + 1, 'the raw message is queued (attachments are only stored by the analysis job)');
      }
    });
  }

  it('rejects a message over the size cap with BlobTooLarge and stores nothing', async () => {
    const before = await countRows(t, 'emails');
    const raw = buildMessage({ to: alice.honeypots[0]!.address, text: 'x'.repeat(10_000) });
    const error = await t.services.ingest.ingest(chunked(raw, 1000), SMTP_ENVELOPE, [{ honeypotId: alice.honeypots[0]!.id, userId: alice.id }], { maxBytes: 5_000 })
      .then(() => null, (e: unknown) => e);
    assert.ok(error instanceof BlobTooLarge, String(error));
    assert.equal(error.limitBytes, 5_000);
    assert.equal(await countRows(t, 'emails'), before);
    assert.equal(await blobExists(t, sha256(raw)), false);
  });
});
