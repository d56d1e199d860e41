/**
 * The top-level header fields of a message without reading its body: what the SMTP path needs before
 * it answers 250 (From, To, Subject, Message-ID, Date for the list view). The body, attachments and
 * their warnings are parsed later, by the analysis job, from the stored blob.
 *
 * The full parse's own first stage reads the header block: the structure scanner splits the fields
 * within the same limits (long lines cut, oversized blocks trimmed) and the same reader decodes them,
 * so the fields are exactly those of a full parse. The body decoder (mailparser) is not run: with no
 * body to decode it only cost time, about half a millisecond a message on the SMTP path. Bytes are
 * fed as they stream past and ignored once the root header block has ended; linear in its size.
 */
import { readPlainHeaderBlock, type RawField } from './header-block.ts';
import { SUMMARY_FIELDS, readMessageHeaders } from './message-headers.ts';
import { StructureScanner } from './structure-scanner.ts';
import { resolveLimits, type MessageHeaders } from './types.ts';
import { WarningList } from './warnings.ts';

const LIMITS = resolveLimits();
const LF = 0x0a;
const CR = 0x0d;
const CR_AFTER_LF = (LF << 8) | CR;
const LF_LF = Buffer.from('\n\n');
const LF_CR_LF = Buffer.from('\n\r\n');

/**
 * Reads the root header block of a message from its chunks, in order; ignores what follows it.
 * `summaryOnly`: `headers()` lists only the summary's fields (SUMMARY_FIELDS), which is all the SMTP
 * path stores; the summary (from, to, subject, …) is the same either way.
 *
 * Most header blocks are plain (readPlainHeaderBlock): those are held until their empty line and
 * read in one pass, at about a fifth of the scanner's cost. A block that is not plain, ends without
 * an empty line or grows past `maxHeaderBytes` goes through the structure scanner instead, which
 * is fed what was held; so memory stays bounded and the fields are the full parse's either way.
 */
export class HeaderBlockReader {
  private readonly summaryOnly: boolean;
  /** Copies of the chunks of a header block not yet complete (a source may reuse its buffers). */
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** The block's fields, once read (directly, or by the scanner in `headers()`). */
  private result: MessageHeaders | null = null;
  /** The structure scanner, once the block is not read directly. */
  private scanner: StructureScanner | null = null;
  // Warnings about the header block are the full parse's to report (the analysis job stores them).
  private readonly warnings = new WarningList();
  private done = false;
  /** The last two bytes pushed (high byte first); a message starts as if after a line end. */
  private tail = LF;

  constructor(options: { summaryOnly?: boolean } = {}) {
    this.summaryOnly = options.summaryOnly === true;
  }

  /** Feeds the next chunk of the message (a no-op once the header block has ended). */
  push(chunk: Uint8Array): void {
    if (this.done) return;
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // Only up to the first empty line: the bytes after it cannot change the header fields.
    const end = this.blankLineEnd(bytes);
    this.keepTail(bytes);
    const upToEnd = end === -1 ? bytes : bytes.subarray(0, end);
    if (this.scanner !== null) {
      this.scanner.push(upToEnd);
      this.done = end !== -1 || this.scanner.pastRootHeaderBlock;
    } else if (end !== -1) {
      this.done = true;
      this.readBlock(this.held.length === 0 ? upToEnd : Buffer.concat([...this.held, upToEnd]));
    } else if (this.heldBytes + bytes.length > LIMITS.maxHeaderBytes) {
      // Too large to be plain (each line counts at least its length): the scanner reads it as it streams.
      this.useScanner().push(bytes);
      this.done = this.scanner!.pastRootHeaderBlock;
    } else {
      this.held.push(Buffer.from(bytes));
      this.heldBytes += bytes.length;
    }
  }

  /** The header fields; call once, after the last chunk (or as soon as the block has ended). */
  headers(): MessageHeaders {
    this.done = true;
    if (this.result !== null) return this.result;
    // No empty line: the message is all header block (or not plain); the scanner decides.
    const scanner = this.useScanner();
    scanner.end();
    return this.readFields(scanner.result().rootFields);
  }

  /** A complete header block (ending with its empty line): read directly when plain, else scanned. */
  private readBlock(block: Buffer): void {
    // `block` includes what was held.
    this.held = [];
    const fields = readPlainHeaderBlock(block, LIMITS, this.summaryOnly ? isSummaryField : everyField);
    if (fields !== null) {
      // Read now: `fields` are views into the caller's chunk, which it may reuse after this push.
      this.result = this.readFields(fields);
    } else {
      this.useScanner().push(block);
      this.scanner!.end();
      this.result = this.readFields(this.scanner!.result().rootFields);
    }
  }

  private readFields(fields: RawField[]): MessageHeaders {
    return readMessageHeaders(fields, LIMITS, this.warnings, { summaryOnly: this.summaryOnly });
  }

  /** The scanner, fed what was held so far. */
  private useScanner(): StructureScanner {
    if (this.scanner === null) {
      this.scanner = new StructureScanner(LIMITS, this.warnings);
      for (const held of this.held) this.scanner.push(held);
      this.held = [];
    }
    return this.scanner;
  }

  private keepTail(bytes: Buffer): void {
    if (bytes.length >= 2) this.tail = (bytes[bytes.length - 2]! << 8) | bytes[bytes.length - 1]!;
    else if (bytes.length === 1) this.tail = ((this.tail & 0xff) << 8) | bytes[0]!;
  }

  /**
   * Where the first empty line ("\n" or "\r\n" right after a line end) ends in `bytes`, counting
   * the bytes before it (`tail`); -1 when there is none. The scanner's header block ends there at the
   * latest, so bytes after it cannot change the header fields.
   */
  private blankLineEnd(bytes: Buffer): number {
    const lineStart = (this.tail & 0xff) === LF;
    if (lineStart && bytes[0] === LF) return 1;
    if (lineStart && bytes[0] === CR && bytes[1] === LF) return 2;
    if (this.tail === CR_AFTER_LF && bytes[0] === LF) return 1;
    const lfLf = bytes.indexOf(LF_LF);
    const lfCrLf = bytes.indexOf(LF_CR_LF);
    if (lfLf === -1) return lfCrLf === -1 ? -1 : lfCrLf + 3;
    return lfCrLf === -1 || lfLf < lfCrLf ? lfLf + 2 : lfCrLf + 3;
  }
}

const isSummaryField = (name: string): boolean => SUMMARY_FIELDS.has(name);
const everyField = (): boolean => true;

/** The header fields of a message held in memory (only its header block is read). */
export function parseHeaderBlock(raw: Buffer): MessageHeaders {
  const reader = new HeaderBlockReader();
  reader.push(raw);
  return reader.headers();
}
