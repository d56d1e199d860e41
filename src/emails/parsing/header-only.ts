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
import { readMessageHeaders } from './message-headers.ts';
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
 */
export class HeaderBlockReader {
  // Warnings about the header block are the full parse's to report (the analysis job stores them).
  private readonly warnings = new WarningList();
  private readonly scanner = new StructureScanner(LIMITS, this.warnings);
  private readonly summaryOnly: boolean;
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
    // Only up to the first empty line: the scanner would otherwise go on through the body lines of
    // the chunk the header block ends in (most of a message that arrives in one or two chunks).
    const end = this.blankLineEnd(bytes);
    this.scanner.push(end === -1 ? bytes : bytes.subarray(0, end));
    this.done = end !== -1 || this.scanner.pastRootHeaderBlock;
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

  /** The header fields; call once, after the last chunk (or as soon as the block has ended). */
  headers(): MessageHeaders {
    this.scanner.end();
    this.done = true;
    return readMessageHeaders(this.scanner.result().rootFields, LIMITS, this.warnings, { summaryOnly: this.summaryOnly });
  }
}

/** The header fields of a message held in memory (only its header block is read). */
export function parseHeaderBlock(raw: Buffer): MessageHeaders {
  const reader = new HeaderBlockReader();
  reader.push(raw);
  return reader.headers();
}
