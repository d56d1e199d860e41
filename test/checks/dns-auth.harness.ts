/**
 * DNS authentication checks against the harness's differently-configured domains (Unbound on
 * loopback, test/harness/README.md lists them), the resolver that never answers, and the cache.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DnsAuthChecks, type DnsAuthReport } from '../../src/checks/dns-auth/dns-auth.service.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { DnsResolver } from '../../src/platform/dns/index.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { loadHarness, requireHarness, unboundControl } from '../support/harness.ts';

const logger = createLogger('silent');
const harness = loadHarness();

function checker(options: { silent?: boolean; db?: TestDb; clock?: ManualClock; timeoutMs?: number } = {}): DnsAuthChecks {
  if (harness === null) throw new Error('harness not running');
  const resolver = new DnsResolver({ servers: [options.silent === true ? harness.dnsSilentServer : harness.dnsServer], timeoutMs: options.timeoutMs ?? 1000 });
  return new DnsAuthChecks({ db: options.db?.db ?? null, resolver, clock: options.clock ?? new ManualClock('2026-03-12T14:30:15.000Z'), logger });
}

function codes(report: DnsAuthReport): string[] {
  return report.problems.map((p) => p.code).sort();
}

function statuses(report: DnsAuthReport): Record<string, string | undefined> {
  return { spf: report.spf.status, dkim: report.dkim.status, dmarc: report.dmarc.status, mx: report.mx.status, ptr: report.ptr?.status };
}

describe('the harness mail domains', () => {
  it('alpha.test: everything passes for 127.0.0.1, strict DMARC reject, forward-confirmed PTR', async (t) => {
    if (requireHarness(t) === null) return;
    const report = await checker().check('alpha.test', { ip: '127.0.0.1' });
    assert.deepEqual(statuses(report), { spf: 'pass', dkim: 'pass', dmarc: 'pass', mx: 'pass', ptr: 'pass' });
    assert.deepEqual(report.problems, []);
    assert.equal(report.source, 'live');
    assert.equal(report.checked_at, '2026-03-12T14:30:15.000Z');
    assert.equal(report.spf.record, 'v=spf1 ip4:127.0.0.0/8 -all');
    assert.equal(report.spf.ip_result, 'pass');
    assert.equal(report.spf.all, '-all');
    assert.equal(report.spf.lookups, 0);
    assert.deepEqual([report.dkim.selector, report.dkim.selector_source, report.dkim.key_type, report.dkim.key_bits], ['sel1', 'probed', 'rsa', 2048]);
    assert.match(report.dkim.record ?? '', /^v=DKIM1; k=rsa; p=MII/);
    assert.deepEqual(
      [report.dmarc.policy, report.dmarc.adkim, report.dmarc.aspf, report.dmarc.rua, report.dmarc.found_at, report.dmarc.inherited],
      ['reject', 's', 's', ['mailto:dmarc@alpha.test'], 'alpha.test', false],
    );
    assert.deepEqual(report.mx.records, [{ exchange: 'mx.alpha.test', priority: 10, addresses: ['127.0.0.1'] }]);
    assert.deepEqual(report.ptr, { status: 'pass', ip: '127.0.0.1', hostnames: ['mx.alpha.test'], forward_confirmed: true });
  });

  it('beta.test from 127.0.0.2: SPF softfail is a fail, no PTR; DMARC quarantine without sp', async (t) => {
    if (requireHarness(t) === null) return;
    const report = await checker().check('beta.test', { ip: '127.0.0.2' });
    assert.deepEqual(statuses(report), { spf: 'fail', dkim: 'pass', dmarc: 'pass', mx: 'pass', ptr: 'missing' });
    assert.equal(report.spf.ip_result, 'softfail');
    assert.deepEqual(codes(report), ['ptr_missing', 'spf_ip_not_permitted']);
    assert.match(report.problems.find((p) => p.code === 'spf_ip_not_permitted')?.message ?? '', /127\.0\.0\.2 is not authorised.*Add "ip4:127\.0\.0\.2"/);
    assert.deepEqual([report.dmarc.policy, report.dmarc.subdomain_policy, report.dmarc.pct], ['quarantine', 'quarantine', 100]);
  });

  it('gamma.test: ?all through an include, no DMARC, a revoked key under a known selector, PTR not confirmed', async (t) => {
    if (requireHarness(t) === null) return;
    const report = await checker().check('gamma.test', { ip: '127.0.0.3', dkimSelectors: ['revoked'] });
    assert.deepEqual(statuses(report), { spf: 'pass', dkim: 'fail', dmarc: 'missing', mx: 'pass', ptr: 'fail' });
    assert.deepEqual(codes(report), ['dkim_key_revoked', 'dmarc_missing', 'ptr_not_forward_confirmed', 'spf_ip_neutral', 'spf_neutral_all']);
    assert.deepEqual([report.spf.all, report.spf.lookups, report.spf.ip_result], ['?all', 1, 'neutral']);
    assert.deepEqual([report.dkim.selector, report.dkim.selector_source, report.dkim.revoked, report.dkim.selectors_checked], ['revoked', 'known', true, ['revoked']]);
    assert.deepEqual(report.ptr?.hostnames, ['ptr-mismatch.alpha.test']);
    assert.equal(report.ptr?.forward_confirmed, false);
    // Errors come before warnings.
    assert.deepEqual(report.problems.map((p) => p.severity), ['error', 'error', 'error', 'warning', 'warning']);
  });

  it('a known selector without a key falls back to probing and says so', async (t) => {
    if (requireHarness(t) === null) return;
    const report = await checker().check('alpha.test', { dkimSelectors: ['nosuch'] });
    assert.equal(report.dkim.status, 'pass');
    assert.equal(report.dkim.selector, 'sel1');
    assert.equal(report.dkim.selectors_checked[0], 'nosuch');
    assert.deepEqual(codes(report), ['dkim_known_selector_missing']);
    const known = await checker().check('alpha.test', { dkimSelectors: ['sel1'] });
    assert.deepEqual([known.dkim.selector_source, known.dkim.selectors_checked], ['known', ['sel1']]);
    assert.equal(known.ptr, null, 'no IP, no PTR check');
  });
});

describe('SPF variants', () => {
  const cases: Array<[string, string | undefined, string, string[], Partial<DnsAuthReport['spf']>]> = [
    ['spf-lookups.test', undefined, 'fail', ['spf_too_many_lookups'], { lookups: 12, void_lookups: 0 }],
    ['spf-void2.test', '127.0.0.1', 'pass', ['spf_void_lookups'], { void_lookups: 2, ip_result: 'pass' }],
    ['spf-void3.test', '127.0.0.1', 'fail', ['spf_too_many_void_lookups'], { void_lookups: 3, ip_result: 'permerror' }],
    ['spf-plusall.test', undefined, 'fail', ['spf_plus_all'], { all: '+all' }],
    ['spf-neutral.test', undefined, 'pass', ['spf_neutral_all'], { all: '?all' }],
    ['spf-double.test', '127.0.0.1', 'fail', ['spf_multiple_records'], { record: null }],
    ['double-spf.gamma.test', undefined, 'fail', ['spf_multiple_records'], {}],
    ['spf-syntax.test', undefined, 'fail', ['spf_syntax_error', 'spf_syntax_error'], {}],
    ['spf-none.test', undefined, 'missing', ['spf_missing'], { records: [] }],
    ['spf-redirect.test', '127.0.0.1', 'pass', [], { lookups: 1, ip_result: 'pass', all: null }],
    ['spf-include-missing.test', undefined, 'fail', ['spf_include_invalid', 'spf_void_lookups'], { lookups: 1, void_lookups: 1 }],
  ];
  for (const [domain, ip, status, problemCodes, fields] of cases) {
    it(`${domain}${ip === undefined ? '' : ` from ${ip}`}: ${status} ${problemCodes.join(', ')}`, async (t) => {
      if (requireHarness(t) === null) return;
      const report = await checker().check(domain, { ip });
      assert.equal(report.spf.status, status);
      assert.deepEqual(codes(report).filter((c) => c.startsWith('spf_')), problemCodes);
      for (const [key, value] of Object.entries(fields)) assert.deepEqual(report.spf[key as keyof typeof fields], value, key);
    });
  }

  it('an include that times out leaves SPF unknown, not failed', async (t) => {
    const running = requireHarness(t);
    if (running === null) return;
    const name = `spf-timeout-${process.pid}.beta.test`;
    t.after(() => unboundControl(running, ['local_data_remove', `${name}.`]));
    await unboundControl(running, ['local_data', `${name}. 60 IN TXT "v=spf1 include:spf.blackhole.test -all"`]);
    const report = await checker({ timeoutMs: 300 }).check(name);
    assert.equal(report.spf.status, 'unknown');
    assert.ok(report.problems.some((p) => p.code === 'spf_lookup_failed' && p.severity === 'warning' && /timed out/.test(p.message)));
  });
});

describe('DKIM variants', () => {
  const cases: Array<[string, string, string[], Partial<DnsAuthReport['dkim']>]> = [
    ['dkim-testing.test', 'pass', ['dkim_testing'], { testing: true, key_bits: 2048 }],
    ['dkim-weak.test', 'pass', ['dkim_key_weak'], { key_type: 'rsa', key_bits: 1024 }],
    ['dkim-ed.test', 'pass', [], { key_type: 'ed25519', key_bits: 256 }],
    ['dkim-bad.test', 'fail', ['dkim_invalid_key'], { key_bits: null }],
    ['nomx.test', 'missing', ['dkim_missing'], { selector: null }],
  ];
  for (const [domain, status, problemCodes, fields] of cases) {
    it(`${domain}: ${status} ${problemCodes.join(', ')}`, async (t) => {
      if (requireHarness(t) === null) return;
      const report = await checker().check(domain);
      assert.equal(report.dkim.status, status);
      assert.deepEqual(codes(report).filter((c) => c.startsWith('dkim_')), problemCodes);
      for (const [key, value] of Object.entries(fields)) assert.deepEqual(report.dkim[key as keyof typeof fields], value, key);
    });
  }
});

describe('DMARC variants', () => {
  it('a subdomain without its own record inherits the organisational domain, with sp', async (t) => {
    if (requireHarness(t) === null) return;
    const child = await checker().check('child.dmarc-sp.test');
    assert.deepEqual(
      [child.dmarc.status, child.dmarc.found_at, child.dmarc.org_domain, child.dmarc.inherited, child.dmarc.domain_policy, child.dmarc.policy],
      ['pass', 'dmarc-sp.test', 'dmarc-sp.test', true, 'reject', 'none'],
    );
    assert.ok(child.problems.some((p) => p.code === 'dmarc_policy_none' && /subdomain policy of dmarc-sp\.test/.test(p.message)));
    const sub = await checker().check('sub.beta.test');
    assert.deepEqual([sub.dmarc.status, sub.dmarc.found_at, sub.dmarc.policy], ['pass', 'beta.test', 'quarantine']);
  });

  const cases: Array<[string, string, string[]]> = [
    ['dmarc-none.test', 'pass', ['dmarc_no_rua', 'dmarc_policy_none']],
    ['dmarc-bad.test', 'fail', ['dmarc_invalid_policy']],
    ['dmarc-double.test', 'fail', ['dmarc_multiple_records']],
    ['dmarc-pct.test', 'pass', ['dmarc_partial_pct']],
    ['gamma.test', 'missing', ['dmarc_missing']],
  ];
  for (const [domain, status, problemCodes] of cases) {
    it(`${domain}: ${status} ${problemCodes.join(', ')}`, async (t) => {
      if (requireHarness(t) === null) return;
      const report = await checker().check(domain);
      assert.equal(report.dmarc.status, status);
      assert.deepEqual(codes(report).filter((c) => c.startsWith('dmarc_')), problemCodes);
    });
  }
});

describe('MX variants', () => {
  const cases: Array<[string, string, string[]]> = [
    ['nomx.test', 'missing', ['mx_missing']],
    ['nullmx.test', 'fail', ['mx_null']],
    ['badmx.test', 'fail', ['mx_unresolvable']],
  ];
  for (const [domain, status, problemCodes] of cases) {
    it(`${domain}: ${status}`, async (t) => {
      if (requireHarness(t) === null) return;
      const report = await checker().check(domain);
      assert.equal(report.mx.status, status);
      assert.deepEqual(codes(report).filter((c) => c.startsWith('mx_')), problemCodes);
    });
  }
});

describe('lookups that time out', () => {
  it('are unknown, never fail, and the problems say the check will be retried', async (t) => {
    if (requireHarness(t) === null) return;
    const started = performance.now();
    const report = await checker({ silent: true, timeoutMs: 300 }).check('alpha.test', { ip: '127.0.0.1' });
    const elapsed = performance.now() - started;
    assert.deepEqual(statuses(report), { spf: 'unknown', dkim: 'unknown', dmarc: 'unknown', mx: 'unknown', ptr: 'unknown' });
    assert.ok(report.problems.every((p) => p.severity === 'warning' && /lookup_failed$/.test(p.code)), JSON.stringify(report.problems));
    // Every lookup runs in parallel: a check costs about one timeout, not one per record.
    assert.ok(elapsed < 1500, `took ${elapsed} ms`);
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

  it('serves the stored report until refresh or a day passes; keyed by domain, IP and selectors', async (t) => {
    const running = requireHarness(t);
    if (running === null) return;
    const clock = new ManualClock('2026-03-12T14:30:15.000Z');
    const checks = checker({ db: testDb, clock });
    const name = `cache-${process.pid}.beta.test`;
    t.after(() => unboundControl(running, ['local_data_remove', `${name}.`]));
    await unboundControl(running, ['local_data', `${name}. 60 IN TXT "v=spf1 ip4:127.0.0.1 -all"`]);

    const live = await checks.check(name, { ip: '127.0.0.1' });
    assert.deepEqual([live.source, live.spf.status], ['live', 'pass']);
    await unboundControl(running, ['local_data_remove', `${name}.`]);
    await unboundControl(running, ['local_data', `${name}. 60 IN TXT "v=spf1 +all"`]);

    clock.advance(60_000);
    const cached = await checks.check(name, { ip: '127.0.0.1' });
    assert.deepEqual({ ...cached, source: 'live' }, live, 'the same report, only the source differs');
    assert.equal(cached.source, 'cached');
    const otherIp = await checks.check(name, { ip: '127.0.0.2' });
    assert.equal(otherIp.source, 'live', 'another IP is another entry');

    const refreshed = await checks.check(name, { ip: '127.0.0.1', refresh: true });
    assert.deepEqual([refreshed.source, refreshed.spf.status, refreshed.checked_at], ['live', 'fail', '2026-03-12T14:31:15.000Z']);
    assert.equal((await checks.check(name, { ip: '127.0.0.1' })).spf.status, 'fail', 'the refresh replaced the stored report');

    clock.advance(24 * 60 * 60 * 1000);
    assert.equal((await checks.check(name, { ip: '127.0.0.1' })).source, 'live', 'a day later the report is stale');
    const rows = await testDb.db.kysely.selectFrom('check_results').select(['kind', 'domain', 'ip']).where('domain', '=', name).orderBy('ip').execute();
    assert.deepEqual(rows.map((row) => ({ ...row })), [{ kind: 'dns-auth', domain: name, ip: '127.0.0.1' }, { kind: 'dns-auth', domain: name, ip: '127.0.0.2' }]);
  });

  it('retries a report with unknown statuses after 5 minutes', async (t) => {
    if (requireHarness(t) === null) return;
    const clock = new ManualClock('2026-03-12T14:30:15.000Z');
    const checks = checker({ db: testDb, clock, silent: true, timeoutMs: 200 });
    assert.equal((await checks.check('beta.test')).source, 'live');
    clock.advance(4 * 60 * 1000);
    assert.equal((await checks.check('beta.test')).source, 'cached');
    clock.advance(2 * 60 * 1000);
    assert.equal((await checks.check('beta.test')).source, 'live');
  });

  it('checkMany runs a batch under a concurrency limit and returns errors in place', async (t) => {
    if (requireHarness(t) === null) return;
    const checks = checker({ db: testDb });
    const results = await checks.checkMany([{ domain: 'alpha.test' }, { domain: 'not a domain' }, { domain: 'beta.test', ip: '127.0.0.1' }], { concurrency: 2, refresh: true });
    assert.equal((results[0] as DnsAuthReport).domain, 'alpha.test');
    assert.ok(results[1] instanceof Error && /not a domain name/.test(results[1].message));
    assert.equal((results[2] as DnsAuthReport).spf.ip_result, 'pass');
  });
});
