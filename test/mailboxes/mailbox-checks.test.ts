/**
 * `GET /api/v1/dns`, `GET /api/v1/blacklist` and the daily DNS refresh, without the harness: the DNS
 * server is a loopback port that refuses every query, so every lookup fails at once. That is the case
 * the contract is strict about: a failed lookup is `unknown`, never `fail`, and a list that did not
 * answer is an error, not counted. Real answers are in mailbox-checks.harness.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MailboxDnsRefresh } from '../../src/mailboxes/dns-refresh.jobs.ts';
import { mailboxDnsFrom } from '../../src/mailboxes/mailbox-dns.ts';
import { bearer, createTestApp, type TestApp } from '../support/app.ts';
import { testEngine } from '../support/db.ts';
import { MAILBOX_TEST_ENV, createMailbox, getMailbox } from './support.ts';

describe(`mailbox DNS and blacklist checks (${testEngine})`, () => {
  let t: TestApp;
  let key: string;
  let otherKey: string;
  let mailboxId: string;

  const get = (url: string, as = key) => t.app.inject({ method: 'GET', url, headers: bearer(as) });

  before(async () => {
    t = await createTestApp({ env: { ...MAILBOX_TEST_ENV, MAILBOX_ALLOW_PRIVATE_HOSTS: 'true' } });
    const user = await t.createUser('pro');
    key = await t.createKey(user.id, ['read', 'write']);
    const other = await t.createUser('pro');
    otherKey = await t.createKey(other.id, ['read']);
    const { body } = await createMailbox(t, key, { email: 'hello@acme.test', smtp_host: '127.0.0.2', imap_host: '127.0.0.2' });
    mailboxId = body.id as string;
  });
  after(() => t.close());

  it('GET /dns: the documented shape; failed lookups are "unknown", never "fail"', async () => {
    const response = await get(`/api/v1/dns?mailbox_id=${mailboxId}&refresh=true`);
    assert.equal(response.statusCode, 200);
    const body = response.json() as Record<string, Record<string, unknown>>;
    for (const field of ['mailbox_id', 'domain', 'checked_at', 'source', 'spf', 'dkim', 'dmarc']) assert.ok(field in body, field);
    assert.equal(body.mailbox_id, mailboxId as never);
    assert.equal(body.domain, 'acme.test' as never);
    assert.equal(body.source, 'live' as never);
    assert.equal(body.ip, '127.0.0.2' as never);
    for (const record of ['spf', 'dkim', 'dmarc'] as const) {
      assert.equal(body[record]!.status, 'unknown', record);
      assert.equal(body[record]!.record, null, record);
    }
    // The detail view shows the same statuses from now on.
    const detail = (await getMailbox(t, key, mailboxId)).body;
    assert.deepEqual(detail.dns_status, { spf: 'unknown', dkim: 'unknown', dmarc: 'unknown' });
    assert.equal(detail.dns_checked_at, body.checked_at);
  });

  it('GET /dns without refresh serves the cached report', async () => {
    const body = (await get(`/api/v1/dns?mailbox_id=${mailboxId}`)).json() as { source: string };
    assert.equal(body.source, 'cached');
  });

  it('GET /blacklist: lists that did not answer are errors, not listings, and are not counted', async () => {
    const response = await get(`/api/v1/blacklist?mailbox_id=${mailboxId}&refresh=true`);
    assert.equal(response.statusCode, 200);
    const body = response.json() as Record<string, unknown>;
    for (const field of ['mailbox_id', 'domain', 'ip', 'checked_at', 'listed', 'blacklists_found', 'total_checked']) assert.ok(field in body, field);
    assert.equal(body.ip, '127.0.0.2');
    assert.equal(body.domain, 'acme.test');
    assert.equal(body.listed, false);
    assert.deepEqual(body.blacklists_found, []);
    assert.equal(body.total_checked, 0);
    assert.equal((body.errors as unknown[]).length, body.lists_queried);
    assert.ok((body.lists_queried as number) >= 12);
  });

  it("needs mailbox_id, and answers 404 for an unknown or another user's mailbox", async () => {
    for (const path of ['dns', 'blacklist']) {
      const missing = await get(`/api/v1/${path}`);
      assert.equal(missing.statusCode, 400);
      assert.match((missing.json() as { error: string }).error, /mailbox_id is required/);
      const badRefresh = await get(`/api/v1/${path}?mailbox_id=${mailboxId}&refresh=maybe`);
      assert.equal(badRefresh.statusCode, 400);
      assert.equal((await get(`/api/v1/${path}?mailbox_id=00000000-0000-4000-8000-000000000000`)).statusCode, 404);
      const theirs = await get(`/api/v1/${path}?mailbox_id=${mailboxId}`, otherKey);
      assert.equal(theirs.statusCode, 404);
      assert.match((theirs.json() as { error: string }).error, /^No mailbox/);
    }
  });

  describe('daily DNS refresh', () => {
    const refresher = () =>
      new MailboxDnsRefresh(
        { repo: t.services.mailboxes.repo, dnsAuth: t.services.dnsAuth, dns: mailboxDnsFrom((n, ty) => t.services.resolver.resolve(n, ty)), clock: t.clock, logger: t.logger },
        { concurrency: 4, batchSize: 3 },
      );

    it('refreshes each verified mailbox once a day, one check per (domain, IP), shared between workers', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        ids.push((await createMailbox(t, key, { email: `team${i}@shared.test`, smtp_host: '127.0.0.3', imap_host: '127.0.0.3' })).body.id as string);
      }
      // Still being verified: not refreshed yet (no sending IP known).
      assert.equal((await refresher().runDue()).mailboxes, 0);
      await t.testDb.db.kysely.updateTable('mailboxes').set({ verify_state: 'verified' }).where('verify_state', '=', 'verifying').execute();

      const [a, b] = await Promise.all([refresher().runDue(), refresher().runDue()]);
      assert.equal(a.mailboxes + b.mailboxes, 8, 'each mailbox refreshed by exactly one worker');
      assert.ok(a.checks + b.checks <= 2 + 3, `${a.checks + b.checks} checks for 2 distinct domains in batches of 3`);
      const rows = await t.testDb.db.kysely.selectFrom('mailboxes').select(['dns_spf', 'dns_checked_at', 'dns_refresh_at']).where('id', 'in', ids).execute();
      for (const row of rows) {
        assert.equal(row.dns_spf, 'unknown');
        assert.equal(row.dns_refresh_at, t.clock.iso());
      }

      assert.equal((await refresher().runDue()).mailboxes, 0, 'nothing is due again the same day');
      t.clock.advance(24 * 60 * 60 * 1000 + 1);
      assert.equal((await refresher().runDue()).mailboxes, 8, 'due again a day later');
    });
  });
});
