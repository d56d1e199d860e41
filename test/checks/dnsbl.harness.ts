/**
 * DNS blacklist scans against the harness's list zones (Unbound on loopback): twelve lists that list
 * 127.0.0.2 and 2001:db8::2, Spamhaus-style error codes, a broken list, a list that never answers,
 * a resolver that refuses, domain lists, and the 30-minute cache.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BlacklistScans, type BlacklistSettings } from '../../src/checks/dnsbl/dnsbl.service.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { DnsResolver } from '../../src/platform/dns/index.ts';
import { InvalidInput } from '../../src/platform/errors.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { loadHarness, requireHarness } from '../support/harness.ts';

const TWELVE = ['zen.test=spamhaus-zen', ...Array.from({ length: 11 }, (_, i) => `dnsbl${i + 1}.test`)];
const DOMAIN_LISTS = ['dbl.test=spamhaus-dbl', 'surbl.test=surbl', 'uribl.test=uribl'];
const logger = createLogger('silent');
const harness = loadHarness();

function scanner(config: BlacklistSettings, options: { db?: TestDb; clock?: ManualClock; timeoutMs?: number } = {}): BlacklistScans {
  if (harness === null) throw new Error('harness not running');
  const resolver = new DnsResolver({ servers: [harness.dnsServer], timeoutMs: options.timeoutMs ?? 1000 });
  return new BlacklistScans({ db: options.db?.db ?? null, resolver, clock: options.clock ?? new ManualClock('2026-03-12T14:30:15.000Z'), logger, config });
}

describe('IP lists', () => {
  it('reports the listed test IP on all twelve lists with decoded Spamhaus reasons and TXT', async (t) => {
    if (requireHarness(t) === null) return;
    const report = await scanner({ ipLists: TWELVE, domainLists: [] }).scan('127.0.0.2');
    assert.deepEqual([report.listed, report.total_checked, report.lists_queried, report.errors], [true, 12, 12, []]);
    assert.equal(report.blacklists_found.length, 12);
    const zen = report.blacklists_found.find((hit) => hit.list === 'zen.test');
    assert.deepEqual(zen?.codes, ['127.0.0.2', '127.0.0.4', '127.0.0.10']);
    assert.deepEqual(zen?.reasons.map((r) => r.split(':')[0]), ['Spamhaus SBL', 'Spamhaus XBL', 'Spamhaus PBL (ISP-maintained)']);
    assert.deepEqual(zen?.details, ['Listed by harness zen.test, see https://zen.test/query/ip/127.0.0.2']);
    assert.equal(zen?.target, 'ip');
    const css = await scanner({ ipLists: TWELVE, domainLists: [] }).scan('127.0.0.3');
    assert.match(css.blacklists_found[0]?.reasons[0] ?? '', /^Spamhaus SBL CSS/);
  });

  it('a clean IP is checked by all twelve and listed on none', async (t) => {
    if (requireHarness(t) === null) return;
    const report = await scanner({ ipLists: TWELVE, domainLists: [] }).scan('127.0.0.1', { domain: 'alpha.test' });
    assert.deepEqual([report.listed, report.blacklists_found, report.total_checked, report.errors], [false, [], 12, []]);
    assert.equal(report.domain, 'alpha.test');
  });

  it('reverses IPv6 into nibbles (and IPv4-mapped IPv6 into IPv4)', async (t) => {
    if (requireHarness(t) === null) return;
    const report = await scanner({ ipLists: TWELVE, domainLists: [] }).scan('2001:DB8:0:0::2');
    assert.deepEqual([report.ip, report.listed, report.blacklists_found.length, report.total_checked], ['2001:db8:0:0::2', true, 12, 12]);
    assert.deepEqual(report.blacklists_found[0]?.details, ['harness zen.test: 2001:db8::2 is listed']);
    const mapped = await scanner({ ipLists: TWELVE, domainLists: [] }).scan('::ffff:127.0.0.2');
    assert.deepEqual([mapped.ip, mapped.blacklists_found.length], ['127.0.0.2', 12]);
  });

  it("Spamhaus's 127.255.255.x answers are errors, not listings, and not counted", async (t) => {
    if (requireHarness(t) === null) return;
    for (const [ip, words] of [['127.0.0.254', /public\/open resolvers/], ['127.0.0.252', /typo/], ['127.0.0.255', /too many queries/]] as const) {
      const report = await scanner({ ipLists: TWELVE, domainLists: [] }).scan(ip);
      assert.deepEqual([report.listed, report.total_checked, report.errors.length], [false, 11, 1], ip);
      assert.equal(report.errors[0]?.list, 'zen.test');
      assert.match(report.errors[0]?.error ?? '', words);
    }
  });

  it('a broken list, a refusing mirror, a silent list and a refused zone are errors; the scan takes one timeout', async (t) => {
    if (requireHarness(t) === null) return;
    const lists = [...TWELVE.slice(0, 8), 'broken.test', 'spamhaus-error.test', 'blackhole.test', 'refused.example'];
    const started = performance.now();
    const report = await scanner({ ipLists: lists, domainLists: [] }, { timeoutMs: 400 }).scan('127.0.0.2');
    const elapsed = performance.now() - started;
    assert.deepEqual([report.listed, report.blacklists_found.length, report.total_checked, report.lists_queried], [true, 8, 8, 12]);
    const errors = Object.fromEntries(report.errors.map((e) => [e.list, e.error]));
    assert.match(errors['broken.test'] ?? '', /192\.0\.2\.1, outside 127\.0\.0\.0\/8/);
    assert.match(errors['spamhaus-error.test'] ?? '', /127\.255\.255\.254/);
    assert.match(errors['blackhole.test'] ?? '', /timed out/);
    assert.match(errors['refused.example'] ?? '', /refused/);
    // Parallel queries: bounded by one per-query timeout, not twelve of them.
    assert.ok(elapsed >= 390 && elapsed < 1200, `took ${elapsed} ms`);
  });

  it('refuses what is not an IP address', async (t) => {
    if (requireHarness(t) === null) return;
    await assert.rejects(scanner({ ipLists: TWELVE }).scan('mail.example.com'), (error: unknown) => error instanceof InvalidInput && error.details?.field === 'ip');
    await assert.rejects(scanner({ ipLists: TWELVE }).scan('127.0.0.1', { domain: 'no domain' }), (error: unknown) => error instanceof InvalidInput && error.details?.field === 'domain');
  });
});

describe('domain lists', () => {
  it('checks the domain on DBL, SURBL and URIBL with decoded codes', async (t) => {
    if (requireHarness(t) === null) return;
    const report = await scanner({ ipLists: TWELVE, domainLists: DOMAIN_LISTS }).scan('127.0.0.1', { domain: 'Spammer.Test' });
    assert.deepEqual([report.listed, report.total_checked, report.lists_queried], [true, 15, 15]);
    const byList = Object.fromEntries(report.blacklists_found.map((hit) => [hit.list, hit]));
    assert.deepEqual(Object.keys(byList).sort(), ['dbl.test', 'surbl.test', 'uribl.test']);
    assert.ok(report.blacklists_found.every((hit) => hit.target === 'domain'));
    assert.deepEqual(byList['dbl.test']?.reasons, ['Spamhaus DBL: spam domain']);
    assert.deepEqual(byList['surbl.test']?.reasons, ['SURBL MW: malware', 'SURBL ABUSE: spam and abuse']);
    assert.deepEqual(byList['uribl.test']?.reasons, ['URIBL black: domain seen in spam']);
    const phish = await scanner({ ipLists: [], domainLists: DOMAIN_LISTS }).scan('127.0.0.1', { domain: 'phish.test' });
    assert.deepEqual(phish.blacklists_found.map((hit) => hit.reasons[0]), ['Spamhaus DBL: phishing domain']);
  });
});

describe('the cache', () => {
  let testDb: TestDb;
  before(async () => {
    testDb = await createTestDb();
  });
  after(async () => {
    await testDb.cleanup();
  });

  it('serves a scan for 30 minutes; refresh bypasses it; IP and domain are the key', async (t) => {
    if (requireHarness(t) === null) return;
    const clock = new ManualClock('2026-03-12T14:30:15.000Z');
    const scans = scanner({ ipLists: TWELVE, domainLists: DOMAIN_LISTS }, { db: testDb, clock });
    const live = await scans.scan('127.0.0.2');
    assert.equal(live.source, 'live');
    clock.advance(29 * 60 * 1000);
    const cached = await scans.scan('127.0.0.2');
    assert.deepEqual({ ...cached, source: 'live' }, live);
    assert.equal(cached.source, 'cached');
    assert.equal((await scans.scan('127.0.0.2', { domain: 'spammer.test' })).source, 'live', 'with a domain it is another entry');
    const refreshed = await scans.scan('127.0.0.2', { refresh: true });
    assert.deepEqual([refreshed.source, refreshed.checked_at], ['live', '2026-03-12T14:59:15.000Z']);
    clock.advance(30 * 60 * 1000);
    assert.equal((await scans.scan('127.0.0.2')).source, 'live', '30 minutes after the last live scan');
    const rows = await testDb.db.kysely.selectFrom('check_results').select(['kind', 'ip', 'domain']).where('kind', '=', 'dnsbl').orderBy('domain').execute();
    assert.equal(rows.length, 2);
  });
});
