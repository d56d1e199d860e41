/**
 * SPF, DKIM and DMARC evaluated by the analyser itself against real DNS: Unbound on loopback serving
 * the harness zones (alpha.test: SPF 127/8 -all, DKIM sel1, DMARC p=reject). Also a resolver that never
 * answers: authentication is `temperror`, the message is still scored in time and says what was cut.
 * Needs the mail/DNS harness (test/harness/start.sh); skipped when it is not running.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import { Analyzer } from '../../src/analysis/analyzer.ts';
import { DnsResolver } from '../../src/platform/dns/index.ts';
import { requireHarness } from '../support/harness.ts';

function letter(from: string): Buffer {
  return Buffer.from([
    `From: Ana <${from}>`, 'To: trap@trap.test', 'Subject: Minutes', `Message-ID: <m1@${from.split('@')[1]}>`, 'Date: Mon, 23 Nov 2026 10:00:00 +0000', '',
    'Hello,', '', 'the minutes of Tuesday\'s meeting are below. Nothing urgent.', '', 'Ana', '',
  ].join('\r\n'));
}

async function signed(raw: Buffer, keyDir: string, domain: string): Promise<Buffer> {
  const privateKey = readFileSync(join(keyDir, `${domain}.sel1.key`));
  const key = { signingDomain: domain, selector: 'sel1', privateKey };
  const result = await dkimSign(raw, { ...key, signatureData: [key] }) as { signatures: string };
  return Buffer.concat([Buffer.from(result.signatures), raw]);
}

describe('authentication checks against the harness DNS', () => {
  test('an aligned, signed message from an allowed IP passes SPF, DKIM and DMARC and earns a little credit', async (t) => {
    const harness = requireHarness(t);
    if (harness === null) return;
    const analyzer = new Analyzer({ resolver: new DnsResolver({ servers: [harness.dnsServer], timeoutMs: 2000 }).mailauthResolver() });
    const raw = await signed(letter('user1@alpha.test'), harness.dkim.keyDir, 'alpha.test');
    const result = await analyzer.analyze(raw, { clientIp: '127.0.0.1', helo: 'mx.alpha.test', mailFrom: 'user1@alpha.test', serverName: 'mx.test' });
    assert.deepEqual({ spf: result.auth.spf, dkim: result.auth.dkim, dmarc: result.auth.dmarc }, { spf: 'pass', dkim: 'pass', dmarc: 'pass' });
    assert.equal(result.auth.dkim_domain, 'alpha.test');
    const credit = result.indicators.find((i) => i.type === 'dmarc_pass');
    assert.ok(credit !== undefined && credit.weight < 0 && credit.weight > -10, JSON.stringify(result.indicators));
  });

  test('a forged From on a p=reject domain fails DMARC and SPF and scores as phishing evidence', async (t) => {
    const harness = requireHarness(t);
    if (harness === null) return;
    const analyzer = new Analyzer({ resolver: new DnsResolver({ servers: [harness.dnsServer], timeoutMs: 2000 }).mailauthResolver() });
    const result = await analyzer.analyze(letter('ceo@alpha.test'), { clientIp: '198.51.100.7', helo: 'bulk.example', mailFrom: 'ceo@alpha.test', serverName: 'mx.test' });
    assert.equal(result.auth.spf, 'fail');
    assert.equal(result.auth.dmarc, 'fail');
    assert.equal(result.auth.dmarc_policy, 'reject');
    const types = result.indicators.map((i) => i.type);
    assert.ok(types.includes('dmarc_fail_enforced') && types.includes('spf_fail'), types.join(','));
    assert.ok(result.scores.phishing_score >= 40, `phishing ${result.scores.phishing_score}`);
  });

  test('a resolver that never answers: temperror within the query timeout, and the message is still scored', async (t) => {
    const harness = requireHarness(t);
    if (harness === null) return;
    const analyzer = new Analyzer({ resolver: new DnsResolver({ servers: [harness.dnsSilentServer], timeoutMs: 500 }).mailauthResolver(), budgetMs: 2000 });
    const started = performance.now();
    const result = await analyzer.analyze(letter('user1@alpha.test'), { clientIp: '127.0.0.1', helo: 'mx.alpha.test', mailFrom: 'user1@alpha.test', serverName: 'mx.test' });
    assert.ok(performance.now() - started < 3000);
    assert.equal(result.auth.spf, 'temperror');
    assert.ok(result.scores.threat_score >= 0);
    assert.ok(!result.indicators.some((i) => i.type === 'spf_fail' || i.type.startsWith('dmarc_fail')), 'a DNS timeout is never a failure');
  });
});
