import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeLoginFailure, type FailureContext } from '../../src/mailboxes/verification/hints.ts';
import { foldersByRole } from '../../src/mailboxes/verification/login-probes.ts';
import { isPublicAddress } from '../../src/mailboxes/network-policy.ts';
import { detectProvider } from '../../src/mailboxes/provider.ts';

describe('provider detection', () => {
  const cases: Array<[smtp: string, imap: string, domain: string, mx: string[] | undefined, expected: string]> = [
    ['smtp.gmail.com', 'imap.gmail.com', 'acme.com', undefined, 'gmail'],
    ['smtp.office365.com', 'outlook.office365.com', 'acme.com', undefined, 'outlook'],
    ['smtp-mail.outlook.com', 'outlook.office365.com', 'hotmail.com', undefined, 'outlook'],
    ['smtp.mail.yahoo.com', 'imap.mail.yahoo.com', 'yahoo.com', undefined, 'yahoo'],
    ['smtp.zoho.eu', 'imap.zoho.eu', 'acme.eu', undefined, 'zoho'],
    ['smtp.mail.me.com', 'imap.mail.me.com', 'icloud.com', undefined, 'icloud'],
    ['smtp.fastmail.com', 'imap.fastmail.com', 'acme.com', undefined, 'fastmail'],
    ['smtp.aol.com', 'imap.aol.com', 'aol.com', undefined, 'aol'],
    // Own host names in front, the MX says who runs the mail (Google Workspace, Microsoft 365).
    ['mail.acme.com', 'mail.acme.com', 'acme.com', ['aspmx.l.google.com', 'alt1.aspmx.l.google.com'], 'gmail'],
    ['mail.acme.com', 'mail.acme.com', 'acme.com', ['acme-com.mail.protection.outlook.com'], 'outlook'],
    ['mail.acme.com', 'mail.acme.com', 'acme.com', ['in1-smtp.messagingengine.com'], 'fastmail'],
    // The address's own domain as the last resort.
    ['127.0.0.1', '127.0.0.1', 'gmail.com', undefined, 'gmail'],
    ['mail.acme.com', 'mail.acme.com', 'acme.com', ['mx.acme.com'], 'custom'],
    // A look-alike suffix is not the provider.
    ['smtp.notgmail.com', 'imap.notgmail.com', 'acme.com', undefined, 'custom'],
  ];
  for (const [smtpHost, imapHost, domain, mxHosts, expected] of cases) {
    it(`${smtpHost} / ${domain}${mxHosts ? ` / MX ${mxHosts[0]}` : ''} → ${expected}`, () => {
      assert.equal(detectProvider({ smtpHost, imapHost, domain, mxHosts }), expected);
    });
  }
});

describe('login failure hints (provider answers the harness cannot produce)', () => {
  const context = (provider: FailureContext['provider'], protocol: FailureContext['protocol'] = 'SMTP'): FailureContext => ({
    protocol, host: 'smtp.example.com', port: 587, security: 'starttls', provider, timeoutMs: 15_000,
  });

  it('Gmail: quotes the server and asks for an app password', () => {
    const error = { code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 534, response: '534-5.7.9 Application-specific password required. Learn more at https://support.google.com/mail/?p=InvalidSecondFactor' };
    const text = describeLoginFailure(error, context('gmail'));
    assert.match(text, /^SMTP login to smtp\.example\.com:587 failed: 534-5\.7\.9 Application-specific password required/);
    assert.match(text, /app password/);
  });

  it('Microsoft 365 with SMTP AUTH disabled: says an administrator must enable it', () => {
    const error = { code: 'EAUTH', command: 'AUTH LOGIN', responseCode: 535, response: '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.' };
    assert.match(describeLoginFailure(error, context('outlook')), /administrator must enable it/);
  });

  it('Microsoft IMAP login refused: basic auth disabled, app password or OAuth', () => {
    const error = { authenticationFailed: true, responseText: 'AUTHENTICATE failed.', serverResponseCode: 'AUTHENTICATIONFAILED' };
    const text = describeLoginFailure(error, { ...context('outlook', 'IMAP'), host: 'outlook.office365.com', port: 993, security: 'tls' });
    assert.match(text, /^IMAP login to outlook\.office365\.com:993 failed: AUTHENTICATE failed\./);
    assert.match(text, /disabled password \(basic\) login for IMAP/);
    assert.match(text, /OAuth/);
  });

  it('Yahoo and iCloud: app passwords', () => {
    const error = { code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 535, response: '535 5.7.0 (#AUTH005) Too many bad auth attempts.' };
    assert.match(describeLoginFailure(error, context('yahoo')), /Yahoo needs an app password/);
    assert.match(describeLoginFailure(error, context('icloud')), /app-specific password/);
  });

  it('a server without STARTTLS: never sends the password in clear text', () => {
    const error = { code: 'ETLS', message: 'STARTTLS required but not supported by server' };
    assert.match(describeLoginFailure(error, context('custom')), /does not offer STARTTLS.*465/);
  });
});

describe('IMAP folder roles', () => {
  it('prefers special-use flags and falls back to well-known junk names', () => {
    const entry = (path: string, specialUse?: string) => ({ path, specialUse }) as Parameters<typeof foldersByRole>[0][number];
    assert.deepEqual(foldersByRole([entry('INBOX', '\\Inbox'), entry('[Gmail]/Spam', '\\Junk'), entry('[Gmail]/Sent Mail', '\\Sent')]), {
      inbox: 'INBOX', junk: '[Gmail]/Spam', sent: '[Gmail]/Sent Mail',
    });
    assert.deepEqual(foldersByRole([entry('INBOX'), entry('Bulk Mail')]), { inbox: 'INBOX', junk: 'Bulk Mail' });
  });
});

describe('network policy', () => {
  it('treats loopback, private, link-local, documentation and mapped private addresses as non-public', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.1.1', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1', '198.51.100.42']) {
      assert.equal(isPublicAddress(address), false, address);
    }
    for (const address of ['8.8.8.8', '142.250.1.108', '2a00:1450:4001:80b::2005', '::ffff:8.8.8.8']) {
      assert.equal(isPublicAddress(address), true, address);
    }
  });
});
