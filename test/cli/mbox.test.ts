/**
 * The streaming mbox reader (separators, >From unescaping, resuming at an offset, messages over the
 * size limit) and `mailwarden analyze` on an mbox with a summary table and a CSV file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { analyzeCommand } from '../../src/cli/analyze.ts';
import { readMbox, type MboxMessage } from '../../src/cli/mbox.ts';
import { captureIO } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'mw-mbox-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const PHISH = [
  'From: "PayPal Security" <security@paypa1-secure.example>',
  'To: you@example.org',
  'Subject: Your account has been limited',
  'Message-ID: <mbox-phish@paypa1-secure.example>',
  '',
  'Dear customer, we noticed unusual activity and limited your account.',
  'Verify your account within 24 hours or it will be suspended: https://paypa1-secure.example/signin?session=abc',
];
const CLEAN = [
  'From: Ana <ana@colleague.example>',
  'To: you@example.org',
  'Subject: Lunch',
  'Message-ID: <mbox-clean@colleague.example>',
  '',
  'Shall we have lunch on Thursday at the usual place?',
  '>From the notes: bring the slides.',
  '>>From here on, quoted twice.',
  '',
  '',
];

/** An mbox (LF line endings, as on Unix) of the given messages, each with its From_ line. */
function mbox(messages: string[][]): string {
  return messages.map((lines) => `From sender@example.org Mon Mar  9 10:00:00 2026\n${lines.join('\n')}\n\n`).join('');
}

async function readAll(file: string, options: Parameters<typeof readMbox>[1]): Promise<MboxMessage[]> {
  const out: MboxMessage[] = [];
  for await (const message of readMbox(file, options)) out.push(message);
  return out;
}

describe('mbox reader', () => {
  const file = join(dir, 'three.mbox');
  // The third message has "From " in its body without an empty line before it: not a separator.
  writeFileSync(file, mbox([PHISH, CLEAN, ['Subject: third', '', 'line one', 'From the start, this is body text.']]));

  test('splits on From_ lines, unescapes >From, drops the separator blank line and writes CRLF', async () => {
    const messages = await readAll(file, { maxBytes: 1 << 20 });
    assert.equal(messages.length, 3);
    assert.deepEqual(messages.map((m) => m.envelopeFrom), ['sender@example.org', 'sender@example.org', 'sender@example.org']);
    const clean = messages[1]!.raw!.toString();
    assert.match(clean, /^From: Ana <ana@colleague\.example>\r\n/);
    assert.match(clean, /\r\nFrom the notes: bring the slides\.\r\n>From here on, quoted twice\.\r\n/);
    // The message's own two trailing empty lines are kept; the one before the next From_ line is not.
    assert.ok(clean.endsWith('quoted twice.\r\n\r\n\r\n'), JSON.stringify(clean.slice(-40)));
    assert.match(messages[2]!.raw!.toString(), /line one\r\nFrom the start, this is body text\.\r\n$/);
    assert.equal(messages[0]!.offset, 0);
    assert.equal(messages[0]!.next, messages[1]!.offset);
  });

  test('resumes at a message offset, and reports a message over the limit without its bytes', async () => {
    const all = await readAll(file, { maxBytes: 1 << 20 });
    const rest = await readAll(file, { maxBytes: 1 << 20, startOffset: all[1]!.offset, startIndex: 1 });
    assert.deepEqual(rest.map((m) => [m.index, m.raw?.toString()]), all.slice(1).map((m) => [m.index, m.raw?.toString()]));
    const small = await readAll(file, { maxBytes: 200 });
    assert.deepEqual(small.map((m) => m.raw === null), [true, true, false]);
    assert.equal(small[0]!.size, all[0]!.size);
  });
});

describe('mailwarden analyze on an mbox', () => {
  test('prints a verdict per message and a summary table, and writes one CSV row per message', async () => {
    const file = join(dir, 'mixed.mbox');
    writeFileSync(file, mbox([PHISH, CLEAN, PHISH.map((l) => l.replace('mbox-phish', 'mbox-phish-2'))]));
    const csv = join(dir, 'verdicts.csv');
    const io = captureIO({});
    const code = await analyzeCommand([file], { json: false, csv, threads: 1, io });
    assert.equal(code, 0);
    assert.match(io.stdout[0]!, new RegExp(`^${file}#1\\n {2}(CRITICAL|THREAT)`));
    const table = io.stdout.at(-1)!;
    assert.match(table, /classification {2}messages {2}share/);
    assert.match(table, /CLEAN +1 +33 %/);
    assert.match(table, /total +3 +100 %/);
    assert.match(io.stderr.at(-1)!, /^3 analysed in [\d.]+ s .*; CSV written to /);
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    assert.equal(rows.length, 4);
    assert.equal(rows[0], 'file,message_id,from,subject,classification,threat_score,phishing_score,spam_score,malware_score,reputation_score,indicators,urls,error');
    assert.match(rows[1]!, new RegExp(`^${file}#1,<mbox-phish@paypa1-secure\\.example>,security@paypa1-secure\\.example,Your account has been limited,(CRITICAL|THREAT),\\d+,`));
    assert.match(rows[2]!, /,<mbox-clean@colleague\.example>,ana@colleague\.example,Lunch,CLEAN,/);

    const json = captureIO({});
    await analyzeCommand([file], { json: true, threads: 1, io: json });
    assert.deepEqual(json.stdout.map((line) => (JSON.parse(line) as { file: string }).file), [`${file}#1`, `${file}#2`, `${file}#3`]);
  });

  test('an mbox must come alone, and a file that cannot be written is a clear error', async () => {
    const file = join(dir, 'mixed.mbox');
    await assert.rejects(analyzeCommand([file, dir], { json: true, threads: 1, io: captureIO({}) }), /is an mbox file; give it on its own/);
    await assert.rejects(analyzeCommand([file], { json: true, threads: 1, csv: join(dir, 'no', 'such', 'dir.csv'), io: captureIO({}) }), /Cannot write the CSV file/);
  });
});
