/**
 * Bounce classification (enhanced status codes and SMTP replies) and the DSN parser, on DSNs shaped
 * like Postfix's, Exchange's and Gmail's (test/warmup/fixtures) and on broken ones.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { classifyBounce, enhancedCodeIn, parseDsn } from '../../src/warmup/bounces/index.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

describe('classifyBounce', () => {
  const cases: Array<[string, string, 'hard' | 'soft', string]> = [
    ['Postfix unknown user', '550 5.1.1 <nobody@beta.test>: Recipient address rejected: User unknown in virtual mailbox table', 'hard', 'unknown_user'],
    ['Gmail unknown user', "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address", 'hard', 'unknown_user'],
    ['Exchange RecipientNotFound (5.1.10)', '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup', 'hard', 'unknown_user'],
    ['disabled account', '550 5.2.1 The email account that you tried to reach is disabled', 'hard', 'unknown_user'],
    ['mailbox full, permanent code: soft by decision', '552 5.2.2 <dana@example.com>: Mailbox full', 'soft', 'mailbox_full'],
    ['mailbox full, transient', '452 4.2.2 The email account that you tried to reach is over quota', 'soft', 'mailbox_full'],
    ['blocklisted client', '554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org', 'hard', 'spam_block'],
    ['content filter', '550 5.7.1 Message rejected as spam by Content Filtering', 'hard', 'spam_block'],
    ['Gmail rate of unsolicited mail', '421-4.7.0 [203.0.113.5] Our system has detected an unusual rate of unsolicited mail originating from your IP address', 'soft', 'spam_block'],
    ['DMARC/authentication policy', '550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.', 'hard', 'policy'],
    ['relaying denied', '554 5.7.1 <x@example.net>: Relay access denied', 'hard', 'policy'],
    ['message too big', '552 5.3.4 Message size exceeds fixed limit', 'hard', 'policy'],
    ['host unknown', '550 5.1.2 Host unknown (Name server: example.invalid: host not found)', 'hard', 'dns'],
    ['unable to route', '554 5.4.4 Unable to route: no MX and no A record', 'hard', 'dns'],
    ['null MX (RFC 7505)', '556 5.1.10 Recipient address has null MX', 'hard', 'dns'],
    ['transient DNS failure', '451 4.4.3 Temporary lookup failure', 'soft', 'dns'],
    ['no enhanced code, unknown mailbox wording', '550 Requested action not taken: mailbox unavailable', 'hard', 'unknown_user'],
    ['no enhanced code, anything else', '554 Transaction failed', 'hard', 'other'],
    ['transient, anything else', '450 4.3.2 Service currently unavailable', 'soft', 'other'],
  ];
  for (const [name, text, type, category] of cases) {
    it(name, () => {
      const result = classifyBounce({ text });
      assert.equal(result.type, type, text);
      assert.equal(result.category, category, text);
    });
  }

  it('takes the status from its own field and keeps only the code', () => {
    assert.deepEqual(classifyBounce({ status: '5.0.0 (permanent failure)', text: 'smtp; 550 blocked: listed at bl.spamcop.net' }), { type: 'hard', category: 'spam_block', status: '5.0.0' });
    assert.deepEqual(classifyBounce({ status: '4.2.2', text: null }), { type: 'soft', category: 'mailbox_full', status: '4.2.2' });
    assert.deepEqual(classifyBounce({ code: 421, text: 'Too many connections' }), { type: 'soft', category: 'other', status: null });
  });

  it('does not read IP addresses or version numbers as status codes', () => {
    assert.equal(enhancedCodeIn('550 rejected [127.0.0.2] by policy'), null);
    assert.equal(enhancedCodeIn('client 2.0.0.1 refused'), null);
    assert.equal(enhancedCodeIn('550-5.7.1 [10.2.3.4] blocked'), '5.7.1');
    assert.equal(enhancedCodeIn('status 5.1.10.'), '5.1.10');
  });
});

describe('parseDsn', () => {
  it('reads a Postfix DSN: recipient, status, diagnostic, the original Message-ID and token', () => {
    const dsn = parseDsn(fixture('dsn-postfix.eml'));
    assert.ok(dsn);
    assert.equal(dsn.finalRecipient, 'nobody@beta.test');
    assert.equal(dsn.action, 'failed');
    assert.equal(dsn.status, '5.1.1');
    assert.equal(dsn.diagnostic, '550 5.1.1 <nobody@beta.test>: Recipient address rejected: User unknown in virtual mailbox table');
    assert.equal(dsn.originalMessageId, '<0b6f7c1e-8a52-4d1b-9c3e-5f2a1d7e9b40@alpha.test>');
    assert.equal(dsn.originalToken, 'wt_8Kq2mZ4rT9vLx1Pn');
    assert.equal(dsn.reportingMta, 'mx.harness.test');
    assert.deepEqual(dsn.bounce, { type: 'hard', category: 'unknown_user', status: '5.1.1' });
  });

  it('reads the same DSN with CRLF line ends', () => {
    const dsn = parseDsn(Buffer.from(fixture('dsn-postfix.eml').toString('latin1').replace(/\n/g, '\r\n'), 'latin1'));
    assert.equal(dsn?.originalMessageId, '<0b6f7c1e-8a52-4d1b-9c3e-5f2a1d7e9b40@alpha.test>');
    assert.equal(dsn?.status, '5.1.1');
    assert.equal(dsn?.bounce?.category, 'unknown_user');
  });

  it('reads an Exchange NDR (nested alternative part, text/rfc822-headers original)', () => {
    const dsn = parseDsn(fixture('dsn-exchange.eml'));
    assert.ok(dsn);
    assert.equal(dsn.finalRecipient, 'tom.osei@contoso.example');
    assert.equal(dsn.status, '5.1.10');
    assert.match(dsn.diagnostic ?? '', /^550 5\.1\.10 RESOLVER\.ADR\.RecipientNotFound/);
    assert.equal(dsn.originalMessageId, '<wu-exchange-7d41@fabrikam.example>');
    assert.equal(dsn.originalToken, 'wt_Ex7Ab3Cd9Ef1Gh2J');
    assert.deepEqual(dsn.bounce, { type: 'hard', category: 'unknown_user', status: '5.1.10' });
  });

  it('reads a Gmail DSN (folded diagnostic, spam block)', () => {
    const dsn = parseDsn(fixture('dsn-gmail.eml'));
    assert.ok(dsn);
    assert.equal(dsn.finalRecipient, 'someone.else@gmail.com');
    assert.equal(dsn.status, '5.7.1');
    assert.match(dsn.diagnostic ?? '', /^550-5\.7\.1 \[203\.0\.113\.5\] Our system has detected that this message is likely unsolicited mail\./);
    assert.equal(dsn.originalMessageId, '<wu-gmail-93c2@northwind.example>');
    assert.equal(dsn.originalToken, 'wt_Gm4iL5Bo6Un7Ce8D');
    assert.deepEqual(dsn.bounce, { type: 'hard', category: 'spam_block', status: '5.7.1' });
  });

  it('falls back to X-Original-Message-ID when the original is not attached', () => {
    const raw = fixture('dsn-gmail.eml').toString('latin1');
    const withoutOriginal = raw.slice(0, raw.indexOf('--000000000000a1b2c3d4e5f6\nContent-Type: message/rfc822')) + '--000000000000a1b2c3d4e5f6--\n';
    const dsn = parseDsn(Buffer.from(withoutOriginal, 'latin1'));
    assert.equal(dsn?.originalMessageId, '<wu-gmail-93c2@northwind.example>');
    assert.equal(dsn?.originalToken, null);
  });

  it('reads a base64-encoded delivery-status part and reports a delay without a bounce', () => {
    const status = Buffer.from('Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; late@example.net\nAction: delayed\nStatus: 4.4.1\nDiagnostic-Code: smtp; 421 4.4.1 Connection timed out\n').toString('base64');
    const raw = [
      'Content-Type: multipart/report; report-type=delivery-status; boundary=XyZ',
      '',
      '--XyZ',
      'Content-Type: text/plain',
      '',
      'Delayed.',
      '--XyZ',
      'Content-Type: message/delivery-status',
      'Content-Transfer-Encoding: base64',
      '',
      status.replace(/(.{60})/g, '$1\n'),
      '--XyZ',
      'Content-Type: text/rfc822-headers',
      '',
      'Message-ID: late-1@example.org',
      '--XyZ--',
    ].join('\n');
    const dsn = parseDsn(Buffer.from(raw));
    assert.ok(dsn);
    assert.equal(dsn.action, 'delayed');
    assert.equal(dsn.status, '4.4.1');
    assert.equal(dsn.bounce, null);
    assert.equal(dsn.originalMessageId, '<late-1@example.org>');
  });

  it('prefers the failed recipient of a multi-recipient report', () => {
    const raw = [
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.net',
      '',
      'Final-Recipient: rfc822; ok@example.net',
      'Action: delivered',
      'Status: 2.0.0',
      '',
      'Final-Recipient: rfc822; full@example.net',
      'Action: failed',
      'Status: 5.2.2',
      'Diagnostic-Code: smtp; 552 5.2.2 Mailbox full',
      '--b--',
    ].join('\r\n');
    const dsn = parseDsn(Buffer.from(raw));
    assert.equal(dsn?.recipients.length, 2);
    assert.equal(dsn?.finalRecipient, 'full@example.net');
    assert.deepEqual(dsn?.bounce, { type: 'soft', category: 'mailbox_full', status: '5.2.2' });
    assert.equal(dsn?.originalMessageId, null);
  });

  it('returns null, without throwing, for anything that is not a readable DSN', () => {
    const postfix = fixture('dsn-postfix.eml');
    const inputs: Array<[string, Buffer]> = [
      ['empty', Buffer.alloc(0)],
      ['plain message', Buffer.from('From: a@example.com\nSubject: hello\n\nJust text.\n')],
      ['report without a delivery-status part', Buffer.from('Content-Type: multipart/report; boundary=q\n\n--q\nContent-Type: text/plain\n\nhi\n--q--\n')],
      ['delivery-status without recipient blocks', Buffer.from('Content-Type: multipart/report; boundary=q\n\n--q\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; x\n--q--\n')],
      ['multipart without a boundary', Buffer.from('Content-Type: multipart/report\n\nFinal-Recipient: rfc822; a@b\nAction: failed\n')],
      ['truncated in the headers', postfix.subarray(0, 300)],
      ['random bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
    ];
    for (const [name, raw] of inputs) assert.equal(parseDsn(raw), null, name);
  });

  it('keeps what it can of a DSN cut off after the status part', () => {
    const raw = fixture('dsn-postfix.eml').toString('latin1');
    const cut = raw.slice(0, raw.indexOf('Content-Description: Undelivered Message'));
    const dsn = parseDsn(Buffer.from(cut, 'latin1'));
    assert.equal(dsn?.status, '5.1.1');
    assert.equal(dsn?.originalMessageId, null);
  });
});
