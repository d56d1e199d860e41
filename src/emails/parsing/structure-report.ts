/**
 * The warnings the structure scanner raises, worded in one place: what happened, where, and what
 * was kept.
 */
import type { ScanNode } from './scan-node.ts';
import type { ParseLimits } from './types.ts';
import type { WarningList } from './warnings.ts';

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export class StructureReport {
  private readonly warnings: WarningList;
  private readonly limits: ParseLimits;

  constructor(warnings: WarningList, limits: ParseLimits) {
    this.warnings = warnings;
    this.limits = limits;
  }

  emptyMessage(): void {
    this.warnings.add('empty_message', 'The message is empty (0 bytes).');
  }

  noHeaderBlock(): void {
    this.warnings.add('no_headers', 'The message does not start with a header block; everything was read as a plain-text body.');
  }

  noHeaderFields(): void {
    if (!this.warnings.has('no_headers')) this.warnings.add('no_headers', 'The message has no header fields.');
  }

  partWithoutHeaders(node: ScanNode): void {
    this.warnings.add('malformed_header', `${capitalize(node.describe())} has no header block; its content was read as a plain-text body.`);
  }

  malformedHeaderLine(where: string): void {
    this.warnings.add('malformed_header', `A header line in ${where} is neither "Name: value" nor a continuation; it was kept as written.`);
  }

  longHeaderLine(where: string): void {
    this.warnings.add('header_line_too_long', `A header line in ${where} is longer than ${this.limits.maxHeaderLineBytes} bytes; the rest of the line was dropped.`);
  }

  headersTooLarge(where: string): void {
    this.warnings.add('headers_too_large', `The header block of ${where} is larger than ${this.limits.maxHeaderBytes} bytes; the header lines after that were dropped.`);
  }

  missingBoundary(node: ScanNode, unusable: boolean): void {
    const why = unusable ? 'an unusable (empty or non-ASCII) boundary' : 'no boundary parameter';
    this.warnings.add('bad_boundary', `${capitalize(node.describe())} has ${why}; its content could not be split into parts.`);
  }

  closesBeforeFirstPart(node: ScanNode): void {
    this.warnings.add('bad_boundary', `${capitalize(node.describe())} closes before its first part.`);
  }

  /** A multipart that ended without its closing delimiter (`how`: what ended it, '' at the end of input). */
  unclosed(node: ScanNode, how: string): void {
    if (node.childrenOpened === 0) {
      this.warnings.add('bad_boundary', `${capitalize(node.describe())} declares a boundary that never appears; its content could not be split into parts.`);
    } else if (how) {
      this.warnings.add('bad_boundary', `${capitalize(node.describe())} is never closed; ${how}.`);
    }
  }

  truncated(node: ScanNode): void {
    this.warnings.add('truncated_message', `The message ends inside ${node.describe()} before its closing boundary (cut short?); the parts up to there were kept.`);
  }

  truncatedHeaders(node: ScanNode): void {
    this.warnings.add('truncated_message', `The message ends inside the header block of ${node.describe()} (cut short?).`);
  }

  unknownEncoding(node: ScanNode): void {
    this.warnings.add('unknown_transfer_encoding', `${capitalize(node.describe())} uses Content-Transfer-Encoding "${node.encoding.slice(0, 64)}", which is not decoded; the part was kept as written.`);
  }

  unknownCharset(node: ScanNode, charset: string): void {
    this.warnings.add('unknown_charset', `${capitalize(node.describe())} declares charset "${charset.slice(0, 64)}", which has no decoder; it was decoded as UTF-8.`);
  }

  invalidEncoding(node: ScanNode, problem: string): void {
    const code = node.encoding === 'base64' ? 'invalid_base64' : 'invalid_quoted_printable';
    this.warnings.add(code, `${capitalize(node.describe())} has ${problem}.`);
  }

  tooDeep(): void {
    this.warnings.add('nesting_too_deep', `The message nests parts deeper than ${this.limits.maxDepth} levels; the deeper parts were dropped.`);
  }

  tooManyParts(): void {
    this.warnings.add('too_many_parts', `The message has more than ${this.limits.maxParts} MIME parts; the parts after the first ${this.limits.maxParts} were dropped.`);
  }

  tooLarge(): void {
    this.warnings.add('message_too_large', `The message is larger than ${this.limits.maxMessageBytes} bytes; only the first ${this.limits.maxMessageBytes} bytes were parsed.`);
  }

  nulBytes(count: number): void {
    this.warnings.add('nul_bytes', `The message contains ${count} NUL byte(s); attachments keep them, text fields show U+FFFD instead.`);
  }
}
