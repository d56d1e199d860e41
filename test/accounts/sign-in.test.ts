/**
 * Magic-link sign-in end to end: the link goes through a real SMTP server on loopback and is read back
 * from there; the tokens it yields authenticate real requests on both surfaces.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sha256Hex } from '../../src/platform/crypto.ts';
import { bearer, createTestApp, type TestApp } from '../support/app.ts';
import { mailText, startSmtpSink, tokenFromMail, type SmtpSink } from '../support/smtp-sink.ts';

const MINUTE = 60_000;
let ipCounter = 0;
/** A fresh client IP per test, so the per-IP sign-in limits of one test do not touch another. */
function freshIp(): string {
  ipCounter += 1;
  return `10.0.${Math.floor(ipCounter / 250)}.${ipCounter % 250}`;
}

describe('magic-link sign-in (CONTRACT.md §3.1)', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let ip: string;

  before(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ env: { SMTP_RELAY_URL: sink.url, PUBLIC_URL: 'https://mw.example.test', MAIL_FROM: 'Mailwarden <signin@mw.example.test>' } });
  });
  after(async () => {
    await t.close();
    await sink.close();
  });
  beforeEach(() => {
    ip = freshIp();
  });

  const post = (url: string, payload: Record<string, unknown>, remoteAddress = ip) => t.app.inject({ method: 'POST', url, payload, remoteAddress });

  async function signIn(email: string) {
    const since = sink.messages.length;
    const res = await post('/v1/auth/login', { email });
    assert.equal(res.statusCode, 202);
    const mail = await sink.waitFor((m) => m.to.includes(email), { since });
    const verified = await post('/v1/auth/verify', { token: tokenFromMail(mail.raw) });
    assert.equal(verified.statusCode, 200, verified.body);
    return verified.json().data as { access_token: string; refresh_token: string; expires_in: number; user: { id: string; email: string } };
  }

  it('mails a single-use link through the relay and signs in with it, end to end', async () => {
    const user = await t.createUser('pro');
    const login = await post('/v1/auth/login', { email: user.email.toUpperCase() });
    assert.equal(login.statusCode, 202);
    assert.equal(login.json().success, true);

    const mail = await sink.waitFor((m) => m.to.includes(user.email));
    assert.equal(mail.user, 'relay-user', 'the relay credentials from SMTP_RELAY_URL were used');
    assert.equal(mail.from, 'signin@mw.example.test');
    assert.match(mailText(mail.raw), /https:\/\/mw\.example\.test\/sign-in\?token=mwl_/);
    const token = tokenFromMail(mail.raw);

    const verified = await post('/v1/auth/verify', { token });
    assert.equal(verified.statusCode, 200);
    const data = verified.json().data;
    assert.match(data.access_token, /^mwa_[A-Za-z0-9_-]{43}$/);
    assert.match(data.refresh_token, /^mwr_[A-Za-z0-9_-]{43}$/);
    assert.equal(data.expires_in, 900);
    assert.equal(data.token_type, 'Bearer');
    assert.deepEqual(Object.keys(data.user).sort(), ['created_at', 'email', 'id', 'name', 'plan', 'role']);
    assert.equal(data.user.id, user.id);

    // The access token works wherever a key works, with every permission, on both surfaces.
    const me = await t.app.inject({ method: 'GET', url: '/v1/users/me', headers: bearer(data.access_token) });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().data.id, user.id);
    const audit = await t.app.inject({ method: 'GET', url: '/v1/users/me/audit', headers: bearer(data.access_token) });
    assert.equal(audit.statusCode, 200);
    const deliverability = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-route', headers: bearer(data.access_token) });
    assert.equal(deliverability.statusCode, 404, 'authenticated on /api/v1 (404 for the route, not 401)');

    // Single use.
    const again = await post('/v1/auth/verify', { token });
    assert.equal(again.statusCode, 401);
    assert.equal(again.json().error.details.reason, 'token_used');
  });

  it('stores only hashes of links and tokens', async () => {
    const user = await t.createUser();
    const session = await signIn(user.email);
    const kysely = t.testDb.db.kysely;
    const access = await kysely.selectFrom('access_tokens').select('token_hash').where('token_hash', '=', sha256Hex(session.access_token)).execute();
    assert.equal(access.length, 1);
    const refresh = await kysely.selectFrom('refresh_tokens').select('token_hash').where('token_hash', '=', sha256Hex(session.refresh_token)).execute();
    assert.equal(refresh.length, 1);
    for (const table of ['access_tokens', 'refresh_tokens', 'login_tokens'] as const) {
      const rows = await kysely.selectFrom(table).selectAll().execute();
      const dump = JSON.stringify(rows);
      assert.ok(!dump.includes(session.access_token) && !dump.includes(session.refresh_token), `${table} holds no raw token`);
      assert.ok(!/mw[lar]_/.test(dump), `${table} holds no raw token`);
    }
  });

  it('answers identically for an unknown address and sends it nothing (no account enumeration)', async () => {
    const known = await t.createUser();
    const unknown = `nobody-${Date.now()}@example.test`;
    const a = await post('/v1/auth/login', { email: known.email });
    const b = await post('/v1/auth/login', { email: unknown });
    assert.equal(a.statusCode, b.statusCode);
    assert.deepEqual(a.json().data, b.json().data);
    await sink.waitFor((m) => m.to.includes(known.email));
    await t.services.sessions.drain();
    assert.equal(sink.messages.filter((m) => m.to.includes(unknown)).length, 0);
  });

  it('refuses expired, forged and malformed link tokens with a reason', async () => {
    const user = await t.createUser();
    await post('/v1/auth/login', { email: user.email });
    const token = tokenFromMail((await sink.waitFor((m) => m.to.includes(user.email))).raw);
    t.clock.advance(15 * MINUTE + 1);
    const cases: Array<[string, string]> = [
      [token, 'token_expired'],
      [`mwl_${'A'.repeat(43)}`, 'invalid_token'],
      ['mwl_short', 'malformed_token'],
      [`mwr_${'A'.repeat(43)}`, 'malformed_token'],
    ];
    for (const [candidate, reason] of cases) {
      const res = await post('/v1/auth/verify', { token: candidate });
      assert.equal(res.statusCode, 401, String(candidate));
      assert.equal(res.json().error.code, 'unauthorized');
      assert.equal(res.json().error.details.reason, reason);
    }
    const wrongType = await post('/v1/auth/verify', { token: 42 });
    assert.equal(wrongType.statusCode, 400);
    assert.equal(wrongType.json().error.details.field, 'token');
  });

  it('rotates refresh tokens; reusing a rotated one revokes the whole session', async () => {
    const user = await t.createUser();
    const first = await signIn(user.email);
    const rotated = await post('/v1/auth/refresh', { refresh_token: first.refresh_token });
    assert.equal(rotated.statusCode, 200);
    const second = rotated.json().data;
    assert.notEqual(second.refresh_token, first.refresh_token);
    assert.notEqual(second.access_token, first.access_token);
    assert.equal(second.user.id, user.id);
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/users/me', headers: bearer(second.access_token) })).statusCode, 200);

    // The old refresh token presented again: reuse. The session and every token of it end.
    const reuse = await post('/v1/auth/refresh', { refresh_token: first.refresh_token });
    assert.equal(reuse.statusCode, 401);
    assert.equal(reuse.json().error.details.reason, 'token_reused');
    const afterReuse = await t.app.inject({ method: 'GET', url: '/v1/users/me', headers: bearer(second.access_token) });
    assert.equal(afterReuse.statusCode, 401, 'access tokens of the revoked session stop working');
    const newest = await post('/v1/auth/refresh', { refresh_token: second.refresh_token });
    assert.equal(newest.statusCode, 401);
    assert.equal(newest.json().error.details.reason, 'session_revoked');

    // Another session of the same user is untouched.
    const other = await signIn(user.email);
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/users/me', headers: bearer(other.access_token) })).statusCode, 200);

    // The reuse is in the audit log.
    const audit = await t.app.inject({ method: 'GET', url: '/v1/users/me/audit?action=auth.refresh_token_reused', headers: bearer(other.access_token) });
    assert.equal(audit.json().pagination.total, 1);
  });

  it('expires access tokens after 15 minutes and refresh tokens after 30 days', async () => {
    const user = await t.createUser();
    const session = await signIn(user.email);
    t.clock.advance(15 * MINUTE + 1);
    const expired = await t.app.inject({ method: 'GET', url: '/v1/users/me', headers: bearer(session.access_token) });
    assert.equal(expired.statusCode, 401);
    assert.equal(expired.json().error.details.reason, 'token_expired');
    const refreshed = await post('/v1/auth/refresh', { refresh_token: session.refresh_token });
    assert.equal(refreshed.statusCode, 200);
    t.clock.advance(30 * 24 * 60 * MINUTE + 1);
    const stale = await post('/v1/auth/refresh', { refresh_token: refreshed.json().data.refresh_token });
    assert.equal(stale.statusCode, 401);
    assert.equal(stale.json().error.details.reason, 'token_expired');
    assert.ok((await t.services.sessions.sweepExpired()) > 0, 'the sweep deletes what expired');
  });

  it('accepts access tokens only in the Authorization header, and signs out', async () => {
    const user = await t.createUser();
    const session = await signIn(user.email);
    const inQuery = await t.app.inject({ method: 'GET', url: `/v1/users/me?api_key=${session.access_token}` });
    assert.equal(inQuery.statusCode, 401);
    const out = await t.app.inject({ method: 'POST', url: '/v1/auth/logout', headers: bearer(session.access_token) });
    assert.equal(out.statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/users/me', headers: bearer(session.access_token) })).statusCode, 401);
    const refresh = await post('/v1/auth/refresh', { refresh_token: session.refresh_token });
    assert.equal(refresh.json().error.details.reason, 'session_revoked');
  });

  it('limits link requests per address and per client IP', async () => {
    const user = await t.createUser();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post('/v1/auth/login', { email: user.email }, freshIp())).statusCode);
    assert.deepEqual(statuses, [202, 202, 202, 202, 202, 429]);
    const limited = await post('/v1/auth/login', { email: user.email }, freshIp());
    assert.equal(limited.json().error, 'rate_limit_exceeded');
    assert.ok(Number(limited.headers['retry-after']) > 0);

    const sameIp = freshIp();
    const fromOneIp: number[] = [];
    for (let i = 0; i < 21; i++) fromOneIp.push((await post('/v1/auth/login', { email: `spray-${i}@example.test` }, sameIp)).statusCode);
    assert.equal(fromOneIp.filter((s) => s === 202).length, 20);
    assert.equal(fromOneIp.at(-1), 429);
    await t.services.sessions.drain();
  });

  it('records the sign-in in the audit log with the client IP', async () => {
    const user = await t.createUser();
    const session = await signIn(user.email);
    const res = await t.app.inject({ method: 'GET', url: '/v1/users/me/audit?action=auth.signed_in', headers: bearer(session.access_token) });
    const events = res.json().data;
    assert.equal(events.length, 1);
    assert.equal(events[0].ip, ip);
    assert.equal(events[0].actor_type, 'session');
    assert.equal(events[0].actor_id, user.id);
  });

  it('rejects a malformed address with 400 naming the field', async () => {
    const res = await post('/v1/auth/login', { email: 'not-an-address' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.details.field, 'email');
  });
});

describe('sign-in without a relay, and self-signup', () => {
  it('writes the link to the log at info level when SMTP_RELAY_URL is unset', async () => {
    const t = await createTestApp();
    try {
      const user = await t.createUser();
      const res = await t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: user.email } });
      assert.equal(res.statusCode, 202);
      await t.services.sessions.drain();
      const line = t.logs.find((l) => typeof l.msg === 'string' && l.msg.includes('mwl_'));
      assert.ok(line, 'the link is in the log');
      assert.equal(line.level, 'info');
      const token = tokenFromMail(String(line.msg));
      const verified = await t.app.inject({ method: 'POST', url: '/v1/auth/verify', payload: { token } });
      assert.equal(verified.statusCode, 200);
    } finally {
      await t.close();
    }
  });

  it('creates a free-plan account on verify when SELF_SIGNUP=true, and not otherwise', async () => {
    for (const selfSignup of [true, false]) {
      const t = await createTestApp({ env: { SELF_SIGNUP: String(selfSignup) } });
      try {
        const email = `new-${selfSignup}-${Date.now()}@example.test`;
        await t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email } });
        await t.services.sessions.drain();
        const line = t.logs.find((l) => typeof l.msg === 'string' && l.msg.includes('mwl_'));
        if (!selfSignup) {
          assert.equal(line, undefined, 'no link for an unknown address when sign-up is closed');
          assert.equal(await t.services.users.findByEmail(email), undefined);
          continue;
        }
        assert.ok(line);
        const verified = await t.app.inject({ method: 'POST', url: '/v1/auth/verify', payload: { token: tokenFromMail(String(line.msg)) } });
        assert.equal(verified.statusCode, 200);
        assert.equal(verified.json().data.user.email, email);
        assert.equal(verified.json().data.user.plan, 'free');
      } finally {
        await t.close();
      }
    }
  });
});
