/**
 * The login-verification job without the mail harness: real TCP servers on loopback that refuse, or
 * accept and stay silent, so the failure paths, the time limits and the durability of the job can be
 * checked anywhere. Logins that succeed are in mailboxes-login.harness.ts.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { MailboxVerificationJobs } from '../../src/mailboxes/verification/verification.jobs.ts';
import { createMailboxFeature } from '../../src/mailboxes/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/db.ts';
import { MAILBOX_TEST_ENV, SMTP_PASS, createMailbox, getMailbox } from './support.ts';
import { freePort as closedPort } from '../support/ports.ts';

const TIMEOUT_MS = 600;


/** A server that accepts connections and never says a word (a TLS port spoken to in plain text looks like this). */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe(`mailbox login verification job (${testEngine})`, () => {
  let t: TestApp;
  let key: string;
  let refused: number;
  let silent: Awaited<ReturnType<typeof silentServer>>;

  before(async () => {
    t = await createTestApp({ env: { ...MAILBOX_TEST_ENV, MAILBOX_CONNECT_TIMEOUT_MS: String(TIMEOUT_MS), MAILBOX_ALLOW_PRIVATE_HOSTS: 'true' } });
    const user = await t.createUser('pro');
    key = await t.createKey(user.id, ['read', 'write']);
    refused = await closedPort();
    silent = await silentServer();
  });
  after(async () => {
    await silent.close();
    await t.close();
  });

  const loopback = (email: string, smtpPort: number, imapPort: number, extra: Record<string, unknown> = {}) =>
    ({ email, smtp_host: '127.0.0.1', smtp_port: smtpPort, imap_host: '127.0.0.1', imap_port: imapPort, ...extra });

  it('a refused port: status error, the reason and a hint, well within the time limit', async () => {
    const { body } = await createMailbox(t, key, loopback('refused@example.test', refused, refused));
    const started = Date.now();
    assert.equal(await t.services.mailboxes.verification.runDue(), 1);
    // A refusal is reported as such, not after waiting out the time limit (the message below says so);
    // the bound is loose because a loaded 2-core machine can be slow to run anything at all.
    assert.ok(Date.now() - started < TIMEOUT_MS * 5, `took ${Date.now() - started} ms`);
    const detail = (await getMailbox(t, key, body.id as string)).body;
    assert.equal(detail.status, 'error');
    assert.equal(detail.verification, 'failed');
    const error = detail.connection_error as string;
    assert.match(error, new RegExp(`SMTP login to 127\\.0\\.0\\.1:${refused} failed: connection refused by 127\\.0\\.0\\.1:${refused} — Nothing accepts connections there`));
    assert.match(error, new RegExp(`IMAP login to 127\\.0\\.0\\.1:${refused} failed: connection refused`));
    assert.ok(!error.includes(SMTP_PASS));
  });

  it('a server that never greets: error once the time limit passes, not later, with the TLS-mode hint', async () => {
    const { body } = await createMailbox(t, key, loopback('silent@example.test', silent.port, silent.port));
    const started = Date.now();
    await t.services.mailboxes.verification.runDue();
    const elapsed = Date.now() - started;
    // Not before the limit; the upper bound only rules out "never" (loose for a loaded machine).
    assert.ok(elapsed >= TIMEOUT_MS - 50 && elapsed < TIMEOUT_MS * 2 + 4_000, `took ${elapsed} ms`);
    const error = (await getMailbox(t, key, body.id as string)).body.connection_error as string;
    assert.match(error, /SMTP login to 127\.0\.0\.1:\d+ failed: connected, but no greeting from 127\.0\.0\.1:\d+ within 0\.6 s — If port \d+ expects TLS from the first byte \(as 465 does\), set smtp_security to "tls"/);
    assert.match(error, /IMAP login to 127\.0\.0\.1:\d+ failed: .*within 0\.6 s/);
  });

  it('a host name that cannot be looked up: not attempted, with the DNS failure named', async () => {
    // This suite's DNS_SERVERS is a loopback port nothing answers.
    const { body } = await createMailbox(t, key, loopback('lookup@example.test', refused, refused, { smtp_host: 'smtp.example.test' }));
    await t.services.mailboxes.verification.runDue();
    const error = (await getMailbox(t, key, body.id as string)).body.connection_error as string;
    assert.match(error, /SMTP login to smtp\.example\.test:\d+ not attempted: looking up smtp\.example\.test failed \(ECONNREFUSED\)/);
    assert.match(error, /DNS_SERVERS/);
  });

  it('a loopback host is not contacted unless MAILBOX_ALLOW_PRIVATE_HOSTS allows it', async () => {
    const strict = await createTestApp({ env: { ...MAILBOX_TEST_ENV } });
    try {
      const user = await strict.createUser('pro');
      const strictKey = await strict.createKey(user.id, ['read', 'write']);
      const { response, body } = await createMailbox(strict, strictKey, loopback('strict@example.test', refused, refused));
      assert.equal(response.statusCode, 400);
      assert.match(body.error as string, /^smtp_host 127\.0\.0\.1 is a loopback, private or reserved address/);
    } finally {
      await strict.close();
    }
  });

  it('is durable: a pending check survives a restart, and a lapsed claim is taken over', async () => {
    const { body } = await createMailbox(t, key, loopback('durable@example.test', refused, refused));
    const id = body.id as string;
    // A worker claimed it, then died: its lease is in the past.
    await t.testDb.db.kysely.updateTable('mailboxes').set({ verify_lease_until: '2000-01-01T00:00:00.000Z', verify_attempts: 1 }).where('id', '=', id).execute();
    // "Restart": a fresh feature on the same database finds it.
    let verifiedRuns = 0;
    const restarted = createMailboxFeature({
      db: t.testDb.db, clock: t.clock, logger: t.logger, vault: t.services.vault, config: t.config.mailboxes,
      resolve: (name, type) => t.services.resolver.resolve(name, type), dnsAuth: t.services.dnsAuth, blacklists: t.services.blacklists,
      onVerified: () => (verifiedRuns += 1),
    });
    assert.equal(await restarted.verification.runDue(), 1);
    assert.equal(verifiedRuns, 1, 'the warm-up planner is told once the run has recorded its results');
    assert.equal(await restarted.verification.runDue(), 0);
    assert.equal(verifiedRuns, 1, 'a run with nothing recorded tells nobody');
    const row = await t.testDb.db.kysely.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.verify_state, 'failed');
    assert.equal(row.verify_attempts, 2);
    assert.equal(row.verify_lease_until, null);
  });

  it('a claim still held by another worker is left alone', async () => {
    const { body } = await createMailbox(t, key, loopback('held@example.test', refused, refused));
    const id = body.id as string;
    const future = new Date(t.clock.now() + 60_000).toISOString();
    await t.testDb.db.kysely.updateTable('mailboxes').set({ verify_lease_until: future }).where('id', '=', id).execute();
    assert.equal(await t.services.mailboxes.verification.runDue(), 0);
    assert.equal((await getMailbox(t, key, id)).body.verification, 'verifying');
    await t.testDb.db.kysely.deleteFrom('mailboxes').where('id', '=', id).execute();
  });

  it('several workers on one database verify each mailbox exactly once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await createMailbox(t, key, loopback(`many${i}@example.test`, refused, refused))).body.id as string);
    const workers = [0, 1, 2].map(
      () =>
        new MailboxVerificationJobs(
          { repo: t.services.mailboxes.repo, verifier: t.services.mailboxes.verifier, clock: t.clock, logger: t.logger },
          { leaseMs: 60_000, concurrency: 2 },
        ),
    );
    const counts = await Promise.all(workers.map((w) => w.runDue()));
    assert.equal(counts.reduce((a, b) => a + b, 0), 6);
    const rows = await t.testDb.db.kysely.selectFrom('mailboxes').select(['verify_attempts', 'verify_state']).where('id', 'in', ids).execute();
    assert.deepEqual(rows.map((r) => [r.verify_attempts, r.verify_state]), ids.map(() => [1, 'failed']));
  });

  it('the worker picks a new mailbox up at once when it runs in the same process', async () => {
    const jobs = t.services.mailboxes.verification;
    jobs.start();
    try {
      const { body } = await createMailbox(t, key, loopback('notified@example.test', refused, refused));
      await jobs.runDue(); // joins the run the create started
      assert.equal((await getMailbox(t, key, body.id as string)).body.verification, 'failed');
    } finally {
      await jobs.stop();
    }
  });

  it('a mailbox deleted during its check stays deleted', async () => {
    const { body } = await createMailbox(t, key, loopback('deleted@example.test', silent.port, silent.port));
    const run = t.services.mailboxes.verification.runDue();
    await t.app.inject({ method: 'DELETE', url: `/api/v1/mailboxes/${body.id as string}`, headers: { authorization: `Bearer ${key}` } });
    await run;
    const rows = await t.testDb.db.kysely.selectFrom('mailboxes').select('id').where('id', '=', body.id as string).execute();
    assert.equal(rows.length, 0);
  });
});
