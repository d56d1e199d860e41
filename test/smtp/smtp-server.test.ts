/**
 * The inbound SMTP server with a real client on loopback: recipient checks, size limits, connection
 * limits, STARTTLS, and "250 only after commit" (a failure before the commit is a 451 and stores nothing).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import { InboundSmtpServer } from '../../src/smtp/smtp.server.ts';
import { loadOrCreateCertificate } from '../../src/smtp/tls.ts';
import { bearer, createTestApp, type TestApp } from '../support/app.ts';
import { openSmtpDialog } from '../support/smtp-dialog.ts';

const DOMAIN = 'trap.example.test';
const MAX_BYTES = 64 * 1024;

describe('inbound SMTP server', () => {
  let t: TestApp;
  let smtp: InboundSmtpServer;
  let port: number;
  let key: string;
  let otherKey: string;

  async function honeypot(apiKey: string, local: string, status = 'active'): Promise<{ id: string; address: string }> {
    const address = `${local}-${Date.now()}@${DOMAIN}`;
    const res = await t.app.inject({ method: 'POST', url: '/v1/honeypots', headers: bearer(apiKey), payload: { email_address: address, status } });
    assert.equal(res.statusCode, 201, res.body);
    return { id: res.json().data.id, address };
  }

  async function emailsOf(apiKey: string, query = '') {
    const res = await t.app.inject({ method: 'GET', url: `/v1/emails?limit=100${query}`, headers: bearer(apiKey) });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { data: Array<Record<string, unknown>>; pagination: { total: number } };
  }

  before(async () => {
    t = await createTestApp({ env: { HONEYPOT_DOMAINS: DOMAIN } });
    const user = await t.createUser('pro');
    key = await t.createKey(user.id, ['read', 'write']);
    const other = await t.createUser('pro');
    otherKey = await t.createKey(other.id, ['read', 'write']);
    const tls = await loadOrCreateCertificate({ certFile: undefined, keyFile: undefined, hostname: 'mx.test', dataDir: t.testDb.dataDir }, t.logger);
    smtp = new InboundSmtpServer(
      { host: '127.0.0.1', port: 0, hostname: 'mx.test', maxMessageBytes: MAX_BYTES, maxConnections: 50, maxConnectionsPerIp: 5, maxRecipients: 3, tls },
      { findHoneypot: (address) => t.services.honeypots.findForDelivery(address), ingest: t.services.ingest, logger: t.logger },
    );
    port = await smtp.listen();
  });
  after(async () => {
    await smtp.close();
    await t.close();
  });

  it('stores a message sent with Nodemailer over STARTTLS, with its attachment, and shows it in GET /v1/emails', async () => {
    const trap = await honeypot(key, 'inbox');
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, requireTLS: true, tls: { rejectUnauthorized: false } });
    const info = await transport.sendMail({
      from: 'Phisher <bad@evil.example>',
      to: trap.address,
      subject: 'Your invoice is overdue',
      text: 'Open the attachment.',
      attachments: [{ filename: 'invoice.txt', content: 'pay now' }],
    });
    transport.close();
    assert.match(info.response, /^250 .*stored as email_/);
    // The worker's analysis job parses the body and attachments of what SMTP committed.
    await t.services.analysis.drain();

    const listed = await emailsOf(key, `&honeypot_id=${trap.id}`);
    assert.equal(listed.pagination.total, 1);
    const email = listed.data[0]!;
    assert.equal(email.subject, 'Your invoice is overdue');
    assert.equal(email.attachment_count, 1);
    const detail = (await t.app.inject({ method: 'GET', url: `/v1/emails/${String(email.id)}`, headers: bearer(key) })).json().data;
    assert.equal(detail.smtp.tls, true);
    assert.equal(detail.smtp.ip_address, '127.0.0.1');
    const attachments = (await t.app.inject({ method: 'GET', url: `/v1/emails/${String(email.id)}/attachments`, headers: bearer(key) })).json().data;
    const download = await t.app.inject({ method: 'GET', url: `/v1/emails/${String(email.id)}/attachments/${attachments[0].id}`, headers: bearer(key) });
    assert.equal(download.statusCode, 200);
    assert.equal(download.body, 'pay now');
  });

  it('answers RCPT TO with 250 for active, 450 for pending and 550 for inactive or unknown addresses', async () => {
    const active = await honeypot(key, 'active');
    const pending = await honeypot(key, 'pending', 'pending');
    const inactive = await honeypot(key, 'inactive', 'inactive');
    const dialog = await openSmtpDialog(port);
    try {
      assert.match(dialog.greeting, /^220 mx\.test/);
      const ehlo = await dialog.send('EHLO client.test');
      assert.match(ehlo, new RegExp(`SIZE ${MAX_BYTES}`));
      assert.match(ehlo, /STARTTLS/);
      assert.match(await dialog.send('MAIL FROM:<x@sender.test>'), /^250/);
      assert.match(await dialog.send(`RCPT TO:<${active.address.toUpperCase()}>`), /^250/);
      assert.match(await dialog.send(`RCPT TO:<${pending.address}>`), /^450 4\.2\.1/);
      assert.match(await dialog.send(`RCPT TO:<${inactive.address}>`), /^550/);
      assert.match(await dialog.send(`RCPT TO:<nobody@${DOMAIN}>`), /^550 5\.1\.1/);
      assert.match(await dialog.send('RCPT TO:<someone@elsewhere.test>'), /^550/);
    } finally {
      dialog.close();
    }
  });

  it('delivers one message to honeypots of two accounts as one email each, kept apart', async () => {
    const mine = await honeypot(key, 'shared-a');
    const theirs = await honeypot(otherKey, 'shared-b');
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'x@sender.test', to: [mine.address, theirs.address], subject: 'two accounts', text: 'hi' });
    transport.close();
    const a = await emailsOf(key, `&honeypot_id=${mine.id}`);
    const b = await emailsOf(otherKey, `&honeypot_id=${theirs.id}`);
    assert.equal(a.pagination.total, 1);
    assert.equal(b.pagination.total, 1);
    assert.notEqual(a.data[0]!.id, b.data[0]!.id);
    assert.equal((await emailsOf(key, `&honeypot_id=${theirs.id}`)).pagination.total, 0);
  });

  it('limits recipients per message (452)', async () => {
    const traps = [];
    for (let i = 0; i < 4; i++) traps.push(await honeypot(key, `many${i}`));
    const dialog = await openSmtpDialog(port);
    try {
      await dialog.send('EHLO client.test');
      await dialog.send('MAIL FROM:<x@sender.test>');
      for (const trap of traps.slice(0, 3)) assert.match(await dialog.send(`RCPT TO:<${trap.address}>`), /^250/);
      assert.match(await dialog.send(`RCPT TO:<${traps[3]!.address}>`), /^452 4\.5\.3/);
    } finally {
      dialog.close();
    }
  });

  it('refuses messages over the size limit, declared (MAIL FROM SIZE=) or streamed, and stores nothing', async () => {
    const trap = await honeypot(key, 'big');
    const dialog = await openSmtpDialog(port);
    try {
      await dialog.send('EHLO client.test');
      assert.match(await dialog.send(`MAIL FROM:<x@sender.test> SIZE=${MAX_BYTES + 1}`), /^552/);
      assert.match(await dialog.send('MAIL FROM:<x@sender.test>'), /^250/);
      assert.match(await dialog.send(`RCPT TO:<${trap.address}>`), /^250/);
      assert.match(await dialog.send('DATA'), /^354/);
      const line = `${'x'.repeat(998)}\r\n`;
      dialog.write(`Subject: too big\r\n\r\n${line.repeat(Math.ceil((MAX_BYTES * 1.5) / line.length))}.\r\n`);
      assert.match(await dialog.reply(), /^552/);
    } finally {
      dialog.close();
    }
    assert.equal((await emailsOf(key, `&honeypot_id=${trap.id}`)).pagination.total, 0);
  });

  it('answers 451 and stores nothing when the commit fails (honeypot deleted between RCPT TO and DATA)', async () => {
    const trap = await honeypot(key, 'vanishing');
    const dialog = await openSmtpDialog(port);
    try {
      await dialog.send('EHLO client.test');
      await dialog.send('MAIL FROM:<x@sender.test>');
      assert.match(await dialog.send(`RCPT TO:<${trap.address}>`), /^250/);
      const deleted = await t.app.inject({ method: 'DELETE', url: `/v1/honeypots/${trap.id}`, headers: bearer(key) });
      assert.equal(deleted.statusCode, 200);
      assert.match(await dialog.send('DATA'), /^354/);
      dialog.write('Subject: lost\r\n\r\nbody\r\n.\r\n');
      assert.match(await dialog.reply(), /^451 4\.3\.0/);
    } finally {
      dialog.close();
    }
    const rows = await t.testDb.db.kysely.selectFrom('emails').select('id').where('honeypot_id', '=', trap.id).execute();
    assert.equal(rows.length, 0);
  });

  it('limits concurrent connections per client IP (421) and frees the slot on close', async () => {
    const open = [];
    for (let i = 0; i < 5; i++) open.push(await openSmtpDialog(port));
    const refused = await openSmtpDialog(port);
    assert.match(refused.greeting, /^421/);
    refused.close();
    open.pop()!.close();
    // The slot is released once the server sees the close: retry until it does.
    let greeting = '';
    for (let attempt = 0; attempt < 50 && !greeting.startsWith('220'); attempt++) {
      const again = await openSmtpDialog(port);
      greeting = again.greeting;
      again.close();
      if (!greeting.startsWith('220')) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.match(greeting, /^220/);
    for (const dialog of open) dialog.close();
  });
});
