/**
 * The Deliverability API (`/api/v1`) through the SDK against a live server, found from the Threat
 * API base URL: health, mailboxes, warm-up (get, pause, resume, update_config), stats, DNS and
 * blacklist checks, and its `{error}` bodies mapped to typed errors. DNS goes to a loopback port
 * nothing answers, so checks report `unknown` and no lookup leaves the machine.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Mailwarden, { BadRequestError, InternalServerError, NotFoundError, PermissionDeniedError, type PostMailboxesBody } from '@mailwarden/sdk';
import { mailboxBody } from '../mailboxes/support.ts';
import { startSdkServer, type SdkServer } from './support.ts';

let server: SdkServer;
let client: Mailwarden;
let mailboxId: string;

before(async () => {
  server = await startSdkServer();
  ({ client } = await server.tenant(['read', 'write'], 'pro'));
});
after(() => server.close());

test('the Deliverability root is derived from the Threat base URL (or a bare origin)', async () => {
  assert.equal(client.options.deliverabilityRoot, server.baseUrl.replace(/\/v1$/, '/api/v1'));
  const origin = new Mailwarden({ baseUrl: new URL(server.baseUrl).origin });
  assert.equal(origin.options.threatRoot, server.baseUrl);
  const health = await origin.health();
  assert.equal(health.status, 'ok');
});

test('mailboxes: create, list, get', async () => {
  const created = await client.mailboxes.create(mailboxBody() as unknown as PostMailboxesBody);
  assert.equal(created.message, 'Mailbox created. Warm-up will start automatically.');
  mailboxId = created.id;
  const { mailboxes } = await client.mailboxes.list();
  assert.deepEqual(mailboxes.map((m) => m.id), [mailboxId]);
  const detail = await client.mailboxes.get(mailboxId);
  assert.equal(detail.email, 'hello@acme.com');
  assert.equal(detail.provider, 'gmail');
  assert.ok(!JSON.stringify(detail).includes('Pa55word'), 'passwords never come back');
});

test('warm-up: get, pause, resume, update the configuration', async () => {
  const status = await client.warmup.get(mailboxId);
  assert.equal(status.mailbox_id, mailboxId);
  const paused = await client.warmup.pause(mailboxId);
  assert.equal(paused.success, true);
  assert.equal((await client.mailboxes.get(mailboxId)).status, 'paused');
  await client.warmup.resume(mailboxId);
  assert.equal((await client.mailboxes.get(mailboxId)).status, 'active');
  const updated = await client.warmup.updateConfig(mailboxId, { warmup_mode: 'slow', reply_rate: 40 });
  assert.equal(updated.config.warmup_mode, 'slow');
  assert.equal(updated.config.reply_rate, 40);
  assert.equal((await client.warmup.get(mailboxId)).config.reply_rate, 40);
});

test('stats, DNS and blacklist checks (blacklist without DNS: a typed 503)', async () => {
  const stats = await client.stats.get(mailboxId, { days: 14 });
  assert.equal(stats.period, '14d');
  const dns = await client.dns.get(mailboxId, { refresh: true });
  assert.equal(dns.domain, 'acme.com');
  assert.equal(dns.source, 'live');
  assert.equal(dns.spf.status, 'unknown', 'a failed lookup is unknown, never fail');
  // Without DNS the sending IP is unknown: the server answers 503 (retry later), typed as such.
  const unavailable = await client.blacklist.get(mailboxId, {}, { maxRetries: 0 }).then(() => null, (e: unknown) => e);
  assert.ok(unavailable instanceof InternalServerError);
  assert.equal(unavailable.status, 503);
  assert.equal(unavailable.code, 'service_unavailable');
  assert.match(unavailable.message, /sending IP of hello@acme.com is not known/);
});

test('errors from {"error": …} bodies are typed, with a code from the status', async () => {
  const invalid = await client.stats.get(mailboxId, { days: 500 }).then(() => null, (e: unknown) => e);
  assert.ok(invalid instanceof BadRequestError);
  assert.equal(invalid.code, 'validation_error');
  assert.equal(invalid.surface, 'deliverability');
  assert.match(invalid.message, /days/);
  assert.match(invalid.requestId ?? '', /^req_/, 'from the X-Request-Id header');

  const other = await server.tenant(['read', 'write'], 'pro');
  await assert.rejects(other.client.mailboxes.get(mailboxId), NotFoundError);
  const free = await server.tenant(['read', 'write'], 'free');
  const denied = await free.client.mailboxes.list().then(() => null, (e: unknown) => e);
  assert.ok(denied instanceof PermissionDeniedError);
  assert.match(denied.message, /Pro or Enterprise/);

  await client.mailboxes.delete(mailboxId);
  await assert.rejects(client.mailboxes.get(mailboxId), NotFoundError);
});
