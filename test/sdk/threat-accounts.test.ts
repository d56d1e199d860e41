/**
 * Threat API accounts through the SDK against a live server: magic-link sign-in (login, verify,
 * refresh, logout), users, and API keys — each a real HTTP round trip.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Mailwarden, { AuthenticationError, NotFoundError } from '@mailwarden/sdk';
import { startSmtpSink, tokenFromMail, type SmtpSink } from '../support/smtp-sink.ts';
import { startSdkServer, type SdkServer } from './support.ts';

let server: SdkServer;
let sink: SmtpSink;

before(async () => {
  sink = await startSmtpSink();
  server = await startSdkServer({ SMTP_RELAY_URL: sink.url, PUBLIC_URL: 'https://mw.example.test' });
});
after(async () => {
  await server.close();
  await sink.close();
});

describe('auth', () => {
  test('login e-mails a link; verify, refresh and logout work with the tokens', async () => {
    const user = await server.t.createUser('pro');
    const anonymous = new Mailwarden({ baseUrl: server.baseUrl });
    const since = sink.messages.length;
    const login = await anonymous.auth.login({ email: user.email });
    assert.equal(typeof login.message, 'string');
    const mail = await sink.waitFor((m) => m.to.includes(user.email), { since });

    const session = await anonymous.auth.verify({ token: tokenFromMail(mail.raw) });
    assert.equal(session.user.id, user.id);
    assert.match(session.access_token, /^mwa_/);
    const signedIn = anonymous.withApiKey(session.access_token);
    assert.equal((await signedIn.users.me()).email, user.email);

    const rotated = await anonymous.auth.refresh({ refresh_token: session.refresh_token });
    assert.notEqual(rotated.refresh_token, session.refresh_token);
    await assert.rejects(anonymous.auth.refresh({ refresh_token: session.refresh_token }), AuthenticationError, 'a rotated refresh token is refused');

    // The reuse above revoked the session family; sign in again to test logout.
    const mail2Since = sink.messages.length;
    await anonymous.auth.login({ email: user.email });
    const mail2 = await sink.waitFor((m) => m.to.includes(user.email), { since: mail2Since });
    const second = anonymous.withApiKey((await anonymous.auth.verify({ token: tokenFromMail(mail2.raw) })).access_token);
    assert.deepEqual(await second.auth.logout(), { signed_out: true });
    const error = await second.users.me().then(() => null, (e: unknown) => e);
    assert.ok(error instanceof AuthenticationError);
    assert.equal(error.status, 401);
    assert.match(error.requestId ?? '', /^req_/);
  });
});

describe('users', () => {
  test('me, update, get, audit and delete', async () => {
    const { client, userId } = await server.tenant(['read', 'write']);
    const me = await client.users.me();
    assert.equal(me.id, userId);
    const updated = await client.users.update({ name: 'Ada Analyst' });
    assert.equal(updated.name, 'Ada Analyst');
    assert.equal((await client.users.get(userId)).name, 'Ada Analyst');
    const audit = await client.users.audit({ limit: 5 });
    assert.ok(audit.data.some((event) => event.action === 'user.updated'));
    assert.equal(audit.pagination.limit, 5);

    const other = await server.tenant(['read']);
    await assert.rejects(client.users.get(other.userId), NotFoundError, "another user's id is a 404");

    assert.deepEqual(await client.users.delete(userId), { id: userId, deleted: true });
    await assert.rejects(client.users.me(), AuthenticationError, 'the key went with the account');
  });
});

describe('API keys', () => {
  test('create, list, iterate, get, update, regenerate and delete', async () => {
    const { client } = await server.tenant(['read', 'write']);
    const created = await client.apiKeys.create({ name: 'ci', permissions: ['emails:read'] });
    assert.match(created.key, /^sk_live_/);
    const page = await client.apiKeys.list({ limit: 1 });
    assert.equal(page.data.length, 1);
    assert.equal(page.pagination.total, 2);
    const all = await client.apiKeys.listAll({ limit: 1 });
    assert.equal(all.length, 2, 'two pages of one key each');
    assert.ok(all.some((k) => k.key_id === created.key_id));
    assert.equal((await client.apiKeys.get(created.key_id)).name, 'ci');
    assert.equal((await client.apiKeys.update(created.key_id, { name: 'ci-renamed' })).name, 'ci-renamed');

    const fresh = await client.apiKeys.regenerate(created.key_id);
    assert.notEqual(fresh.key, created.key);
    const keyed = new Mailwarden({ apiKey: fresh.key, baseUrl: server.baseUrl });
    assert.equal((await keyed.emails.list()).pagination.total, 0);
    await assert.rejects(new Mailwarden({ apiKey: created.key, baseUrl: server.baseUrl }).emails.list(), AuthenticationError);

    await client.apiKeys.delete(created.key_id);
    await assert.rejects(client.apiKeys.get(created.key_id), NotFoundError);
  });
});
