/**
 * The delivery engine against a real HTTP receiver on loopback: signatures both verifiers accept,
 * retries with backoff and Retry-After, final 4xx, per-endpoint order, giving up after 24 h.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../support/app.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';
import { recordEvent } from '../../src/webhooks/outbox.ts';
import { addWebhook, deliveriesOf, deliveryJobs, emit, standardSecret, stopDeliveryJobs, TEST_SECRET, webhookRow } from './delivery-support.ts';

describe('webhook delivery', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let userId: string;

  before(async () => {
    t = await createTestApp({ env: { WEBHOOK_ALLOW_PRIVATE: 'true', MAILWARDEN_SECRET: TEST_SECRET, HONEYPOT_DOMAINS: 'traps.example.com' } });
  });
  after(async () => {
    await stopDeliveryJobs();
    await receiver.close();
    await t.close();
  });
  beforeEach(async () => {
    // Real time: Standard Webhooks verifiers refuse timestamps more than 5 minutes off the real clock.
    t.clock.set(Date.now());
    receiver?.close().catch(() => undefined);
    receiver = await WebhookReceiver.start();
    userId = (await t.createUser()).id;
  });

  test('delivers a signed event that the standard verifier and a plain HMAC both accept', async () => {
    const secret = standardSecret();
    const standard = await addWebhook(t, userId, receiver.url('/standard', secret), secret);
    const plainSecret = 'a-plain-secret-chosen-by-the-user';
    const plain = await addWebhook(t, userId, receiver.url('/plain', plainSecret), plainSecret);
    const eventId = await emit(t, userId, { email_id: 'email_1', subject: 'Hello ✓' });

    assert.equal(await deliveryJobs(t).drain(), 2);

    assert.equal(receiver.requests.length, 2);
    for (const request of receiver.requests) {
      assert.equal(request.standardValid, true, `${request.path}: standard signature`);
      assert.equal(request.plainValid, true, `${request.path}: X-Webhook-Signature`);
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.headers['user-agent'], 'Mailwarden-Webhooks/1');
      assert.equal(request.headers['webhook-id'], eventId);
      assert.equal(request.headers['webhook-timestamp'], String(Math.floor(t.clock.now() / 1000)));
      assert.deepEqual(request.payload, { id: eventId, type: 'email.received', created_at: t.clock.iso(), data: { email_id: 'email_1', subject: 'Hello ✓' } });
    }
    for (const id of [standard, plain]) {
      const [delivery] = await deliveriesOf(t, id);
      assert.equal(delivery?.status, 'succeeded');
      assert.equal(delivery?.attempt, 1);
      assert.equal(delivery?.last_status_code, 200);
      assert.ok((delivery?.last_latency_ms ?? -1) >= 0);
      const webhook = await webhookRow(t, id);
      assert.equal(webhook.last_delivery_at, t.clock.iso());
      assert.equal(webhook.failure_count, 0);
    }
  });

  test('retries 5xx with exponential backoff, then succeeds and resets the failure count', async () => {
    const secret = standardSecret();
    const id = await addWebhook(t, userId, receiver.url('/flaky', secret), secret);
    await emit(t, userId, { n: 1 });
    receiver.answer({ status: 500 }, { status: 503 });
    const jobs = deliveryJobs(t);

    await jobs.drain();
    let [delivery] = await deliveriesOf(t, id);
    assert.equal(delivery?.status, 'pending');
    assert.equal(delivery?.last_status_code, 500);
    assert.match(delivery?.last_error ?? '', /HTTP 500/);
    assert.equal(Date.parse(delivery!.next_attempt_at) - t.clock.now(), 22_500); // 30 s base, jitter 0.5
    assert.equal((await webhookRow(t, id)).failure_count, 1);

    t.clock.advance(22_499);
    assert.equal(await jobs.drain(), 0, 'not due yet');
    t.clock.advance(1);
    await jobs.drain();
    [delivery] = await deliveriesOf(t, id);
    assert.equal(delivery?.last_status_code, 503);
    assert.equal(Date.parse(delivery!.next_attempt_at) - t.clock.now(), 45_000); // 60 s base
    assert.equal((await webhookRow(t, id)).failure_count, 2);

    t.clock.advance(45_000);
    await jobs.drain();
    [delivery] = await deliveriesOf(t, id);
    assert.equal(delivery?.status, 'succeeded');
    assert.equal(delivery?.attempt, 3);
    assert.equal(receiver.requests.length, 3);
    assert.ok(receiver.requests.every((r) => r.standardValid && r.plainValid));
    assert.equal(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size, 1, 'the same webhook-id on every retry');
    assert.equal((await webhookRow(t, id)).failure_count, 0);
  });

  test('a 4xx other than 408/429 is final', async () => {
    const secret = standardSecret();
    const id = await addWebhook(t, userId, receiver.url('/gone', secret), secret);
    await emit(t, userId, { n: 1 });
    receiver.answer({ status: 410 });
    const jobs = deliveryJobs(t);
    await jobs.drain();
    t.clock.advance(4 * 60 * 60_000);
    assert.equal(await jobs.drain(), 0);
    const [delivery] = await deliveriesOf(t, id);
    assert.equal(delivery?.status, 'failed');
    assert.equal(delivery?.last_status_code, 410);
    assert.match(delivery?.last_error ?? '', /410 Gone/);
    assert.equal(receiver.requests.length, 1);
  });

  test('honours Retry-After on 429, in seconds and as an HTTP date', async () => {
    const secret = standardSecret();
    const id = await addWebhook(t, userId, receiver.url('/busy', secret), secret);
    await emit(t, userId, { n: 1 });
    receiver.answer({ status: 429, retryAfter: '120' }, { status: 429, retryAfter: new Date(t.clock.now() + 120_000 + 300_000).toUTCString() });
    const jobs = deliveryJobs(t);
    await jobs.drain();
    t.clock.advance(119_999);
    assert.equal(await jobs.drain(), 0, 'Retry-After: 120 is not over');
    t.clock.advance(1);
    await jobs.drain();
    assert.equal(receiver.requests.length, 2);
    const [delivery] = await deliveriesOf(t, id);
    assert.equal(delivery?.status, 'pending');
    // HTTP-date: whole seconds, 300 s from the first attempt's clock plus 120 s
    const expected = Math.floor((t.clock.now() + 300_000) / 1000) * 1000;
    assert.equal(Date.parse(delivery!.next_attempt_at), expected);
    t.clock.set(expected);
    await jobs.drain();
    const [done] = await deliveriesOf(t, id);
    assert.equal(done?.status, 'succeeded');
    assert.equal(receiver.delivered.length, 1);
  });

  test('keeps event order per endpoint while the first delivery is retried', async () => {
    const secret = standardSecret();
    const slow = await addWebhook(t, userId, receiver.url('/ordered', secret), secret);
    const events = [await emit(t, userId, { n: 1 }), await emit(t, userId, { n: 2 }), await emit(t, userId, { n: 3 })];
    receiver.answer({ status: 500 }, { status: 502 });
    const jobs = deliveryJobs(t);
    await jobs.drain();
    assert.deepEqual(receiver.requests.map((r) => r.payload.id), [events[0]], 'the later events wait behind the failing one');
    t.clock.advance(22_500);
    await jobs.drain();
    t.clock.advance(45_000);
    await jobs.drain();
    assert.deepEqual(receiver.requests.map((r) => r.payload.id), [events[0], events[0], events[0], events[1], events[2]]);
    assert.deepEqual((await deliveriesOf(t, slow)).map((d) => d.status), ['succeeded', 'succeeded', 'succeeded']);
  });

  test('gives up after retrying for 24 hours', async () => {
    const secret = standardSecret();
    const id = await addWebhook(t, userId, receiver.url('/down', secret), secret);
    await emit(t, userId, { n: 1 });
    const jobs = deliveryJobs(t, { maxFailures: 1000 });
    receiver.answer(...Array.from({ length: 40 }, () => ({ status: 503 })));
    const start = t.clock.now();
    for (;;) {
      await jobs.drain();
      const [delivery] = await deliveriesOf(t, id);
      if (delivery?.status !== 'pending') break;
      t.clock.set(Date.parse(delivery.next_attempt_at));
    }
    const [delivery] = await deliveriesOf(t, id);
    assert.equal(delivery?.status, 'failed');
    assert.match(delivery?.last_error ?? '', /gave up after retrying for 24 hours/);
    const lastAttempt = Date.parse(delivery!.completed_at!);
    assert.ok(lastAttempt - start >= 24 * 60 * 60_000, 'retried for at least 24 h');
    assert.ok(lastAttempt - start < 29 * 60 * 60_000, 'and not much longer (4 h maximum delay)');
    assert.equal(receiver.requests.length, delivery?.attempt);
  });

  test("the running worker delivers on notify(), and a honeypot's own alert URL gets that honeypot's events", async () => {
    const secret = 'honeypot-alert-secret-1234';
    const honeypot = await t.services.honeypots.create(userId, {
      email_address: `leak-${Date.now()}@traps.example.com`,
      alerts: { enabled: true, webhook_url: receiver.url('/honeypot', secret), webhook_secret: secret },
    });
    const webhookSecret = standardSecret();
    await addWebhook(t, userId, receiver.url('/all', webhookSecret), webhookSecret);
    const jobs = deliveryJobs(t, { pollMs: 60_000 });
    jobs.start();
    const event = await t.testDb.db.kysely.transaction().execute((trx) =>
      recordEvent(trx, t.clock, { userId, type: 'email.received', data: { honeypot_id: honeypot.id }, honeypotId: honeypot.id }));
    assert.equal(event.deliveries, 2);
    jobs.notify(); // without it the next poll is a minute away
    await receiver.waitForRequests(2);
    await jobs.stop();
    assert.deepEqual(receiver.requests.map((r) => r.path).sort(), ['/all', '/honeypot']);
    assert.ok(receiver.requests.every((r) => r.standardValid && r.plainValid && r.payload.id === event.id));
    const rows = await t.testDb.db.kysely.selectFrom('webhook_deliveries').select(['status']).where('event_id', '=', event.id).execute();
    assert.deepEqual(rows.map((r) => r.status), ['succeeded', 'succeeded']);
  });
});
