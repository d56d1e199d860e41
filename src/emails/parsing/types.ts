/**
 * The shapes the MIME parser produces, its warning codes and its limits.
 *
 * Every string in a ParsedMessage is free of U+0000 (replaced by U+FFFD): PostgreSQL text columns
 * cannot hold NUL, and honeypot mail carries it on purpose.
 */

/** Stable, machine-readable reasons a message was not parsed exactly as written. */
export type ParseWarningCode =
  /** The input had no bytes at all. */
  | 'empty_message'
  /** The message does not start with a header block (garbage, or a body without headers). */
  | 'no_headers'
  /** A header line that is neither `Name: value` nor a continuation. */
  | 'malformed_header'
  /** A physical header line longer than `maxHeaderLineBytes`; the rest of the line was dropped. */
  | 'header_line_too_long'
  /** A header block larger than `maxHeaderBytes`; later header lines of that block were dropped. */
  | 'headers_too_large'
  /** The input contains NUL bytes. */
  | 'nul_bytes'
  /** The input ends inside a multipart (closing delimiter missing) or inside a part's headers. */
  | 'truncated_message'
  /** A multipart without a usable boundary, one whose boundary never appears, or one never closed. */
  | 'bad_boundary'
  /** A base64 part with characters outside the alphabet or an incomplete last group. */
  | 'invalid_base64'
  /** A quoted-printable part with `=` not followed by two hex digits or a line break. */
  | 'invalid_quoted_printable'
  /** A Content-Transfer-Encoding the parser does not decode; the part is kept as written. */
  | 'unknown_transfer_encoding'
  /** A charset (body or encoded word) with no decoder; the text was decoded as UTF-8 instead. */
  | 'unknown_charset'
  /** The text or HTML body has bytes that are not valid in its declared charset (shown as U+FFFD). */
  | 'charset_mismatch'
  /** More MIME parts than `maxParts`; parts after the limit were dropped. */
  | 'too_many_parts'
  /** Parts nested deeper than `maxDepth`; those parts were dropped. */
  | 'nesting_too_deep'
  /** The input was longer than `maxMessageBytes`; the rest was not parsed. */
  | 'message_too_large'
  /** The text or HTML body was longer than its limit and was cut. */
  | 'body_truncated'
  /** An address header listed more than `maxAddresses` addresses; the rest were dropped. */
  | 'too_many_addresses'
  /** No From header, or one without any address or name. */
  | 'missing_from'
  /** A Date header that does not parse as a date. */
  | 'invalid_date'
  /** An attachment whose file name extension does not match the type sniffed from its bytes. */
  | 'extension_mismatch'
  /** The MIME decoder failed; headers (and attachments decoded before the failure) were kept. */
  | 'parse_failed'
  /** Parsing took longer than `timeoutMs`; what was parsed by then was kept. */
  | 'parse_timeout';

export interface ParseWarning {
  code: ParseWarningCode;
  /** For a person: what happened, where, and what was kept. */
  message: string;
  /** How many times this happened in the message (one warning per code). */
  count: number;
}

export interface ParsedHeader {
  /** The field name as written (case kept). */
  name: string;
  /** Unfolded, trimmed, raw 8-bit bytes read as UTF-8 (or Windows-1252 when not UTF-8), encoded words decoded. */
  value: string;
}

export interface ParsedAddress {
  /** As written, trimmed; '' when the entry had only a display name. */
  address: string;
  /** Display name with encoded words decoded; '' when there is none. */
  name: string;
}

export interface ParsedAttachment {
  /** Decoded file name as the message gave it, or null. */
  filename: string | null;
  /** The part's Content-Type value (lower case, no parameters), or null when it declared none. Never trusted. */
  declaredContentType: string | null;
  /** The type read from the bytes themselves (see sniffContentType). */
  sniffedContentType: string;
  /** Bytes of decoded content. */
  size: number;
  /** Lower-case hex SHA-256 of the decoded content: the key the blob is stored under. */
  sha256: string;
  disposition: 'attachment' | 'inline';
  /** Content-ID without angle brackets, or null. */
  contentId: string | null;
  /** IMAP-style part number ('1.2'), or null for a single-part message. */
  partId: string | null;
  content: Buffer;
}

/** The top-level header fields of a message as the API shows them. */
export interface MessageHeaders {
  /** Top-level header fields in message order. */
  headers: ParsedHeader[];
  messageId: string | null;
  subject: string | null;
  from: ParsedAddress | null;
  to: ParsedAddress[];
  cc: ParsedAddress[];
  replyTo: ParsedAddress[];
  /** The Date header as ISO-8601 UTC with milliseconds, or null when missing or unparseable. */
  date: string | null;
}

export interface ParsedMessage extends MessageHeaders {
  /** Bytes read from the source (including any beyond `maxMessageBytes`). */
  size: number;
  /** The text/plain body (all inline text parts joined), or null when the message has none. */
  text: string | null;
  /** The text/html body (all inline HTML parts joined), or null when the message has none. */
  html: string | null;
  attachments: ParsedAttachment[];
  warnings: ParseWarning[];
}

/** Bounds on the work one message may cause. Every limit, once crossed, keeps what was parsed and adds a warning. */
export interface ParseLimits {
  /** Input bytes parsed; the rest is read and discarded. Default 64 MiB (the SMTP limit is 25 MB). */
  maxMessageBytes: number;
  /** MIME parts (the root, every part, every embedded message). Default 500. mailsplit fails outright past 1,000. */
  maxParts: number;
  /** Nesting depth of parts (the root is 0). Default 32; deeper parts are dropped, later shallower ones kept. */
  maxDepth: number;
  /** Bytes of one physical header line. Default 32 KiB (RFC 5322 allows 998). */
  maxHeaderLineBytes: number;
  /** Bytes of one header block, each line counted as at least 64 bytes (as mailsplit counts). Default 256 KiB. */
  maxHeaderBytes: number;
  /** Characters of text body kept. Default 1,000,000. */
  maxTextChars: number;
  /** Characters of HTML body kept. Default 2,000,000. */
  maxHtmlChars: number;
  /** Addresses kept per address field (To, Cc, Reply-To). Default 1,000. */
  maxAddresses: number;
  /** Wall-clock milliseconds before parsing stops and returns what it has. Default 30,000. */
  timeoutMs: number;
}

export const DEFAULT_PARSE_LIMITS: Readonly<ParseLimits> = Object.freeze({
  maxMessageBytes: 64 * 1024 * 1024,
  maxParts: 500,
  maxDepth: 32,
  maxHeaderLineBytes: 32 * 1024,
  maxHeaderBytes: 256 * 1024,
  maxTextChars: 1_000_000,
  maxHtmlChars: 2_000_000,
  maxAddresses: 1_000,
  timeoutMs: 30_000,
});

/** Defaults overlaid with the caller's values. A limit that is not a positive integer is a programming error. */
export function resolveLimits(overrides: Partial<ParseLimits> = {}): ParseLimits {
  const limits: ParseLimits = { ...DEFAULT_PARSE_LIMITS };
  for (const key of Object.keys(overrides) as Array<keyof ParseLimits>) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new TypeError(`Parse limit ${key} must be a positive integer, got ${String(value)}.`);
    }
    limits[key] = value;
  }
  // mailsplit needs room for one header line inside a header block.
  if (limits.maxHeaderLineBytes > limits.maxHeaderBytes) limits.maxHeaderLineBytes = limits.maxHeaderBytes;
  return limits;
}
