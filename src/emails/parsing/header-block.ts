/**
 * Header blocks as raw bytes: telling header lines from body lines, joining folded lines into
 * fields, and reading the MIME fields (Content-Type, -Transfer-Encoding, -Disposition) the way
 * mailsplit reads them.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { decodeWords, mimeTypeForFilename, parseStructuredHeader } from './mime-lib.ts';
import type { ParseLimits } from './types.ts';

export type LineKind = 'field' | 'continuation' | 'mbox' | 'other';

/** How far into a line a field name's colon may be for the line to count as a header field. */
export const FIELD_NAME_SCAN_BYTES = 998;

/**
 * Classifies the start of a header-block line. `field`: printable ASCII name (no colon or space),
 * optional spaces (obsolete syntax), then `:`; `continuation`: starts with space or tab; `mbox`:
 * an mbox `From ` separator; anything else is not a header line. Only the first
 * FIELD_NAME_SCAN_BYTES bytes are looked at, so a line need not be complete to be classified.
 */
export function classifyHeaderLine(line: Buffer): LineKind {
  return classifyLineAt(line, 0, line.length);
}

/** classifyHeaderLine for the line `buf[start, end)`, without making a Buffer of it. */
export function classifyLineAt(buf: Buffer, start: number, end: number): LineKind {
  const first = buf[start];
  if (start < end && (first === 0x20 || first === 0x09)) return 'continuation';
  const scanEnd = Math.min(end, start + FIELD_NAME_SCAN_BYTES);
  let i = start;
  while (i < scanEnd && buf[i]! > 0x20 && buf[i]! < 0x7f && buf[i] !== 0x3a) i++;
  const nameEnd = i;
  while (i < scanEnd && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
  // The colon may sit just past the scanned bytes (a name of exactly FIELD_NAME_SCAN_BYTES).
  if (nameEnd > start && i < end && buf[i] === 0x3a) return 'field';
  if (end - start >= 5 && buf.toString('latin1', start, start + 5) === 'From ') return 'mbox';
  return 'other';
}

/** A line holding only a line ending ends the header block. */
export function isBlankLine(line: Buffer): boolean {
  return (line.length === 1 && line[0] === 0x0a) || (line.length === 2 && line[0] === 0x0d && line[1] === 0x0a);
}

export interface RawField {
  name: string;
  /** Value bytes after the colon with the folding line breaks still in (see unfold). */
  folded: Buffer;
}

/** The lines of the MIME fields (Content-*, MIME-Version) of a block, continuation lines included. */
export function mimeFieldLines(lines: readonly Buffer[]): Buffer[] {
  const kept: Buffer[] = [];
  let keep = false;
  for (const line of lines) {
    const kind = classifyHeaderLine(line);
    if (kind !== 'continuation') keep = kind === 'field' && isMimeFieldName(line);
    if (keep) kept.push(line);
  }
  return kept;
}

function isMimeFieldName(line: Buffer): boolean {
  const start = line.toString('latin1', 0, 12).toLowerCase();
  return start.startsWith('content-') || start.startsWith('mime-version');
}

/** Joins physical lines into fields, in order. Lines that are neither fields nor continuations are skipped. */
export function splitFields(lines: readonly Buffer[]): RawField[] {
  const fields: Array<{ name: string; parts: Buffer[] }> = [];
  for (const line of lines) {
    const kind = classifyHeaderLine(line);
    if (kind === 'continuation') {
      fields.at(-1)?.parts.push(line);
    } else if (kind === 'field') {
      const colon = line.indexOf(0x3a);
      const name = line.toString('latin1', 0, colon).trimEnd();
      fields.push({ name, parts: [line.subarray(colon + 1)] });
    }
  }
  return fields.map(({ name, parts }) => ({ name, folded: parts.length === 1 ? parts[0]! : Buffer.concat(parts) }));
}

/** mailsplit counts each header line as at least this many bytes against its header size limit. */
export const HEADER_LINE_MIN_COST = 64;

/**
 * The fields of a complete header block (`block` ends with its empty line), read in one pass with no
 * copies, for the common case only: the first line is a field or an mbox separator, every later
 * line a field or a continuation, no line longer than the scanner keeps whole (maxHeaderLineBytes
 * minus 2: it cuts an unfinished line past that), and the block within maxHeaderBytes. There the
 * structure scanner keeps every line as it is and splitFields joins them, so the fields are the
 * same; for anything else this returns null and the caller uses the scanner. Only the fields whose
 * lower-case name `wanted` accepts are returned; their values are views into `block`.
 */
export function readPlainHeaderBlock(block: Buffer, limits: Pick<ParseLimits, 'maxHeaderLineBytes' | 'maxHeaderBytes'>, wanted: (lowerCaseName: string) => boolean): RawField[] | null {
  const fields: RawField[] = [];
  let cost = 0;
  /** The field being read, when wanted: its name and where its value starts. */
  let name = '';
  let valueStart = -1;
  let pos = 0;
  while (pos < block.length) {
    const lf = block.indexOf(0x0a, pos);
    if (lf === -1) return null;
    const end = lf + 1;
    if (end - pos === 1 || (end - pos === 2 && block[pos] === 0x0d)) break;
    if (end - pos > limits.maxHeaderLineBytes - 2) return null;
    cost += Math.max(end - pos, HEADER_LINE_MIN_COST);
    if (cost > limits.maxHeaderBytes) return null;
    const kind = classifyLineAt(block, pos, end);
    if (kind === 'field') {
      // A field's value runs on through its continuation lines, which follow it directly.
      if (valueStart !== -1) fields.push({ name, folded: block.subarray(valueStart, pos) });
      const colon = block.indexOf(0x3a, pos);
      name = block.toString('latin1', pos, colon).trimEnd();
      valueStart = wanted(name.toLowerCase()) ? colon + 1 : -1;
    } else if (pos === 0 ? kind !== 'mbox' : kind !== 'continuation') {
      return null;
    }
    pos = end;
  }
  if (valueStart !== -1) fields.push({ name, folded: block.subarray(valueStart, pos) });
  return fields;
}

/** Drops CR and LF bytes: inside a field they only ever precede folding whitespace (RFC 5322 2.2.3). */
export function unfold(folded: Buffer): Buffer {
  if (folded.indexOf(0x0a) === -1 && folded.indexOf(0x0d) === -1) return folded;
  return Buffer.from(folded.toString('latin1').replace(/[\r\n]/g, ''), 'latin1');
}

const windows1252 = new TextDecoder('windows-1252');

/** Raw header bytes as text: UTF-8 when they are valid UTF-8 (RFC 6532), else Windows-1252 (what 8-bit headers mostly are). */
export function headerBytesToString(value: Buffer): string {
  if (isAscii(value)) return value.toString('latin1');
  return isUtf8(value) ? value.toString('utf8') : windows1252.decode(value);
}

/** A field's value for display: unfolded, trimmed, encoded words decoded. */
export function decodeFieldValue(field: RawField): string {
  return decodeWords(headerBytesToString(field.folded).replace(/[\r\n]/g, '').trim());
}

export interface MimeFields {
  /** Lower case, e.g. `multipart/mixed`; mailsplit's default when absent (text/plain, or from the file name). */
  contentType: string;
  declaredContentType: boolean;
  /** The boundary parameter when usable (non-empty ASCII), else null. */
  boundary: Buffer | null;
  /** The boundary parameter was present but unusable. */
  boundaryUnusable: boolean;
  charset: string | null;
  /** Lower case, quotes kept as mailsplit keeps them (a quoted encoding is not decoded). */
  encoding: string;
  /** Lower case Content-Disposition value, or ''. */
  disposition: string;
}

/**
 * Reads the first Content-Type, Content-Transfer-Encoding and Content-Disposition of a block, with
 * the value text prepared as mailsplit prepares it (UTF-8 when valid else Latin-1; each line break
 * and the whitespace after it become one space), so both agree on every boundary.
 */
export function readMimeFields(fields: readonly RawField[]): MimeFields {
  const first = (name: string): string | null => {
    const field = fields.find((f) => f.name.toLowerCase() === name);
    return field ? mailsplitValueText(field.folded) : null;
  };
  const dispositionValue = parseStructuredHeader(first('content-disposition') ?? '');
  const disposition = decodeWords(dispositionValue.value).toLowerCase().trim();
  const typeHeader = first('content-type');
  const contentType = parseStructuredHeader(typeHeader ?? defaultContentType(dispositionValue.params.filename, disposition));
  const rawBoundary = (contentType.params.boundary ?? '').trimEnd();
  const asciiBoundary = rawBoundary !== '' && Buffer.byteLength(rawBoundary) === rawBoundary.length;
  return {
    contentType: contentType.value.toLowerCase().trim(),
    declaredContentType: typeHeader !== null,
    boundary: asciiBoundary ? Buffer.from(rawBoundary, 'latin1') : null,
    boundaryUnusable: contentType.params.boundary !== undefined && !asciiBoundary,
    charset: contentType.params.charset?.trim() || null,
    encoding: stripTransferEncodingComment(first('content-transfer-encoding') ?? '').toLowerCase().trim(),
    disposition,
  };
}

function mailsplitValueText(folded: Buffer): string {
  const utf8 = folded.toString('utf8');
  const text = utf8.includes('\uFFFD') ? folded.toString('latin1') : utf8;
  const lines = text.split(/\r\n|\r|\n/);
  let out = lines[0]!;
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k]!;
    let skip = 0;
    while (line.charCodeAt(skip) === 0x20 || line.charCodeAt(skip) === 0x09) skip++;
    out += ` ${line.slice(skip)}`;
  }
  return out.trim();
}

function defaultContentType(filename: string | undefined, disposition: string): string {
  if (filename && /\.[^.]+$/.test(filename)) return mimeTypeForFilename(filename);
  return disposition === 'attachment' ? 'application/octet-stream' : 'text/plain';
}

/** `base64 (comment)` → `base64`, linear (as mailsplit's stripComments). */
function stripTransferEncodingComment(value: string): string {
  const start = value.indexOf('(');
  if (start < 0) return value;
  const end = value.lastIndexOf(')');
  return end > start ? value.slice(0, start) + value.slice(end + 1) : value;
}
