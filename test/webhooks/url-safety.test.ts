/**
 * Webhook URL safety: the URL rules, the address policy (every non-public range, and IPv6 forms that
 * carry a forbidden IPv4 address), and target resolution with and without WEBHOOK_ALLOW_PRIVATE.
 * IP-literal and `localhost` hosts need no DNS; the one lookup test asks a resolver on a closed
 * loopback port, which must be reported as "try again", never as "no such host".
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DnsResolver } from '../../src/platform/dns/index.ts';
import { InvalidInput } from '../../src/platform/errors.ts';
import {
  MAX_WEBHOOK_URL_LENGTH,
  RefusedWebhookAddress,
  WebhookDnsUnavailable,
  isForbiddenAddress,
  parseWebhookUrl,
  resolveTarget,
} from '../../src/webhooks/url-safety.ts';

/** A resolver on a port nothing listens on: any lookup fails fast, so a test that needs none proves it made none. */
const deadResolver = new DnsResolver({ servers: ['127.0.0.1:9'], timeoutMs: 300 });

describe('parseWebhookUrl', () => {
  it('accepts http and https URLs', () => {
    assert.equal(parseWebhookUrl('https://hooks.example.com/mailwarden?x=1').hostname, 'hooks.example.com');
    assert.equal(parseWebhookUrl('http://203.0.114.7:8080/').port, '8080');
  });

  for (const [raw, reason] of [
    ['ftp://example.com/', /http:\/\/ or https:\/\//],
    ['javascript:alert(1)', /http:\/\/ or https:\/\//],
    ['file:///etc/passwd', /http:\/\/ or https:\/\//],
    ['not a url', /absolute http/],
    ['/relative/path', /absolute http/],
    ['', /absolute http/],
    ['https://user:pass@example.com/', /user name or password/],
    ['https://user@example.com/', /user name or password/],
    [' https://example.com/', /spaces/],
    [`https://example.com/${'a'.repeat(MAX_WEBHOOK_URL_LENGTH)}`, /at most 2048/],
  ] as const) {
    it(`refuses ${JSON.stringify(raw.slice(0, 40))} with an InvalidInput naming the field`, () => {
      assert.throws(
        () => parseWebhookUrl(raw, 'url'),
        (error: unknown) => error instanceof InvalidInput && reason.test(error.message) && error.details?.field === 'url',
      );
    });
  }
});

describe('isForbiddenAddress', () => {
  const forbidden = [
    '127.0.0.1', '127.255.0.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '100.127.255.254',
    '169.254.169.254', '169.254.0.1', '0.0.0.0', '0.1.2.3', '224.0.0.1', '239.255.255.250', '255.255.255.255', '240.0.0.1',
    '192.0.2.1', '198.18.0.1', '::', '::1', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0', 'ff02::1',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '::ffff:10.0.0.1', '64:ff9b::a9fe:a9fe', '2002:c0a8:101::1',
    '::127.0.0.1', '2001:db8::1', 'not-an-ip', '',
  ];
  const allowed = ['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2001:4860:4860::8888', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'];

  for (const ip of forbidden) it(`forbids ${JSON.stringify(ip)}`, () => assert.equal(isForbiddenAddress(ip), true));
  for (const ip of allowed) it(`allows ${ip}`, () => assert.equal(isForbiddenAddress(ip), false));
});

describe('resolveTarget', () => {
  it('returns an IP-literal host without a lookup, with the default port of its scheme', async () => {
    assert.deepEqual(await resolveTarget('https://8.8.8.8/hook', deadResolver), { host: '8.8.8.8', port: 443, addresses: ['8.8.8.8'] });
    assert.deepEqual(await resolveTarget('http://[2001:4860:4860::8888]:8080/', deadResolver), {
      host: '2001:4860:4860::8888', port: 8080, addresses: ['2001:4860:4860::8888'],
    });
  });

  for (const url of ['http://127.0.0.1:9/', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/', 'http://2130706433/', 'http://0x7f.1/', 'http://[::ffff:127.0.0.1]/', 'http://localhost:3000/', 'http://api.localhost/']) {
    it(`refuses ${url} naming the address and WEBHOOK_ALLOW_PRIVATE`, async () => {
      await assert.rejects(resolveTarget(url, deadResolver), (error: unknown) => {
        assert.ok(error instanceof RefusedWebhookAddress, String(error));
        assert.equal(error.code, 'unprocessable');
        assert.equal(error.details?.field, 'url');
        assert.equal(error.details?.value, url);
        assert.ok(error.message.includes(error.address), error.message);
        assert.match(error.message, /WEBHOOK_ALLOW_PRIVATE=true/);
        return true;
      });
    });
  }

  it('allows private targets when allowPrivate is set; localhost is loopback without any lookup', async () => {
    assert.deepEqual(await resolveTarget('http://127.0.0.1:9/', deadResolver, { allowPrivate: true }), { host: '127.0.0.1', port: 9, addresses: ['127.0.0.1'] });
    assert.deepEqual(await resolveTarget('http://localhost:8080/x', deadResolver, { allowPrivate: true }), {
      host: 'localhost', port: 8080, addresses: ['127.0.0.1', '::1'],
    });
  });

  it('refuses a malformed URL before any lookup', async () => {
    await assert.rejects(resolveTarget('gopher://example.com/', deadResolver, { allowPrivate: true }), InvalidInput);
  });

  it('reports a failed lookup as temporarily unavailable, naming the host', async () => {
    await assert.rejects(resolveTarget('https://hooks.example.com/x', deadResolver), (error: unknown) => {
      assert.ok(error instanceof WebhookDnsUnavailable, String(error));
      assert.equal(error.code, 'service_unavailable');
      assert.match(error.message, /hooks\.example\.com/);
      assert.match(error.message, /Try again/);
      return true;
    });
  });
});
