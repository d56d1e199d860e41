/**
 * Reliability of webhook delivery over a long outage (issue 6): the receiver is down (connections
 * refused) for an hour while events keep coming, the worker is restarted half-way — once cleanly, once
 * with a claim left behind by a worker that died mid-attempt — and when the receiver comes back every
 * event arrives, each once, in the order the events happened.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isoTime } from '../../src/platform/clock.ts';
import { DeliveryRepo } from '../../src/webhooks/delivery/delivery.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';
import { addWebhook, deliveriesOf, deliveryJobs, emit, standardSecret, stopDeliveryJobs, TEST_SECRET } from './delivery-support.ts';

const MINUTE = 60_000;

describe('webhook delivery through an outage and worker restarts', () => {
  let t: TestApp;
  let receiver: WebhookReceiver | null = null;

  before(async () => {
    t = await createTestApp({ env: { WEBHOOK_ALLOW_PRIVATE: 'true', MAILWARDEN_SECRET: TEST_SECRET } });
  });
  after(async () => {
    await stopDeliveryJobs();
    await receiver?.close();
    await t.close();
  });

  test('a receiver down for an hour gets every event when it comes back, once each and in order', async () => {
    t.clock.set(Date.now());
    const userId = (await t.createUser()).id;
    const secret = standardSecret();
    // Take a free port, then close it: connections to it are refused until the receiver comes back.
    const probe = await WebhookReceiver.start();
    const port = probe.port;
    const url = probe.url('/outage', secret);
    await probe.close();
    const webhookId = await addWebhook(t, userId, url, secret);

    const emitted: string[] = [];
    let worker = deliveryJobs(t, { connectTimeoutMs: 500 });
    // One event every 5 minutes for an hour; the worker runs after each, so the head delivery keeps
    // failing and backing off while the later ones wait behind it.
    for (let minute = 0; minute < 60; minute += 5) {
      emitted.push(await emit(t, userId, { minute }));
      await worker.drain();
      if (minute === 20) {
        // A clean restart: the old process stops, a new one takes over from the database alone.
        await worker.stop();
        worker = deliveryJobs(t, { connectTimeoutMs: 500 });
      }
      if (minute === 40) {
        // A worker that claimed the head delivery when it was next due, and died before recording anything.
        const [head] = await deliveriesOf(t, webhookId);
        t.clock.set(Math.max(t.clock.now(), Date.parse(head!.next_attempt_at)));
        const leaseMs = 2 * MINUTE;
        const claimed = await new DeliveryRepo(t.testDb.db).claim(1, t.clock.iso(), isoTime(t.clock.now() + leaseMs));
        assert.equal(claimed.length, 1);
      }
      t.clock.advance(5 * MINUTE);
    }
    const during = await deliveriesOf(t, webhookId);
    assert.equal(during.length, emitted.length);
    assert.ok(during.every((d) => d.status === 'pending'), 'nothing is given up on or lost during the outage');
    assert.ok(during[0]!.attempt >= 4, `the head delivery kept being retried (attempt ${during[0]!.attempt})`);
    assert.ok(during.slice(1).every((d) => d.attempt === 0), 'later deliveries wait behind the head, so order holds');

    receiver = await WebhookReceiver.start(port);
    receiver.url('/outage', secret);
    // The receiver is back: advance to each next retry time until the queue is empty (bounded).
    for (let round = 0; round < 20; round++) {
      const pending = (await deliveriesOf(t, webhookId)).filter((d) => d.status === 'pending');
      if (pending.length === 0) break;
      // The oldest pending delivery holds the others back: wait for its retry time (and any lapsed claim).
      const head = pending[0]!;
      const due = Math.max(Date.parse(head.next_attempt_at), head.claimed_until === null ? 0 : Date.parse(head.claimed_until) + 1);
      if (due > t.clock.now()) t.clock.set(due);
      await worker.drain();
    }
    const finals = await deliveriesOf(t, webhookId);
    assert.ok(finals.every((d) => d.status === 'succeeded'), JSON.stringify(finals.map((d) => [d.status, d.last_error])));
    const arrived = receiver.delivered.map((r) => r.payload.id);
    assert.deepEqual(arrived, emitted, 'every event once, in the order they happened');
    assert.ok(receiver.delivered.every((r) => r.plainValid), 'each one signed');
    // The retries spanned the outage: the first event arrived more than an hour after it happened.
    assert.ok(Date.parse(finals[0]!.completed_at!) - Date.parse(finals[0]!.created_at) >= 60 * MINUTE);
  });
});
