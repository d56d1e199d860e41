/**
 * parseMessage: raw message bytes (a Buffer or a stream) → ParsedMessage. Built for hostile input:
 * it never throws on message content and never runs longer than `timeoutMs`.
 *
 * source ─▶ StructureScanner ─▶ BodyDecoder (mailparser) ─▶ bodies + attachments ─┐
 *               │ (limits, warnings, root header block)                           ├─▶ ParsedMessage
 *               └─────────────────────────────────────▶ header fields ────────────┘
 *
 * The input streams through once and is never held whole: memory is what the message decodes to
 * (its text, HTML and attachment contents) plus the chunks in flight.
 */
import type { Readable } from 'node:stream';
import { BodyDecoder, type DecodedBodies } from './body-decoder.ts';
import { readMessageHeaders } from './message-headers.ts';
import { sniffContentType } from './sniff.ts';
import { StructureScanner, type ScanResult } from './structure-scanner.ts';
import { sanitizeText, trimPiece, truncateChars } from './text.ts';
import { resolveLimits, type ParsedAttachment, type ParsedMessage, type ParseLimits } from './types.ts';
import { WarningList } from './warnings.ts';

/** Slice size when the source is a Buffer (views, not copies). */
const BUFFER_SLICE_BYTES = 64 * 1024;
/** mailparser joins the bodies of several parts with these; empty entries leave them at the ends. */
const TEXT_JOINER = '\n';
const HTML_JOINER = '<br/>\n';

export type MessageSource = Buffer | Uint8Array | Readable | AsyncIterable<Buffer | Uint8Array | string>;

/**
 * Parses one raw RFC 5322 message. Rejects only when a stream source itself fails (an I/O error,
 * not message content) or when `limits` holds a value that is not a positive integer.
 */
export async function parseMessage(source: MessageSource, limits?: Partial<ParseLimits>): Promise<ParsedMessage> {
  const resolved = resolveLimits(limits);
  const warnings = new WarningList();
  const scanner = new StructureScanner(resolved, warnings);
  const decoder = new BodyDecoder(resolved);
  const watchdog = startWatchdog(resolved.timeoutMs);
  try {
    const bodies = await decode(source, scanner, decoder, watchdog);
    if (bodies === TIMED_OUT) {
      scanner.abort();
      scanner.end();
      warnings.add('parse_timeout', `Parsing took longer than ${resolved.timeoutMs} ms and was stopped; what was parsed by then was kept.`);
    }
    return await assemble(scanner.result(), bodies === TIMED_OUT ? decoder.abandon() : bodies, resolved, warnings);
  } catch (err) {
    decoder.abandon();
    throw err;
  } finally {
    watchdog.cancel();
  }
}

const TIMED_OUT = Symbol('timed out');

interface Watchdog {
  expired: Promise<typeof TIMED_OUT>;
  cancel(): void;
}

/** One timer for the whole parse; every wait races against it. */
function startWatchdog(ms: number): Watchdog {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return { expired, cancel: () => clearTimeout(timer) };
}

/** Runs the whole input through scanner and decoder; TIMED_OUT when the watchdog expired first. */
async function decode(source: MessageSource, scanner: StructureScanner, decoder: BodyDecoder, watchdog: Watchdog): Promise<DecodedBodies | typeof TIMED_OUT> {
  if (await feed(source, scanner, decoder, watchdog)) return TIMED_OUT;
  if (await writeAll(scanner.end(), decoder, watchdog)) return TIMED_OUT;
  decoder.end();
  return Promise.race([decoder.done, watchdog.expired]);
}

/** Streams the source through the scanner into the decoder. Returns true when the watchdog expired first. */
async function feed(source: MessageSource, scanner: StructureScanner, decoder: BodyDecoder, watchdog: Watchdog): Promise<boolean> {
  if (source instanceof Uint8Array) {
    const bytes = Buffer.isBuffer(source) ? source : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
    for (let at = 0; at < bytes.length; at += BUFFER_SLICE_BYTES) {
      if (await writeAll(scanner.push(bytes.subarray(at, at + BUFFER_SLICE_BYTES)), decoder, watchdog)) return true;
    }
    return false;
  }
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<unknown>;
  for (;;) {
    const next = await Promise.race([iterator.next(), watchdog.expired]);
    if (next === TIMED_OUT) {
      // Stop reading: a stream source is destroyed (its producer has stalled or is endless).
      if (typeof (source as Partial<Readable>).destroy === 'function') (source as Readable).destroy();
      else void iterator.return?.().catch(() => undefined);
      return true;
    }
    if (next.done) return false;
    if (await writeAll(scanner.push(toBuffer(next.value)), decoder, watchdog)) return true;
  }
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk), 'latin1');
}

/** Writes segments with backpressure. Returns true when the watchdog expired while waiting. */
async function writeAll(segments: Buffer[], decoder: BodyDecoder, watchdog: Watchdog): Promise<boolean> {
  for (const segment of segments) {
    if (!decoder.write(segment) && (await Promise.race([decoder.drained(), watchdog.expired])) === TIMED_OUT) return true;
  }
  return false;
}

async function assemble(scan: ScanResult, bodies: DecodedBodies, limits: ParseLimits, warnings: WarningList): Promise<ParsedMessage> {
  const headers = readMessageHeaders(scan.rootFields, limits, warnings);
  if (bodies.error) {
    warnings.add('parse_failed', `The MIME body could not be decoded (${bodies.error.message.slice(0, 200)}); headers and the attachments decoded before the failure were kept.`);
  }
  // mailparser yields the bodies only at the end: null here means decoding failed or timed out.
  const both = scan.hasTextPart && scan.hasHtmlPart;
  const text = scan.hasTextPart && bodies.text !== null ? bodyText(bodies.text, both ? TEXT_JOINER : '', limits.maxTextChars, 'text', warnings) : null;
  const html = scan.hasHtmlPart && bodies.html !== null ? bodyText(bodies.html, both ? HTML_JOINER : '', limits.maxHtmlChars, 'HTML', warnings) : null;
  const attachments: ParsedAttachment[] = [];
  for (const attachment of bodies.attachments) {
    const sniffed = await sniffContentType(attachment.content, attachment.filename);
    if (sniffed.extensionMismatch) {
      warnings.add('extension_mismatch', `Attachment "${attachment.filename?.slice(0, 200)}" is named .${sniffed.extension} but its bytes are ${sniffed.contentType}.`);
    }
    attachments.push({
      filename: attachment.filename,
      declaredContentType: attachment.declaredContentType,
      sniffedContentType: sniffed.contentType,
      size: attachment.content.length,
      sha256: attachment.sha256,
      disposition: attachment.disposition,
      contentId: attachment.contentId,
      partId: attachment.partId,
      content: attachment.content,
    });
  }
  return { size: scan.bytesRead, ...headers, text, html, attachments, warnings: warnings.list() };
}

/** A decoded body: joiner artefacts trimmed, NUL replaced, cut to `max` characters with a warning. */
function bodyText(value: string, joiner: string, max: number, label: string, warnings: WarningList): string {
  let body = value;
  if (joiner) body = trimPiece(body, joiner);
  if (body.includes('\uFFFD')) {
    warnings.add('charset_mismatch', `The ${label} body has bytes that are not valid in its declared charset (wrong or missing charset?); they show as U+FFFD.`);
  }
  if (body.length > max) {
    warnings.add('body_truncated', `The ${label} body has ${body.length} characters; the first ${max} were kept.`);
    body = truncateChars(body, max);
  }
  return sanitizeText(body);
}
