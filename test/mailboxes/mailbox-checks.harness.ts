/**
 * The "done when", end to end on the harness: mailboxes on the harness's Postfix/Dovecot are
 * created through the API and verified; the daily DNS refresh gives each of the differently-configured
 * domains its DNS status; a blacklist scan reports the listed test IP with its decoded reasons.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, createTestApp, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/db.ts';
import { harnessPassword, loadHarness } from '../support/harness.ts';
import { TEST_SECRET, createMailbox, getMailbox } from './support.ts';

const harness = loadHarness();
const skip = harness === null && process.env.MAILWARDEN_HARNESS_REQUIRED !== '1' ? 'mail/DNS harness not running; start it as root with `bash test/harness/start.sh`' : false;

describe(`mailbox DNS status and blacklist scans on the harness (${testEngine})`, { skip }, () => {
  let t: TestApp;
  let key: string;
  const ids: Record<string, string> = {};

  before(async () => {
    if (harness === null) throw new Error('The mail/DNS harness is not running but MAILWARDEN_HARNESS_REQUIRED=1: start it with `bash test/harness/start.sh`.');
    t = await createTestApp({
      env: {
        MAILWARDEN_SECRET: TEST_SECRET,
        DNS_SERVERS: harness.dnsServer,
        MAILBOX_TLS_CA_FILE: harness.caFile,
        MAILBOX_ALLOW_PRIVATE_HOSTS: 'true',
        MAILBOX_CONNECT_TIMEOUT_MS: '3000',
        // The harness's lists: zen.test answers like Spamhaus ZEN (127.0.0.2 listed with .2/.4/.10), dbl.test like the DBL.
        DNSBL_LISTS: 'zen.test=spamhaus-zen',
        DNSBL_DOMAIN_LISTS: 'dbl.test=spamhaus-dbl',
      },
    });
    const user = await t.createUser('pro');
    key = await t.createKey(user.id, ['read', 'write']);
    for (const address of ['user1@alpha.test', 'user1@beta.test', 'user1@gamma.test']) {
      const password = harnessPassword(harness, address);
      const { response, body } = await createMailbox(t, key, {
        email: address, smtp_host: harness.host, smtp_port: harness.ports.submission, smtp_user: address, smtp_pass: password,
        imap_host: harness.host, imap_port: harness.ports.imaps, imap_security: 'tls', imap_user: address, imap_pass: password,
      });
      assert.equal(response.statusCode, 201);
      ids[address] = body.id as string;
    }
  });
  after(() => t?.close());

  it('verifies the three mailboxes, then the refresh fills in each domain\'s DNS status', async () => {
    assert.equal(await t.services.mailboxes.verification.runDue(), 3);
    const refreshed = await t.services.mailboxes.dnsRefresh.runDue();
    assert.deepEqual({ mailboxes: refreshed.mailboxes, checks: refreshed.checks, failed: refreshed.failed }, { mailboxes: 3, checks: 3, failed: 0 });

    const status = async (address: string) => {
      const detail = (await getMailbox(t, key, ids[address]!)).body;
      assert.equal(detail.status, 'active', `${address}: ${String(detail.connection_error)}`);
      assert.equal(detail.verification, 'verified');
      return detail.dns_status as Record<string, string>;
    };
    // alpha: -all SPF covering 127.0.0.1, a 2048-bit key at sel1, DMARC p=reject.
    assert.deepEqual(await status('user1@alpha.test'), { spf: 'pass', dkim: 'pass', dmarc: 'pass' });
    // beta: ~all SPF covering 127.0.0.1, DMARC p=quarantine.
    assert.deepEqual(await status('user1@beta.test'), { spf: 'pass', dkim: 'pass', dmarc: 'pass' });
    // gamma: no DMARC record at all.
    const gamma = await status('user1@gamma.test');
    assert.equal(gamma.dmarc, 'missing');
    assert.notEqual(gamma.spf, 'unknown');
  });

  it('GET /dns shows the records and problems for the mailbox\'s domain', async () => {
    const live = (await t.app.inject({ method: 'GET', url: `/api/v1/dns?mailbox_id=${ids['user1@gamma.test']!}&refresh=true`, headers: bearer(key) })).json() as Record<string, unknown>;
    assert.equal(live.domain, 'gamma.test');
    assert.equal(live.source, 'live');
    assert.equal(live.ip, '127.0.0.1');
    assert.deepEqual(live.dmarc && { status: (live.dmarc as Record<string, unknown>).status, record: (live.dmarc as Record<string, unknown>).record }, { status: 'missing', record: null });
    assert.equal((live.spf as Record<string, unknown>).record, 'v=spf1 include:_spf.gamma.test ?all');
    assert.ok((live.problems as Array<{ code: string }>).some((p) => /dmarc/.test(p.code)), JSON.stringify(live.problems));

    const cached = (await t.app.inject({ method: 'GET', url: `/api/v1/dns?mailbox_id=${ids['user1@alpha.test']!}`, headers: bearer(key) })).json() as Record<string, unknown>;
    assert.equal(cached.source, 'cached');
    assert.equal((cached.dmarc as Record<string, unknown>).record, 'v=DMARC1; p=reject; adkim=s; aspf=s; rua=mailto:dmarc@alpha.test');
  });

  it('a blacklist scan reports the listed test IP with its decoded reasons', async () => {
    const { body } = await createMailbox(t, key, { email: 'listed@alpha.test', smtp_host: '127.0.0.2', imap_host: '127.0.0.2' });
    const scan = (await t.app.inject({ method: 'GET', url: `/api/v1/blacklist?mailbox_id=${body.id as string}&refresh=true`, headers: bearer(key) })).json() as Record<string, unknown>;
    assert.equal(scan.ip, '127.0.0.2');
    assert.equal(scan.domain, 'alpha.test');
    assert.equal(scan.listed, true);
    assert.equal(scan.total_checked, 2);
    const [hit] = scan.blacklists_found as Array<{ list: string; codes: string[]; reasons: string[] }>;
    assert.equal(hit!.list, 'zen.test');
    assert.deepEqual([...hit!.codes].sort(), ['127.0.0.10', '127.0.0.2', '127.0.0.4']);
    assert.ok(hit!.reasons.some((r) => /SBL/.test(r)) && hit!.reasons.some((r) => /XBL/.test(r)) && hit!.reasons.some((r) => /PBL/.test(r)), hit!.reasons.join(' | '));

    const clean = (await t.app.inject({ method: 'GET', url: `/api/v1/blacklist?mailbox_id=${ids['user1@alpha.test']!}`, headers: bearer(key) })).json() as Record<string, unknown>;
    assert.equal(clean.ip, '127.0.0.1');
    assert.equal(clean.listed, false);
    assert.deepEqual(clean.blacklists_found, []);
  });
});
