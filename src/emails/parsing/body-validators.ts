/**
 * Checks a part's transfer encoding while its bytes stream past, without decoding: the decoders
 * (libbase64, libqp) silently skip what they cannot read, so this is where a part that was
 * mangled or deliberately malformed gets noticed. Work is linear in the bytes and state is a few
 * numbers, so any body size is fine.
 */

/** 1 for bytes allowed in a base64 body: the alphabet, `=` padding, and line whitespace. */
const BASE64_ALLOWED = new Uint8Array(256);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=') BASE64_ALLOWED[ch.charCodeAt(0)] = 1;
for (const ch of ' \t\r\n') BASE64_ALLOWED[ch.charCodeAt(0)] = 2;

export interface BodyValidator {
  update(bytes: Buffer): void;
  /** A description of what was wrong, or null when the body was valid. */
  finish(): string | null;
}

export class Base64Validator implements BodyValidator {
  private invalidBytes = 0;
  /** Alphabet characters and `=` seen; a valid body has a multiple of 4. */
  private significant = 0;

  update(bytes: Buffer): void {
    for (let i = 0; i < bytes.length; i++) {
      const kind = BASE64_ALLOWED[bytes[i]!];
      if (kind === 1) this.significant++;
      else if (kind === 0) this.invalidBytes++;
    }
  }

  finish(): string | null {
    const problems: string[] = [];
    if (this.invalidBytes > 0) problems.push(`${this.invalidBytes} byte(s) outside the base64 alphabet (skipped when decoding)`);
    if (this.significant % 4 !== 0) problems.push('an incomplete last 4-character group (cut short?)');
    return problems.length > 0 ? problems.join(' and ') : null;
  }
}

function isHexDigit(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66));
}

/**
 * `=` must be followed by two hex digits (lower case accepted, as every decoder does) or end the
 * line (a soft line break, trailing spaces allowed). The bytes after an `=` near the end of one
 * update are checked when the next update arrives.
 */
export class QuotedPrintableValidator implements BodyValidator {
  private invalidEscapes = 0;
  /** Bytes after the last `=` of the previous update still to be checked (at most 2 kept). */
  private pending: number[] | null = null;

  update(bytes: Buffer): void {
    let start = 0;
    if (this.pending) {
      const needed = [...this.pending];
      while (needed.length < 2 && start < bytes.length) needed.push(bytes[start++]!);
      if (needed.length < 2 && !this.isSoftBreakStart(needed)) {
        this.pending = needed;
        return;
      }
      this.check(needed);
      this.pending = null;
    }
    let at = bytes.indexOf(0x3d, start);
    while (at !== -1) {
      if (at + 2 >= bytes.length) {
        this.pending = Array.from(bytes.subarray(at + 1));
        return;
      }
      this.check([bytes[at + 1]!, bytes[at + 2]!]);
      at = bytes.indexOf(0x3d, at + 1);
    }
  }

  finish(): string | null {
    // An `=` as the very last byte of the body is a soft break before the delimiter: valid.
    if (this.pending && this.pending.length > 0 && !this.isSoftBreakStart(this.pending)) this.invalidEscapes++;
    this.pending = null;
    return this.invalidEscapes > 0 ? `${this.invalidEscapes} '=' not followed by two hex digits or a line break` : null;
  }

  private isSoftBreakStart(after: number[]): boolean {
    const first = after[0];
    return first === undefined || first === 0x0d || first === 0x0a || first === 0x20 || first === 0x09;
  }

  private check(after: number[]): void {
    if (isHexDigit(after[0]) && isHexDigit(after[1])) return;
    if (this.isSoftBreakStart(after)) return;
    this.invalidEscapes++;
  }
}
