/**
 * Webhooks through the SDK against a live server, and verifyWebhook against real deliveries: the
 * server's delivery worker POSTs signed events to a receiver on loopback, and the SDK verifies both
 * signature schemes, with a generated `whsec_` secret and with a plain one, and refuses tampering,
 * a wrong secret and a stale timestamp.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { NotFoundError, verifyWebhook, WebhookVerificationError, type Mailwarden, type WebhookEvent } from '@mailwarden/sdk';
import { WebhookReceiver, type ReceivedRequest } from '../support/webhook-receiver.ts';
import { phishingMessage, startSdkServer, trapAddress, type SdkServer } from './support.ts';

let server: SdkServer;
let client: Mailwarden;
let receiver: WebhookReceiver;

before(async () => {
  server = await startSdkServer();
  // Real time: the Standard Webhooks timestamp is checked against the verifier's clock.
  server.t.clock.set(Date.now());
  receiver = await WebhookReceiver.start();
  ({ client } = await server.tenant(['read', 'write']));
});
after(async () => {
  await receiver.close();
  await server.close();
});

/** Runs the server's delivery worker until the receiver has `count` requests. */
async function delivered(count: number): Promise<ReceivedRequest[]> {
  await server.t.services.webhookDelivery.drain();
  await receiver.waitForRequests(count);
  return receiver.requests.slice(count - 1, count);
}

describe('webhook endpoints', () => {
  test('create, get, update, list, disable, enable, deliveries, delete', async () => {
    const created = await client.webhooks.create({ url: receiver.url('/crud', 'unused'), events: ['email.received'], description: 'CRM' });
    assert.match(created.secret, /^whsec_/);
    assert.equal((await client.webhooks.get(created.id)).description, 'CRM');
    const updated = await client.webhooks.update(created.id, { events: ['email.received', 'threat.detected'] });
    assert.deepEqual(updated.events, ['email.received', 'threat.detected']);
    assert.equal((await client.webhooks.disable(created.id)).status, 'disabled');
    assert.equal((await client.webhooks.enable(created.id)).status, 'active');
    assert.ok((await client.webhooks.listAll({ limit: 1 })).some((w) => w.id === created.id));
    assert.equal((await client.webhooks.list({ status: 'active' })).pagination.total >= 1, true);
    assert.deepEqual((await client.webhooks.deliveries(created.id)).data, []);
    assert.deepEqual(await client.webhooks.delete(created.id), { id: created.id, deleted: true });
    await assert.rejects(client.webhooks.get(created.id), NotFoundError);
  });
});

describe('verifyWebhook on real deliveries', () => {
  test('a test event with the generated whsec_ secret: both schemes verify', async () => {
    const hook = await client.webhooks.create({ url: receiver.url('/standard', 'unused'), events: ['email.received'] });
    const queued = await client.webhooks.test(hook.id);
    const [request] = await delivered(receiver.requests.length + 1);
    assert.equal(request!.headers['webhook-id'], queued.event_id);

    const event = await verifyWebhook(request!.body, request!.headers, hook.secret);
    assert.equal(event.id, queued.event_id);
    assert.equal(event.type, 'webhook.test');
    const plain = await verifyWebhook(new TextEncoder().encode(request!.body), new Headers(request!.headers as Record<string, string>), hook.secret, { scheme: 'plain' });
    assert.deepEqual(plain, event);
    const standard = await verifyWebhook(request!.body, request!.headers, hook.secret, { scheme: 'standard' });
    assert.deepEqual(standard, event);
    // A Node Buffer is often a view into a shared pool: only its own bytes may be read.
    const pooled = Buffer.from(request!.body);
    assert.ok(pooled.byteOffset > 0 || pooled.buffer.byteLength > pooled.length, 'a pooled Buffer');
    assert.deepEqual(await verifyWebhook(pooled, request!.headers, hook.secret), event);

    const deliveries = await client.webhooks.deliveries(hook.id);
    assert.equal(deliveries.data[0]!.status, 'succeeded');
    assert.deepEqual((await collect(client.webhooks.iterateDeliveries(hook.id))).map((d) => d.id), deliveries.data.map((d) => d.id));
    await client.webhooks.delete(hook.id);
  });

  test('an email.received event for real captured mail, with a plain secret', async () => {
    const secret = 'a plain secret chosen by the user';
    const hook = await client.webhooks.create({ url: receiver.url('/plain', secret), events: ['email.received'], secret });
    const trap = await client.honeypots.create({ email_address: trapAddress('hooked'), purpose: 'trap' });
    const { ids } = await client.emails.ingest(phishingMessage(trap.email_address));
    await server.t.services.analysis.drain();
    const [request] = await delivered(receiver.requests.length + 1);
    assert.equal(request!.path, '/plain');

    const event: WebhookEvent<{ email: { id: string }; honeypot: { id: string } }> = await verifyWebhook(request!.body, request!.headers, secret);
    assert.equal(event.type, 'email.received');
    assert.equal(event.data.email.id, ids[0]);
    assert.equal(event.data.honeypot.id, trap.id);
    assert.equal((await verifyWebhook(request!.body, request!.headers, secret, { scheme: 'plain' })).id, event.id);
    await client.webhooks.delete(hook.id);
  });

  test('refuses a tampered body, a wrong secret, a stale timestamp, missing headers', async () => {
    const hook = await client.webhooks.create({ url: receiver.url('/refuse', 'unused'), events: ['email.received'] });
    await client.webhooks.test(hook.id);
    const [request] = await delivered(receiver.requests.length + 1);
    const { body, headers } = request!;
    const reason = (promise: Promise<unknown>) =>
      promise.then(
        () => 'verified',
        (e: unknown) => (e instanceof WebhookVerificationError ? e.reason : `unexpected ${String(e)}`),
      );

    const tampered = body.replace('webhook.test', 'webhook.tEst');
    assert.equal(await reason(verifyWebhook(tampered, headers, hook.secret)), 'invalid_signature');
    assert.equal(await reason(verifyWebhook(tampered, headers, hook.secret, { scheme: 'plain' })), 'invalid_signature');
    assert.equal(await reason(verifyWebhook(body, headers, 'whsec_' + btoa('x'.repeat(32)))), 'invalid_signature');
    assert.equal(await reason(verifyWebhook(body, headers, 'wrong', { scheme: 'plain' })), 'invalid_signature');
    const tenMinutesLater = Number(headers['webhook-timestamp']) * 1000 + 10 * 60_000;
    assert.equal(await reason(verifyWebhook(body, headers, hook.secret, { now: tenMinutesLater })), 'timestamp_out_of_range');
    assert.equal(await reason(verifyWebhook(body, headers, hook.secret, { now: tenMinutesLater, toleranceSeconds: 3600 })), 'verified');
    assert.equal(await reason(verifyWebhook(body, {}, hook.secret)), 'missing_signature');
    assert.equal(await reason(verifyWebhook(body, { 'webhook-id': 'x' }, hook.secret, { scheme: 'standard' })), 'missing_signature');
    await assert.rejects(verifyWebhook(body, headers, ''), TypeError);
    await client.webhooks.delete(hook.id);
  });
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
