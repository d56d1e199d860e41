/**
 * The sender inspector: look-alike brand domains (every technique), display-name, Reply-To and
 * Return-Path checks, free-mail and disposable senders, From shape, Message-ID, the Received chain,
 * and ordinary mail that must stay quiet. Pure code: no database.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspectSender, lookalikeBrand, type SenderInput } from '../../src/analysis/sender/index.ts';

interface MessageSpec {
  from?: string | null;
  name?: string;
  replyTo?: string[];
  headers?: Array<[string, string]>;
  envelopeFrom?: string | null;
  helo?: string | null;
  clientIp?: string | null;
}

function input(spec: MessageSpec): SenderInput {
  const from = spec.from === null ? null : { address: spec.from ?? 'news@shop.example.com', name: spec.name ?? '' };
  const headers = (spec.headers ?? []).map(([name, value]) => ({ name, value }));
  if (from && !headers.some((h) => h.name === 'From')) headers.unshift({ name: 'From', value: `"${from.name}" <${from.address}>` });
  return {
    headers,
    from,
    replyTo: (spec.replyTo ?? []).map((address) => ({ address, name: '' })),
    envelopeFrom: spec.envelopeFrom ?? null,
    helo: spec.helo ?? null,
    clientIp: spec.clientIp ?? null,
  };
}
const run = (spec: MessageSpec) => inspectSender(input(spec));
const types = (spec: MessageSpec): string[] => run(spec).findings.map((f) => f.type).sort();
const finding = (spec: MessageSpec, type: string) => run(spec).findings.find((f) => f.type === type);

describe('lookalikeBrand', () => {
  it('catches each technique and names the brand and its real domain', () => {
    const cases: Array<[string, string, string]> = [
      ['xn--pypal-4ve.com', 'PayPal', 'idn'],
      ['paypa1.com', 'PayPal', 'homoglyph'],
      ['rnicrosoft.com', 'Microsoft', 'homoglyph'],
      ['g00gle.com', 'Google', 'homoglyph'],
      ['amazom.com', 'Amazon', 'edit_distance'],
      ['micorsoft.com', 'Microsoft', 'edit_distance'],
      ['paypal.com.account-check.net', 'PayPal', 'brand_in_subdomain'],
      ['login.netflix.secure-billing.net', 'Netflix', 'brand_in_subdomain'],
      ['paypal-secure-login.com', 'PayPal', 'brand_with_affix'],
      ['appleidverify.com', 'Apple', 'brand_with_affix'],
      ['dhl-tracking.info', 'DHL', 'brand_with_affix'],
      ['netflix.xyz', 'Netflix', 'brand_with_affix'],
    ];
    for (const [domain, brand, technique] of cases) {
      const match = lookalikeBrand(domain);
      assert.equal(match?.brand, brand, domain);
      assert.equal(match?.technique, technique, domain);
      assert.ok(match?.legitimateDomain.includes('.'), domain);
    }
  });

  it('leaves the brands’ own domains, country sites and ordinary names alone', () => {
    for (const domain of ['paypal.com', 'email.paypal.com', 'amazon.co.uk', 'amazon.de', 'mail.google.com', 'accounts.google.com',
      'github.com', 'mobile.de', 'snapcraft.io', 'maple.com', 'phase.com', 'chase-miller.com', 'pineapple.com', 'example.com',
      'paypal.sendgrid.net', '192.168.1.1', 'localhost', 'ups.com', 'groups.io', 'bradesco.com']) {
      assert.equal(lookalikeBrand(domain), null, domain);
    }
  });
});

describe('inspectSender findings', () => {
  it('display name naming a brand, sent from elsewhere (and quiet from the brand itself)', () => {
    const f = finding({ from: 'no-reply@access-accsecurity.com', name: 'Microsoft account team' }, 'display_name_brand_mismatch');
    assert.match(f?.description ?? '', /Microsoft.*access-accsecurity\.com/);
    assert.ok((f?.points.phishing ?? 0) >= 25);
    assert.deepEqual(types({ from: 'account-security-noreply@accountprotection.microsoft.com', name: 'Microsoft account team' }), []);
    // Combining marks between letters do not hide the brand, and are a finding of their own.
    const hidden = types({ from: 'cs@arulnotes.com', name: 'A\u073Fm\u073Fa\u073Fz\u073Fon S\u073Fe\u073Frvice' });
    assert.deepEqual(hidden, ['display_name_brand_mismatch', 'display_name_obfuscated']);
    // Ambiguous brand names count only as the whole name: "Chase Miller" is a person.
    assert.deepEqual(types({ from: 'chase.miller@example.org', name: 'Chase Miller' }), []);
    assert.deepEqual(types({ from: 'alerts@example.org', name: 'Chase Online Banking' }), ['display_name_brand_mismatch']);
  });

  it('an address in the display name that differs from the real sender', () => {
    const f = finding({ from: 'x@bulk.example.net', name: 'support@paypal.com' }, 'display_name_address_mismatch');
    assert.match(f?.description ?? '', /support@paypal\.com.*bulk\.example\.net/);
    assert.equal(finding({ from: 'ann@example.org', name: 'ann@example.org' }, 'display_name_address_mismatch'), undefined);
  });

  it('Reply-To on another domain, weighing more when it is free-mail; replies to the group are fine', () => {
    const other = finding({ from: 'billing@shop.example.com', replyTo: ['desk@other.example.net'] }, 'reply_to_domain_mismatch');
    const free = finding({ from: 'billing@shop.example.com', replyTo: ['shop.refunds2024@gmail.com'] }, 'reply_to_freemail');
    assert.match(free?.description ?? '', /shop\.refunds2024@gmail\.com/);
    assert.ok((free?.points.phishing ?? 0) > (other?.points.phishing ?? 0));
    assert.deepEqual(types({ from: 'ann@gmail.com', replyTo: ['users@lists.example.org'], headers: [['To', 'users@lists.example.org']] }), []);
    assert.deepEqual(types({ from: 'users@lists.example.org', name: 'Ann Smith via Users', replyTo: ['ann@gmail.com'] }), []);
  });

  it('Return-Path / MAIL FROM on another domain is weak, and mail-provider bounce domains are expected', () => {
    const f = finding({ from: 'billing@shop.example.com', envelopeFrom: 'bounce@elsewhere.example.net' }, 'return_path_domain_mismatch');
    assert.ok(f && (f.points.phishing ?? 0) <= 8);
    assert.equal(finding({ from: 'a@shop.example.com', headers: [['Return-Path', '<b@elsewhere.example.net>']] }, 'return_path_domain_mismatch')?.type, 'return_path_domain_mismatch');
    assert.deepEqual(types({ from: 'billing@shop.example.com', envelopeFrom: '0100018@amazonses.com' }), []);
  });

  it('free-mail senders presenting a brand or an organisation; disposable senders', () => {
    assert.deepEqual(types({ from: 'bb.cartoes2024@gmail.com', name: 'Banco do Brasil' }), ['display_name_brand_mismatch', 'freemail_brand_display_name']);
    assert.match(finding({ from: 'payments.dept@outlook.com', name: 'Billing Department' }, 'freemail_organisation_display_name')?.description ?? '', /billing/);
    assert.deepEqual(types({ from: 'ann.smith@gmail.com', name: 'Ann Smith' }), []);
    assert.match(finding({ from: 'x@mailinator.com' }, 'disposable_sender')?.description ?? '', /mailinator\.com/);
  });

  it('look-alike sender and Reply-To domains', () => {
    const f = finding({ from: 'service@paypa1.com', name: 'Service' }, 'sender_lookalike_domain');
    assert.match(f?.description ?? '', /paypa1\.com imitates PayPal/);
    assert.ok((f?.points.phishing ?? 0) >= 25);
    assert.ok(finding({ from: 'a@shop.example.com', replyTo: ['help@xn--pypal-4ve.com'] }, 'reply_to_lookalike_domain'));
  });

  it('From without an address, with the address hidden in a later entry, or with several addresses', () => {
    assert.ok(finding({ from: null }, 'from_missing_address'));
    const hiddenAddress = finding({ from: '', name: 'GLS-Benachrichtigung', headers: [['From', 'GLS-Benachrichtigung, <service@stayfriends.example>']] }, 'from_missing_address');
    assert.match(hiddenAddress?.description ?? '', /service@stayfriends\.example hides/);
    assert.ok(finding({ from: 'a@x.example.com', headers: [['From', 'a@x.example.com, b@y.example.com']] }, 'multiple_from_addresses'));
    assert.ok(finding({ from: 'a@x.example.com', headers: [['From', 'a@x.example.com'], ['From', 'b@y.example.com']] }, 'multiple_from_addresses'));
    assert.equal(finding({ from: 'a@x.example.com', headers: [['From', '"Smith, Ann" <a@x.example.com>']] }, 'multiple_from_addresses'), undefined);
  });

  it('a Message-ID from an unrelated domain is weak; big platforms and relays in the chain are expected', () => {
    const f = finding({ from: 'a@shop.example.com', headers: [['Message-ID', '<123@bulkhost.example.net>']] }, 'message_id_domain_mismatch');
    assert.ok(f && (f.points.phishing ?? 0) <= 8);
    assert.deepEqual(types({ from: 'a@shop.example.com', headers: [['Message-ID', '<CAF=abc@mail.gmail.com>']] }), []);
    assert.deepEqual(types({ from: 'a@shop.example.com', headers: [
      ['Message-ID', '<123@lists.example.org>'],
      ['Received', 'from lists.example.org (lists.example.org [198.51.100.7]) by mx.shop.example.com with ESMTPS id 1; Tue, 19 Sep 2023 18:36:00 +0000'],
    ] }), []);
  });
});

describe('the Received chain', () => {
  const chain = (lines: string[], extra: Partial<MessageSpec> = {}) => run({ from: 'a@shop.example.com', headers: lines.map((l) => ['Received', l] as [string, string]), ...extra });

  it('finds the origin IP (oldest public client address) as an IOC, with the SMTP client', () => {
    const r = chain([
      'from mx.example.net (mx.example.net [198.51.100.20]) by mail.example.org (Postfix) with ESMTPS id A; Tue, 19 Sep 2023 18:36:10 +0000',
      'from relay.shop.example.com (relay.shop.example.com [45.42.160.27]) by mx.example.net with ESMTP id B; Tue, 19 Sep 2023 18:36:00 +0000',
      'from [192.168.1.20] (unknown [10.0.0.5]) by relay.shop.example.com with ESMTPSA id C; Tue, 19 Sep 2023 18:35:50 +0000',
    ], { clientIp: '198.51.100.99' });
    assert.deepEqual(r.iocs.ips, ['45.42.160.27', '198.51.100.99']);
    assert.deepEqual(r.findings, []);
  });

  it('a HELO that is an address literal (session or unauthenticated first relay), or not a domain', () => {
    assert.match(finding({ from: 'a@shop.example.com', helo: '[45.42.160.27]' }, 'received_helo_ip_literal')?.description ?? '', /\[45\.42\.160\.27\]/);
    const bot = chain(['from [102.69.139.111] (port=52874 helo=[192.168.88.181]) by host4.example.net with esmtp (Exim 4.96); Tue, 19 Sep 2023 18:35:49 +0000']);
    assert.ok(bot.findings.some((f) => f.type === 'received_helo_ip_literal'));
    const user = chain(['from User (unknown [147.78.103.9]) by mail.example.net (Postfix) with SMTP id 6E0; Wed, 2 Aug 2023 10:00:00 +0000']);
    assert.match(user.findings.find((f) => f.type === 'received_helo_mismatch')?.description ?? '', /"user", which is not a domain name/);
    const mismatch = chain(['from mail.bank.example.com (host-45.isp.example.net [45.42.160.27]) by mx.example.org with ESMTP id 1; Wed, 2 Aug 2023 10:00:00 +0000']);
    assert.ok(mismatch.findings.some((f) => f.type === 'received_helo_mismatch'));
  });

  it('many hops, long delays, timestamps running backwards and impossible addresses', () => {
    const line = (n: number, time: string) => `from h${n}.example.net (h${n}.example.net [198.51.100.${n}]) by h${n + 1}.example.net with ESMTP id ${n}; ${time}`;
    const many = chain(Array.from({ length: 16 }, (_, i) => line(16 - i, 'Tue, 19 Sep 2023 18:35:00 +0000')));
    assert.match(many.findings.find((f) => f.type === 'received_many_hops')?.description ?? '', /16 relays/);
    const delayed = chain([line(2, 'Wed, 20 Sep 2023 20:00:00 +0000'), line(1, 'Tue, 19 Sep 2023 08:00:00 +0000')]);
    assert.match(delayed.findings.find((f) => f.type === 'received_delay')?.description ?? '', /36 hours/);
    const backwards = chain([line(2, 'Tue, 19 Sep 2023 08:00:00 +0000'), line(1, 'Tue, 19 Sep 2023 18:00:00 +0000')]);
    assert.match(backwards.findings.find((f) => f.type === 'received_forged')?.description ?? '', /backwards by about 10 hours/);
    const impossible = chain(['from a.example.net (a.example.net [300.1.2.3]) by b.example.net with ESMTP id 1; Tue, 19 Sep 2023 08:00:00 +0000']);
    assert.match(impossible.findings.find((f) => f.type === 'received_forged')?.description ?? '', /impossible IP address 300\.1\.2\.3/);
  });
});

describe('ordinary mail stays quiet', () => {
  it('a GitHub notification', () => {
    const r = run({
      from: 'notifications@github.com', name: 'Alice Example', replyTo: ['reply+AAAA@reply.github.com'],
      headers: [['Message-ID', '<org/repo/pull/12/c1@github.com>'], ['Return-Path', '<noreply@github.com>']],
    });
    assert.deepEqual(r.findings, []);
    assert.equal(r.senderDomain, 'github.com');
    assert.equal(r.organisationalDomain, 'github.com');
  });

  it('a mailing-list post: only the weak Return-Path note', () => {
    const r = run({
      from: 'ann.smith@gmail.com', name: 'Ann Smith', headers: [
        ['Return-Path', '<users-bounces+me=example.org@lists.example.org>'], ['Message-ID', '<CAF=x@mail.gmail.com>'],
        ['List-Id', 'Users <users.lists.example.org>'], ['To', 'users@lists.example.org'],
        ['Authentication-Results', 'mx.example.org; dkim=fail; spf=fail; dmarc=fail'],
      ],
    });
    assert.deepEqual(r.findings.map((f) => f.type), ['return_path_domain_mismatch']);
  });

  it('a receipt from amazon.com sent through Amazon SES', () => {
    const r = run({ from: 'auto-confirm@amazon.com', name: 'Amazon.com', headers: [['Return-Path', '<0100018a@email.amazonses.com>'], ['Message-ID', '<0100018a@email.amazonses.com>']] });
    assert.deepEqual(r.findings, []);
  });

  it('a newsletter from a brand’s marketing subdomain through SendGrid', () => {
    const r = run({ from: 'news@email.netflix.com', name: 'Netflix', headers: [['Return-Path', '<bounces+1@em123.sendgrid.net>'], ['Message-ID', '<abc@geopod-ismtpd-1>']] });
    assert.deepEqual(r.findings, []);
  });
});

describe('hostile headers', () => {
  it('finishes quickly on huge display names, address lists and Received lines', () => {
    const started = performance.now();
    const marks = 'A' + '\u073F'.repeat(30_000) + ' x';
    const words = 'a'.repeat(30_000);
    run({ from: 'a@shop.example.com', name: marks, headers: [['To', words], ['From', words], ['Received', `from ${words} by ${words}; ${words}`]] });
    run({ from: '', name: words, headers: [['From', `${words}, ${'b.'.repeat(10_000)}@x`], ['Message-ID', `<${words}@${'c.'.repeat(10_000)}com>`]] });
    assert.ok(lookalikeBrand(`${'paypal'.repeat(2_000)}.com`) !== undefined);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 1_000, `took ${elapsed} ms`);
  });
});
