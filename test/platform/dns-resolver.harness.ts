/**
 * The project resolver against real DNS: Unbound on loopback (test/harness), including the
 * listener that never answers. "No such records" and "could not find out" must stay apart.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spf } from 'mailauth/lib/spf/index.js';
import { DnsResolver } from '../../src/platform/dns/index.ts';
import { requireHarness, unboundControl } from '../support/harness.ts';

test('answers records, NXDOMAIN and NODATA as none, REFUSED and unreachable servers as unknown', async (t) => {
  const harness = requireHarness(t);
  if (harness === null) return;
  const resolver = new DnsResolver({ servers: [harness.dnsServer], timeoutMs: 1000 });
  assert.deepEqual(await resolver.query('alpha.test', 'TXT'), { kind: 'records', records: ['v=spf1 ip4:127.0.0.0/8 -all'] });
  assert.deepEqual(await resolver.query('alpha.test', 'MX'), { kind: 'records', records: [{ exchange: 'mx.alpha.test', priority: 10 }] });
  const dkim = await resolver.query(`${harness.dkim.selector}._domainkey.alpha.test`, 'TXT');
  assert.ok(dkim.kind === 'records' && dkim.records[0]?.startsWith('v=DKIM1; k=rsa; p=MII'), 'a TXT split into 255-byte strings is joined');
  assert.deepEqual(await resolver.query('nosuchname.alpha.test', 'A'), { kind: 'none', code: 'ENOTFOUND' });
  assert.deepEqual(await resolver.query('alpha.test', 'AAAA'), { kind: 'none', code: 'ENODATA' });
  const refused = await resolver.query('example.com', 'A');
  assert.ok(refused.kind === 'unknown' && refused.code === 'EREFUSED' && /refused/.test(refused.message));
  const closed = await new DnsResolver({ servers: ['127.0.0.1:5399'], timeoutMs: 1000 }).query('alpha.test', 'A');
  assert.ok(closed.kind === 'unknown' && closed.code === 'ECONNREFUSED' && /DNS_SERVERS/.test(closed.message));
});

test('a resolver that never answers is a timeout, bounded by timeoutMs', async (t) => {
  const harness = requireHarness(t);
  if (harness === null) return;
  const resolver = new DnsResolver({ servers: [harness.dnsSilentServer], timeoutMs: 300, tries: 3 });
  const started = performance.now();
  const answer = await resolver.query('alpha.test', 'A');
  const elapsed = performance.now() - started;
  assert.ok(answer.kind === 'unknown' && answer.code === 'ETIMEOUT', JSON.stringify(answer));
  assert.ok(elapsed >= 290 && elapsed < 800, `took ${elapsed} ms`);
  await assert.rejects(resolver.resolve('alpha.test', 'TXT'), (error: unknown) => (error as { code?: string }).code === 'ETIMEOUT');
});

test('counts queries in flight and caps them at maxInFlight', async (t) => {
  const harness = requireHarness(t);
  if (harness === null) return;
  const resolver = new DnsResolver({ servers: [harness.dnsSilentServer], timeoutMs: 200, maxInFlight: 4 });
  const pending = Array.from({ length: 10 }, (_, i) => resolver.query(`n${i}.alpha.test`, 'A'));
  assert.equal(resolver.inFlight, 4);
  assert.equal(resolver.queued, 6);
  const answers = await Promise.all(pending);
  assert.ok(answers.every((a) => a.kind === 'unknown' && a.code === 'ETIMEOUT'));
  assert.equal(resolver.inFlight, 0);
  assert.equal(resolver.peakInFlight, 4);
  assert.equal(resolver.queriesStarted, 10);
});

test('the mailauth adapter answers like dns.promises.resolve and drives mailauth SPF', async (t) => {
  const harness = requireHarness(t);
  if (harness === null) return;
  const resolver = new DnsResolver({ servers: [harness.dnsServer], timeoutMs: 1000 });
  const lookup = resolver.mailauthResolver();
  assert.deepEqual(await lookup('_dmarc.beta.test', 'TXT'), [['v=DMARC1; p=quarantine; pct=100; rua=mailto:dmarc@beta.test']]);
  await assert.rejects(lookup('_dmarc.gamma.test', 'TXT'), (error: unknown) => (error as { code?: string }).code === 'ENOTFOUND');
  const pass = await spf({ sender: 'user1@alpha.test', ip: '127.0.0.1', helo: 'alpha.test', mta: 'test', resolver: lookup as never });
  assert.equal(pass.status.result, 'pass');
  const softfail = await spf({ sender: 'user1@beta.test', ip: '127.0.0.9', helo: 'beta.test', mta: 'test', resolver: lookup as never });
  assert.equal(softfail.status.result, 'softfail');
  const silent = new DnsResolver({ servers: [harness.dnsSilentServer], timeoutMs: 200 }).mailauthResolver();
  const temperror = await spf({ sender: 'user1@alpha.test', ip: '127.0.0.1', helo: 'alpha.test', mta: 'test', resolver: silent as never });
  assert.equal(temperror.status.result, 'temperror');
});

test('sees records changed live with unbound-control (no stale answers kept by the client)', async (t) => {
  const harness = requireHarness(t);
  if (harness === null) return;
  const resolver = new DnsResolver({ servers: [harness.dnsServer], timeoutMs: 1000 });
  const name = `live-${process.pid}.beta.test`;
  t.after(() => unboundControl(harness, ['local_data_remove', `${name}.`]));
  await unboundControl(harness, ['local_data', `${name}. 60 IN TXT "first"`]);
  assert.deepEqual(await resolver.query(name, 'TXT'), { kind: 'records', records: ['first'] });
  await unboundControl(harness, ['local_data_remove', `${name}.`]);
  assert.equal((await resolver.query(name, 'TXT')).kind, 'none');
});
