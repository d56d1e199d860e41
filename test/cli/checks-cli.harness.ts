/**
 * `mailwarden dns check` and `mailwarden blacklist check` against the harness's Unbound: no server,
 * no database, findings on stdout, exit status 0 (nothing to fix) / 1 (problems, listed) / 2 (usage).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { blacklistCommand, dnsCommand } from '../../src/cli/checks.ts';
import { UsageError } from '../../src/cli/args.ts';
import { requireHarness } from '../support/harness.ts';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

async function capture(run: (out: (text: string) => void) => Promise<number>): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const code = await run((text) => lines.push(text));
  return { code, text: lines.join('\n') };
}

test('dns check prints each record, the problems, and exits 1 when something must be fixed', async (t) => {
  const harness = requireHarness(t);
  if (harness === null) return;
  const env = { DNS_SERVERS: harness.dnsServer };
  const good = await capture((out) => dnsCommand(['check', 'alpha.test', '--ip', '127.0.0.1'], { env, out }));
  assert.equal(good.code, 0);
  assert.match(good.text, /^DNS authentication of alpha\.test \(sending IP 127\.0\.0\.1\)/);
  assert.match(good.text, /SPF {4}PASS {5}v=spf1 ip4:127\.0\.0\.0\/8 -all \(0\/10 lookups, 0\/2 void; 127\.0\.0\.1: pass\)/);
  assert.match(good.text, /DKIM {3}PASS {5}selector sel1: rsa 2048-bit/);
  assert.match(good.text, /DMARC {2}PASS {5}p=reject at _dmarc\.alpha\.test/);
  assert.match(good.text, /PTR {4}PASS {5}127\.0\.0\.1 → mx\.alpha\.test \(forward-confirmed\)/);
  assert.match(good.text, /No problems found\.$/);

  const bad = await capture((out) => dnsCommand(['check', 'gamma.test', '--ip', '127.0.0.3', '--selector', 'revoked'], { env, out }));
  assert.equal(bad.code, 1);
  assert.match(bad.text, /DMARC {2}MISSING/);
  assert.match(bad.text, /DKIM {3}FAIL {5}selector revoked \(revoked\)/);
  assert.match(bad.text, /error {3}No DMARC record at _dmarc\.gamma\.test/);

  const json = await capture((out) => dnsCommand(['check', 'child.dmarc-sp.test', '--json'], { env, out }));
  const report = JSON.parse(json.text) as { dmarc: { inherited: boolean; policy: string }; source: string };
  assert.deepEqual([report.dmarc.inherited, report.dmarc.policy, report.source], [true, 'none', 'live']);
});

test('blacklist check prints listings with reasons, errors apart, and exits 1 when listed', async (t) => {
  const harness = requireHarness(t);
  if (harness === null) return;
  const env = { DNS_SERVERS: harness.dnsServer, DNS_TIMEOUT_MS: '300', DNSBL_LISTS: 'zen.test=spamhaus-zen,dnsbl1.test,blackhole.test', DNSBL_DOMAIN_LISTS: 'dbl.test=spamhaus-dbl' };
  const listed = await capture((out) => blacklistCommand(['check', '127.0.0.2', '--domain', 'spammer.test'], { env, out }));
  assert.equal(listed.code, 1);
  assert.match(listed.text, /LISTED on 3 of 3 lists that answered \(4 queried\)/);
  assert.match(listed.text, /zen\.test \(ip\): 127\.0\.0\.2, 127\.0\.0\.4, 127\.0\.0\.10\n {6}Spamhaus SBL/);
  assert.match(listed.text, /dbl\.test \(domain\): 127\.0\.1\.2\n {6}Spamhaus DBL: spam domain/);
  assert.match(listed.text, /No usable answer \(not counted\):\n {2}blackhole\.test: The DNS query .* timed out/);

  const clean = await capture((out) => blacklistCommand(['check', '127.0.0.1', '--json'], { env, out }));
  assert.equal(clean.code, 0);
  const report = JSON.parse(clean.text) as { listed: boolean; total_checked: number; errors: unknown[] };
  assert.deepEqual([report.listed, report.total_checked, report.errors.length], [false, 2, 1]);
});

test('usage errors, and the commands wired into the mailwarden entry point', async (t) => {
  const harness = requireHarness(t);
  if (harness === null) return;
  await assert.rejects(dnsCommand(['check']), UsageError);
  await assert.rejects(blacklistCommand(['scan', '127.0.0.1']), UsageError);
  const env = { ...process.env, DNS_SERVERS: harness.dnsServer, DNSBL_LISTS: 'zen.test=spamhaus-zen' };
  const run = promisify(execFile);
  const { stdout } = await run(process.execPath, [MAIN, 'dns', 'check', 'beta.test', '--json'], { env });
  assert.equal((JSON.parse(stdout) as { dmarc: { policy: string } }).dmarc.policy, 'quarantine');
  await assert.rejects(run(process.execPath, [MAIN, 'blacklist', 'check', '127.0.0.2'], { env }), (error: { code?: number; stdout?: string }) => error.code === 1 && /Spamhaus XBL/.test(error.stdout ?? ''));
  await assert.rejects(run(process.execPath, [MAIN, 'blacklist', 'check', 'not-an-ip'], { env }), (error: { code?: number; stderr?: string }) => error.code === 1 && /"not-an-ip" is not an IPv4 or IPv6 address/.test(error.stderr ?? ''));
});
