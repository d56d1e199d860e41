/**
 * `/v1/users/*` (CONTRACT.md §3.1): profiles, admin rights, tenant isolation, the audit log, and
 * account deletion that removes every row and file the account owns.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { after, before, describe, it } from 'node:test';
import type { InboundEnvelope } from '../../src/emails/ingest.service.ts';
import type { Db } from '../../src/platform/db/index.ts';
import { bearer, createTestApp, type TestApp } from '../support/app.ts';
import { tokenFromMail } from '../support/smtp-sink.ts';

/**
 * Row count of every application table (migration bookkeeping excluded). Rate-limit counters keyed by
 * client IP belong to no account and are left out.
 */
async function countAllRows(db: Db): Promise<Record<string, number>> {
  const tables = (await db.kysely.introspection.getTables()).map((t) => t.name).filter((n) => !n.startsWith('schema_migrations')).sort();
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const notIpCounter = table === 'rate_limit_counters' ? sql`where bucket not like 'login:ip:%' and bucket not like 'login:exchange:%'` : sql``;
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} ${notIpCounter}`.execute(db.kysely);
    counts[table] = Number(rows[0]!.n);
  }
  return counts;
}

/** Every file under the data directory except the SQLite database itself. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (!entry.name.startsWith('mailwarden.db')) out.push(full);
  }
  return out.sort();
}

/** Tables with a `user_id` column and whether it references users(id) ON DELETE CASCADE. */
async function userForeignKeys(db: Db): Promise<Array<{ table: string; cascades: boolean }>> {
  const tables = await db.kysely.introspection.getTables();
  const result: Array<{ table: string; cascades: boolean }> = [];
  for (const table of tables.filter((t) => t.columns.some((c) => c.name === 'user_id'))) {
    let cascades: boolean;
    if (db.engine === 'sqlite') {
      const { rows } = await sql<{ table: string; from: string; on_delete: string }>`select * from pragma_foreign_key_list(${table.name})`.execute(db.kysely);
      cascades = rows.some((r) => r.from === 'user_id' && r.table === 'users' && r.on_delete === 'CASCADE');
    } else {
      const { rows } = await sql<{ delete_rule: string }>`
        select rc.delete_rule from information_schema.referential_constraints rc
        join information_schema.key_column_usage k on k.constraint_name = rc.constraint_name
        join information_schema.constraint_column_usage u on u.constraint_name = rc.constraint_name
        where k.table_name = ${table.name} and k.column_name = 'user_id' and u.table_name = 'users'`.execute(db.kysely);
      cascades = rows.some((r) => r.delete_rule === 'CASCADE');
    }
    result.push({ table: table.name, cascades });
  }
  return result;
}

const HTTP_ENVELOPE: InboundEnvelope = { transport: 'http', mailFrom: null, clientIp: null, clientPort: null, helo: null, tls: false, serverName: 'test' };

/** A multipart message to `to` with the given attachment contents (base64). */
function mimeMessage(to: string, subject: string, attachments: Buffer[]): Buffer {
  const parts = attachments.map((content, i) =>
    `--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="f${i}.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${content.toString('base64')}\r\n`);
  return Buffer.from(`From: x@evil.example\r\nTo: ${to}\r\nSubject: ${subject}\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n` +
    `--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n${parts.join('')}--b--\r\n`);
}

async function* chunks(bytes: Buffer): AsyncGenerator<Uint8Array> {
  yield bytes;
}

describe('users (CONTRACT.md §3.1)', () => {
  let t: TestApp;
  let alice: { id: string; email: string };
  let aliceKey: string;
  let bob: { id: string; email: string };
  let bobKey: string;
  let admin: { id: string; email: string };
  let adminKey: string;

  before(async () => {
    t = await createTestApp({ env: { HONEYPOT_DOMAINS: 'trap.example.test' } });
    alice = await t.createUser('pro');
    aliceKey = await t.createKey(alice.id, ['read', 'write']);
    bob = await t.createUser('free');
    bobKey = await t.createKey(bob.id, ['read', 'write']);
    admin = await t.createUser('enterprise', 'admin');
    adminKey = await t.createKey(admin.id, ['read', 'write']);
  });
  after(() => t.close());

  const call = (method: 'GET' | 'PATCH' | 'DELETE' | 'POST', url: string, key: string, payload?: Record<string, unknown>) =>
    t.app.inject({ method, url, headers: bearer(key), payload });

  it('reads and edits the own profile; plan and role are not self-editable', async () => {
    const patched = await call('PATCH', '/v1/users/me', aliceKey, { name: '  Alice Analyst ' });
    assert.equal(patched.statusCode, 200);
    assert.equal(patched.json().data.name, 'Alice Analyst');
    assert.equal((await call('GET', '/v1/users/me', aliceKey)).json().data.name, 'Alice Analyst');

    for (const body of [{ plan: 'enterprise' }, { role: 'admin' }]) {
      const res = await call('PATCH', '/v1/users/me', aliceKey, body);
      assert.equal(res.statusCode, 403, JSON.stringify(body));
    }
    assert.equal((await call('GET', '/v1/users/me', aliceKey)).json().data.plan, 'pro');
    const unknown = await call('PATCH', '/v1/users/me', aliceKey, { email: 'x@y.z' });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error.details.field, 'email');
  });

  it('shows another account only to an admin (404 otherwise, never 403)', async () => {
    assert.equal((await call('GET', `/v1/users/${alice.id}`, aliceKey)).statusCode, 200);
    const other = await call('GET', `/v1/users/${bob.id}`, aliceKey);
    assert.equal(other.statusCode, 404);
    assert.equal(other.json().error.code, 'not_found');
    assert.equal((await call('GET', '/v1/users/user_doesnotexist', aliceKey)).statusCode, 404);
    const byAdmin = await call('GET', `/v1/users/${bob.id}`, adminKey);
    assert.equal(byAdmin.statusCode, 200);
    assert.equal(byAdmin.json().data.email, bob.email);
  });

  it('lets an admin change a plan, audited in that account\'s log', async () => {
    assert.equal((await call('PATCH', `/v1/users/${bob.id}`, aliceKey, { name: 'x' })).statusCode, 404);
    const res = await call('PATCH', `/v1/users/${bob.id}`, adminKey, { plan: 'pro' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().data.plan, 'pro');
    const bad = await call('PATCH', `/v1/users/${bob.id}`, adminKey, { plan: 'platinum' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.details.field, 'plan');
    const log = await call('GET', '/v1/users/me/audit?action=user.plan_changed', bobKey);
    const events = log.json().data;
    assert.equal(events.length, 1);
    assert.deepEqual(events[0].details, { from: 'free', to: 'pro' });
    assert.equal(events[0].actor_id, admin.id);
  });

  it('pages the audit log with the list machinery', async () => {
    for (let i = 0; i < 3; i++) await call('PATCH', '/v1/users/me', aliceKey, { name: `Alice ${i}` });
    const page1 = await call('GET', '/v1/users/me/audit?action=user.updated&limit=2&sort=created_at:desc', aliceKey);
    assert.equal(page1.statusCode, 200);
    assert.equal(page1.json().pagination.total, 4);
    assert.equal(page1.json().data.length, 2);
    assert.equal(page1.json().pagination.has_next, true);
    const badOp = await call('GET', '/v1/users/me/audit?action=like:x', aliceKey);
    assert.equal(badOp.statusCode, 400);
    const others = await call('GET', `/v1/users/me/audit?actor_id=${alice.id}`, bobKey);
    assert.equal(others.json().pagination.total, 0, 'one account never sees another\'s events');
  });

  it('refuses deleting someone else\'s account (404) and leaves it intact', async () => {
    const res = await call('DELETE', `/v1/users/${bob.id}`, aliceKey);
    assert.equal(res.statusCode, 404);
    assert.equal((await call('GET', '/v1/users/me', bobKey)).statusCode, 200);
  });

  it('has every table that holds user rows cascade from users (nothing can be left behind)', async () => {
    const fks = await userForeignKeys(t.testDb.db);
    assert.ok(fks.length >= 5, `found ${fks.length} tables with user_id`);
    for (const fk of fks) assert.ok(fk.cascades, `${fk.table}.user_id must reference users(id) ON DELETE CASCADE`);
  });

  /** The digests of everything the blob store holds (small content is in the database on SQLite, larger in files). */
  async function storedBlobs(): Promise<string[]> {
    const digests: string[] = [];
    for await (const blob of t.services.blobs.list()) digests.push(blob.sha256);
    return digests.sort();
  }

  it('deletes an account and every row and file it owns, in one operation, and nothing of anyone else', async () => {
    // Bob's data exists before and must survive.
    const bobTrap = (await call('POST', '/v1/honeypots', bobKey, { email_address: `bob-${Date.now()}@trap.example.test`, purpose: 'monitoring' })).json().data;
    // Bob's captured email shares an attachment (same bytes, one blob) with one of Carol's.
    const sharedAttachment = Buffer.from('%PDF-1.4\nshared between bob and carol\n%%EOF\n');
    await t.services.ingest.ingest(chunks(mimeMessage(bobTrap.email_address, 'for bob', [sharedAttachment])), HTTP_ENVELOPE,
      [{ honeypotId: bobTrap.id, userId: bob.id }], { maxBytes: 1_000_000 });
    await t.services.analysis.drain(); // the worker parses it: attachment rows and files
    const rowsBefore = await countAllRows(t.testDb.db);
    const filesBefore = listFiles(t.testDb.dataDir);
    const blobsBefore = await storedBlobs();

    // Carol: keys, a session, audit events, a sign-in link, honeypots.
    const carol = await t.createUser('pro');
    const carolKey = await t.createKey(carol.id, ['read', 'write']);
    await t.createKey(carol.id, ['emails:read']);
    // Carol's captured email: one through the ingest service, one through POST /v1/emails.
    const carolTrap = (await call('POST', '/v1/honeypots', carolKey, { email_address: `carol-mail-${Date.now()}@trap.example.test`, purpose: 'trap' })).json().data;
    await t.services.ingest.ingest(chunks(mimeMessage(carolTrap.email_address, 'for carol', [sharedAttachment, Buffer.from('carol only')])), HTTP_ENVELOPE,
      [{ honeypotId: carolTrap.id, userId: carol.id }], { maxBytes: 1_000_000 });
    const posted = await t.app.inject({ method: 'POST', url: '/v1/emails', headers: { ...bearer(carolKey), 'content-type': 'message/rfc822' },
      payload: mimeMessage(carolTrap.email_address, 'posted by carol', [Buffer.from('another of carol\'s files')]) });
    assert.equal(posted.statusCode, 201, posted.body);
    await t.services.analysis.drain();
    // Past the blob collector's grace period (1 h), so deleting the account may delete her files at once.
    t.clock.advance(2 * 60 * 60 * 1000);
    await t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: carol.email } });
    await t.services.sessions.drain();
    const linkLine = t.logs.findLast((l) => typeof l.msg === 'string' && l.msg.includes('mwl_'));
    const session = (await t.app.inject({ method: 'POST', url: '/v1/auth/verify', payload: { token: tokenFromMail(String(linkLine!.msg)) } })).json().data;
    await t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: carol.email } }); // an unused link
    for (let i = 0; i < 3; i++) {
      const created = await call('POST', '/v1/honeypots', carolKey, { email_address: `carol-${i}-${Date.now()}@trap.example.test`, purpose: 'trap' });
      assert.equal(created.statusCode, 201, created.body);
    }
    const rowsWithCarol = await countAllRows(t.testDb.db);
    const blobsWithCarol = await storedBlobs();
    for (const table of ['users', 'api_keys', 'session_families', 'refresh_tokens', 'access_tokens', 'audit_events', 'login_tokens', 'honeypots', 'emails', 'email_attachments']) {
      assert.ok(rowsWithCarol[table]! > rowsBefore[table]!, `carol has rows in ${table}`);
    }

    const res = await call('DELETE', `/v1/users/${carol.id}`, carolKey);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().data, { id: carol.id, deleted: true });

    assert.deepEqual(await countAllRows(t.testDb.db), rowsBefore, 'every table is back to its count before carol');
    assert.ok(blobsWithCarol.length > blobsBefore.length, 'carol had stored content of her own');
    assert.deepEqual(await storedBlobs(), blobsBefore, 'no content of carol\'s remains; the attachment shared with bob stays');
    assert.deepEqual(listFiles(t.testDb.dataDir), filesBefore, 'no file of carol\'s remains');
    assert.equal((await call('GET', '/v1/users/me', carolKey)).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/users/me', headers: bearer(session.access_token) })).statusCode, 401);
    assert.equal((await call('GET', '/v1/honeypots', bobKey)).json().pagination.total, 1, 'bob\'s honeypot is untouched');
  });

  it('lets an admin delete another account and keeps the record in the admin\'s log', async () => {
    const dave = await t.createUser('free');
    const res = await call('DELETE', `/v1/users/${dave.id}`, adminKey);
    assert.equal(res.statusCode, 200);
    assert.equal((await call('GET', `/v1/users/${dave.id}`, adminKey)).statusCode, 404);
    const log = await call('GET', `/v1/users/me/audit?action=user.deleted&target_id=${dave.id}`, adminKey);
    assert.equal(log.json().pagination.total, 1);
  });
});
