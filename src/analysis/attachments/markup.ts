/**
 * Attached pages and other text formats that act when opened: HTML (credential forms, remote form
 * actions, redirects, script, HTML smuggling — including markup hidden in `atob(…)`/`unescape(…)`
 * strings, the usual phishing-kit wrapping), SVG (script in an image), calendar invitations with links,
 * Windows shortcuts (.url/.library-ms/.searchConnector-ms) and Apple configuration profiles.
 * Every URL seen becomes an IOC.
 */
import { Parser } from 'htmlparser2';
import { cleanUrl, quoteName, type FileNode, type InspectionContext } from './context.ts';

/** Characters of one text attachment parsed; the rest is not inspected (and a cut says so). */
const MAX_MARKUP_CHARS = 2_000_000;
/** Characters of a text file searched for shortcut/profile markers (they sit at the top). */
const SHORTCUT_SAMPLE_CHARS = 64 * 1024;
/** Characters of script kept for pattern checks. */
const MAX_SCRIPT_CHARS = 1_000_000;
/** Encoded string literals decoded and parsed as markup, and the characters decoded in all. */
const MAX_DECODED_LITERALS = 20;
const MAX_DECODED_CHARS = 2_000_000;
/** Shortest literal worth decoding: wrapped pages are kilobytes long. */
const MIN_ENCODED_LITERAL = 120;
/** URLs collected from one page (the message's IOC list keeps fewer still). */
const MAX_PAGE_URLS = 1000;
/** Layers of encoding unwrapped (kits nest `unescape` inside `atob` inside `unescape`). */
const ENCODING_LAYERS = 3;

const URL_IN_TEXT = /\bhttps?:\/\/[^\s'"<>()\\`{}|^]+/gi;
const SMUGGLING_SOURCE = /new\s+Blob\s*\(|createObjectURL|msSaveOrOpenBlob|msSaveBlob|data:application\/[\w.+-]{1,100};base64,[A-Za-z0-9+/]{1000}/i;
const SMUGGLING_SINK = /\.download\s*=|setAttribute\(\s*['"]download|msSaveOrOpenBlob|msSaveBlob|\bdownload\s*=\s*["']/i;
const REDIRECT = /(?:window|document|top|self|parent)\.location(?:\.href)?\s*=|location\.(?:replace|assign)\s*\(|location\.href\s*=/i;
const SCRIPT_EXFIL = /api\.telegram\.org|\$\.(?:ajax|post)\s*\(|XMLHttpRequest|\bfetch\s*\(|\.submit\s*\(\s*\)|sendBeacon/i;
const OBFUSCATION = /\b(?:eval|unescape|atob|String\.fromCharCode)\s*\(|document\.write\s*\(/i;

interface PageFacts {
  scripts: number;
  scriptText: string;
  eventHandlers: number;
  passwordFields: number;
  forms: string[];
  metaRefresh: string | null;
  foreignObject: boolean;
  urls: Set<string>;
  decodedChars: number;
  decodedLiterals: number;
  /** Characters of scriptText already searched for encoded literals. */
  literalsScanned: number;
}

function newFacts(): PageFacts {
  return { scripts: 0, scriptText: '', eventHandlers: 0, passwordFields: 0, forms: [], metaRefresh: null, foreignObject: false, urls: new Set(), decodedChars: 0, decodedLiterals: 0, literalsScanned: 0 };
}

/** The file as text (UTF-16 by BOM, else UTF-8), at most `maxChars` characters; a longer file is recorded as cut. */
function textOf(node: FileNode, ctx: InspectionContext, maxChars = MAX_MARKUP_CHARS): string {
  const bytes = Buffer.from(node.bytes.buffer, node.bytes.byteOffset, node.bytes.length);
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  const end = Math.min(bytes.length, utf16 ? 2 + maxChars * 2 : maxChars);
  let text: string;
  if (!utf16) text = bytes.toString('utf8', 0, end);
  else if (bytes[0] === 0xff) text = bytes.toString('utf16le', 2, end);
  else text = new TextDecoder('utf-16be').decode(bytes.subarray(2, end));
  if (end < bytes.length && maxChars === MAX_MARKUP_CHARS) ctx.budget.cut(`${node.label}: only the first ${maxChars} characters were inspected`);
  return text;
}

/** Collects the facts of one page (HTML or SVG) into `facts`; decoded literals are parsed the same way, `layers` deep. */
function parsePage(markup: string, xmlMode: boolean, facts: PageFacts, layers: number): void {
  let inScript = false;
  const parser = new Parser({
    onopentag(name, attrs) {
      const tag = name.toLowerCase();
      for (const [key, value] of Object.entries(attrs)) {
        const attr = key.toLowerCase();
        if (attr.startsWith('on')) facts.eventHandlers++;
        if (['href', 'src', 'action', 'xlink:href', 'data', 'formaction'].includes(attr)) {
          const url = facts.urls.size < MAX_PAGE_URLS ? cleanUrl(value) : null;
          if (url) facts.urls.add(url);
          if (/^\s*javascript:/i.test(value)) facts.eventHandlers++;
        }
      }
      if (tag === 'script') {
        facts.scripts++;
        inScript = true;
      } else if (tag === 'form') facts.forms.push(attrs.action ?? '');
      else if (tag === 'input' && /^(password)$/i.test(attrs.type ?? '')) facts.passwordFields++;
      else if (tag === 'input' && /pass(word|wd)?|pwd/i.test(`${attrs.name ?? ''} ${attrs.id ?? ''}`)) facts.passwordFields++;
      else if (tag === 'meta' && /refresh/i.test(attrs['http-equiv'] ?? '')) {
        const url = /url\s*=\s*['"]?([^'"\s>]+)/i.exec(attrs.content ?? '')?.[1];
        facts.metaRefresh = url ?? '';
        const clean = url ? cleanUrl(url) : null;
        if (clean) facts.urls.add(clean);
      } else if (tag === 'foreignobject') facts.foreignObject = true;
    },
    ontext(text) {
      if (inScript && facts.scriptText.length < MAX_SCRIPT_CHARS) facts.scriptText += text.slice(0, MAX_SCRIPT_CHARS - facts.scriptText.length);
    },
    onclosetag(name) {
      if (name.toLowerCase() === 'script') {
        inScript = false;
        facts.scriptText += '\n';
      }
    },
  }, { xmlMode, lowerCaseTags: !xmlMode, lowerCaseAttributeNames: !xmlMode, decodeEntities: true });
  parser.write(markup);
  parser.end();
  for (const match of facts.scriptText.matchAll(URL_IN_TEXT)) {
    if (facts.urls.size >= MAX_PAGE_URLS) break;
    const url = cleanUrl(match[0]);
    if (url) facts.urls.add(url);
  }
  if (layers > 0) parseEncodedLiterals(facts, layers - 1);
}

/** `atob('PGZvcm0…')`, `unescape('%3Cform…')`: decodes long encoded string literals and parses any markup inside. */
function parseEncodedLiterals(facts: PageFacts, layers: number): void {
  const fresh = facts.scriptText.slice(facts.literalsScanned);
  facts.literalsScanned = facts.scriptText.length;
  for (const literal of stringLiterals(fresh, MIN_ENCODED_LITERAL)) {
    if (facts.decodedLiterals >= MAX_DECODED_LITERALS || facts.decodedChars >= MAX_DECODED_CHARS) return;
    const decoded = decodeLiteral(literal.replace(/\s+/g, ''));
    if (decoded === null || !/<[a-z!]/i.test(decoded)) continue;
    facts.decodedLiterals++;
    facts.decodedChars += decoded.length;
    parsePage(decoded.slice(0, MAX_DECODED_CHARS), false, facts, layers);
  }
}

/** Contents of the quoted string literals in `script` at least `minLength` long: one pass, escapes honoured (linear time on any input). */
export function* stringLiterals(script: string, minLength: number): Generator<string> {
  for (let at = 0; at < script.length; at++) {
    const quote = script[at];
    if (quote !== '"' && quote !== "'" && quote !== '`') continue;
    let end = at + 1;
    while (end < script.length && script[end] !== quote) end += script[end] === '\\' ? 2 : 1;
    if (end - at - 1 >= minLength) yield script.slice(at + 1, Math.min(end, script.length));
    at = end;
  }
}

function decodeLiteral(literal: string): string | null {
  try {
    if (/%[0-9a-f]{2}/i.test(literal)) return decodeURIComponent(literal.replace(/%(?![0-9a-f]{2})/gi, '%25'));
    if (/\\x[0-9a-f]{2}/i.test(literal)) return literal.replace(/\\x([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (/^[A-Za-z0-9+/]+=*$/.test(literal)) return Buffer.from(literal, 'base64').toString('utf8');
  } catch {}
  return null;
}

export function inspectHtml(node: FileNode, ctx: InspectionContext): void {
  const facts = newFacts();
  parsePage(textOf(node, ctx), false, facts, ENCODING_LAYERS);
  const label = quoteName(node.label);
  for (const url of facts.urls) ctx.addUrl(url);
  ctx.add('html_attachment', node.label, `${label} is a web page sent as an attachment; opened, it runs in the browser outside the mail client's protection, the standard carrier of fake sign-in pages.`);
  if (facts.scripts > 0 || facts.eventHandlers > 0) {
    const obfuscated = OBFUSCATION.test(facts.scriptText) ? ', obfuscated (eval/atob/unescape/document.write)' : '';
    ctx.add('html_attachment_script', node.label, `The attached page ${label} runs script${obfuscated}.`);
  }
  const remoteForms = facts.forms.filter((action) => /^\s*(https?:)?\/\//i.test(action));
  const scriptSubmits = facts.passwordFields > 0 && SCRIPT_EXFIL.test(facts.scriptText);
  if (facts.passwordFields > 0) {
    ctx.add('html_attachment_credential_form', node.label, `The attached page ${label} asks for a password: a local file has no business collecting credentials.`);
  }
  if (remoteForms.length > 0 || scriptSubmits) {
    const target = remoteForms[0] ? ` to ${remoteForms[0].trim().slice(0, 200)}` : /api\.telegram\.org/i.test(facts.scriptText) ? ' to a Telegram bot' : ' by script';
    ctx.add('html_attachment_remote_form', node.label, `The attached page ${label} sends what is typed into it${target}.`);
  }
  if ((facts.metaRefresh !== null && facts.metaRefresh !== '') || REDIRECT.test(facts.scriptText)) {
    ctx.add('html_attachment_redirect', node.label, `The attached page ${label} sends the browser on to another address as soon as it opens${facts.metaRefresh ? ` (${facts.metaRefresh.slice(0, 200)})` : ''}.`);
  }
  if (SMUGGLING_SOURCE.test(facts.scriptText) && SMUGGLING_SINK.test(facts.scriptText)) {
    ctx.add('html_smuggling', node.label, `The attached page ${label} builds a file in the browser and downloads it (HTML smuggling), which delivers a payload no mail scanner saw.`);
  }
}

export function inspectSvg(node: FileNode, ctx: InspectionContext): void {
  const facts = newFacts();
  parsePage(textOf(node, ctx), true, facts, ENCODING_LAYERS);
  for (const url of facts.urls) ctx.addUrl(url);
  const label = quoteName(node.label);
  if (facts.scripts > 0 || facts.eventHandlers > 0 || facts.foreignObject) {
    const what = [facts.scripts > 0 || facts.eventHandlers > 0 ? 'script' : '', facts.foreignObject ? 'embedded HTML (foreignObject)' : ''].filter(Boolean).join(' and ');
    ctx.add('svg_attachment_script', node.label, `The image ${label} is an SVG carrying ${what}: opened, it runs in the browser like a web page.`);
    if (facts.passwordFields > 0) ctx.add('html_attachment_credential_form', node.label, `The SVG ${label} contains a password field.`);
  } else if (!node.inline) {
    ctx.add('svg_attachment', node.label, `${label} is an SVG image attached as a file; SVGs open in the browser and are increasingly used as phishing pages.`);
  }
}

export function inspectCalendar(node: FileNode, ctx: InspectionContext): void {
  const text = textOf(node, ctx).replace(/\r?\n[ \t]/g, '');
  const urls = [...new Set([...text.matchAll(URL_IN_TEXT)].map((m) => cleanUrl(m[0].replace(/\\[,;n]/g, ''))).filter((u): u is string => u !== null))];
  for (const url of urls) ctx.addUrl(url);
  if (urls.length === 0) return;
  const hosts = [...new Set(urls.map((u) => new URL(u).hostname))].slice(0, 3).join(', ');
  ctx.add('calendar_links', node.label, `The calendar invitation ${quoteName(node.label)} links to ${hosts}; invitations land in the calendar with their links even when the mail is filtered.`);
}

/** Text files that are Windows shortcuts or Apple profiles whatever their name says. Returns true when one was found. */
export function inspectShortcutText(node: FileNode, ctx: InspectionContext, byName: 'internet_shortcut' | 'mobileconfig' | null): boolean {
  const text = textOf(node, ctx, SHORTCUT_SAMPLE_CHARS);
  const label = quoteName(node.label);
  const shortcut = /^\s*\[InternetShortcut\]/im.test(text) || /<(libraryDescription|searchConnectorDescription)\b/i.test(text);
  if (shortcut || byName === 'internet_shortcut') {
    const targets = [...text.matchAll(/^\s*URL\s*=\s*(\S+)|<url>\s*([^<\s]+)\s*<\/url>/gim)].map((m) => (m[1] ?? m[2])!.trim());
    for (const target of targets) {
      const url = cleanUrl(target);
      if (url) ctx.addUrl(url);
    }
    const where = targets[0] ? ` pointing at ${targets[0].slice(0, 200)}` : '';
    const library = /<(libraryDescription|searchConnectorDescription)\b/i.test(text);
    // A shortcut to a web page only opens the browser; one to a file share (file://, \\host, WebDAV) runs what it finds there.
    if (!library && targets.length > 0 && targets.every((t) => /^https?:\/\//i.test(t)) && !/^\s*(IconFile|WorkingDirectory)\s*=\s*(\\\\|file:)/im.test(text)) {
      ctx.add('attachment_web_shortcut', node.label, `${label} is a Windows shortcut${where}: a link in disguise that opens the browser.`);
      return true;
    }
    ctx.add('attachment_internet_shortcut', node.label, `${label} is a Windows shortcut${where}; opening it fetches and can run content from that location (WebDAV/SMB).`);
    return true;
  }
  if (byName === 'mobileconfig' || /<key>\s*Payload(Content|Type)\s*<\/key>/.test(text)) {
    ctx.add('attachment_mobileconfig', node.label, `${label} is an Apple configuration profile, which can install certificates, VPNs or device management when accepted.`);
    return true;
  }
  return false;
}
