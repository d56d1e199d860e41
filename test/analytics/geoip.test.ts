/**
 * The offline IP databases: country (DB-IP mmdb) and AS (CSV index) for IPv4, IPv6 and IPv4-mapped
 * addresses; private, loopback, documentation and malformed addresses have no country (`ZZ`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIp } from '../../src/analytics/asn-index.ts';
import { countryName, GeoIp } from '../../src/analytics/geoip.ts';
import { originIpOf } from '../../src/analytics/origin.ts';
import { inspectSender } from '../../src/analysis/sender/index.ts';

describe('GeoIp', () => {
  const geo = new GeoIp();

  it('locates public IPv4 and IPv6 addresses with their AS', () => {
    assert.deepEqual(geo.lookup('8.8.8.8'), { country_code: 'US', asn: 15169, as_org: 'Google LLC' });
    assert.deepEqual(geo.lookup('::ffff:8.8.4.4'), { country_code: 'US', asn: 15169, as_org: 'Google LLC' });
    assert.deepEqual(geo.lookup('193.0.6.139').asn, 3333);
    const v6 = geo.lookup('2001:67c:2e8:22::c100:68b');
    assert.deepEqual([v6.country_code, v6.asn], ['NL', 3333]);
    assert.equal(geo.lookup('[2a00:1450:4001:81c::200e]').asn, 15169);
  });

  it('gives no country to private, loopback, documentation or malformed addresses', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '192.168.0.1', '100.64.0.1', '203.0.113.7', '::1', 'fd00::1', '2001:db8::1', '::ffff:127.0.0.1', 'not an ip', '1.2.3', '300.1.1.1']) {
      assert.deepEqual(geo.lookup(ip), { country_code: 'ZZ', asn: null, as_org: null }, ip);
    }
  });

  it('parses addresses into comparable halves', () => {
    assert.deepEqual(parseIp('1.2.3.4'), { version: 4, hi: 0, lo: 0x01020304 });
    assert.deepEqual(parseIp('::ffff:1.2.3.4'), { version: 4, hi: 0, lo: 0x01020304 });
    assert.deepEqual(parseIp('2001:db8::1'), { version: 6, hi: 0x20010db800000000n, lo: 1n });
    assert.deepEqual(parseIp('1:2:3:4:5:6:7:8'), { version: 6, hi: 0x0001000200030004n, lo: 0x0005000600070008n });
    for (const bad of ['1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', '1.2.3.256']) assert.equal(parseIp(bad), null, bad);
  });

  it('names countries in English', () => {
    assert.equal(countryName('DE'), 'Germany');
    assert.equal(countryName('ZZ'), 'Unknown');
  });

  it('takes the SMTP client as the origin, and the oldest public Received hop (as the analysis reads it) for HTTP mail', () => {
    assert.equal(originIpOf({ transport: 'smtp', smtp_ip: '8.8.8.8' }, '81.2.69.160'), '8.8.8.8');
    const chain = [
      'from relay.internal (relay.internal [10.0.0.5]) by mx.example (Postfix) with ESMTP id A; Tue, 10 Mar 2026 11:00:02 +0000',
      'from mail.a.example (mail.a.example [81.2.69.160]) by relay.internal (Postfix) with ESMTP id B; Tue, 10 Mar 2026 11:00:01 +0000',
      'from pc.lan (pc.lan [192.168.1.20]) by mail.a.example (Postfix) with ESMTPA id C; Tue, 10 Mar 2026 11:00:00 +0000',
    ];
    const sender = (received: string[]) =>
      inspectSender({ headers: received.map((value) => ({ name: 'Received', value })), from: null, replyTo: [], envelopeFrom: null, helo: null, clientIp: null });
    assert.equal(sender(chain).receivedOriginIp, '81.2.69.160');
    assert.equal(originIpOf({ transport: 'http', smtp_ip: '127.0.0.1' }, sender(chain).receivedOriginIp), '81.2.69.160');
    assert.equal(originIpOf({ transport: 'http', smtp_ip: '127.0.0.1' }, sender([]).receivedOriginIp), null);
  });
});
