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

  constructor(options: { summaryOnly?: boolean } = {}) {
    this.summaryOnly = options.summaryOnly === true;
  }

  /** Feeds the next chunk of the message (a no-op once the header block has ended). */
  push(chunk: Uint8Array): void {
    if (this.done) return;
    this.scanner.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.done = this.scanner.pastRootHeaderBlock;
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
