/**
 * The faster DATA scan (src/smtp/data-scan.ts) behaves exactly as smtp-server's own: both parse the
 * same random SMTP sessions — dot-stuffed lines, lone dots, bare line feeds, terminators split across
 * chunks, a dot line as the first line, commands pipelined after the message — cut into random
 * chunks, and must produce the same messages (bytes) and the same commands, in the same order.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SMTPStream } from 'smtp-server/lib/smtp-stream.js';
import { mulberry32 } from '../../src/platform/seeded-random.ts';
import { installDataScan, originalFeedDataStream, scanDataChunk } from '../../src/smtp/data-scan.ts';

interface Parsed {
  commands: string[];
  /** Every message's bytes as emitted so far (the last may still be open). */
  messages: string[];
  /** The input was consumed to its end (some sessions leave the parser waiting inside DATA). */
  finished: boolean;
}

/**
 * Feeds `chunks` to a fresh SMTPStream and records what it parses, as smtp-server's connection
 * drives it (data mode after DATA that follows a recipient; continue() after the message ended).
 * `original`: smtp-server's own scan. A session that ends inside a message compares too.
 */
async function parse(chunks: Buffer[], original: boolean): Promise<Parsed> {
  const stream = new SMTPStream();
  stream._feedDataStream = original ? originalFeedDataStream : scanDataChunk;
  const parsed: Parsed = { commands: [], messages: [], finished: false };
  let recipient = false;
  stream.oncommand = (command, callback) => {
    const text = command.toString('latin1');
    parsed.commands.push(text);
    if (text.startsWith('RCPT TO:')) recipient = true;
    if (text === 'DATA' && recipient) {
      recipient = false;
      const index = parsed.messages.push('') - 1;
      const data = stream.startDataMode();
      data.on('data', (part: Buffer) => (parsed.messages[index] += part.toString('latin1')));
      data.on('end', () => stream.continue());
    }
    // Answered later, as the server's recipient lookup is: smtp-server's continue() loses the next
    // message's continuation when the handlers run that message to its end inside it, synchronously.
    if (callback) setImmediate(callback);
  };
  stream.on('error', (error) => parsed.commands.push(`error: ${error.message}`));
  for (const chunk of chunks) stream.write(chunk);
  stream.end(() => (parsed.finished = true));
  // Settled: the input was consumed to its end, or all of it was taken and the parser waits inside
  // DATA for more (then nothing runs any more: a few event-loop turns let the last 'data' through).
  let idleTurns = 0;
  for (const deadline = Date.now() + 10_000; !parsed.finished && idleTurns < 5 && Date.now() < deadline;) {
    await new Promise((resolve) => setImmediate(resolve));
    idleTurns = stream.writableLength === 0 && stream._dataMode ? idleTurns + 1 : 0;
  }
  return parsed;
}

/** Lines that exercise the scan: dots where terminators and escapes can start, CR/LF in odd places. */
const PIECES = ['', '.', '..', '...', '.x', '..x', 'x.', ' .', '.\r', '\r', 'line', 'QUIT', 'DATA', 'a.b.c', '\n.', '.\n', '\r\n.\r', 'é'];

function randomSession(random: () => number): Buffer {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  let text = '';
  const messages = 1 + Math.floor(random() * 3);
  for (let m = 0; m < messages; m++) {
    text += 'MAIL FROM:<a@example.test>\r\nRCPT TO:<b@example.test>\r\nDATA\r\n';
    const lines = Math.floor(random() * 40);
    for (let l = 0; l < lines; l++) text += pick(PIECES) + pick(PIECES) + (random() < 0.9 ? '\r\n' : '\n');
    text += '.\r\n';
  }
  text += random() < 0.5 ? 'QUIT\r\n' : 'NOOP\r\nRSET';
  return Buffer.from(text, 'latin1');
}

function randomChunks(bytes: Buffer, random: () => number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length;) {
    const size = random() < 0.2 ? bytes.length : 1 + Math.floor(random() * (random() < 0.5 ? 8 : 300));
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

describe('the DATA scan', () => {
  it('is installed over smtp-server 3.21.6', () => {
    assert.equal(installDataScan(), true, 'smtp-server changed: check data-scan.ts against the new _feedDataStream');
    assert.equal(SMTPStream.prototype._feedDataStream, scanDataChunk);
  });

  it('parses 2,000 random sessions in random chunks exactly as smtp-server does', async () => {
    const random = mulberry32(20261124);
    let messages = 0;
    let finished = 0;
    for (let round = 0; round < 2000; round++) {
      const chunks = randomChunks(randomSession(random), random);
      const expected = await parse(chunks, true);
      assert.deepEqual(await parse(chunks, false), expected, `session ${round}`);
      messages += expected.messages.length;
      if (expected.finished) finished++;
    }
    assert.ok(messages > 2000 && finished > 1800, `only ${messages} messages parsed, ${finished} sessions to their end`);
  });

  it('parses a large message with many escapes and the terminator split across chunks', async () => {
    const body = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? `..dot ${i}` : `line ${i} ${'x'.repeat(i % 90)}`)).join('\r\n');
    const session = Buffer.from(`RCPT TO:<b@example.test>\r\nDATA\r\n${body}\r\n.\r\nQUIT\r\n`, 'latin1');
    for (const size of [1, 2, 3, 5, 1000, 65_536]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < session.length; at += size) chunks.push(session.subarray(at, at + size));
      const expected = await parse(chunks, true);
      assert.equal(expected.messages.length, 1);
      assert.ok(expected.finished);
      assert.deepEqual(await parse(chunks, false), expected, `chunks of ${size}`);
    }
  });
});
