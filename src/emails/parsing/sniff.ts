/**
 * Content sniffing: what a file is, read from its bytes alone. The declared Content-Type and the
 * file name are never trusted (a zip named invoice.pdf is `application/zip`); the file name is only
 * compared with the result to flag a mismatch. Binary formats come from file-type's signature
 * checks (bounded by design: it reads a few KB, and caps zip/gzip probing); where it finds nothing,
 * a few checks on the first 8 KB tell HTML, XML/SVG and plain text from unknown binary data.
 */
import { fileTypeFromBuffer, supportedExtensions } from 'file-type';

export interface SniffResult {
  /** MIME type read from the bytes; `application/octet-stream` when unknown or empty. */
  contentType: string;
  /** The file name's extension in lower case, or null when there is none (or no file name). */
  extension: string | null;
  /** The extension claims a kind of file the bytes are not (e.g. `.pdf` on a zip, `.txt` on an executable). */
  extensionMismatch: boolean;
}

/** Bytes looked at by the text checks. */
const TEXT_SAMPLE_BYTES = 8 * 1024;

/**
 * Families of equivalent extensions (and file-type results). An extension not listed is its own
 * family. `text`, `html` and `xml` are the textual families, which never mismatch one another.
 */
const FAMILIES: Record<string, string> = {
  ...familyOf('jpg', ['jpg', 'jpeg', 'jpe', 'jfif', 'pjpeg']),
  ...familyOf('tif', ['tif', 'tiff']),
  ...familyOf('exe', ['exe', 'dll', 'scr', 'sys', 'cpl', 'ocx', 'com', 'efi', 'drv', 'mui', 'pif']),
  ...familyOf('cfb', ['cfb', 'doc', 'dot', 'xls', 'xlt', 'ppt', 'pps', 'pot', 'msg', 'msi', 'msp', 'vsd', 'pub', 'mpp']),
  ...familyOf('gz', ['gz', 'gzip', 'tgz', 'tar.gz']),
  ...familyOf('html', ['html', 'htm', 'xhtml', 'shtml', 'hta', 'mht', 'mhtml']),
  ...familyOf('xml', ['xml', 'svg', 'xsl', 'xslt', 'rss', 'atom', 'kml', 'wsf', 'plist']),
  ...familyOf('text', ['text', 'txt', 'log', 'csv', 'tsv', 'md', 'ini', 'cfg', 'conf', 'json', 'js', 'mjs', 'cjs',
    'jse', 'vbs', 'vbe', 'ps1', 'psm1', 'bat', 'cmd', 'sh', 'py', 'php', 'css', 'eml', 'ics', 'vcf', 'url', 'reg', 'vtt', 'srt']),
};
/** Formats that are zip archives inside: a zip under one of these names is not a mismatch, nor one of them under `.zip`. */
const ZIP_CONTAINERS = new Set(['zip', 'docx', 'docm', 'dotx', 'xlsx', 'xlsm', 'xltx', 'pptx', 'pptm', 'potx', 'ppsx',
  'odt', 'ods', 'odp', 'odg', 'ott', 'ots', 'otp', 'epub', 'jar', 'apk', 'xpi', 'vsdx', 'kmz', 'ipa', 'nupkg', 'aar', 'appx', 'msix', '3mf']);
const TEXTUAL = new Set(['text', 'html', 'xml']);
const EXECUTABLE = new Set(['exe', 'elf', 'macho', 'dex', 'class', 'wasm']);
/** Extensions that promise nothing in particular (file-type lists `dat` for one rare format). */
const GENERIC = new Set(['dat', 'bin', 'tmp', 'raw', 'data', 'file', 'out']);
/** Families with a binary signature: an extension from one of these makes a promise the bytes can break. */
const BINARY_CLAIMS = new Set([...EXECUTABLE, 'jpg', 'tif', 'cfb', 'gz', ...ZIP_CONTAINERS,
  ...[...supportedExtensions].filter((ext) => !TEXTUAL.has(family(ext)) && !GENERIC.has(ext))]);

function familyOf(name: string, members: string[]): Record<string, string> {
  return Object.fromEntries(members.map((member) => [member, name]));
}

function family(extension: string): string {
  return Object.hasOwn(FAMILIES, extension) ? FAMILIES[extension]! : extension;
}

/**
 * Sniffs `bytes` (any length; only the start is read, plus bounded archive probing) and compares
 * the result with `filename`'s extension when one is given. Never throws.
 */
export async function sniffContentType(bytes: Uint8Array, filename?: string | null): Promise<SniffResult> {
  const extension = filename ? extensionOf(filename) : null;
  if (bytes.length === 0) return { contentType: 'application/octet-stream', extension, extensionMismatch: false };
  // A UTF-16 byte-order mark followed by text: file-type would read FF FE as an MPEG frame.
  const signature = isUtf16Text(bytes) ? undefined : await detectSignature(bytes);
  let contentType: string;
  let detectedFamily: string;
  if (signature) {
    contentType = signature.mime === 'application/xml' && looksLikeSvg(bytes) ? 'image/svg+xml' : signature.mime;
    detectedFamily = family(signature.ext);
  } else {
    contentType = sniffText(bytes) ?? 'application/octet-stream';
    detectedFamily = contentType === 'text/html' ? 'html' : contentType === 'text/plain' ? 'text' : contentType.endsWith('xml') ? 'xml' : 'binary';
  }
  return { contentType, extension, extensionMismatch: extension !== null && isMismatch(family(extension), detectedFamily) };
}

async function detectSignature(bytes: Uint8Array): Promise<{ ext: string; mime: string } | undefined> {
  try {
    return await fileTypeFromBuffer(bytes);
  } catch {
    // file-type gives up on some corrupt archives by throwing; the bytes are then "unknown binary".
    return undefined;
  }
}

function isMismatch(claimed: string, detected: string): boolean {
  if (claimed === detected) return false;
  if (TEXTUAL.has(claimed) && TEXTUAL.has(detected)) return false;
  if (ZIP_CONTAINERS.has(claimed) && detected === 'zip') return false;
  if (claimed === 'zip' && ZIP_CONTAINERS.has(detected)) return false;
  if (EXECUTABLE.has(detected)) return true;
  if (TEXTUAL.has(claimed)) return true;
  return BINARY_CLAIMS.has(claimed);
}

/** `Invoice.PDF` → `pdf`; trailing dots and spaces are ignored as Windows ignores them. Null when there is none. */
export function extensionOf(filename: string): string | null {
  let end = filename.length;
  while (end > 0 && (filename[end - 1] === '.' || filename[end - 1] === ' ')) end--;
  const name = filename.slice(0, end);
  const dot = name.lastIndexOf('.');
  if (dot === -1 || name.length - dot - 1 > 16) return null;
  const extension = name.slice(dot + 1).toLowerCase();
  return /^[a-z0-9]+$/.test(extension) ? extension : null;
}

/** WHATWG MIME sniffing's binary data bytes (ESC excluded: ISO-2022-JP text uses it). */
function isBinaryByte(byte: number): boolean {
  return byte <= 0x08 || byte === 0x0b || (byte >= 0x0e && byte <= 0x1a) || (byte >= 0x1c && byte <= 0x1f);
}

/** Tags that make a text file HTML when it starts with them (after whitespace), per WHATWG MIME sniffing plus common phishing openers. */
const HTML_OPENERS = ['<!doctype html', '<html', '<head', '<script', '<iframe', '<h1', '<div', '<font', '<table', '<a ',
  '<style', '<title', '<b>', '<body', '<br', '<p>', '<p ', '<!--', '<meta', '<form', '<input', '<img', '<center', '<span', '<noscript'];
/** Tags that make a text file HTML wherever they appear in the sample. */
const HTML_MARKERS = ['<html', '<body', '<script', '<iframe', '<form', '<meta http-equiv'];

/** 'text/html', 'image/svg+xml', 'application/xml', 'text/plain', or null for binary data. */
export function sniffText(bytes: Uint8Array): string | null {
  const sample = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, TEXT_SAMPLE_BYTES));
  let text: string;
  if (sample[0] === 0xff && sample[1] === 0xfe) text = new TextDecoder('utf-16le').decode(sample);
  else if (sample[0] === 0xfe && sample[1] === 0xff) text = new TextDecoder('utf-16be').decode(sample);
  else {
    for (const byte of sample) if (isBinaryByte(byte)) return null;
    text = sample.toString('latin1');
  }
  const lower = text.toLowerCase();
  let start = 0;
  while (start < lower.length && /[\s\ufeff\u00ef\u00bb\u00bf]/.test(lower[start]!)) start++;
  const head = lower.slice(start, start + 64);
  if (head.startsWith('<?xml')) return lower.includes('<svg') ? 'image/svg+xml' : 'application/xml';
  if (head.startsWith('<svg')) return 'image/svg+xml';
  if (HTML_OPENERS.some((opener) => head.startsWith(opener))) return 'text/html';
  if (HTML_MARKERS.some((marker) => lower.includes(marker))) return 'text/html';
  return 'text/plain';
}

function isUtf16Text(bytes: Uint8Array): boolean {
  const bom = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  if (!bom) return false;
  const text = new TextDecoder(bom).decode(bytes.subarray(2, Math.min(bytes.length, TEXT_SAMPLE_BYTES)));
  for (let i = 0; i < text.length; i++) if (isBinaryByte(text.charCodeAt(i))) return false;
  return true;
}

function looksLikeSvg(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, TEXT_SAMPLE_BYTES)).toString('latin1').toLowerCase().includes('<svg');
}
