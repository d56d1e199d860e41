/**
 * The parts of the DNS checks that need no DNS: address reversal, DNSBL answer decoding, SPF syntax,
 * DKIM key sizes, DMARC organisational domains, input validation and configuration.
 * Everything that resolves names runs against Unbound in the *.harness.ts files.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { keyBits, parseTags } from '../../src/checks/dns-auth/dkim.ts';
import { organisationalDomain } from '../../src/checks/dns-auth/dmarc.ts';
import { normaliseTarget } from '../../src/checks/dns-auth/dns-auth.service.ts';
import { finalAll, parseSpf } from '../../src/checks/dns-auth/spf-record.ts';
import { DEFAULT_IP_BLACKLISTS, decodeAnswer, parseListSpec } from '../../src/checks/dnsbl/lists.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { expandIPv6, ptrName, reversedLabels, unmapIPv4 } from '../../src/platform/dns/index.ts';
import { InvalidInput } from '../../src/platform/errors.ts';

describe('address reversal', () => {
  it('reverses IPv4 octets and IPv6 nibbles', () => {
    assert.equal(reversedLabels('203.0.113.7'), '7.113.0.203');
    assert.equal(reversedLabels('2001:db8::2'), '2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2');
    assert.equal(ptrName('127.0.0.1'), '1.0.0.127.in-addr.arpa');
    assert.equal(ptrName('::1'), `${'0.'.repeat(31).replace(/^/, '1.')}ip6.arpa`);
  });

  it('expands compressed and IPv4-tailed IPv6 and unmaps mapped addresses', () => {
    assert.equal(expandIPv6('2001:DB8::1:0:0:1'), '2001:0db8:0000:0000:0001:0000:0000:0001');
    assert.equal(expandIPv6('::ffff:192.0.2.1'), '0000:0000:0000:0000:0000:ffff:c000:0201');
    assert.equal(unmapIPv4('::ffff:192.0.2.1'), '192.0.2.1');
    assert.equal(unmapIPv4('2001:db8::1'), '2001:db8::1');
  });

  it('refuses what is not an address', () => {
    assert.throws(() => reversedLabels('example.com'), /not an IPv4 or IPv6 address/);
  });
});

describe('DNSBL answers', () => {
  const zen = parseListSpec('zen.spamhaus.org');

  it('picks decoders from zone names, explicit names, else generic', () => {
    assert.deepEqual(zen, { zone: 'zen.spamhaus.org', decoder: 'spamhaus-zen' });
    assert.equal(parseListSpec('dbl.spamhaus.org').decoder, 'spamhaus-dbl');
    assert.equal(parseListSpec('zen.local=spamhaus-zen').decoder, 'spamhaus-zen');
    assert.equal(parseListSpec('Example.Test.').zone, 'example.test');
    assert.equal(parseListSpec('example.test').decoder, 'generic');
    assert.equal(DEFAULT_IP_BLACKLISTS.length, 12);
    assert.ok(DEFAULT_IP_BLACKLISTS.every((zone) => parseListSpec(zone).decoder !== 'generic'), 'every default list has a decoder');
  });

  it('decodes Spamhaus return codes into reasons, sorted and deduplicated', () => {
    const decoded = decodeAnswer(zen, ['127.0.0.10', '127.0.0.2', '127.0.0.4', '127.0.0.2']);
    assert.equal(decoded.kind, 'listed');
    assert.ok(decoded.kind === 'listed');
    assert.deepEqual(decoded.codes, ['127.0.0.2', '127.0.0.4', '127.0.0.10']);
    assert.match(decoded.reasons[0] ?? '', /^Spamhaus SBL/);
    assert.match(decoded.reasons[1] ?? '', /^Spamhaus XBL/);
    assert.match(decoded.reasons[2] ?? '', /^Spamhaus PBL/);
    const unknown = decodeAnswer(zen, ['127.0.0.77']);
    assert.ok(unknown.kind === 'listed' && /code 127\.0\.0\.77/.test(unknown.reasons[0] ?? ''));
  });

  it('treats 127.255.255.x as an error on every list, never as a listing', () => {
    for (const [address, words] of [['127.255.255.254', /public\/open resolvers/], ['127.255.255.252', /typo/], ['127.255.255.255', /too many queries/], ['127.255.255.1', /error code/]] as const) {
      for (const spec of [zen, parseListSpec('bl.spamcop.net')]) {
        const decoded = decodeAnswer(spec, ['127.0.0.2', address]);
        assert.equal(decoded.kind, 'error', `${spec.zone} ${address}`);
        assert.ok(decoded.kind === 'error' && words.test(decoded.error) && decoded.error.startsWith(spec.zone));
      }
    }
  });

  it('calls an answer outside 127.0.0.0/8 a broken list', () => {
    const decoded = decodeAnswer(parseListSpec('bl.spamcop.net'), ['192.0.2.1']);
    assert.ok(decoded.kind === 'error' && /outside 127\.0\.0\.0\/8.*broken/.test(decoded.error));
  });

  it('reads SURBL and URIBL bitmasks and their refusal code', () => {
    const surbl = decodeAnswer(parseListSpec('multi.surbl.org'), ['127.0.0.80']);
    assert.ok(surbl.kind === 'listed');
    assert.deepEqual(surbl.reasons, ['SURBL MW: malware', 'SURBL ABUSE: spam and abuse']);
    const uribl = decodeAnswer(parseListSpec('multi.uribl.com'), ['127.0.0.14']);
    assert.ok(uribl.kind === 'listed' && uribl.reasons.length === 3);
    assert.equal(decodeAnswer(parseListSpec('multi.uribl.com'), ['127.0.0.1']).kind, 'error');
    assert.equal(decodeAnswer(parseListSpec('multi.surbl.org'), ['127.0.0.1']).kind, 'error');
    assert.equal(decodeAnswer(parseListSpec('dbl.spamhaus.org'), ['127.0.1.255']).kind, 'error');
    // 127.0.0.1 is only special for the lists that use it to refuse.
    assert.equal(decodeAnswer(zen, ['127.0.0.1']).kind, 'listed');
  });
});

describe('SPF syntax', () => {
  it('accepts a valid record and finds its all', () => {
    const parsed = parseSpf('v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx:mail.example.com/24//64 include:_spf.example.com exists:%{i}.x.example.com ~all');
    assert.deepEqual(parsed.errors, []);
    assert.equal(finalAll(parsed.terms), '~all');
    assert.equal(parsed.terms.length, 7);
  });

  it('names every invalid term', () => {
    const parsed = parseSpf('v=spf1 ip4:127.0.0.300 frobnicate:x include: ip6:zz a:/33 redirect=a.test redirect=b.test all:x');
    assert.equal(parsed.errors.length, 7, parsed.errors.join('\n'));
    assert.ok(parsed.errors.some((e) => e.includes('"frobnicate:x" uses an unknown mechanism')));
    assert.ok(parsed.errors.some((e) => e.includes('"redirect=" appears more than once')));
  });

  it('reads qualifiers of all', () => {
    assert.equal(finalAll(parseSpf('v=spf1 +all').terms), '+all');
    assert.equal(finalAll(parseSpf('v=spf1 all').terms), '+all');
    assert.equal(finalAll(parseSpf('v=spf1 ?all').terms), '?all');
    assert.equal(finalAll(parseSpf('v=spf1 redirect=x.test').terms), null);
  });
});

describe('DKIM keys', () => {
  it('measures RSA (SPKI and PKCS#1) and Ed25519 keys, and rejects garbage', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    assert.equal(keyBits('rsa', publicKey.export({ format: 'der', type: 'spki' }).toString('base64')), 1024);
    assert.equal(keyBits('rsa', publicKey.export({ format: 'der', type: 'pkcs1' }).toString('base64')), 1024);
    const ed = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' });
    assert.equal(keyBits('ed25519', ed.subarray(-32).toString('base64')), 256);
    assert.equal(keyBits('rsa', 'bm90IGEga2V5'), null);
  });

  it('parses tags, joining folded key text', () => {
    const tags = parseTags('v=DKIM1; k=rsa; t=y:s; p=MIIB IjAN\tBgkq');
    assert.equal(tags.get('p'), 'MIIBIjANBgkq');
    assert.equal(tags.get('t'), 'y:s');
  });
});

describe('DMARC organisational domain', () => {
  it('uses the public suffix list', () => {
    assert.equal(organisationalDomain('mail.example.co.uk'), 'example.co.uk');
    assert.equal(organisationalDomain('a.b.example.com'), 'example.com');
    assert.equal(organisationalDomain('child.dmarc-sp.test'), 'dmarc-sp.test');
    assert.equal(organisationalDomain('example.com'), 'example.com');
  });
});

describe('check input', () => {
  it('normalises domains (IDN to punycode), IPs and selectors', () => {
    assert.deepEqual(normaliseTarget('Bücher.Example.', { ip: '::ffff:192.0.2.1', dkimSelectors: ['S1', 's1', ' '] }), {
      domain: 'xn--bcher-kva.example', ip: '192.0.2.1', selectors: ['s1'],
    });
  });

  it('rejects bad domains, IPs and selectors with InvalidInput naming the field', () => {
    for (const [domain, options, field] of [
      ['not a domain', {}, 'domain'],
      ['-bad.example', {}, 'domain'],
      ['example.com', { ip: '300.1.1.1' }, 'ip'],
      ['example.com', { dkimSelectors: ['bad selector'] }, 'dkim_selectors'],
    ] as const) {
      assert.throws(() => normaliseTarget(domain, options), (error: unknown) => error instanceof InvalidInput && error.details?.field === field);
    }
  });
});

describe('configuration', () => {
  it('defaults: 12 IP lists, 3 domain lists, 2000 ms timeout', () => {
    const config = loadConfig({});
    assert.equal(config.dnsTimeoutMs, 2000);
    assert.equal(config.dnsbl.ipLists.length, 12);
    assert.deepEqual(config.dnsbl.domainLists, ['dbl.spamhaus.org', 'multi.surbl.org', 'multi.uribl.com']);
  });

  it('reads lists with decoders, and "none" for domain lists', () => {
    const config = loadConfig({ DNSBL_LISTS: 'Zen.Test=spamhaus-zen, dnsbl1.test', DNSBL_DOMAIN_LISTS: 'none', DNS_TIMEOUT_MS: '300' });
    assert.deepEqual(config.dnsbl.ipLists, ['zen.test=spamhaus-zen', 'dnsbl1.test']);
    assert.deepEqual(config.dnsbl.domainLists, []);
    assert.equal(config.dnsTimeoutMs, 300);
  });

  it('reports every bad list entry and timeout at once', () => {
    assert.throws(
      () => loadConfig({ DNSBL_LISTS: 'zen.test=nosuch,not a zone', DNS_TIMEOUT_MS: '10' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.problems.length === 3 &&
        error.problems.some((p) => p.includes('decoder "nosuch"')) &&
        error.problems.some((p) => p.includes('"not a zone"')) &&
        error.problems.some((p) => p.startsWith('DNS_TIMEOUT_MS')),
    );
  });
});
