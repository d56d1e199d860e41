/**
 * The delivery engine when things go wrong: a webhook that keeps failing is disabled with a
 * system.alert, a loopback target is refused at delivery time, a hanging receiver times out, a dead
 * worker's claim is taken again after its lease, and two workers never deliver the same attempt twice.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { isoTime } from '../../src/platform/clock.ts';
import { DeliveryRepo } from '../../src/webhooks/delivery/delivery.repo.ts';
import { recordEvent } from '../../src/webhooks/outbox.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';
import { addWebhook, deliveriesOf, deliveryJobs, emit, standardSecret, stopDeliveryJobs, TEST_SECRET, webhookRow } from './delivery-support.ts';

describe('webhook delivery failures', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let userId: string;

  before(async () => {
    t = await createTestApp({ env: { WEBHOOK_ALLOW_PRIVATE: 'true', MAILWARDEN_SECRET: TEST_SECRET, HONEYPOT_DOMAINS: 'traps.test' } });
  });
  after(async () => {
    await stopDeliveryJobs();
    await receiver.close();
    await t.close();
  });
  beforeEach(async () => {
    t.clock.set(Date.now());
    receiver?.close().catch(() => undefined);
    receiver = await WebhookReceiver.start();
    userId = (await t.createUser()).id;
  });

  test('disables a webhook after WEBHOOK_MAX_FAILURES consecutive failures, cancels its queue and raises system.alert', async () => {
    const failingSecret = standardSecret();
    const failing = await addWebhook(t, userId, receiver.url('/failing', failingSecret), failingSecret);
    const alertSecret = standardSecret();
    const watcher = await addWebhook(t, userId, receiver.url('/alerts', alertSecret), alertSecret, ['system.alert']);
    await emit(t, userId, { n: 1 });
    await emit(t, userId, { n: 2 });
    receiver.answer({ status: 500 }, { status: 500 }, { status: 500 });
    const jobs = deliveryJobs(t, { maxFailures: 3 });
    for (let attempt = 0; attempt < 3; attempt++) {
      await jobs.drain();
      const [head] = await deliveriesOf(t, failing);
      if (head?.status === 'pending') t.clock.set(Date.parse(head.next_attempt_at));
    }
    const webhook = await webhookRow(t, failing);
    assert.equal(webhook.status, 'disabled');
    assert.equal(webhook.failure_count, 3);
    assert.match(webhook.disabled_reason ?? '', /3 consecutive failed delivery attempts/);
    assert.deepEqual((await deliveriesOf(t, failing)).map((d) => d.status), ['cancelled', 'cancelled']);
    assert.equal(receiver.requests.filter((r) => r.path === '/failing').length, 3);

    const alerts = receiver.requests.filter((r) => r.path === '/alerts');
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.payload.type, 'system.alert');
    assert.equal(alerts[0]?.payload.data.webhook_id, failing);
    assert.equal(alerts[0]?.payload.data.alert, 'webhook.disabled');
    assert.equal(alerts[0]?.plainValid, true);
    assert.equal((await deliveriesOf(t, watcher))[0]?.status, 'succeeded');
  });

  test("disables a honeypot's alert URL after WEBHOOK_MAX_FAILURES failures, with a system.alert; a new URL resumes it", async () => {
    const alertSecret = standardSecret();
    await addWebhook(t, userId, receiver.url('/alerts', alertSecret), alertSecret, ['system.alert']);
    const honeypotSecret = 'honeypot-alert-secret-0123456789';
    const honeypot = await t.services.honeypots.create(userId, {
      email_address: `alerts-${Date.now()}@traps.test`, alerts: { webhook_url: receiver.url('/honeypot', honeypotSecret), webhook_secret: honeypotSecret },
    });
    const emitFor = (n: number) => t.testDb.db.kysely.transaction().execute((trx) =>
      recordEvent(trx, t.clock, { userId, type: 'email.received', data: { n }, honeypotId: honeypot.id }));
    await emitFor(1);
    await emitFor(2);
    receiver.answer({ status: 503 }, { status: 503 });
    const jobs = deliveryJobs(t, { maxFailures: 2 });
    const honeypotDeliveries = () => t.testDb.db.kysely.selectFrom('webhook_deliveries').selectAll()
      .where('honeypot_id', '=', honeypot.id).where('webhook_id', 'is', null).orderBy('created_at').orderBy('id').execute();
    for (let attempt = 0; attempt < 2; attempt++) {
      await jobs.drain();
      const [head] = await honeypotDeliveries();
      if (head?.status === 'pending') t.clock.set(Date.parse(head.next_attempt_at));
    }
    const hooked = receiver.requests.filter((r) => r.path === '/honeypot');
    assert.equal(hooked.length, 2);
    assert.ok(hooked.every((r) => r.plainValid && r.standardValid), 'signed with the decrypted secret');
    assert.deepEqual((await honeypotDeliveries()).map((d) => d.status), ['cancelled', 'cancelled']);
    const shown = await t.services.honeypots.get(userId, honeypot.id);
    assert.equal(shown.alerts.webhook_status, 'disabled');
    assert.match(shown.alerts.webhook_disabled_reason ?? '', /2 consecutive failed delivery attempts/);
    const alerts = receiver.requests.filter((r) => r.path === '/alerts');
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0]?.payload.data.alert, 'honeypot_alert_url.disabled');
    assert.equal(alerts[0]?.payload.data.honeypot_id, honeypot.id);

    // While disabled, new events about the honeypot queue nothing for its URL.
    await emitFor(3);
    assert.equal((await honeypotDeliveries()).length, 2);
    // A new URL gives it a fresh start.
    const resumed = await t.services.honeypots.update(userId, honeypot.id, { alerts: { webhook_url: receiver.url('/honeypot2', honeypotSecret) } });
    assert.equal(resumed.alerts.webhook_status, 'active');
    await emitFor(4);
    await jobs.drain();
    const second = receiver.requests.filter((r) => r.path === '/honeypot2');
    assert.deepEqual(second.map((r) => r.payload.data.n), [4]);
    assert.equal(second[0]?.plainValid, true);
  });

  test('refuses a loopback target at delivery time unless WEBHOOK_ALLOW_PRIVATE', async () => {
    const secret = standardSecret();
    const id = await addWebhook(t, userId, receiver.url('/private', secret), secret);
    await emit(t, userId, { n: 1 });
    await deliveryJobs(t, { allowPrivate: false }).drain();
    const [delivery] = await deliveriesOf(t, id);
    assert.equal(delivery?.status, 'failed');
    assert.equal(delivery?.last_status_code, null);
    assert.match(delivery?.last_error ?? '', /not sent: .*127\.0\.0\.1.*non-public/);
    assert.equal(receiver.requests.length, 0, 'nothing reached the receiver');
  });

  test('a receiver that hangs times out and is retried', async () => {
    const secret = standardSecret();
    const id = await addWebhook(t, userId, receiver.url('/hang', secret), secret);
    await emit(t, userId, { n: 1 });
    receiver.answer('hang');
    const jobs = deliveryJobs(t, { timeoutMs: 300 });
    await jobs.drain();
    let [delivery] = await deliveriesOf(t, id);
    assert.equal(delivery?.status, 'pending');
    assert.equal(delivery?.last_status_code, null);
    assert.match(delivery?.last_error ?? '', /no complete response within 300 ms/);
    t.clock.set(Date.parse(delivery!.next_attempt_at));
    await jobs.drain();
    [delivery] = await deliveriesOf(t, id);
    assert.equal(delivery?.status, 'succeeded');
  });

  test("a dead worker's claim is retried once its lease runs out", async () => {
    const secret = standardSecret();
    const id = await addWebhook(t, userId, receiver.url('/lease', secret), secret);
    await emit(t, userId, { n: 1 });
    // A worker claims the delivery, then dies before sending or recording anything.
    const leaseMs = 70_000;
    const claimed = await new DeliveryRepo(t.testDb.db).claim(10, t.clock.iso(), isoTime(t.clock.now() + leaseMs));
    assert.equal(claimed.length, 1);
    const jobs = deliveryJobs(t);
    assert.equal(await jobs.drain(), 0, 'still leased');
    t.clock.advance(leaseMs + 1);
    assert.equal(await jobs.drain(), 1);
    const [delivery] = await deliveriesOf(t, id);
    assert.equal(delivery?.status, 'succeeded');
    assert.equal(delivery?.attempt, 2);
    assert.equal(receiver.requests.length, 1);
  });

  test('two workers deliver every event once, in order per endpoint', async () => {
    const paths = ['/w1', '/w2', '/w3'];
    const ids: string[] = [];
    for (const path of paths) {
      const secret = standardSecret();
      ids.push(await addWebhook(t, userId, receiver.url(path, secret), secret));
    }
    const events: string[] = [];
    for (let n = 0; n < 20; n++) events.push(await emit(t, userId, { n }));
    const a = deliveryJobs(t, { concurrency: 4 });
    const b = deliveryJobs(t, { concurrency: 4 });
    await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()]);
    await Promise.all([a.drain(), b.drain()]);
    assert.equal(receiver.requests.length, 60, 'each event once per endpoint');
    for (const path of paths) {
      assert.deepEqual(receiver.requests.filter((r) => r.path === path).map((r) => r.payload.id), events, `order at ${path}`);
    }
    for (const id of ids) assert.ok((await deliveriesOf(t, id)).every((d) => d.status === 'succeeded' && d.attempt === 1));
  });
});
