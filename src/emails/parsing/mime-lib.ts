/**
 * The header helpers of `libmime`, loaded from mailparser's own dependency tree, so the structure
 * scanner and the header decoder read Content-Type parameters and encoded words exactly as
 * mailparser/mailsplit do (a boundary the scanner parsed differently would make it count parts the
 * decoder never sees). `libmime` is not a direct dependency of this package; resolving it from
 * mailparser's location always finds the copy mailparser runs with, whatever npm hoists.
 */
import { createRequire } from 'node:module';

export interface StructuredHeaderValue {
  value: string;
  params: Record<string, string>;
}

interface Libmime {
  decodeWords(value: string): string;
  decodeWord(charset: string, encoding: string, text: string): string;
  parseHeaderValue(value: string, options?: { stripComments?: boolean }): StructuredHeaderValue;
  detectMimeType(filenameOrExtension: string): string;
}

const requireFromMailparser = createRequire(import.meta.resolve('mailparser'));
const libmime = requireFromMailparser('libmime') as Libmime;

/** Decodes RFC 2047 encoded words (`=?utf-8?B?…?=`); text that is not an encoded word is left as is. */
export function decodeWords(value: string): string {
  if (!value.includes('=?')) return value;
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

/** `text/plain; charset="x"` → `{value: 'text/plain', params: {charset: 'x'}}`, comments stripped as mailsplit strips them. */
export function parseStructuredHeader(value: string): StructuredHeaderValue {
  try {
    const parsed = libmime.parseHeaderValue(value, { stripComments: true });
    return { value: parsed.value ?? '', params: parsed.params ?? {} };
  } catch {
    return { value: '', params: {} };
  }
}

/** The MIME type libmime guesses from a file name's extension (mailsplit's default for parts without Content-Type). */
export function mimeTypeForFilename(filename: string): string {
  try {
    return libmime.detectMimeType(filename);
  } catch {
    return 'application/octet-stream';
  }
}

/** 0x80–0xFF: decodes to something other than U+FFFD in every 8-bit or multibyte charset. */
const CHARSET_PROBE = Buffer.from(Array.from({ length: 128 }, (_, i) => 0x80 + i));
const CHARSET_PROBE_AS_UTF8 = CHARSET_PROBE.toString('utf8');

/**
 * Whether a body or encoded-word charset has a decoder. libmime decodes an unknown charset (and the
 * refused UTF-7) as UTF-8 without saying so; this is how the parser notices. A WHATWG label
 * (TextDecoder) is known; otherwise libmime is asked to decode a probe, and a result identical to
 * the UTF-8 fallback means it has no decoder for the name.
 */
export function isKnownCharset(charset: string): boolean {
  const name = charset.trim().toLowerCase();
  // Not charsets, but mailers write them and libmime reads them as UTF-8, which is what they mean.
  if (name === '' || name === '7bit' || name === '8bit') return true;
  if (name.length > 64) return false;
  try {
    new TextDecoder(name);
    return true;
  } catch {
    try {
      return libmime.decodeWord(name, 'B', CHARSET_PROBE.toString('base64')) !== CHARSET_PROBE_AS_UTF8;
    } catch {
      return false;
    }
  }
}
