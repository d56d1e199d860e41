/**
 * Login verification against the harness's real Postfix (submission, AUTH + STARTTLS) and Dovecot
 * (IMAP STARTTLS and implicit TLS), with every lookup through the harness's Unbound. Run with
 * `npm run test:harness` once test/harness/start.sh is up.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/db.ts';
import { harnessPassword, loadHarness } from '../support/harness.ts';
import { TEST_SECRET, createMailbox, getMailbox } from './support.ts';

const TIMEOUT_MS = 1_500;
const harness = loadHarness();
/** Skipped when the harness is down, unless CI requires it (then `before` fails with instructions). */
const skip = harness === null && process.env.MAILWARDEN_HARNESS_REQUIRED !== '1' ? 'mail/DNS harness not running; start it as root with `bash test/harness/start.sh`' : false;

describe(`mailbox login verification against Postfix/Dovecot (${testEngine})`, { skip }, () => {
  let t: TestApp;
  let key: string;

  function env(extra: Record<string, string> = {}): Record<string, string> {
    if (harness === null) throw new Error('unreachable: the suite is skipped without the harness');
    return {
      MAILWARDEN_SECRET: TEST_SECRET,
      DNS_SERVERS: harness.dnsServer,
      MAILBOX_TLS_CA_FILE: harness.caFile,
      MAILBOX_ALLOW_PRIVATE_HOSTS: 'true',
      MAILBOX_CONNECT_TIMEOUT_MS: String(TIMEOUT_MS),
      ...extra,
    };
  }

  /** A create body for a harness user; STARTTLS on submission and IMAP unless overridden. */
  function body(address: string, overrides: Record<string, unknown> = {}) {
    if (harness === null) throw new Error('unreachable: the suite is skipped without the harness');
    const password = harnessPassword(harness, address);
    return {
      email: address,
      smtp_host: harness.host,
      smtp_port: harness!.ports.submission,
      smtp_user: address,
      smtp_pass: password,
      imap_host: harness.host,
      imap_port: harness!.ports.imap,
      imap_user: address,
      imap_pass: password,
      ...overrides,
    };
  }

  async function verify(app: TestApp, appKey: string, payload: Record<string, unknown>) {
    const created = await createMailbox(app, appKey, payload);
    assert.equal(created.response.statusCode, 201, JSON.stringify(created.body));
    const started = Date.now();
    await app.services.mailboxes.verification.runDue();
    const elapsed = Date.now() - started;
    return { detail: (await getMailbox(app, appKey, created.body.id as string)).body, elapsed };
  }

  before(async () => {
    if (harness === null) throw new Error('The mail/DNS harness is not running but MAILWARDEN_HARNESS_REQUIRED=1: start it with `bash test/harness/start.sh`.');
    t = await createTestApp({ env: env() });
    const user = await t.createUser('pro');
    key = await t.createKey(user.id, ['read', 'write']);
  });
  after(() => t.close());

  it('correct credentials over STARTTLS: active, verified, folders and sending IP recorded', async () => {
    const { detail } = await verify(t, key, body('user1@alpha.test'));
    assert.equal(detail.connection_error, null);
    assert.equal(detail.status, 'active');
    assert.equal(detail.verification, 'verified');
    assert.equal(detail.verified_at, t.clock.iso());
    assert.deepEqual((detail.imap as Record<string, unknown>).folders, {
      inbox: 'INBOX', junk: 'Junk', sent: 'Sent', drafts: 'Drafts', trash: 'Trash', archive: 'Archive',
    });
    const row = await t.testDb.db.kysely.selectFrom('mailboxes').selectAll().where('email', '=', 'user1@alpha.test').executeTakeFirstOrThrow();
    assert.equal(row.sending_ip, '127.0.0.1');
    assert.equal(row.provider, 'custom');
  });

  it('correct credentials over implicit TLS (IMAPS)', async () => {
    const { detail } = await verify(t, key, body('user1@beta.test', { imap_port: harness!.ports.imaps, imap_security: 'tls' }));
    assert.equal(detail.connection_error, null);
    assert.equal(detail.verification, 'verified');
  });

  it("a wrong password: status error with each server's own answer and what to check", async () => {
    const { detail } = await verify(t, key, body('user2@alpha.test', { smtp_pass: 'wrong-password', imap_pass: 'wrong-password' }));
    assert.equal(detail.status, 'error');
    assert.equal(detail.verification, 'failed');
    const error = detail.connection_error as string;
    assert.match(error, /SMTP login to 127\.0\.0\.1:\d+ failed: 535 5\.7\.8 Error: authentication failed/);
    assert.match(error, /IMAP login to 127\.0\.0\.1:\d+ failed: NO \[AUTHENTICATIONFAILED\] Authentication failed\./);
    assert.match(error, /Check the user name and password/);
    assert.ok(!error.includes('wrong-password'));
  });

  it('TLS mode mismatch: TLS spoken to a STARTTLS port, STARTTLS to a TLS port', async () => {
    const { detail, elapsed } = await verify(
      t,
      key,
      body('user2@beta.test', { smtp_security: 'tls', imap_port: harness!.ports.imaps, imap_security: 'starttls' }),
    );
    assert.equal(detail.status, 'error');
    const error = detail.connection_error as string;
    assert.match(error, /SMTP login to 127\.0\.0\.1:\d+ failed: TLS handshake failed \(wrong version number\) — Port \d+ does not speak TLS from the first byte, it probably expects STARTTLS: set smtp_security to "starttls"/);
    assert.match(error, /IMAP login to 127\.0\.0\.1:\d+ failed: .*within 1\.5 s — If port \d+ expects TLS from the first byte \(as 993 does\), set imap_security to "tls"/);
    assert.ok(elapsed < TIMEOUT_MS * 2 + 1_000, `took ${elapsed} ms`);
  });

  it('an unreachable port: error within the time limit', async () => {
    // Submission spoken to the IMAPS port: connected, but the server waits for a TLS hello that never comes.
    const { detail, elapsed } = await verify(t, key, body('user1@gamma.test', { smtp_port: harness!.ports.imaps }));
    assert.equal(detail.status, 'error');
    // Normally "connected, but no greeting"; on a loaded machine the TCP connect itself can miss the limit ("no answer").
    assert.match(detail.connection_error as string, /SMTP login to 127\.0\.0\.1:\d+ failed: (connected, but no greeting|no answer) from .* within 1\.5 s/);
    assert.ok(elapsed >= TIMEOUT_MS - 100 && elapsed < TIMEOUT_MS * 2 + 1_000, `took ${elapsed} ms: ${String(detail.connection_error)}`);
  });

  it('host names resolve through DNS_SERVERS, and the certificate must carry that name', async () => {
    // mx.alpha.test is 127.0.0.1 in the harness zone; the harness certificate names 127.0.0.1 and mail.harness.test only.
    const { detail } = await verify(t, key, body('catchall@trap.test', { smtp_host: 'mx.alpha.test', imap_host: 'mx.alpha.test' }));
    const error = detail.connection_error as string;
    assert.match(error, /SMTP login to mx\.alpha\.test:\d+ failed: TLS certificate not trusted: .*mx\.alpha\.test/);
    assert.match(error, /MAILBOX_TLS_CA_FILE/);
  });

  it('a host name that does not exist: not attempted, with a hint to check the spelling', async () => {
    const { detail } = await verify(t, key, body('user1@alpha.test', { email: 'typo@alpha.test', smtp_host: 'smtpp.alpha.test' }));
    assert.match(detail.connection_error as string, /SMTP login to smtpp\.alpha\.test:\d+ not attempted: smtpp\.alpha\.test has no address in DNS .* check the spelling/);
  });

  it('a domain without MX is reported even though the rest is checked', async () => {
    const { detail } = await verify(t, key, body('user2@gamma.test', { email: 'someone@nomx.test' }));
    assert.match(detail.connection_error as string, /The domain nomx\.test has no MX record/);
  });

  it("without the harness CA the server's certificate is refused, never silently accepted", async () => {
    const untrusting = await createTestApp({ env: env({ MAILBOX_TLS_CA_FILE: '' }) });
    try {
      const user = await untrusting.createUser('pro');
      const untrustingKey = await untrusting.createKey(user.id, ['read', 'write']);
      const { detail } = await verify(untrusting, untrustingKey, body('user1@alpha.test'));
      assert.equal(detail.status, 'error');
      assert.match(detail.connection_error as string, /SMTP login to 127\.0\.0\.1:\d+ failed: TLS certificate not trusted: self-signed certificate/);
      assert.match(detail.connection_error as string, /IMAP login to 127\.0\.0\.1:\d+ failed: TLS certificate not trusted/);
    } finally {
      await untrusting.close();
    }
  });

  it('a loopback mail server is not contacted when private hosts are not allowed', async () => {
    const strict = await createTestApp({ env: env({ MAILBOX_ALLOW_PRIVATE_HOSTS: 'false' }) });
    try {
      const user = await strict.createUser('pro');
      const strictKey = await strict.createKey(user.id, ['read', 'write']);
      const { detail } = await verify(strict, strictKey, body('user1@alpha.test', { smtp_host: 'mx.alpha.test', imap_host: 'mx.alpha.test' }));
      assert.match(detail.connection_error as string, /SMTP login to mx\.alpha\.test:\d+ not attempted: mx\.alpha\.test is 127\.0\.0\.1, a loopback, private or reserved address/);
    } finally {
      await strict.close();
    }
  });
});
