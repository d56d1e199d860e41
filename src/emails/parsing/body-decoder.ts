/**
 * mailparser's streaming `MailParser`, fed the bytes the structure scanner lets through, collecting
 * the text/HTML bodies and the attachments (content, SHA-256, size).
 *
 * Why MailParser rather than `simpleParser`: simpleParser converts HTML to text (html-to-text) and
 * text to linkified HTML, and inlines every cid: image into the HTML as a data: URL — slow and
 * memory-hungry work nothing here needs, all switched off below. MailParser also hashes each
 * attachment as it streams (checksumAlgo sha256), so content is hashed once, in one pass.
 *
 * Header-derived fields are not taken from mailparser (see message-headers.ts): it replaces an
 * unparseable Date with the current time and decodes header bytes differently from the scanner.
 *
 * Never rejects: a decoder failure resolves with what was collected and the error.
 */
import { createHash } from 'node:crypto';
import { MailParser, type AttachmentStream, type MessageText, type StructuredHeader } from 'mailparser';
import { sanitizeText } from './text.ts';
import type { ParseLimits } from './types.ts';

export interface DecodedAttachment {
  filename: string | null;
  declaredContentType: string | null;
  disposition: 'attachment' | 'inline';
  contentId: string | null;
  partId: string | null;
  content: Buffer;
  sha256: string;
}

export interface DecodedBodies {
  text: string | null;
  html: string | null;
  attachments: DecodedAttachment[];
  /** Why decoding stopped early, or null. */
  error: Error | null;
}

/**
 * Small writes are joined up to this size first: mailparser's ChunkedPassthrough copies its whole
 * pending buffer on every write below 64 KiB, which is quadratic when a stream arrives in tiny chunks.
 */
const COALESCE_BYTES = 64 * 1024;

/** Headroom over the scanner's own limits for mailsplit's hard limits, which fail the whole message. */
const MAILSPLIT_HEAD_SLACK_BYTES = 64 * 1024;

export class BodyDecoder {
  readonly done: Promise<DecodedBodies>;
  private readonly parser: MailParser;
  private readonly attachments: Array<{ value: DecodedAttachment | null }> = [];
  private readonly pending = new Set<Promise<void>>();
  private text: string | null = null;
  private html: string | null = null;
  private error: Error | null = null;
  private finished = false;
  private settle!: () => void;
  private small: Buffer[] = [];
  private smallBytes = 0;

  constructor(limits: ParseLimits) {
    this.parser = new MailParser({
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
      checksumAlgo: 'sha256',
      maxHeadSize: limits.maxHeaderBytes + limits.maxHeaderLineBytes + MAILSPLIT_HEAD_SLACK_BYTES,
      maxChildNodes: limits.maxParts * 2 + 16,
    });
    this.done = new Promise<void>((resolve) => {
      this.settle = resolve;
    }).then(() => this.snapshot());
    this.parser.on('data', (data: AttachmentStream | MessageText) => this.onData(data));
    // Stays attached for the parser's lifetime: an 'error' without a listener would crash the process.
    this.parser.on('error', (err: Error) => this.fail(err));
    this.parser.on('end', () => void this.finishAfterAttachments());
  }

  /** Passes bytes on; false when the caller should wait for drained() before writing more. */
  write(segment: Buffer): boolean {
    if (this.finished || this.error) return true;
    if (segment.length >= COALESCE_BYTES) {
      this.flushSmall();
      return this.parser.write(segment);
    }
    this.small.push(segment);
    this.smallBytes += segment.length;
    return this.smallBytes >= COALESCE_BYTES ? this.flushSmall() : true;
  }

  private flushSmall(): boolean {
    if (this.smallBytes === 0) return true;
    const joined = this.small.length === 1 ? this.small[0]! : Buffer.concat(this.small, this.smallBytes);
    this.small = [];
    this.smallBytes = 0;
    return this.parser.write(joined);
  }

  /** Resolves when the parser wants more input, or can take none (failed, destroyed). */
  drained(): Promise<void> {
    if (this.finished || this.error || !this.parser.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.parser.off('drain', done).off('error', done).off('close', done);
        resolve();
      };
      this.parser.on('drain', done).on('error', done).on('close', done);
    });
  }

  end(): void {
    if (this.finished || this.error) return;
    this.flushSmall();
    this.parser.end();
  }

  /** What was collected so far (used when parsing timed out), and stops the parser. */
  abandon(): DecodedBodies {
    this.finished = true;
    this.parser.destroy();
    this.settle();
    return this.snapshot();
  }

  private snapshot(): DecodedBodies {
    const attachments = this.attachments.flatMap((slot) => (slot.value ? [slot.value] : []));
    return { text: this.text, html: this.html, attachments, error: this.error };
  }

  private fail(err: Error): void {
    if (this.error || this.finished) return;
    this.error = err;
    this.finished = true;
    this.settle();
  }

  private async finishAfterAttachments(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
    this.finished = true;
    this.settle();
  }

  private onData(data: AttachmentStream | MessageText): void {
    if (data.type === 'text') {
      this.text = typeof data.text === 'string' ? data.text : null;
      this.html = typeof data.html === 'string' ? data.html : null;
      return;
    }
    const reading = this.readAttachment(data);
    this.pending.add(reading);
    void reading.finally(() => this.pending.delete(reading));
  }

  /** Collects one attachment's content; its slot keeps message order, and stays empty if the content fails. */
  private readAttachment(attachment: AttachmentStream): Promise<void> {
    const slot: { value: DecodedAttachment | null } = { value: null };
    this.attachments.push(slot);
    const chunks: Buffer[] = [];
    let size = 0;
    return new Promise<void>((resolve) => {
      let settled = false;
      const finish = (ok: boolean): void => {
        if (settled) return;
        settled = true;
        if (ok) slot.value = this.describe(attachment, Buffer.concat(chunks, size));
        chunks.length = 0;
        attachment.release?.();
        resolve();
      };
      attachment.content.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
      });
      attachment.content.once('end', () => finish(true));
      attachment.content.on('error', () => finish(false));
    });
  }

  private describe(attachment: AttachmentStream, content: Buffer): DecodedAttachment {
    const declared = attachment.headers.get('content-type') as StructuredHeader | undefined;
    const declaredType = typeof declared?.value === 'string' ? declared.value.trim().toLowerCase() : '';
    const disposition = attachment.contentDisposition?.toLowerCase();
    const inline = disposition === 'inline' || (disposition === undefined && Boolean(attachment.cid) && attachment.related === true);
    return {
      filename: attachment.filename ? sanitizeText(attachment.filename) : null,
      declaredContentType: declaredType ? sanitizeText(declaredType) : null,
      disposition: inline ? 'inline' : 'attachment',
      contentId: attachment.cid ? sanitizeText(attachment.cid) : null,
      partId: attachment.partId ?? null,
      content,
      sha256: attachment.checksum ?? createHash('sha256').update(content).digest('hex'),
    };
  }
}
