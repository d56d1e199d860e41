/**
 * Retention (EMAIL_RETENTION_DAYS): old mail goes in batches with its attachments and blobs; newer
 * mail and blobs it still references stay.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import type { TestApp } from '../support/app.ts';
import { blobExists, buildMessage, countRows, createTenant, emailsTestApp, ingest, zipBytes, type Tenant } from './support.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const DAY_MS = 24 * 60 * 60 * 1000;

describe('email retention', () => {
  let t: TestApp;
  let alice: Tenant;
  let bob: Tenant;

  before(async () => {
    t = await emailsTestApp();
    alice = await createTenant(t, 1);
    bob = await createTenant(t, 1);
  });
  after(() => t.close());

  it('defaults to 365 days', () => {
    assert.equal(loadConfig({}).emailRetentionDays, 365);
    assert.equal(loadConfig({ EMAIL_RETENTION_DAYS: '30' }).emailRetentionDays, 30);
    assert.throws(() => loadConfig({ EMAIL_RETENTION_DAYS: '0' }), /EMAIL_RETENTION_DAYS/);
  });

  it('deletes emails older than the cutoff in batches, with their blobs, and keeps the rest', async () => {
    const shared = zipBytes('shared.bin', Buffer.from('kept: a recent email has it too'));
    const oldOnly = zipBytes('old.bin', Buffer.from('only in old mail'));
    const oldRaws: Buffer[] = [];
    for (let i = 0; i < 5; i++) {
      const owner = i % 2 === 0 ? alice : bob;
      const raw = buildMessage({ to: owner.honeypots[0]!.address, subject: `old ${i}`, attachments: [
        { filename: 's.zip', contentType: 'application/zip', content: shared }, { filename: 'o.zip', contentType: 'application/zip', content: oldOnly }] });
      oldRaws.push(raw);
      await ingest(t, raw, [{ honeypotId: owner.honeypots[0]!.id, userId: owner.id }]);
    }
    t.clock.advance(400 * DAY_MS);
    const recentRaw = buildMessage({ to: alice.honeypots[0]!.address, subject: 'recent', attachments: [{ filename: 's.zip', contentType: 'application/zip', content: shared }] });
    const [recentId] = (await ingest(t, recentRaw, [{ honeypotId: alice.honeypots[0]!.id, userId: alice.id }])).emailIds;

    const retention = t.services.emailRetention;
    const cutoff = retention.cutoffFor(365);
    assert.equal(cutoff, new Date(t.clock.now() - 365 * DAY_MS).toISOString());
    assert.equal(await retention.deleteEmailsOlderThan(cutoff, 2), 5);

    assert.equal(await countRows(t, 'emails'), 1);
    assert.equal(await countRows(t, 'email_attachments'), 1);
    assert.equal((await alice.call('GET', `/v1/emails/${recentId}`)).status, 200);
    for (const raw of oldRaws) assert.equal(await blobExists(t, sha256(raw)), false, 'old raw message deleted');
    assert.equal(await blobExists(t, sha256(oldOnly)), false, 'attachment only old mail had is deleted');
    assert.equal(await blobExists(t, sha256(shared)), true, 'attachment a recent email shares stays');
    assert.equal(await blobExists(t, sha256(recentRaw)), true);
    assert.equal(await countRows(t, 'blob_gc_queue'), 0, 'the queue is drained');
    assert.equal(await retention.deleteEmailsOlderThan(cutoff), 0, 'nothing left to delete');
  });
});
