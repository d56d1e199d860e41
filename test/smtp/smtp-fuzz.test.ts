/**
 * Hostile mail through the real SMTP path: each malformed message is stored (with parse warnings) or
 * refused with an SMTP code — never a crash — and the server keeps serving afterwards. Also sends a
 * sample of the labelled phishing corpus (`../shared/corpus/phishing`; skipped when it is absent).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InboundSmtpServer } from '../../src/smtp/smtp.server.ts';
import { loadOrCreateCertificate } from '../../src/smtp/tls.ts';
import { bearer, createTestApp, type TestApp } from '../support/app.ts';
import { dataLines, openSmtpDialog } from '../support/smtp-dialog.ts';
import { lines, message } from '../fixtures/mime/generate.ts';
import { HOSTILE } from '../fixtures/mime/hostile.ts';

const DOMAIN = 'fuzz.example.test';
const CORPUS = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'phishing');
const CORPUS_SAMPLE = 150;


describe('inbound SMTP on hostile input', () => {
  let t: TestApp;
  let smtp: InboundSmtpServer;
  let port: number;
  let key: string;
  let address: string;

  before(async () => {
    t = await createTestApp({ env: { HONEYPOT_DOMAINS: DOMAIN } });
    const user = await t.createUser('pro');
    key = await t.createKey(user.id, ['read', 'write']);
    address = `fuzz@${DOMAIN}`;
    const res = await t.app.inject({ method: 'POST', url: '/v1/honeypots', headers: bearer(key), payload: { email_address: address } });
    assert.equal(res.statusCode, 201);
    const tls = await loadOrCreateCertificate({ certFile: undefined, keyFile: undefined, hostname: 'mx.test', dataDir: t.testDb.dataDir }, t.logger);
    smtp = new InboundSmtpServer(
      { host: '127.0.0.1', port: 0, hostname: 'mx.test', maxMessageBytes: 25 * 1024 * 1024, maxConnections: 50, maxConnectionsPerIp: 20, maxRecipients: 10, tls },
      { findHoneypot: (a) => t.services.honeypots.findForDelivery(a), ingest: t.services.ingest, logger: t.logger },
    );
    port = await smtp.listen();
  });
  after(async () => {
    await smtp.close();
    await t.close();
  });

  /** Sends one message; returns the final reply. */
  async function send(raw: Buffer): Promise<string> {
    const dialog = await openSmtpDialog(port);
    try {
      await dialog.send('EHLO fuzzer.test');
      assert.match(await dialog.send('MAIL FROM:<fuzzer@origin.test>'), /^250/);
      assert.match(await dialog.send(`RCPT TO:<${address}>`), /^250/);
      assert.match(await dialog.send('DATA'), /^354/);
      dialog.write(dataLines(raw));
      return await dialog.reply();
    } finally {
      dialog.close();
    }
  }

  /** The stored email once the worker's analysis job (which parses the body) has run. */
  async function detail(reply: string) {
    const id = /stored as (email_[0-9a-z]+)/.exec(reply)![1]!;
    await t.services.analysis.drain();
    const res = await t.app.inject({ method: 'GET', url: `/v1/emails/${id}`, headers: bearer(key) });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().data;
  }

  for (const testCase of HOSTILE) {
    it(`stores ${testCase.name} with ${testCase.warning ?? 'no'} warning and keeps serving`, async () => {
      const reply = await send(testCase.raw());
      // Malformed mail is evidence: it is stored with warnings, never refused for being malformed.
      assert.match(reply, /^250 /, `stored, not refused or dropped: ${reply.slice(0, 80)}`);
      const email = await detail(reply);
      const codes = (email.parse_warnings as Array<{ code: string }>).map((w) => w.code);
      if (testCase.warning === undefined) assert.deepEqual(codes, []);
      else assert.ok(codes.includes(testCase.warning), `expected ${testCase.warning}, got ${codes.join(', ')}`);
      // The server still serves a normal message.
      assert.match(await send(message([], lines('a normal message'))), /^250 /);
    });
  }

  it('serves the renamed zip as application/zip, with safe download headers', async () => {
    const zipped = HOSTILE.find((c) => c.name.includes('zip'))!;
    const email = await detail(await send(zipped.raw()));
    const attachment = email.attachments.find((a: { filename: string }) => a.filename === 'invoice.pdf');
    assert.equal(attachment.content_type, 'application/zip');
    const download = await t.app.inject({ method: 'GET', url: `/v1/emails/${email.id}/attachments/${attachment.id}`, headers: bearer(key) });
    assert.equal(download.headers['content-type'], 'application/zip');
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    assert.match(String(download.headers['content-disposition']), /^attachment;/);
  });

  it(`stores a sample of ${CORPUS_SAMPLE} real phishing messages from the corpus`, { skip: fs.existsSync(CORPUS) ? false : `corpus not found at ${CORPUS}` }, async () => {
    const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.eml')).sort().slice(0, CORPUS_SAMPLE);
    let stored = 0;
    for (const file of files) {
      const reply = await send(fs.readFileSync(path.join(CORPUS, file)));
      assert.match(reply, /^250 /, `${file} is stored`);
      stored++;
    }
    assert.equal(stored, files.length);
  });
});
