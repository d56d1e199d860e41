/**
 * Captured mail gets analysed: ingest (the SMTP pipeline) → pending row → the analysis job (worker
 * threads) → scores, indicators, IOCs, attachment verdicts on every receiving row, visible through the
 * API and its score filters. Real database (SQLite, or PostgreSQL with DATABASE_URL_TEST).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp } from '../support/app.ts';
import { buildMessage, createTenant, emailsTestApp, ingestPending as ingest, type Tenant } from '../emails/support.ts';

const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*');

let t: TestApp;
let alice: Tenant;
let bob: Tenant;

before(async () => {
  t = await emailsTestApp();
  alice = await createTenant(t, 2);
  bob = await createTenant(t);
});
after(() => t.close());

function phishing(to: string): Buffer {
  return buildMessage({
    to,
    from: '"PayPal Security" <service@paypa1-secure-login.example>',
    subject: 'Action required: your account has been limited',
    text: 'Dear customer, we noticed unusual activity. Verify your account within 24 hours or it will be suspended: https://paypa1-secure-login.example/signin',
    html: '<p>Dear customer, we noticed unusual activity.</p><p><a href="http://192.0.2.55/paypal/login.php">https://www.paypal.com/signin</a></p>',
  });
}

describe('analysis of captured mail', () => {
  test('a pending email is analysed once and every receiving row gets the result', async () => {
    const targets = alice.honeypots.map((h) => ({ honeypotId: h.id, userId: alice.id }));
    const { emailIds } = await ingest(t, phishing(alice.honeypots[0]!.address), targets);
    const before = await alice.call('GET', `/v1/emails/${emailIds[0]}`);
    assert.equal(before.body.data.analysis_status, 'pending');
    assert.equal(before.body.data.threat_analysis, null);

    const handled = await t.services.analysis.drain();
    assert.ok(handled >= 2);
    for (const id of emailIds) {
      const res = await alice.call('GET', `/v1/emails/${id}`);
      assert.equal(res.status, 200);
      const email = res.body.data;
      assert.equal(email.analysis_status, 'complete');
      assert.ok(email.phishing_score >= 60, `phishing score ${email.phishing_score}`);
      assert.equal(email.threat_analysis.overall_score, email.threat_score);
      const types = email.threat_analysis.indicators.map((i: { type: string }) => i.type);
      assert.ok(types.includes('credential_lure'), types.join(','));
      for (const indicator of email.threat_analysis.indicators) {
        assert.equal(typeof indicator.description, 'string');
        assert.ok(indicator.description.length > 10);
      }
      assert.ok(email.iocs.raw.urls.some((u: string) => u.includes('192.0.2.55')));
      assert.ok(email.iocs.urls.every((u: string) => !/^https?:/.test(u)), 'display IOCs are defanged');
      assert.equal(email.authentication.spf, 'not_checked');
    }
  });

  test('an EICAR attachment forces CRITICAL and marks the attachment', async () => {
    const raw = buildMessage({ to: alice.honeypots[0]!.address, subject: 'Invoice', text: 'See attached.', attachments: [{ filename: 'invoice.com', contentType: 'application/octet-stream', content: EICAR }] });
    const { emailIds } = await ingest(t, raw, [{ honeypotId: alice.honeypots[0]!.id, userId: alice.id }]);
    await t.services.analysis.drain();
    const res = await alice.call('GET', `/v1/emails/${emailIds[0]}`);
    assert.equal(res.body.data.classification, 'CRITICAL');
    assert.equal(res.body.data.malware_score, 100);
    const [attachment] = res.body.data.attachments;
    assert.equal(attachment.malware_detected, true);
    assert.equal(attachment.threat_name, 'EICAR-Test-File');
    assert.match(attachment.sha1, /^[0-9a-f]{40}$/);
    assert.ok(res.body.data.iocs.hashes.includes(attachment.sha256));
  });

  test('score filters and sorts work on real scores, per user', async () => {
    const clean = buildMessage({ to: bob.honeypots[0]!.address, from: 'Ana <ana@colleague.example>', subject: 'Notes from Tuesday', text: 'Hi, here are the notes from our meeting on Tuesday. Talk soon, Ana' });
    await ingest(t, clean, [{ honeypotId: bob.honeypots[0]!.id, userId: bob.id }]);
    await ingest(t, phishing(bob.honeypots[0]!.address), [{ honeypotId: bob.honeypots[0]!.id, userId: bob.id }]);
    await t.services.analysis.drain();
    const high = await bob.call('GET', '/v1/emails?threat_score=gte:60&sort=threat_score:desc');
    assert.equal(high.status, 200);
    assert.equal(high.body.data.length, 1);
    assert.match(high.body.data[0].subject, /limited/);
    const low = await bob.call('GET', '/v1/emails?classification=CLEAN');
    assert.equal(low.body.data.length, 1);
    assert.equal(low.body.data[0].subject, 'Notes from Tuesday');
  });

  test('with the worker running, a new email is analysed within seconds of its commit', async () => {
    t.services.analysis.start();
    try {
      const started = Date.now();
      const { emailIds } = await ingest(t, phishing(bob.honeypots[0]!.address), [{ honeypotId: bob.honeypots[0]!.id, userId: bob.id }]);
      let status = 'pending';
      while (status === 'pending' && Date.now() - started < 10_000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        status = (await bob.call('GET', `/v1/emails/${emailIds[0]}`)).body.data.analysis_status;
      }
      assert.equal(status, 'complete');
      assert.ok(Date.now() - started < 5_000, `${Date.now() - started} ms`);
    } finally {
      await t.services.analysis.stop();
    }
  });

  test('a message whose raw file is gone fails after the attempts run out, with the reason', async () => {
    const { emailIds, rawSha256 } = await ingest(t, buildMessage({ to: bob.honeypots[0]!.address, text: 'unique body for the missing-blob test' }), [{ honeypotId: bob.honeypots[0]!.id, userId: bob.id }]);
    await t.services.blobs.delete(rawSha256);
    for (let attempt = 0; attempt < 3; attempt++) {
      await t.services.analysis.drainOnce();
    }
    const res = await bob.call('GET', `/v1/emails/${emailIds[0]}`);
    assert.equal(res.body.data.analysis_status, 'failed');
    assert.ok(res.body.data.analysis_error.length > 0);
    assert.equal(res.body.data.threat_score, null);
  });
});
