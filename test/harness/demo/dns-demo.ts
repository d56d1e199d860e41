// Resolves the harness zones through Unbound on 127.0.0.1:<dns> with node:dns Resolver.
import { promises as dnsp } from 'node:dns';
import { execFileSync } from 'node:child_process';
import { harness, ms } from './harness.ts';

const DNS = `${harness.host}:${harness.ports.dns}`;
const SILENT = `${harness.host}:${harness.ports.dnsSilent}`; // Unbound listener that drops every query
const CLOSED = `${harness.host}:5399`; // nothing listens here

function resolver(servers: string[], opts: { timeout?: number; tries?: number } = {}) {
  const r = new dnsp.Resolver({ timeout: opts.timeout ?? 500, tries: opts.tries ?? 1 });
  r.setServers(servers);
  return r;
}

async function show(label: string, fn: () => Promise<unknown>) {
  const t = process.hrtime.bigint();
  try {
    const v = await fn();
    console.log(`${label.padEnd(48)} OK   ${ms(t).toFixed(1).padStart(7)} ms  ${JSON.stringify(v)}`);
  } catch (e) {
    console.log(`${label.padEnd(48)} ${String((e as { code?: unknown }).code).padEnd(12)} ${ms(t).toFixed(1).padStart(7)} ms`);
  }
}

/** DNSBL lookup: reverse the IPv4 octets under the list zone. */
async function dnsbl(r: dnsp.Resolver, ip: string, zone: string) {
  const q = `${ip.split('.').reverse().join('.')}.${zone}`;
  try {
    const a = await r.resolve4(q);
    const txt = await r.resolveTxt(q).then((t) => t.map((x) => x.join('')), () => []);
    return { listed: true, codes: a, txt };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') return { listed: false };
    throw e; // ETIMEOUT, ESERVFAIL, ECONNREFUSED, EREFUSED: "unknown", not "clean"
  }
}

async function main() {
  const r = resolver([DNS]);
  await show('TXT alpha.test (SPF)', () => r.resolveTxt('alpha.test'));
  await show('TXT _dmarc.alpha.test', () => r.resolveTxt('_dmarc.alpha.test'));
  await show('TXT sel1._domainkey.alpha.test (joined)', async () =>
    (await r.resolveTxt(`${harness.dkim.selector}._domainkey.alpha.test`)).map((c) => `${c.length} strings, ${c.join('').length} chars: ${c.join('').slice(0, 40)}...`));
  await show('MX beta.test', () => r.resolveMx('beta.test'));
  await show('A mx.beta.test', () => r.resolve4('mx.beta.test'));
  await show('TXT _dmarc.gamma.test (none on purpose)', () => r.resolveTxt('_dmarc.gamma.test'));
  await show('TXT double-spf.gamma.test', () => r.resolveTxt('double-spf.gamma.test'));
  await show('A alpha.test but asked AAAA (NODATA)', () => r.resolve6('alpha.test'));
  await show('A nosuchname.alpha.test (NXDOMAIN)', () => r.resolve4('nosuchname.alpha.test'));
  await show('A example.com (outside zones: REFUSED)', () => r.resolve4('example.com'));
  await show('DNSBL 127.0.0.2 @ zen.test', () => dnsbl(r, '127.0.0.2', 'zen.test'));
  await show('DNSBL 127.0.0.1 @ zen.test', () => dnsbl(r, '127.0.0.1', 'zen.test'));
  await show('DBL spammer.test @ dbl.test', () => r.resolve4('spammer.test.dbl.test'));
  await show('DNSBL 127.0.0.2 @ blackhole.test (drops)', () => dnsbl(r, '127.0.0.2', 'blackhole.test'));
  await show('same, timeout 200 ms x 3 tries', () => dnsbl(resolver([DNS], { timeout: 200, tries: 3 }), '127.0.0.2', 'blackhole.test'));
  await show('A alpha.test via silent server :5354', () => resolver([SILENT]).resolve4('alpha.test'));
  await show('A alpha.test via closed port :5399', () => resolver([CLOSED]).resolve4('alpha.test'));
  await show('A alpha.test via [silent, good] (failover)', () => resolver([SILENT, DNS], { timeout: 300, tries: 2 }).resolve4('alpha.test'));
  const ctl = harness.unboundControl.slice(1);
  execFileSync('unbound-control', [...ctl, 'local_data', 'added-at-runtime.beta.test. 60 IN TXT "hello"']);
  await show('TXT added-at-runtime.beta.test (unbound-control)', () => r.resolveTxt('added-at-runtime.beta.test'));
  execFileSync('unbound-control', [...ctl, 'local_data_remove', 'added-at-runtime.beta.test.']);
  await show('... after local_data_remove', () => r.resolveTxt('added-at-runtime.beta.test'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
