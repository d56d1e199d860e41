/**
 * PDFs, read as text for the names that matter (/JavaScript, /JS, /Launch, /OpenAction, /AA,
 * /EmbeddedFile, /URI, /AcroForm, /SubmitForm), including names hex-escaped to dodge exactly this
 * (`/J#61vaScript`) and dictionaries hidden in compressed object streams (/ObjStm, FlateDecode),
 * which are inflated under a byte cap. /URI targets become IOCs; embedded files are inspected as
 * nested files; JPEG images go to the QR scan. A PDF with none of these adds nothing.
 */
import { cleanUrl, quoteName, type FileNode, type InspectionContext } from './context.ts';
import type { Nested } from './extract.ts';
import { unzlibBounded } from './inflate.ts';
import { queueImageForQr } from './qr.ts';

const MAX_STREAMS = 2000;
const MAX_EMBEDDED_FILES = 10;
/** JPEG images per PDF queued for the QR scan, and the most pages a PDF may have for its images to be scanned. */
const MAX_QR_IMAGES = 2;
const MAX_QR_PAGES = 2;
/** Bytes searched back from a `stream` keyword for its dictionary. */
const DICT_LOOKBACK = 2048;

const KEYWORDS = ['JavaScript', 'JS', 'Launch', 'OpenAction', 'AA', 'EmbeddedFile', 'URI', 'AcroForm', 'SubmitForm', 'XFA', 'RichMedia', 'Encrypt'] as const;
type Keyword = (typeof KEYWORDS)[number];
/** A PDF name token: `/` then regular characters (delimiters and white space end it). */
const NAME = /\/([^\s/[\]<>(){}%]{1,127})/g;
const STREAM = /(?<!end)stream\r?\n/g;
const FLATE_ONLY = /\/Filter\s*(\/FlateDecode|\[\s*\/FlateDecode\s*\])/;

interface PdfFacts {
  names: Set<Keyword>;
  /** Keywords written with #xx escapes. */
  obfuscated: Set<Keyword>;
  uris: string[];
}

export async function inspectPdf(node: FileNode, ctx: InspectionContext, nested: Nested): Promise<void> {
  const max = ctx.limits.maxPdfBytes;
  const raw = Buffer.from(node.bytes.buffer, node.bytes.byteOffset, Math.min(node.bytes.length, max));
  if (node.bytes.length > max) ctx.budget.cut(`${node.label}: only the first ${max} bytes of the PDF were scanned`);
  const text = raw.toString('latin1');
  const facts: PdfFacts = { names: new Set(), obfuscated: new Set(), uris: [] };
  scanText(text, facts);
  const embedded = scanStreams(text, raw, node, ctx, facts);
  report(node, facts, embedded, ctx);
  for (const uri of facts.uris) {
    const url = cleanUrl(uri);
    if (url) ctx.addUrl(url);
  }
  for (const [index, bytes] of embedded.entries()) {
    if (ctx.budget.expired()) break;
    const name = `embedded file ${index + 1}`;
    await nested({ label: `${node.label} › ${name}`, name: null, bytes: bytes.bytes, partial: !bytes.complete, depth: node.depth + 1, archiveDepth: node.archiveDepth, inline: false });
  }
}

function scanText(text: string, facts: PdfFacts): void {
  for (const match of text.matchAll(NAME)) {
    const token = match[1]!;
    const name = token.includes('#') ? token.replace(/#([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) : token;
    if ((KEYWORDS as readonly string[]).includes(name)) {
      facts.names.add(name as Keyword);
      if (name !== token) facts.obfuscated.add(name as Keyword);
    }
  }
  for (const token of uriTokens(text)) {
    if (facts.uris.length >= 200) break;
    facts.uris.push(decodePdfString(token));
  }
}

/** Longest /URI string token read (URLs are at most a few kilobytes). */
const MAX_URI_TOKEN = 8192;

/**
 * The string tokens after each `/URI` key: `(literal)` with escapes and nested parentheses, or
 * `<hex>`. Scanning resumes after each token (or after a token that never closed), so the whole
 * text is read once: a `/URI` inside another string is text, not a key.
 */
function* uriTokens(text: string): Generator<string> {
  for (let at = text.indexOf('/URI'); at !== -1; at = text.indexOf('/URI', at)) {
    let start = at + 4;
    while (start < text.length && /\s/.test(text[start]!)) start++;
    const opener = text[start];
    let end = -1;
    if (opener === '(') {
      let depth = 0;
      for (let i = start; i < text.length && i - start < MAX_URI_TOKEN; i++) {
        const ch = text[i];
        if (ch === '\\') i++;
        else if (ch === '(') depth++;
        else if (ch === ')' && --depth === 0) { end = i; break; }
      }
    } else if (opener === '<') {
      const close = text.indexOf('>', start);
      if (close !== -1 && close - start < MAX_URI_TOKEN) end = close;
    }
    if (end !== -1) yield text.slice(start, end + 1);
    if (end !== -1) at = end + 1;
    else at = opener === '(' || opener === '<' ? Math.min(text.length, start + MAX_URI_TOKEN) : at + 4;
  }
}

interface EmbeddedBytes { bytes: Uint8Array; complete: boolean }

/** Inflates object streams (their dictionaries are scanned like the file) and embedded files (returned). */
function scanStreams(text: string, raw: Buffer, node: FileNode, ctx: InspectionContext, facts: PdfFacts): EmbeddedBytes[] {
  const embedded: EmbeddedBytes[] = [];
  let inflatedTotal = 0;
  let count = 0;
  let images = 0;
  const endstreams = endstreamOffsets(text);
  // Quishing PDFs are a page or two around one code; long documents are not worth decoding images for.
  const fewPages = countUpTo(text, /\/Type\s*\/Page(?![s\w])/g, MAX_QR_PAGES + 1) <= MAX_QR_PAGES;
  for (const match of text.matchAll(STREAM)) {
    if (++count > MAX_STREAMS || ctx.budget.expired()) {
      ctx.budget.cut(`${node.label}: PDF streams from number ${count} on were not inspected (${count > MAX_STREAMS ? `more than ${MAX_STREAMS}` : 'time budget spent'})`);
      break;
    }
    const window = text.slice(Math.max(0, match.index - DICT_LOOKBACK), match.index);
    const dict = window.slice(Math.max(0, window.lastIndexOf('obj')));
    const isObjStm = /\/Type\s*\/ObjStm/.test(dict);
    const isEmbedded = /\/Type\s*\/EmbeddedFile/.test(dict);
    const start = match.index + match[0].length;
    if (images < MAX_QR_IMAGES && fewPages && /\/Subtype\s*\/Image/.test(dict) && /\/Filter\s*(\/DCTDecode|\[\s*\/DCTDecode\s*\])/.test(dict)) {
      // A JPEG image as is: queued for the QR scan (quishing PDFs are one big code).
      images++;
      queueImageForQr({ ...node, label: `${node.label} › image ${images}`, name: null, bytes: raw.subarray(start, streamEnd(endstreams, raw, start, dict)), depth: node.depth + 1 }, 'jpeg', ctx);
      continue;
    }
    if (isEmbedded && !/\/Filter/.test(dict) && embedded.length < MAX_EMBEDDED_FILES) {
      const end = Math.min(streamEnd(endstreams, raw, start, dict), start + ctx.limits.maxEntryBytes);
      embedded.push({ bytes: raw.subarray(start, end), complete: true });
      continue;
    }
    if ((!isObjStm && !isEmbedded) || !FLATE_ONLY.test(dict)) continue;
    const end = streamEnd(endstreams, raw, start, dict);
    const allowance = ctx.limits.maxPdfBytes - inflatedTotal;
    if (allowance <= 0) {
      ctx.budget.cut(`${node.label}: PDF decompression allowance of ${ctx.limits.maxPdfBytes} bytes spent`);
      break;
    }
    const inflated = unzlibBounded(raw.subarray(start, end), Math.min(allowance, isEmbedded ? ctx.limits.maxEntryBytes : allowance));
    if (!inflated) continue;
    inflatedTotal += inflated.bytes.length;
    if (isObjStm) scanText(Buffer.from(inflated.bytes).toString('latin1'), facts);
    else if (embedded.length < MAX_EMBEDDED_FILES) embedded.push({ bytes: inflated.bytes, complete: inflated.complete });
  }
  return embedded;
}

/** Where a stream's data ends: its direct /Length when plausible, else the next `endstream` (from the precomputed offsets). */
function streamEnd(endstreams: number[], raw: Buffer, start: number, dict: string): number {
  const length = /\/Length\s+(\d+)(?!\d)(?!\s+\d+\s+R)/.exec(dict);
  if (length) {
    const end = start + Number(length[1]);
    if (end <= raw.length) return end;
  }
  let low = 0;
  let high = endstreams.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (endstreams[middle]! < start) low = middle + 1;
    else high = middle;
  }
  return endstreams[low] ?? raw.length;
}

/** Matches of `pattern` (global) in `text`, counting no further than `limit`. */
function countUpTo(text: string, pattern: RegExp, limit: number): number {
  let count = 0;
  for (const _match of text.matchAll(pattern)) if (++count >= limit) break;
  return count;
}

/** Offsets of every `endstream`, found once (searching from each stream instead is quadratic on hostile files). */
function endstreamOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (let at = text.indexOf('endstream'); at !== -1; at = text.indexOf('endstream', at + 9)) offsets.push(at);
  return offsets;
}

function report(node: FileNode, facts: PdfFacts, embedded: EmbeddedBytes[], ctx: InspectionContext): void {
  const has = (name: Keyword): boolean => facts.names.has(name);
  const label = quoteName(node.label);
  const hidden = facts.obfuscated.size > 0 ? ` (its names are hex-escaped to hide them: ${[...facts.obfuscated].map((n) => `/${n}`).join(', ')})` : '';
  const script = has('JavaScript') || has('JS');
  if (script) ctx.add('pdf_javascript', node.label, `The PDF ${label} contains JavaScript${hidden}; ordinary documents have no need for it, exploits and redirectors do.`);
  if (has('Launch')) ctx.add('pdf_launch_action', node.label, `The PDF ${label} has a /Launch action, which asks the reader to run a program or open a file${hidden}.`);
  if ((has('OpenAction') || has('AA')) && (script || has('Launch'))) {
    ctx.add('pdf_auto_action', node.label, `The PDF ${label} runs its ${script ? 'JavaScript' : 'launch action'} automatically (/OpenAction or /AA), without a click.`);
  }
  if (has('EmbeddedFile') || embedded.length > 0) ctx.add('pdf_embedded_file', node.label, `The PDF ${label} carries embedded files, a way to smuggle a payload inside an innocent-looking document.`);
  if (has('Encrypt')) ctx.add('pdf_encrypted', node.label, `The PDF ${label} is encrypted, so scanners cannot read its text and links (statements are sometimes protected this way too).`);
  if (has('SubmitForm')) ctx.add('pdf_form_submit', node.label, `The PDF ${label} has a form that submits what is typed into it to a web address.`);
  const links = facts.uris.map(cleanUrl).filter((u): u is string => u !== null);
  if (links.length > 0) {
    const hosts = [...new Set(links.map((u) => new URL(u).hostname))].slice(0, 3).join(', ');
    ctx.add('pdf_links', node.label, `The PDF ${label} links to ${hosts}${links.length > 1 ? ` (${links.length} links)` : ''}.`);
  }
}

/** A PDF literal string `(…)` or hex string `<…>` as text (UTF-16BE when it starts with a BOM). */
export function decodePdfString(token: string): string {
  let bytes: number[];
  if (token.startsWith('<')) {
    const hex = token.slice(1, -1).replace(/\s+/g, '');
    bytes = [];
    for (let i = 0; i < hex.length; i += 2) bytes.push(parseInt(hex.slice(i, i + 2).padEnd(2, '0'), 16));
  } else {
    bytes = literalBytes(token.slice(1, -1));
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const utf16 = Buffer.from(bytes.slice(2, 2 + ((bytes.length - 2) & ~1)));
    return utf16.swap16().toString('utf16le');
  }
  return Buffer.from(bytes).toString('latin1');
}

const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };

function literalBytes(body: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') { out.push(ch.charCodeAt(0) & 0xff); continue; }
    const next = body[++i];
    if (next === undefined) break;
    if (Object.hasOwn(ESCAPES, next)) out.push(ESCAPES[next]!);
    else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(body.slice(i, i + 3))![0];
      out.push(parseInt(octal, 8) & 0xff);
      i += octal.length - 1;
    } else if (next === '\r' && body[i + 1] === '\n') i++;
    else if (next !== '\n' && next !== '\r') out.push(next.charCodeAt(0) & 0xff);
  }
  return out;
}
