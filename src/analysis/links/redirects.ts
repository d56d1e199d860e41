/**
 * Redirect unwrapping: a link whose query (or path) carries another URL it will forward to.
 *
 * - `rewriter`: a security gateway's rewritten link (Safe Links, Proofpoint …): the target is the real link.
 * - `known`: a big site's open redirector (google.com/url, bing.com/ck/a …), abused to borrow its name.
 * - `param`: any other link with a redirect parameter (`?url=`, `?next=` …) holding an absolute URL.
 */
import { isWithin } from '../sender/domains.ts';
import { KNOWN_REDIRECTORS, LINK_REWRITERS, REDIRECT_PARAMS } from './lists.ts';

export interface Unwrapped {
  target: string;
  kind: 'rewriter' | 'known' | 'param';
  /** Who redirects: the redirector's name or the parameter (`url=`). */
  via: string;
}

export function unwrapRedirect(url: string): Unwrapped | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const host = parsed.hostname.toLowerCase();
  const rewriter = LINK_REWRITERS.find((r) => isWithin(host, r));
  if (rewriter) {
    const target = rewrittenTarget(parsed);
    return target ? { target, kind: 'rewriter', via: rewriter } : null;
  }
  const known = KNOWN_REDIRECTORS.find((r) => isKnownHost(host, r.host) && parsed.pathname.startsWith(r.path));
  if (known) {
    const target = knownTarget(parsed) ?? paramTarget(parsed)?.target;
    if (target) return { target, kind: 'known', via: `${known.name} (${host}${known.path})` };
  }
  const param = paramTarget(parsed);
  return param ? { target: param.target, kind: 'param', via: `${param.name}=` } : null;
}

/** `google.com` also matches the country sites `www.google.de`, `google.co.uk`. */
function isKnownHost(host: string, known: string): boolean {
  if (isWithin(host, known)) return true;
  if (known !== 'google.com') return false;
  return /(^|\.)google\.(?:[a-z]{2,3}|co\.[a-z]{2}|com\.[a-z]{2})$/.test(host);
}

function rewrittenTarget(url: URL): string | null {
  const p = url.searchParams;
  // Proofpoint v3: https://urldefense.com/v3/__https://example.com/x__;!!token
  const v3 = /\/v3\/__(.+?)__;/.exec(url.href);
  if (v3?.[1]) return asHttpUrl(v3[1]);
  // Proofpoint v2: u=https-3A__example.com_x  ('-XX' is '%XX', '_' is '/')
  if (url.pathname.startsWith('/v2/') && p.get('u')) {
    return asHttpUrl(decodeSafely((p.get('u') ?? '').replace(/_/g, '/').replace(/-([0-9A-F]{2})/g, '%$1')));
  }
  for (const name of ['url', 'u', 'a']) {
    const value = p.get(name);
    if (value) return asHttpUrl(value);
  }
  // Cisco Secure Email: the target is the last path segment, percent-encoded.
  const last = url.pathname.split('/').pop() ?? '';
  return asHttpUrl(decodeSafely(last));
}

function knownTarget(url: URL): string | null {
  // Google AMP: /amp/s/example.com/path → https://example.com/path
  const amp = /^\/amp\/(s\/)?(.+)$/.exec(url.pathname);
  if (amp?.[2]) return asHttpUrl((amp[1] ? 'https://' : 'http://') + amp[2]);
  // Bing: u=a1<base64url of the target>
  const bingU = url.searchParams.get('u');
  if (url.pathname.startsWith('/ck/a') && bingU?.startsWith('a1')) {
    return asHttpUrl(Buffer.from(bingU.slice(2), 'base64url').toString('utf8'));
  }
  // DoubleClick and similar: the target follows a `?` inside the path or query (`…;?https://x`).
  const embedded = /[?;&](https?(?::|%3A)\/\/.+)$/i.exec(url.href);
  if (embedded?.[1]) return asHttpUrl(decodeSafely(embedded[1]));
  return null;
}

function paramTarget(url: URL): { target: string; name: string } | null {
  for (const [name, value] of url.searchParams) {
    if (!REDIRECT_PARAMS.has(name.toLowerCase())) continue;
    const target = asHttpUrl(value);
    if (target) return { target, name };
  }
  return null;
}

/** `value` (decoded once more if still encoded, or base64 of a URL) as an absolute http(s) URL, or null. */
function asHttpUrl(value: string): string | null {
  let v = value.trim();
  if (/^https?%3a/i.test(v)) v = decodeSafely(v);
  if (/^aHR0c[A-Za-z0-9+/_-]{8,}={0,2}$/.test(v)) v = Buffer.from(v, 'base64').toString('utf8');
  if (v.startsWith('//')) v = 'https:' + v;
  if (!/^https?:\/\/[^/?#\s]+\.[^/?#\s]+/i.test(v)) return null;
  try {
    return new URL(v).href;
  } catch {
    return null;
  }
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
