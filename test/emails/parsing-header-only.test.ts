/**
 * The SMTP path's header-only read (parseHeaderBlock) gives exactly the header fields a full parse
 * gives, from the message's first bytes only: on generated messages (hostile ones included) and, when
 * ../shared/corpus is present, on every phishing and ham-modern message (skipped, with a message,
 * where it is absent). Failures name only the file, never content.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { HeaderBlockReader, parseHeaderBlock, parseMessage } from '../../src/emails/parsing/index.ts';
import { readPlainHeaderBlock } from '../../src/emails/parsing/header-block.ts';
import { SUMMARY_FIELDS } from '../../src/emails/parsing/message-headers.ts';
import { lines, message, nestedMultipart, garbage, CRLF } from '../fixtures/mime/generate.ts';

const CORPUS = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');

/** The summary-only read (what the SMTP path stores): the same summary, only the summary's fields listed. */
function summaryOnly(raw: Buffer) {
  const reader = new HeaderBlockReader({ summaryOnly: true });
  reader.push(raw);
  return reader.headers();
}

function expectedSummary(full: Awaited<ReturnType<typeof headerFieldsOfFullParse>>) {
  return { ...full, headers: full.headers.filter((h) => SUMMARY_FIELDS.has(h.name.toLowerCase())) };
}

async function headerFieldsOfFullParse(raw: Buffer) {
  const full = await parseMessage(raw);
  return { headers: full.headers, messageId: full.messageId, subject: full.subject, from: full.from, to: full.to, cc: full.cc, replyTo: full.replyTo, date: full.date };
}

const GENERATED: Array<[string, Buffer]> = [
  ['plain', message(['Cc: "Doe, Jane" <jane@example.test>, bob@example.test', 'Reply-To: =?UTF-8?B?0J/RgNC40LLQtdGC?= <r@example.test>'], lines('Hello'))],
  ['encoded subject and folded To', Buffer.from([
    'From: =?ISO-8859-1?Q?Andr=E9?= <andre@example.test>', 'To: a@example.test,', '  b@example.test', 'Subject: =?UTF-8?Q?caf=C3=A9_=F0=9F=93=A6?=',
    'Message-ID: <x1@example.test>', 'Date: Tue, 3 Mar 2026 10:00:00 +0100', '', 'body', '',
  ].join(CRLF))],
  ['LF line ends, no date', Buffer.from('From: a@example.test\nTo: b@example.test\nSubject: lf\n\nbody\n')],
  ['no header block', Buffer.from('just a body line\r\nand another\r\n')],
  ['header line of 1 MB', Buffer.concat([Buffer.from(`X-Long: ${'a'.repeat(1_000_000)}\r\n`), message([], lines('after the long line'))])],
  ['8-bit header bytes', Buffer.concat([Buffer.from('From: M\xfcller <m@example.test>\r\nSubject: ', 'latin1'), Buffer.from('Grüße', 'utf8'), Buffer.from('\r\n\r\nbody\r\n')])],
  ['NUL bytes in headers', Buffer.from('From: a\0b <a@example.test>\r\nSubject: x\0y\r\n\r\nbody\r\n')],
  ['deeply nested multipart', nestedMultipart(200)],
  ['garbage', garbage(4096)],
  ['empty', Buffer.alloc(0)],
  // Around the direct read of plain header blocks (readPlainHeaderBlock) and where it hands over to the scanner:
  ['mbox separator first, a continuation before any field', Buffer.from('From sender@example.test Mon Jan  5 10:00:00 2026\r\n  stray continuation\r\nFrom: a@example.test\r\nSubject: s\r\n\r\nbody\r\n')],
  ['a line that is not a header between a field and its continuation', Buffer.from('From: a@example.test\r\nnot a header line\r\n continued\r\nSubject: s\r\n\r\nbody\r\n')],
  ['an mbox separator after the first line', Buffer.from('Subject: s\r\nFrom x@example.test Mon Jan  5 10:00:00 2026\r\nFrom: a@example.test\r\n\r\nbody\r\n')],
  ['a continuation as the first line', Buffer.from(' Subject: s\r\nFrom: a@example.test\r\n\r\nbody\r\n')],
  ['no empty line, no final line end', Buffer.from('From: a@example.test\r\nSubject: only headers')],
  ['no empty line, final line end', Buffer.from('From: a@example.test\nSubject: only headers\n')],
  ['a space before the colon, CR CR LF line', Buffer.from('Subject  : spaced\r\n\r\r\nFrom: a@example.test\r\n\r\nbody\r\n')],
  ['a field name of 998 bytes', Buffer.from(`${'N'.repeat(998)}: v\r\nSubject: after\r\n\r\nbody\r\n`)],
  ['a field name past the classified bytes', Buffer.from(`${'N'.repeat(1200)}: v\r\nSubject: after\r\n\r\nbody\r\n`)],
  ...[-3, -2, -1].map((delta): [string, Buffer] => [`a header line of the line limit ${delta} bytes`, Buffer.from(`X-Edge: ${'e'.repeat(32 * 1024 + delta - 10)}\r\nFrom: a@example.test\r\nSubject: edge\r\n\r\nbody\r\n`)]),
  ['a header block past its size limit (From after it is dropped)', Buffer.from(`${'X-Filler: f\r\n'.repeat(4200)}From: late@example.test\r\nSubject: late\r\n\r\nbody\r\n`)],
  ['a header block just within its size limit', Buffer.from(`From: a@example.test\r\n${'X-Filler: f\r\n'.repeat(4094)}Subject: s\r\n\r\nbody\r\n`)],
];

describe('parseHeaderBlock', () => {
  for (const [name, raw] of GENERATED) {
    it(`matches a full parse: ${name}`, async () => {
      const full = await headerFieldsOfFullParse(raw);
      assert.deepEqual(parseHeaderBlock(raw), full);
      assert.deepEqual(summaryOnly(raw), expectedSummary(full));
    });
  }

  it('reads the same fields from the message in chunks of any size (CRLF, LF, an empty header block)', async () => {
    const emptyBlock = Buffer.from('\r\nFrom: in the body <b@example.test>\r\n');
    for (const raw of [GENERATED[1]![1], GENERATED[2]![1], emptyBlock, Buffer.from('\nSubject: body\n')]) {
      const expected = await headerFieldsOfFullParse(raw);
      for (const size of [1, 2, 3, 7, 64, 1000]) {
        for (const summary of [false, true]) {
          const reader = new HeaderBlockReader({ summaryOnly: summary });
          for (let at = 0; at < raw.length; at += size) reader.push(raw.subarray(at, at + size));
          assert.deepEqual(reader.headers(), summary ? expectedSummary(expected) : expected, `chunks of ${size} bytes`);
        }
      }
    }
  });

  it('reads every generated message the same in chunks of any size, summary or not', async () => {
    for (const [name, raw] of GENERATED.filter(([, raw]) => raw.length < 300_000)) {
      const expected = await headerFieldsOfFullParse(raw);
      for (const size of [1, 5, 100, 4096, 65_536]) {
        if (size === 1 && raw.length > 20_000) continue;
        for (const summary of [false, true]) {
          const reader = new HeaderBlockReader({ summaryOnly: summary });
          for (let at = 0; at < raw.length; at += size) reader.push(raw.subarray(at, at + size));
          assert.deepEqual(reader.headers(), summary ? expectedSummary(expected) : expected, `${name}, chunks of ${size} bytes`);
        }
      }
    }
  });

  it('holds copies: a source that refills one buffer for every chunk reads the same fields', async () => {
    const raw = GENERATED[1]![1];
    const expected = await headerFieldsOfFullParse(raw);
    const shared = Buffer.alloc(16);
    const reader = new HeaderBlockReader();
    for (let at = 0; at < raw.length; at += shared.length) {
      const n = raw.copy(shared, 0, at, at + shared.length);
      reader.push(shared.subarray(0, n));
    }
    shared.fill(0x41);
    assert.deepEqual(reader.headers(), expected);
  });

  it('stops reading at the end of the header block', () => {
    const reader = new HeaderBlockReader();
    reader.push(Buffer.from('Subject: first\r\n\r\n'));
    reader.push(Buffer.from('Subject: in the body, not a header\r\n'));
    assert.equal(reader.headers().subject, 'first');
  });

  it('matches a full parse on every corpus message', { skip: fs.existsSync(CORPUS) ? false : `corpus not found at ${CORPUS}` }, async () => {
    const mismatched: string[] = [];
    let compared = 0;
    for (const set of ['phishing', 'ham-modern']) {
      const dir = path.join(CORPUS, set);
      if (!fs.existsSync(dir)) continue;
      for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
        const raw = fs.readFileSync(path.join(dir, file));
        compared++;
        try {
          const full = await headerFieldsOfFullParse(raw);
          assert.deepEqual(parseHeaderBlock(raw), full);
          assert.deepEqual(summaryOnly(raw), expectedSummary(full));
        } catch {
          mismatched.push(`${set}/${file}`);
        }
      }
    }
    assert.ok(compared > 1000, `expected the corpus sets, compared ${compared} messages`);
    assert.deepEqual(mismatched, []);
  });
});

describe('readPlainHeaderBlock', () => {
  const limits = { maxHeaderLineBytes: 100, maxHeaderBytes: 1000 };
  const all = () => true;
  const read = (text: string, wanted: (name: string) => boolean = all) =>
    readPlainHeaderBlock(Buffer.from(text), limits, wanted)?.map((f) => [f.name, f.folded.toString()]) ?? null;

  it('reads the fields of a plain block, continuation lines in their values, only the wanted ones', () => {
    const block = 'From sender Mon Jan  5 10:00:00 2026\r\nSubject : one\r\n two\r\nX-A: a\r\nTo: b@example.test\r\n\r\n';
    assert.deepEqual(read(block), [['Subject', ' one\r\n two\r\n'], ['X-A', ' a\r\n'], ['To', ' b@example.test\r\n']]);
    assert.deepEqual(read(block, (name) => name !== 'x-a'), [['Subject', ' one\r\n two\r\n'], ['To', ' b@example.test\r\n']]);
    assert.deepEqual(read('\r\n'), []);
  });

  it('leaves everything else to the structure scanner (null)', () => {
    for (const block of [
      ' continuation first\r\nSubject: s\r\n\r\n',
      'not a header first\r\n\r\n',
      'Subject: s\r\nnot a header\r\n\r\n',
      'Subject: s\r\nFrom sender Mon Jan  5 10:00:00 2026\r\n\r\n',
      `Subject: ${'x'.repeat(88)}\r\n\r\n`, // 99 bytes with its line end: past maxHeaderLineBytes - 2
      'Subject: s\r\n'.repeat(16) + '\r\n', // 16 lines count 64 bytes each: past maxHeaderBytes
      'Subject: no empty line',
    ]) assert.equal(read(block), null, JSON.stringify(block.slice(0, 40)));
    assert.notEqual(read(`Subject: ${'x'.repeat(87)}\r\n\r\n`), null);
    assert.notEqual(read('Subject: s\r\n'.repeat(15) + '\r\n'), null);
  });
});
