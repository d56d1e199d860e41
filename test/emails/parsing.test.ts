/**
 * The MIME parser on ordinary mail: structure, bodies, charsets, transfer encodings, headers,
 * addresses, attachments (hashes, sniffed types, inline images). Pure code: no database.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { DEFAULT_PARSE_LIMITS, parseMessage, resolveLimits } from '../../src/emails/parsing/index.ts';
import { base64Lines, lines, message, PDF_MINIMAL, PNG_1X1 } from '../fixtures/mime/generate.ts';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const codes = (parsed: { warnings: Array<{ code: string }> }): string[] => parsed.warnings.map((w) => w.code);

describe('parseMessage on ordinary mail', () => {
  it('splits multipart/alternative into the text and HTML bodies', async () => {
    const parsed = await parseMessage(message(['Content-Type: multipart/alternative; boundary="alt"'], lines(
      '--alt', 'Content-Type: text/plain; charset=utf-8', '', 'Plain version', '--alt',
      'Content-Type: text/html; charset=utf-8', '', '<p>HTML version</p>', '--alt--',
    )));
    assert.equal(parsed.text, 'Plain version');
    assert.equal(parsed.html, '<p>HTML version</p>');
    assert.deepEqual(parsed.attachments, []);
    assert.deepEqual(parsed.warnings, []);
  });

  it('returns attachments with their decoded bytes, size, SHA-256 and sniffed type', async () => {
    const parsed = await parseMessage(message(['Content-Type: multipart/mixed; boundary="mix"'], lines(
      '--mix', 'Content-Type: text/plain', '', 'See attached.', '--mix',
      'Content-Type: application/octet-stream; name="report.pdf"', 'Content-Disposition: attachment; filename="report.pdf"',
      'Content-Transfer-Encoding: base64', '', base64Lines(PDF_MINIMAL), '--mix--',
    )));
    assert.equal(parsed.text, 'See attached.');
    assert.equal(parsed.attachments.length, 1);
    const [pdf] = parsed.attachments;
    assert.ok(pdf);
    assert.equal(pdf.filename, 'report.pdf');
    assert.equal(pdf.declaredContentType, 'application/octet-stream');
    assert.equal(pdf.sniffedContentType, 'application/pdf');
    assert.equal(pdf.disposition, 'attachment');
    assert.equal(pdf.partId, '2');
    assert.deepEqual(pdf.content, PDF_MINIMAL);
    assert.equal(pdf.size, PDF_MINIMAL.length);
    assert.equal(pdf.sha256, sha256(PDF_MINIMAL));
    assert.deepEqual(parsed.warnings, []);
  });

  it('marks an image referenced by Content-ID in multipart/related as inline', async () => {
    const parsed = await parseMessage(message(['Content-Type: multipart/related; boundary="rel"'], lines(
      '--rel', 'Content-Type: text/html; charset=utf-8', '', '<img src="cid:logo@example.com">', '--rel',
      'Content-Type: image/png', 'Content-ID: <logo@example.com>', 'Content-Disposition: inline; filename="logo.png"',
      'Content-Transfer-Encoding: base64', '', base64Lines(PNG_1X1), '--rel--',
    )));
    assert.equal(parsed.html, '<img src="cid:logo@example.com">');
    const [logo] = parsed.attachments;
    assert.ok(logo);
    assert.equal(logo.disposition, 'inline');
    assert.equal(logo.contentId, 'logo@example.com');
    assert.equal(logo.sniffedContentType, 'image/png');
    assert.equal(logo.sha256, sha256(PNG_1X1));
  });

  it('treats a Content-ID image in multipart/related without a disposition as inline', async () => {
    const parsed = await parseMessage(message(['Content-Type: multipart/related; boundary="rel"'], lines(
      '--rel', 'Content-Type: text/html', '', '<img src="cid:a1">', '--rel',
      'Content-Type: image/png', 'Content-ID: <a1>', 'Content-Transfer-Encoding: base64', '', base64Lines(PNG_1X1), '--rel--',
    )));
    assert.equal(parsed.attachments[0]?.disposition, 'inline');
    assert.equal(parsed.attachments[0]?.filename, null);
  });

  it('decodes encoded-word subjects, names and header values (B and Q, several charsets)', async () => {
    const parsed = await parseMessage(Buffer.from(lines(
      'From: =?utf-8?B?SsO2cmcgTcO8bGxlcg==?= <jorg@example.com>',
      'To: "Doe, Jane" <jane@example.com>, =?iso-8859-1?Q?Ren=E9?= <rene@example.com>',
      'Subject: =?utf-8?Q?Caf=C3=A9?= =?utf-8?Q?_cr=C3=A8me?= and =?windows-1252?Q?=80uro?=',
      '', 'body',
    ), 'latin1'));
    assert.equal(parsed.subject, 'Café crème and €uro');
    assert.deepEqual(parsed.from, { address: 'jorg@example.com', name: 'Jörg Müller' });
    assert.deepEqual(parsed.to, [{ address: 'jane@example.com', name: 'Doe, Jane' }, { address: 'rene@example.com', name: 'René' }]);
    assert.equal(parsed.headers.find((h) => h.name === 'Subject')?.value, 'Café crème and €uro');
    assert.deepEqual(parsed.warnings, []);
  });

  it('reads raw 8-bit header bytes as UTF-8 when valid, else as Windows-1252', async () => {
    const utf8 = Buffer.from('From: a@example.com\r\nSubject: Grüße aus Köln\r\n\r\nx\r\n', 'utf8');
    assert.equal((await parseMessage(utf8)).subject, 'Grüße aus Köln');
    const latin = Buffer.from('From: a@example.com\r\nSubject: Gr\xfc\xdfe \x80\r\n\r\nx\r\n', 'latin1');
    assert.equal((await parseMessage(latin)).subject, 'Grüße €');
  });

  it('decodes ISO-8859-1, Windows-1252 and UTF-8 bodies', async () => {
    const latin1 = await parseMessage(message(['Content-Type: text/plain; charset=iso-8859-1'], 'Caf\xe9 cr\xe8me'));
    assert.equal(latin1.text, 'Café crème');
    const cp1252 = await parseMessage(message(['Content-Type: text/plain; charset=windows-1252'], '\x93quoted\x94 \x80 \x85'));
    assert.equal(cp1252.text, '“quoted” € …');
    const utf8 = await parseMessage(Buffer.concat([message(['Content-Type: text/plain; charset=utf-8'], ''), Buffer.from('Ünïcödé ✓ 😀\r\n')]));
    assert.equal(utf8.text, 'Ünïcödé ✓ 😀\n');
    for (const parsed of [latin1, cp1252, utf8]) assert.deepEqual(parsed.warnings, []);
  });

  it('decodes quoted-printable, including soft line breaks and multi-byte characters', async () => {
    const parsed = await parseMessage(message(['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'], lines(
      'Gr=C3=BC=C3=9Fe, this line is long and was wrapped by the =',
      'sender=3D soft break. Emoji: =F0=9F=98=80',
    )));
    assert.equal(parsed.text, 'Grüße, this line is long and was wrapped by the sender= soft break. Emoji: 😀\n');
    assert.deepEqual(parsed.warnings, []);
  });

  it('keeps every top-level header in order, unfolded and trimmed', async () => {
    const parsed = await parseMessage(Buffer.from(lines(
      'Received: from a.example by b.example;', '\tTue, 01 Jul 2025 10:52:37 +0200', 'From: a@example.com',
      'X-Custom:   spaced value  ', 'Subject: folded', ' subject', '', 'body',
    )));
    assert.deepEqual(parsed.headers, [
      { name: 'Received', value: 'from a.example by b.example;\tTue, 01 Jul 2025 10:52:37 +0200' },
      { name: 'From', value: 'a@example.com' },
      { name: 'X-Custom', value: 'spaced value' },
      { name: 'Subject', value: 'folded subject' },
    ]);
  });

  it('reads Message-ID, Date (as UTC; a date without zone as UTC) and every address field', async () => {
    const parsed = await parseMessage(Buffer.from(lines(
      'From: Sender <sender@example.com>', 'To: team: one@example.com, two@example.com;', 'Cc: three@example.com',
      'Reply-To: Replies <replies@example.net>', 'Message-ID: <id-42@example.com>', 'Date: Tue, 1 Jul 2025 10:52:37 +0200 (CEST)',
      '', 'x',
    )));
    assert.equal(parsed.messageId, '<id-42@example.com>');
    assert.equal(parsed.date, '2025-07-01T08:52:37.000Z');
    assert.deepEqual(parsed.to.map((a) => a.address), ['one@example.com', 'two@example.com']);
    assert.deepEqual(parsed.cc, [{ address: 'three@example.com', name: '' }]);
    assert.deepEqual(parsed.replyTo, [{ address: 'replies@example.net', name: 'Replies' }]);
    const noZone = await parseMessage(Buffer.from(lines('From: a@example.com', 'Date: 1 Jul 2025 10:52:37', '', 'x')));
    assert.equal(noZone.date, '2025-07-01T10:52:37.000Z');
  });

  it('gives a null date and an invalid_date warning for a Date header that is not a date', async () => {
    const parsed = await parseMessage(Buffer.from(lines('From: a@example.com', 'Date: yesterday-ish', '', 'x')));
    assert.equal(parsed.date, null);
    assert.deepEqual(codes(parsed), ['invalid_date']);
  });

  it('joins the text of several inline text parts and keeps HTML apart (multipart/mixed)', async () => {
    const parsed = await parseMessage(message(['Content-Type: multipart/mixed; boundary="m"'], lines(
      '--m', 'Content-Type: text/plain', '', 'first', '--m', 'Content-Type: text/html', '', '<p>second</p>', '--m',
      'Content-Type: text/plain', '', 'third', '--m--',
    )));
    assert.match(parsed.text ?? '', /^first\n+third$/);
    assert.equal(parsed.html, '<p>second</p>');
  });

  it('has a null text body for an HTML-only message, and null bodies for an attachment-only one', async () => {
    const html = await parseMessage(message(['Content-Type: text/html'], '<p>only</p>'));
    assert.equal(html.text, null);
    assert.equal(html.html, '<p>only</p>');
    const pdf = await parseMessage(message(['Content-Type: application/pdf', 'Content-Transfer-Encoding: base64'], base64Lines(PDF_MINIMAL)));
    assert.equal(pdf.text, null);
    assert.equal(pdf.html, null);
    assert.equal(pdf.attachments[0]?.sha256, sha256(PDF_MINIMAL));
  });

  it('keeps a forwarded message/rfc822 attachment as an attachment, and reads an inline one into the text', async () => {
    const forwarded = lines('From: inner@example.com', 'Subject: inner', '', 'inner text');
    const attached = await parseMessage(message(['Content-Type: multipart/mixed; boundary="o"'], lines(
      '--o', 'Content-Type: text/plain', '', 'outer', '--o', 'Content-Type: message/rfc822; name="fwd.eml"', '', forwarded, '--o--',
    )));
    assert.equal(attached.text, 'outer');
    assert.equal(attached.attachments[0]?.declaredContentType, 'message/rfc822');
    assert.match(attached.attachments[0]?.content.toString() ?? '', /inner text/);
    const inline = await parseMessage(message(['Content-Type: multipart/mixed; boundary="o"'], lines(
      '--o', 'Content-Type: text/plain', '', 'outer', '--o', 'Content-Type: message/rfc822', 'Content-Disposition: inline', '', forwarded, '--o--',
    )));
    assert.match(inline.text ?? '', /outer[\s\S]*inner text/);
    assert.deepEqual(inline.attachments, []);
  });

  it('parses the same from a stream as from a Buffer, and reports the input size', async () => {
    const raw = message(['Content-Type: multipart/alternative; boundary="alt"'], lines(
      '--alt', 'Content-Type: text/plain', '', 'Plain', '--alt', 'Content-Type: text/html', '', '<p>HTML</p>', '--alt--',
    ));
    const fromBuffer = await parseMessage(raw);
    const fromStream = await parseMessage(Readable.from([raw.subarray(0, 100), raw.subarray(100)]));
    assert.deepEqual(fromStream, fromBuffer);
    assert.equal(fromBuffer.size, raw.length);
  });

  it('rejects a limit that is not a positive integer (a programming error, not message content)', async () => {
    assert.throws(() => resolveLimits({ maxParts: 0 }), /maxParts must be a positive integer/);
    await assert.rejects(parseMessage(Buffer.from('x'), { timeoutMs: 1.5 }), TypeError);
    assert.equal(resolveLimits().maxParts, DEFAULT_PARSE_LIMITS.maxParts);
  });
});
