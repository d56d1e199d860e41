/**
 * The MIME parser on the worst mail a honeypot receives. Every case must come back as a
 * ParsedMessage (never a throw, never a hang) carrying the fitting warning codes, with whatever
 * could be parsed kept.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { simpleParser } from 'mailparser';
import { parseMessage, type ParsedMessage } from '../../src/emails/parsing/index.ts';
import { BodyDecoder } from '../../src/emails/parsing/body-decoder.ts';
import { StructureScanner } from '../../src/emails/parsing/structure-scanner.ts';
import { resolveLimits } from '../../src/emails/parsing/types.ts';
import { WarningList } from '../../src/emails/parsing/warnings.ts';
import {
  base64Lines, BASIC_HEADERS, flatMultipart, garbage, lines, message, nestedMultipart, windowsExecutable, zipArchive,
} from '../fixtures/mime/generate.ts';

const codes = (parsed: ParsedMessage): string[] => parsed.warnings.map((w) => w.code).sort();
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Every string field of the result, for checks that must hold on all of them. */
function allStrings(parsed: ParsedMessage): string {
  return JSON.stringify({ ...parsed, attachments: parsed.attachments.map((a) => ({ ...a, content: null })) });
}

/** The same bytes as a stream of chunks of `size` bytes (or varied sizes), to test every split point. */
function chunks(raw: Buffer, size: number | 'varied'): Readable {
  const parts: Buffer[] = [];
  for (let at = 0, i = 0; at < raw.length; i++) {
    const n = size === 'varied' ? [1, 2, 3, 5, 64, 997, 4096][i % 7]! : size;
    parts.push(raw.subarray(at, at + n));
    at += n;
  }
  return Readable.from(parts);
}

describe('parseMessage on hostile input', () => {
  it('keeps the parts of a truncated multipart message and says it was cut short', async () => {
    const raw = message(['Content-Type: multipart/mixed; boundary="b"'], lines(
      '--b', 'Content-Type: text/plain', '', 'first part survives', '--b',
      'Content-Type: application/pdf; name="doc.pdf"', 'Content-Transfer-Encoding: base64', '', 'JVBERi0xLjQKJcfs',
    ).slice(0, -2));
    const parsed = await parseMessage(raw);
    assert.equal(parsed.text, 'first part survives');
    assert.equal(parsed.attachments.length, 1);
    assert.equal(parsed.attachments[0]?.sniffedContentType, 'application/pdf');
    assert.deepEqual(codes(parsed), ['truncated_message']);
  });

  it('flags a truncated header block of a part', async () => {
    const parsed = await parseMessage(message(['Content-Type: multipart/mixed; boundary="b"'], '--b\r\nContent-Type: text/pl'));
    assert.ok(codes(parsed).includes('truncated_message'));
  });

  it('flags a multipart without a boundary parameter', async () => {
    const parsed = await parseMessage(message(['Content-Type: multipart/mixed'], lines('--x', 'Content-Type: text/plain', '', 'hi', '--x--')));
    assert.deepEqual(codes(parsed), ['bad_boundary']);
    assert.match(parsed.warnings[0]!.message, /no boundary parameter/);
    assert.equal(parsed.subject, 'Generated test message');
  });

  it('flags a declared boundary that never appears in the body', async () => {
    const parsed = await parseMessage(message(['Content-Type: multipart/mixed; boundary="abc"'], lines('--abd', 'Content-Type: text/plain', '', 'hi', '--abd--')));
    assert.deepEqual(codes(parsed), ['bad_boundary']);
    assert.match(parsed.warnings[0]!.message, /never appears/);
  });

  it('flags an inner multipart that is never closed, and keeps the parts after it', async () => {
    const parsed = await parseMessage(message(['Content-Type: multipart/mixed; boundary="outer"'], lines(
      '--outer', 'Content-Type: multipart/alternative; boundary="inner"', '', '--inner', 'Content-Type: text/plain', '', 'inner text',
      '--outer', 'Content-Type: text/html', '', '<p>after</p>', '--outer--',
    )));
    assert.deepEqual(codes(parsed), ['bad_boundary']);
    assert.match(parsed.warnings[0]!.message, /never closed/);
    assert.equal(parsed.text, 'inner text');
    assert.equal(parsed.html, '<p>after</p>');
  });

  it('flags invalid base64 and keeps what decodes', async () => {
    const parsed = await parseMessage(message(['Content-Type: multipart/mixed; boundary="b"'], lines(
      '--b', 'Content-Type: application/octet-stream; name="x.bin"', 'Content-Transfer-Encoding: base64', '',
      'SGVsbG8g*#!', 'd29ybGQ', '--b--',
    )));
    assert.deepEqual(codes(parsed), ['invalid_base64']);
    assert.match(parsed.warnings[0]!.message, /3 byte\(s\) outside the base64 alphabet.*incomplete last 4-character group/);
    assert.match(parsed.attachments[0]?.content.toString('latin1') ?? '', /^Hello world/);
  });

  it('flags invalid quoted-printable and keeps the text', async () => {
    const parsed = await parseMessage(message(['Content-Type: text/plain', 'Content-Transfer-Encoding: quoted-printable'], lines('Price =ZZ 100 =', 'euros =3D ok=')));
    assert.deepEqual(codes(parsed), ['invalid_quoted_printable']);
    assert.match(parsed.text ?? '', /^Price =ZZ 100 euros = ok/);
  });

  it('flags an unknown Content-Transfer-Encoding and keeps the part as written', async () => {
    const parsed = await parseMessage(message(['Content-Type: text/plain', 'Content-Transfer-Encoding: hexa'], '48656c6c6f'));
    assert.deepEqual(codes(parsed), ['unknown_transfer_encoding']);
    assert.equal(parsed.text, '48656c6c6f');
  });

  it('survives 10,000 nested multiparts: drops the deep parts, keeps shallower later parts', async () => {
    const raw = nestedMultipart(10_000, 'shallow part after the deep nesting');
    // Control: mailparser alone rejects this message outright (mailsplit stops at 1,000 nodes; with
    // that limit raised it overflows the call stack after ~4 s, measured).
    await assert.rejects(simpleParser(raw), /Max allowed child nodes exceeded/);
    const parsed = await parseMessage(raw);
    assert.deepEqual(codes(parsed), ['nesting_too_deep']);
    assert.equal(parsed.text, 'shallow part after the deep nesting');
    assert.equal(parsed.subject, 'Generated test message');
  });

  it('keeps parts down to maxDepth exactly', async () => {
    const parsed = await parseMessage(nestedMultipart(5), { maxDepth: 5 });
    assert.equal(parsed.text, 'deepest text');
    assert.deepEqual(parsed.warnings, []);
    const tooDeep = await parseMessage(nestedMultipart(5), { maxDepth: 4 });
    assert.equal(tooDeep.text, null);
    assert.deepEqual(codes(tooDeep), ['nesting_too_deep']);
  });

  it('survives 10,000 sibling parts: keeps the first maxParts, drops the rest', async () => {
    const parsed = await parseMessage(flatMultipart(10_000));
    assert.deepEqual(codes(parsed), ['too_many_parts']);
    const texts = (parsed.text ?? '').trim().split('\n');
    // 500 parts = the top-level multipart + 499 text parts.
    assert.equal(texts.length, 499);
    assert.equal(texts.at(-1), 'part 498');
  });

  it('cuts a 1 MB header line and keeps the rest of the message', async () => {
    const parsed = await parseMessage(message([`X-Long: ${'a'.repeat(1024 * 1024)}`, 'X-After: still here'], 'the body'));
    assert.deepEqual(codes(parsed), ['header_line_too_long']);
    const long = parsed.headers.find((h) => h.name === 'X-Long');
    assert.ok(long && long.value.length < 32 * 1024 && long.value.length > 30_000);
    assert.equal(parsed.headers.find((h) => h.name === 'X-After')?.value, 'still here');
    assert.equal(parsed.subject, 'Generated test message');
    assert.equal(parsed.text, 'the body');
  });

  it('cuts a 1 MB header line in a part', async () => {
    const parsed = await parseMessage(message(['Content-Type: multipart/mixed; boundary="b"'], lines(
      '--b', `Content-Type: text/plain; x-pad="${'p'.repeat(1024 * 1024)}"`, '', 'part text', '--b--',
    )));
    assert.deepEqual(codes(parsed), ['header_line_too_long']);
    assert.equal(parsed.text, 'part text');
  });

  it('drops header lines past maxHeaderBytes in one block', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `X-Filler-${i}: value`);
    const parsed = await parseMessage(message(many, 'body after huge header'));
    assert.deepEqual(codes(parsed), ['headers_too_large']);
    assert.equal(parsed.text, 'body after huge header');
    assert.ok(parsed.headers.length < 10_000 && parsed.headers.length > 1_000);
  });

  it('replaces NUL bytes in every string with U+FFFD and keeps them in attachments', async () => {
    const binary = Buffer.from([0x00, 0x01, 0x00, 0xff]);
    const raw = message(['Content-Type: multipart/mixed; boundary="b"'], lines(
      '--b', 'Content-Type: text/plain', '', 'te\0xt', '--b', 'Content-Type: application/octet-stream; name="n\0ul.bin"',
      'Content-Transfer-Encoding: base64', '', binary.toString('base64'), '--b--',
    ));
    const withNulHeader = Buffer.concat([Buffer.from('X-Nul: a\0b\r\n'), raw]);
    const parsed = await parseMessage(withNulHeader);
    assert.deepEqual(codes(parsed), ['nul_bytes']);
    assert.equal(parsed.text, 'te\uFFFDxt');
    assert.equal(parsed.headers[0]?.value, 'a\uFFFDb');
    assert.ok(!allStrings(parsed).includes('\\u0000'));
    assert.deepEqual(parsed.attachments[0]?.content, binary);
  });

  it('flags an unknown charset (and UTF-7, which is never decoded) and decodes as UTF-8', async () => {
    const unknown = await parseMessage(message(['Content-Type: text/plain; charset=x-no-such-charset'], 'plain ascii'));
    assert.deepEqual(codes(unknown), ['unknown_charset']);
    assert.equal(unknown.text, 'plain ascii');
    const utf7 = await parseMessage(message(['Content-Type: text/html; charset=utf-7'], '+ADw-script+AD4-'));
    assert.deepEqual(codes(utf7), ['unknown_charset']);
    assert.equal(utf7.html, '+ADw-script+AD4-');
    const header = await parseMessage(Buffer.from(lines('From: a@example.com', 'Subject: =?x-bogus?Q?hi?=', '', 'x')));
    assert.deepEqual(codes(header), ['unknown_charset']);
  });

  it('flags a body whose bytes do not fit its declared charset', async () => {
    const parsed = await parseMessage(message(['Content-Type: text/plain; charset=utf-8'], 'Caf\xe9 in Latin-1'));
    assert.deepEqual(codes(parsed), ['charset_mismatch']);
    assert.equal(parsed.text, 'Caf\uFFFD in Latin-1');
  });

  it('reads garbage bytes as a body without headers', async () => {
    const parsed = await parseMessage(garbage(200_000));
    assert.ok(codes(parsed).includes('no_headers'));
    assert.ok(codes(parsed).includes('missing_from'));
    assert.equal(parsed.from, null);
    assert.ok((parsed.text ?? '').length > 0);
    assert.ok(!allStrings(parsed).includes('\\u0000'));
  });

  it('reads a body without any header as text', async () => {
    const parsed = await parseMessage(Buffer.from('Hello, no headers here\r\nsecond line\r\n'));
    assert.deepEqual(codes(parsed), ['missing_from', 'no_headers']);
    assert.equal(parsed.text, 'Hello, no headers here\nsecond line\n');
  });

  it('reads a part without a header block as text', async () => {
    const parsed = await parseMessage(message(['Content-Type: multipart/mixed; boundary="b"'], lines('--b', 'No headers in this part', '--b--')));
    assert.deepEqual(codes(parsed), ['malformed_header']);
    assert.equal(parsed.text, 'No headers in this part');
  });

  it('returns an empty result for an empty input', async () => {
    const parsed = await parseMessage(Buffer.alloc(0));
    assert.deepEqual(codes(parsed), ['empty_message', 'missing_from']);
    assert.deepEqual(
      { size: parsed.size, headers: parsed.headers, subject: parsed.subject, text: parsed.text, html: parsed.html, attachments: parsed.attachments },
      { size: 0, headers: [], subject: null, text: null, html: null, attachments: [] },
    );
  });

  it('sniffs a zip attached as invoice.pdf as a zip and flags the extension', async () => {
    const zip = zipArchive('payload.js', Buffer.from('WScript.Echo(1)'));
    const parsed = await parseMessage(message(['Content-Type: multipart/mixed; boundary="b"'], lines(
      '--b', 'Content-Type: application/pdf; name="invoice.pdf"', 'Content-Disposition: attachment; filename="invoice.pdf"',
      'Content-Transfer-Encoding: base64', '', base64Lines(zip), '--b--',
    )));
    const [attachment] = parsed.attachments;
    assert.equal(attachment?.declaredContentType, 'application/pdf');
    assert.equal(attachment?.sniffedContentType, 'application/zip');
    assert.equal(attachment?.sha256, sha256(zip));
    assert.deepEqual(codes(parsed), ['extension_mismatch']);
  });

  it('detects an executable named .txt', async () => {
    const parsed = await parseMessage(message(['Content-Type: multipart/mixed; boundary="b"'], lines(
      '--b', 'Content-Type: text/plain; name="readme.txt"', 'Content-Disposition: attachment; filename="readme.txt"',
      'Content-Transfer-Encoding: base64', '', base64Lines(windowsExecutable()), '--b--',
    )));
    assert.equal(parsed.attachments[0]?.sniffedContentType, 'application/x-msdownload');
    assert.deepEqual(codes(parsed), ['extension_mismatch']);
  });

  it('stops at maxMessageBytes and keeps what came before', async () => {
    const parsed = await parseMessage(message([], 'x'.repeat(10_000)), { maxMessageBytes: 1_000 });
    assert.deepEqual(codes(parsed), ['message_too_large']);
    assert.equal(parsed.subject, 'Generated test message');
    assert.ok((parsed.text ?? '').length < 1_000);
    assert.equal(parsed.size, message([], 'x'.repeat(10_000)).length);
  });

  it('cuts the bodies at maxTextChars / maxHtmlChars', async () => {
    const parsed = await parseMessage(message(['Content-Type: multipart/alternative; boundary="a"'], lines(
      '--a', 'Content-Type: text/plain', '', 't'.repeat(5_000), '--a', 'Content-Type: text/html', '', 'h'.repeat(5_000), '--a--',
    )), { maxTextChars: 100, maxHtmlChars: 200 });
    assert.equal(parsed.text?.length, 100);
    assert.equal(parsed.html?.length, 200);
    assert.deepEqual(codes(parsed), ['body_truncated']);
    assert.equal(parsed.warnings[0]?.count, 2);
  });

  it('keeps the first maxAddresses recipients', async () => {
    const to = Array.from({ length: 50 }, (_, i) => `r${i}@example.com`).join(', ');
    const parsed = await parseMessage(Buffer.from(lines('From: a@example.com', `To: ${to}`, '', 'x')), { maxAddresses: 10 });
    assert.equal(parsed.to.length, 10);
    assert.deepEqual(codes(parsed), ['too_many_addresses']);
  });

  it('never hangs on a source that stops sending: returns what it has at timeoutMs', async () => {
    const stalled = new Readable({ read() {} });
    stalled.push(Buffer.from(lines('From: a@example.com', 'Subject: stalled', '')));
    const parsed = await parseMessage(stalled, { timeoutMs: 200 });
    assert.deepEqual(codes(parsed), ['parse_timeout']);
    assert.equal(parsed.subject, 'stalled');
    assert.ok(stalled.destroyed);
  });

  it('rejects only when a stream source itself fails (an I/O error, not content)', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('From: a@example.com\r\n'));
        this.destroy(new Error('connection reset'));
      },
    });
    await assert.rejects(parseMessage(failing), /connection reset/);
  });

  it('resolves with what it has, never rejects, when mailparser itself fails', async () => {
    // Bypass the scanner: a header block past mailsplit's hard limit makes mailparser error out.
    const decoder = new BodyDecoder(resolveLimits({ maxHeaderBytes: 1_000, maxHeaderLineBytes: 500 }));
    decoder.write(Buffer.from(`X-Huge: ${'h'.repeat(200_000)}\r\n\r\nbody\r\n`));
    decoder.end();
    const bodies = await decoder.done;
    assert.match(bodies.error?.message ?? '', /Max header size/);
    assert.deepEqual(bodies.attachments, []);
  });

  it('gives the same result however the input is split into chunks', async () => {
    const cases = [
      message(['Content-Type: multipart/mixed; boundary="b"'], lines(
        '--b', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', 'Gr=C3=BC=C3=9Fe =', 'soft',
        '--b', `X-Long: ${'y'.repeat(40_000)}`, 'Content-Type: text/html', '', '<p>html</p>',
        '--b', 'Content-Type: application/zip; name="a.pdf"', 'Content-Transfer-Encoding: base64', '', base64Lines(zipArchive('a', Buffer.from('b'))),
        '--b--', 'epilogue',
      )),
      nestedMultipart(60, 'after'),
      flatMultipart(600),
      Buffer.concat([Buffer.from(`${BASIC_HEADERS.join('\r\n')}\r\n\r\n`), garbage(20_000)]),
      garbage(5_000, 7),
    ];
    for (const raw of cases) {
      const expected = await parseMessage(raw);
      for (const size of [1, 7, 'varied'] as const) {
        assert.deepEqual(await parseMessage(chunks(raw, size)), expected, `split into ${size}-byte chunks`);
      }
    }
  });

  it('passes ordinary mail to mailparser unchanged after the top-level header block', () => {
    const raw = message(['Content-Type: multipart/mixed; boundary="b"'], lines(
      '--b', 'Content-Type: text/plain', '', 'text', '--b', 'Content-Type: application/pdf', 'Content-Transfer-Encoding: base64', '',
      base64Lines(Buffer.from('%PDF-1.4 fake')), '--b--', '',
    ));
    const scanner = new StructureScanner(resolveLimits(), new WarningList());
    const passed = Buffer.concat([...scanner.push(raw.subarray(0, 50)), ...scanner.push(raw.subarray(50)), ...scanner.end()]);
    const bodyStart = (bytes: Buffer): Buffer => bytes.subarray(bytes.indexOf('\r\n\r\n') + 4);
    assert.deepEqual(bodyStart(passed), bodyStart(raw));
    // Of the top-level block only the MIME fields go to mailparser; the rest is read by message-headers.ts.
    assert.equal(passed.toString('latin1', 0, passed.indexOf('\r\n\r\n')), 'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"');
  });
});
