/**
 * URL normalisation for links found in mail: refang, resolve against `<base href>`, WHATWG-normalise,
 * and keep what normalisation would erase (the raw host's IP notation, the userinfo) so the inspector
 * can still see the trick.
 */
import { asciiHost } from '../sender/domains.ts';

export interface NormalisedUrl {
  /** WHATWG-serialised URL (`data:`/`javascript:` kept as written, cut to 300 characters). */
  url: string;
  /** Lower-case scheme without the colon (`https`, `data`). */
  scheme: string;
  /** Normalised host (punycode, canonical IP), or null for schemes without one. */
  host: string | null;
  /** The host exactly as written (before IP canonicalisation), lower case, or null. */
  rawHost: string | null;
  /** `user[:pass]` before an `@` in the authority, as written, or ''. */
  userinfo: string;
  /** Explicit non-default port, or ''. */
  port: string;
}

/** Schemes that are links worth keeping; others (mailto:, tel:, cid:, about:, #fragments) are dropped. */
const KEPT_SCHEMES = new Set(['http', 'https', 'ftp', 'data', 'javascript', 'vbscript', 'file', 'ws', 'wss']);
/** Longest URL kept; longer ones are cut (a `data:` URI can be megabytes). */
const MAX_URL_CHARS = 2048;

/** Undoes common defanging: `hxxps://evil[.]example`, `evil(.)example`, `[:]//`. */
export function refang(text: string): string {
  return text
    .replace(/^h(?:xx|\*\*|XX)p(s?)(?=\[?:)/i, 'http$1')
    .replace(/\[(\.|:|@|\/)\]|\((\.)\)|\{(\.)\}/g, (_m, a?: string, b?: string, c?: string) => a ?? b ?? c ?? '')
    .replace(/\[dot\]/gi, '.');
}

/**
 * Normalises one link as found in `href`, `src`, text … Returns null for what is not a link
 * (empty, fragments, mailto:, relative paths without a base, unparseable).
 */
export function normaliseUrl(raw: string, base: string | null = null): NormalisedUrl | null {
  // Browsers strip leading/trailing C0 controls and spaces, and remove tabs and newlines anywhere.
  const cleaned = trimControls(raw.replace(/[\t\n\r]/g, ''));
  if (cleaned === '' || cleaned.startsWith('#')) return null;
  const schemeMatch = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
  const scheme = schemeMatch?.[1]?.toLowerCase() ?? null;
  if (scheme === 'data' || scheme === 'javascript' || scheme === 'vbscript') {
    return { url: cleaned.slice(0, 300), scheme, host: null, rawHost: null, userinfo: '', port: '' };
  }
  if (scheme !== null && !KEPT_SCHEMES.has(scheme)) return null;
  let absolute = cleaned.slice(0, MAX_URL_CHARS);
  if (scheme === null) {
    if (absolute.startsWith('//')) absolute = 'https:' + absolute;
    else if (/^www\./i.test(absolute)) absolute = 'http://' + absolute;
    else if (base === null) return null;
  }
  let parsed: URL;
  try {
    parsed = scheme === null && base !== null && !absolute.includes('://') ? new URL(absolute, base) : new URL(absolute);
  } catch {
    return null;
  }
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\\]*)/i.exec(absolute)?.[1] ?? '';
  const at = authority.lastIndexOf('@');
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  const rawHost = hostPort.startsWith('[') ? hostPort.slice(0, hostPort.indexOf(']') + 1) : hostPort.replace(/:\d*$/, '');
  const host = parsed.hostname === '' ? null : asciiHost(parsed.hostname) || parsed.hostname.toLowerCase();
  return {
    url: parsed.href,
    scheme: parsed.protocol.slice(0, -1),
    host,
    rawHost: rawHost === '' ? host : rawHost.toLowerCase(),
    userinfo: at >= 0 ? authority.slice(0, at) : '',
    port: parsed.port,
  };
}

/** Strips leading and trailing C0 controls and spaces (code points up to U+0020). */
function trimControls(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.slice(start, end);
}

export type IpNotation = 'ipv4' | 'ipv6' | 'obfuscated';

/**
 * How a host spells an IP address: `ipv4` (dotted decimal), `ipv6` (bracketed), `obfuscated`
 * (decimal `3232235777`, hex `0xc0a80101`, octal `0300.0250.1.1`, short `192.168.257`, mixed) — all
 * of which browsers still open. Null when the host is a name.
 */
export function ipNotation(rawHost: string | null, host: string | null): IpNotation | null {
  if (host === null) return null;
  if (host.startsWith('[')) return 'ipv6';
  if (!/^\d{1,3}(?:\.\d{1,3}){3}$/.test(host)) return null;
  const raw = (rawHost ?? host).replace(/\.$/, '');
  return raw === host ? 'ipv4' : 'obfuscated';
}
