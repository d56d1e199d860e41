/**
 * `/api/v1/mailboxes` through the HTTP surface: documented shapes, validation, duplicates, tenancy,
 * deletion, and that passwords never come back out (responses, logs, database). No login is attempted
 * here (no worker runs); see mailboxes-verification.test.ts and *.harness.ts for that.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { bearer, createTestApp, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/db.ts';
import { IMAP_PASS, MAILBOX_TEST_ENV, SMTP_PASS, createMailbox, getMailbox, mailboxBody } from './support.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe(`mailboxes API (${testEngine})`, () => {
  let t: TestApp;
  let owner: { id: string };
  let key: string;
  let readOnlyKey: string;
  let otherKey: string;

  before(async () => {
    t = await createTestApp({ env: MAILBOX_TEST_ENV });
    owner = await t.createUser('pro');
    key = await t.createKey(owner.id, ['read', 'write']);
    readOnlyKey = await t.createKey(owner.id, ['read']);
    const other = await t.createUser('enterprise');
    otherKey = await t.createKey(other.id, ['read', 'write']);
  });
  after(() => t.close());

  it('creates a mailbox: 201 with the documented body, then lists and shows it with the documented fields', async () => {
    const { response, body } = await createMailbox(t, key, { email: ' Hello@Acme.com ' });
    assert.equal(response.statusCode, 201);
    assert.deepEqual(Object.keys(body).sort(), ['email', 'id', 'message', 'status', 'verification']);
    assert.match(body.id as string, UUID);
    assert.equal(body.email, 'hello@acme.com');
    assert.equal(body.status, 'active');
    assert.equal(body.message, 'Mailbox created. Warm-up will start automatically.');
    assert.equal(body.verification, 'verifying');

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/mailboxes', headers: bearer(readOnlyKey) });
    assert.equal(list.statusCode, 200);
    const { mailboxes } = list.json() as { mailboxes: Array<Record<string, unknown>> };
    assert.equal(mailboxes.length, 1);
    assert.deepEqual(mailboxes[0], {
      id: body.id, email: 'hello@acme.com', provider: 'gmail', status: 'active', health_score: 100, daily_limit: 5, warmup_day: 0,
      created_at: t.clock.iso(),
    });

    const detail = await getMailbox(t, readOnlyKey, body.id as string);
    assert.equal(detail.response.statusCode, 200);
    for (const field of ['id', 'email', 'provider', 'status', 'health_score', 'daily_limit', 'warmup_day', 'warmup_started_at', 'dns_status', 'connection_error']) {
      assert.ok(field in detail.body, `detail lacks ${field}`);
    }
    assert.equal(detail.body.warmup_started_at, null);
    assert.equal(detail.body.connection_error, null);
    assert.deepEqual(detail.body.dns_status, { spf: 'unknown', dkim: 'unknown', dmarc: 'unknown' });
    assert.deepEqual(detail.body.smtp, { host: 'smtp.gmail.com', port: 587, security: 'starttls', user: 'hello@acme.com' });
    assert.deepEqual(detail.body.imap, { host: 'imap.gmail.com', port: 993, security: 'tls', user: 'hello@acme.com', folders: null });
  });

  it('stores the warm-up defaults the warm-up engine will read (balanced mode, seed values)', async () => {
    const row = await t.testDb.db.kysely.selectFrom('mailboxes').selectAll().where('email', '=', 'hello@acme.com').executeTakeFirstOrThrow();
    assert.deepEqual(
      [row.warmup_mode, row.target_daily_limit, row.reply_rate, row.thread_rate, row.weekdays_only, row.send_window_start, row.send_window_end, row.timezone],
      ['balanced', 40, 30, 15, 0, 8, 18, 'UTC'],
    );
    assert.equal(row.verify_state, 'verifying');
  });

  it('never returns or stores a password in clear, nor logs it', async () => {
    const created = await createMailbox(t, key, { email: 'secrets@acme.com' });
    const id = created.body.id as string;
    const texts = [
      JSON.stringify(created.body),
      (await getMailbox(t, key, id)).response.body,
      (await t.app.inject({ method: 'GET', url: '/api/v1/mailboxes', headers: bearer(key) })).body,
    ];
    for (const text of texts) {
      assert.ok(!text.includes(SMTP_PASS) && !text.includes(IMAP_PASS), 'a response contains a password');
      assert.ok(!/smtp_pass|imap_pass/.test(text), 'a response names a password field');
    }
    const row = await t.testDb.db.kysely.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.match(row.smtp_pass, /^v1\.[0-9a-f]{8}\./);
    assert.notEqual(row.smtp_pass, row.imap_pass);
    assert.ok(!JSON.stringify(row).includes(SMTP_PASS) && !JSON.stringify(row).includes(IMAP_PASS));
    t.logger.flush();
    assert.ok(!JSON.stringify(t.logs).includes(SMTP_PASS), 'a log line contains the password');
  });

  describe('validation: 400 naming the field', () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['an invalid email', { email: 'not-an-address' }, /^email "not-an-address" is not an e-mail address/],
      ['an email without a dotted domain', { email: 'hello@localhost' }, /^email /],
      ['a URL as SMTP host', { smtp_host: 'https://smtp.gmail.com' }, /^smtp_host "https:\/\/smtp\.gmail\.com" is not a host name/],
      ['a host with a port', { imap_host: 'imap.gmail.com:993' }, /^imap_host /],
      ['a host with spaces', { smtp_host: 'smtp gmail com' }, /^smtp_host /],
      ['port 0', { smtp_port: 0 }, /^smtp_port must be >= 1/],
      ['port 70000', { imap_port: 70000 }, /^imap_port must be <= 65535/],
      ['a port as text', { smtp_port: '587' }, /^smtp_port must be integer/],
      ['a missing SMTP password', { smtp_pass: undefined }, /^smtp_pass is required/],
      ['an empty IMAP password', { imap_pass: '' }, /^imap_pass is empty/],
      ['an unknown security mode', { smtp_security: 'ssl' }, /^smtp_security /],
      ['an unknown field', { smtp_password: 'x' }, /^smtp_password is not a recognised field/],
      ['a private IP literal', { smtp_host: '10.0.0.5' }, /^smtp_host 10\.0\.0\.5 is a loopback, private or reserved address/],
    ];
    for (const [name, overrides, message] of cases) {
      it(name, async () => {
        const { response, body } = await createMailbox(t, key, { email: 'valid@acme.com', ...overrides });
        assert.equal(response.statusCode, 400, JSON.stringify(body));
        assert.deepEqual(Object.keys(body), ['error']);
        assert.match(body.error as string, message);
      });
    }
    it('stores nothing for a rejected body', async () => {
      const rows = await t.testDb.db.kysely.selectFrom('mailboxes').select('id').where('email', '=', 'valid@acme.com').execute();
      assert.equal(rows.length, 0);
    });
  });

  it('defaults logins to the address and the TLS mode to the port', async () => {
    const { body } = await createMailbox(t, key, { email: 'ports@acme.com', smtp_user: undefined, imap_user: undefined, smtp_port: 465, imap_port: 143 });
    const detail = await getMailbox(t, key, body.id as string);
    assert.deepEqual(detail.body.smtp, { host: 'smtp.gmail.com', port: 465, security: 'tls', user: 'ports@acme.com' });
    assert.equal((detail.body.imap as Record<string, unknown>).security, 'starttls');
    assert.equal((detail.body.imap as Record<string, unknown>).user, 'ports@acme.com');
  });

  it('answers 409 for an address already connected to the account (whatever its case), not for another account', async () => {
    const first = await createMailbox(t, key, { email: 'dup@acme.com' });
    const again = await createMailbox(t, key, { email: 'DUP@acme.com', smtp_host: 'smtp.other.com' });
    assert.equal(again.response.statusCode, 409);
    assert.match(again.body.error as string, new RegExp(`^dup@acme\\.com is already connected to this account \\(mailbox ${first.body.id as string}\\)`));
    const elsewhere = await createMailbox(t, otherKey, { email: 'dup@acme.com' });
    assert.equal(elsewhere.response.statusCode, 201);
  });

  it("treats another user's mailbox, an unknown id and a malformed id alike: 404", async () => {
    const { body } = await createMailbox(t, key, { email: 'mine@acme.com' });
    const id = body.id as string;
    for (const [method, url] of [['GET', `/api/v1/mailboxes/${id}`], ['DELETE', `/api/v1/mailboxes/${id}`]] as const) {
      const response = await t.app.inject({ method, url, headers: bearer(otherKey) });
      assert.equal(response.statusCode, 404);
      assert.match((response.json() as { error: string }).error, new RegExp(`^No mailbox ${id} in this account`));
    }
    const unknown = await getMailbox(t, key, '00000000-0000-4000-8000-000000000000');
    assert.equal(unknown.response.statusCode, 404);
    const malformed = await getMailbox(t, key, 'not-a-uuid');
    assert.equal(malformed.response.statusCode, 404);
    const theirs = (await t.app.inject({ method: 'GET', url: '/api/v1/mailboxes', headers: bearer(otherKey) })).json() as { mailboxes: Array<{ id: string }> };
    assert.ok(!theirs.mailboxes.some((m) => m.id === id));
    assert.equal((await getMailbox(t, key, id)).response.statusCode, 200, 'still there for its owner');
  });

  it('needs write for POST and DELETE, read for GET', async () => {
    const post = await t.app.inject({ method: 'POST', url: '/api/v1/mailboxes', headers: bearer(readOnlyKey), payload: mailboxBody({ email: 'ro@acme.com' }) });
    assert.equal(post.statusCode, 403);
    assert.match((post.json() as { error: string }).error, /"write" permission/);
  });

  it('deletes a mailbox: its row and encrypted credentials go; it is 404 afterwards', async () => {
    const { body } = await createMailbox(t, key, { email: 'gone@acme.com' });
    const id = body.id as string;
    const row = await t.testDb.db.kysely.selectFrom('mailboxes').select(['smtp_pass', 'imap_pass']).where('id', '=', id).executeTakeFirstOrThrow();
    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/v1/mailboxes/${id}`, headers: bearer(key) });
    assert.equal(deleted.statusCode, 200);
    assert.deepEqual(deleted.json(), { success: true, id, message: 'Mailbox deleted; its stored credentials were erased.' });
    assert.equal((await getMailbox(t, key, id)).response.statusCode, 404);
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/mailboxes/${id}`, headers: bearer(key) })).statusCode, 404);
    const left = await t.testDb.db.kysely.selectFrom('mailboxes').select('id').where('id', '=', id).execute();
    assert.equal(left.length, 0);
    if (testEngine === 'sqlite') {
      // The plaintext never reached the database; the file holds no copy of it.
      const file = fs.readFileSync(`${t.testDb.dataDir}/mailwarden.db`);
      assert.equal(file.includes(Buffer.from(SMTP_PASS)), false);
      assert.ok(row.smtp_pass.length > 0);
    }
  });

  it("deleting the account deletes its mailboxes (cascade)", async () => {
    const user = await t.createUser('pro');
    const userKey = await t.createKey(user.id, ['read', 'write']);
    await createMailbox(t, userKey, { email: 'cascade@acme.com' });
    await t.testDb.db.kysely.deleteFrom('users').where('id', '=', user.id).execute();
    const rows = await t.testDb.db.kysely.selectFrom('mailboxes').select('id').where('user_id', '=', user.id).execute();
    assert.equal(rows.length, 0);
  });
});
