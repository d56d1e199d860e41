/**
 * A streaming mbox reader: messages are split on `From ` separator lines and handed out one at a time,
 * so a 2 GB archive never sits in memory — at most one message does, and not even that when the
 * message is larger than `maxBytes` (it is then reported as too large, its bytes skipped).
 *
 * Format rules (mboxo/mboxrd, RFC 4155):
 * - a separator is a line starting with `From ` at the start of the file or after an empty line
 *   (writers escape `From ` in bodies as `>From `; requiring the empty line also keeps the unescaped
 *   bodies some tools write in one piece);
 * - the empty line before a separator belongs to the format, not to the message;
 * - `>From `, `>>From ` … lose one `>` (mboxrd unescaping, also right for mboxo's single level).
 * Lines are re-joined with CRLF, as SMTP delivers mail, so a message stores the same bytes (and the
 * same SHA-256) whether it arrived by SMTP, from an .eml file or from an mbox.
 */
import { createReadStream } from 'node:fs';

export interface MboxMessage {
  /** 0-based position of the message in the file. */
  index: number;
  /** Byte offset of its `From ` line: reading from here resumes at this message. */
  offset: number;
  /** Byte offset just past the message: the next message's `From ` line, or the end of the file. */
  next: number;
  /** The `From ` line's sender (the envelope sender), or null for `From -` / `MAILER-DAEMON`-less lines. */
  envelopeFrom: string | null;
  /** The message with CRLF line endings, or null when it is larger than `maxBytes`. */
  raw: Buffer | null;
  /** Bytes of the message (CRLF), counted even when `raw` is null. */
  size: number;
}

export interface MboxReadOptions {
  /** Largest message kept, in bytes; bigger ones come with `raw: null`. */
  maxBytes: number;
  /** Start reading at this byte offset (a message's `offset`). Default 0. */
  startOffset?: number;
  /** Index of the message at `startOffset`. Default 0. */
  startIndex?: number;
  /** Called with the bytes read so far (from the file's start), for progress. */
  onBytes?: (position: number) => void;
}

const LF = 0x0a;
const CR = 0x0d;
const CRLF = Buffer.from('\r\n');
const FROM_ = Buffer.from('From ');
const ESCAPED_FROM = /^>+From /;
/** A line longer than this (no line break for 16 MiB) is counted, not kept: its message is too large anyway. */
const MAX_LINE_BYTES = 16 * 1024 * 1024;

class MessageBuilder {
  lines: Buffer[] = [];
  size = 0;
  /** Blank lines seen but not yet added: the last one before a separator is not part of the message. */
  pendingBlank = 0;
  overflow = false;
  readonly maxBytes: number;
  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  /** Bytes of an over-long line, counted without keeping them. */
  skip(bytes: number): void {
    this.size += bytes;
    this.overflow = true;
    this.lines = [];
  }

  add(line: Buffer): void {
    if (line.length === 0) {
      this.pendingBlank++;
      return;
    }
    while (this.pendingBlank > 0) {
      this.push(Buffer.alloc(0));
      this.pendingBlank--;
    }
    this.push(line[0] === 0x3e && ESCAPED_FROM.test(line.subarray(0, 64).toString('latin1')) ? line.subarray(1) : line);
  }

  /** The message, keeping the blank lines of its end except the separator's. */
  finish(): { raw: Buffer | null; size: number } {
    for (let i = 1; i < this.pendingBlank; i++) this.push(Buffer.alloc(0));
    if (this.overflow) return { raw: null, size: this.size };
    const parts: Buffer[] = [];
    for (const line of this.lines) parts.push(line, CRLF);
    return { raw: Buffer.concat(parts), size: this.size };
  }

  private push(line: Buffer): void {
    this.size += line.length + 2;
    if (this.size > this.maxBytes) {
      this.overflow = true;
      this.lines = [];
      return;
    }
    // Chunks are reused by the stream: keep a copy of each line.
    this.lines.push(Buffer.from(line));
  }
}

function envelopeSender(separator: Buffer): string | null {
  const sender = separator.subarray(5, 5 + 512).toString('latin1').trim().split(/\s+/)[0] ?? '';
  return sender === '' || sender === '-' || sender.toUpperCase() === 'MAILER-DAEMON' ? null : sender;
}

export async function* readMbox(file: string, options: MboxReadOptions): AsyncGenerator<MboxMessage> {
  const start = options.startOffset ?? 0;
  let index = options.startIndex ?? 0;
  let position = start;
  let carry: Buffer = Buffer.alloc(0);
  // `as`: assigned inside takeLine, which control-flow narrowing does not see.
  let current = null as { builder: MessageBuilder; offset: number; envelopeFrom: string | null } | null;
  let previousBlank = true; // the start of the file counts as after an empty line
  const ready: MboxMessage[] = [];

  let inLongLine = false;

  const takeLine = (line: Buffer, lineOffset: number) => {
    if (inLongLine) {
      // The end of an over-long line: never a separator.
      inLongLine = false;
      current?.builder.skip(line.length + 2);
      previousBlank = false;
      return;
    }
    const content = line.length > 0 && line[line.length - 1] === CR ? line.subarray(0, line.length - 1) : line;
    if (previousBlank && content.length >= 5 && content.subarray(0, 5).equals(FROM_)) {
      if (current !== null) ready.push({ index: index++, offset: current.offset, next: lineOffset, envelopeFrom: current.envelopeFrom, ...current.builder.finish() });
      current = { builder: new MessageBuilder(options.maxBytes), offset: lineOffset, envelopeFrom: envelopeSender(content) };
      previousBlank = false;
      return;
    }
    previousBlank = content.length === 0;
    // Text before the first separator is not a message (a file that is not an mbox has none at all).
    current?.builder.add(content);
  };

  for await (const chunk of createReadStream(file, { start, highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    const data = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
    const dataOffset = position - carry.length;
    let lineStart = 0;
    for (let lf = data.indexOf(LF, lineStart); lf !== -1; lf = data.indexOf(LF, lineStart)) {
      takeLine(data.subarray(lineStart, lf), dataOffset + lineStart);
      lineStart = lf + 1;
    }
    carry = Buffer.from(data.subarray(lineStart));
    if (carry.length > MAX_LINE_BYTES) {
      if (!inLongLine) takeLine(carry.subarray(0, 1024), dataOffset + lineStart); // the start decides: separator or not
      current?.builder.skip(carry.length);
      inLongLine = true;
      carry = Buffer.alloc(0);
    }
    position += chunk.length;
    options.onBytes?.(position);
    yield* ready.splice(0);
  }
  if (carry.length > 0) takeLine(carry, position - carry.length);
  if (current !== null) ready.push({ index: index++, offset: current.offset, next: position, envelopeFrom: current.envelopeFrom, ...current.builder.finish() });
  yield* ready.splice(0);
}
