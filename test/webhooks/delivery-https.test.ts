/**
 * Delivery to an https receiver on loopback: the certificate is verified (an untrusted one fails the
 * attempt with a TLS error, retried, nothing sent in clear), and with its CA trusted through
 * WEBHOOK_TLS_CA_FILE the delivery succeeds with both signatures valid.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import selfsigned from 'selfsigned';
import { createTestApp, type TestApp } from '../support/app.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';
import { addWebhook, deliveriesOf, deliveryJobs, emit, standardSecret, stopDeliveryJobs, TEST_SECRET } from './delivery-support.ts';

describe('webhook delivery over https', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let caFile: string;

  before(async () => {
    t = await createTestApp({ env: { WEBHOOK_ALLOW_PRIVATE: 'true', MAILWARDEN_SECRET: TEST_SECRET } });
    // A certificate for 127.0.0.1 that no public CA signed: trusted only when named in WEBHOOK_TLS_CA_FILE.
    const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keyType: 'ec', curve: 'P-256', algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    receiver = await WebhookReceiver.start(0, { key: pems.private, cert: pems.cert });
    caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mw-webhook-ca-')), 'ca.pem');
    fs.writeFileSync(caFile, pems.cert);
  });
  after(async () => {
    await stopDeliveryJobs();
    await receiver.close();
    await t.close();
    fs.rmSync(path.dirname(caFile), { recursive: true, force: true });
  });

  test('refuses an untrusted certificate, then delivers once its CA is trusted', async () => {
    t.clock.set(Date.now());
    const userId = (await t.createUser()).id;
    const secret = standardSecret();
    const url = receiver.url('/tls', secret);
    assert.match(url, /^https:\/\/127\.0\.0\.1:\d+\/tls$/);
    const webhookId = await addWebhook(t, userId, url, secret);
    const eventId = await emit(t, userId, { n: 1 });

    await deliveryJobs(t).drain();
    let [delivery] = await deliveriesOf(t, webhookId);
    assert.equal(delivery?.status, 'pending', 'a TLS failure is retried, not final');
    assert.equal(delivery?.last_status_code, null);
    assert.match(delivery?.last_error ?? '', /^TLS with .*failed: .*certificate.*needs a certificate valid for 127\.0\.0\.1/i);
    assert.equal(receiver.requests.length, 0, 'no request completed over the untrusted connection');

    t.clock.set(Date.parse(delivery!.next_attempt_at));
    await deliveryJobs(t, { tlsCaFile: caFile }).drain();
    [delivery] = await deliveriesOf(t, webhookId);
    assert.equal(delivery?.status, 'succeeded');
    assert.equal(receiver.requests.length, 1);
    assert.equal(receiver.requests[0]?.payload.id, eventId);
    assert.equal(receiver.requests[0]?.standardValid, true);
    assert.equal(receiver.requests[0]?.plainValid, true);
  });

  test('a missing WEBHOOK_TLS_CA_FILE stops the engine at construction with the reason', () => {
    assert.throws(() => deliveryJobs(t, { tlsCaFile: '/nonexistent/ca.pem' }), /Cannot read WEBHOOK_TLS_CA_FILE \/nonexistent\/ca\.pem \(ENOENT\)/);
  });
});
