/**
 * Links in plain text, found with linkify-it (what mail programs make clickable): full URLs, `www.`
 * names and bare domain names. Bare IP addresses are not links (technical mail is full of them); an IP
 * with a scheme (`http://1.2.3.4/`) is. Bare names that are really file names (`README.md`, `setup.py`) are
 * dropped: their "TLD" is a file extension.
 */
import LinkifyIt from 'linkify-it';
import type { Budget } from '../types.ts';
import type { Link } from './types.ts';
import { normaliseUrl } from './url.ts';

/** Characters scanned between two budget checks; slices end at whitespace so no URL is split. */
const SLICE_CHARS = 64 * 1024;
/** Country-code TLDs that are far more often file extensions when written without a scheme. */
const FILE_EXTENSION_TLDS = new Set(['md', 'py', 'sh', 'rs', 'pl', 'rb', 'cs', 'ts', 'js', 'so', 'mk', 'ps', 'zip', 'mov', 'hs', 'jl', 'kt']);

/**
 * The shared matcher. Building one compiles linkify-it's large Unicode patterns (≈1.5 ms, more than
 * scanning a typical message), so it is built once per thread on first use. Reusing it is safe: a
 * match() call runs synchronously to completion and leaves no state the next call depends on.
 */
let sharedMatcher: LinkifyIt | null = null;

export function createTextMatcher(): LinkifyIt {
  sharedMatcher ??= new LinkifyIt(undefined, { fuzzyEmail: false, fuzzyIP: false, fuzzyLink: true });
  return sharedMatcher;
}

export function linksInText(text: string, budget: Budget, maxLinks: number, matcher: LinkifyIt = createTextMatcher()): Link[] {
  const links: Link[] = [];
  const seen = new Set<string>();
  let at = 0;
  while (at < text.length) {
    if (budget.expired()) {
      budget.cut(`text link extraction (stopped after ${Math.round(at / 1024)} KiB of ${Math.round(text.length / 1024)} KiB)`);
      break;
    }
    let end = Math.min(text.length, at + SLICE_CHARS);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > at) end = space;
    }
    for (const match of matcher.match(text.slice(at, end)) ?? []) {
      if (match.schema === 'mailto:' || isFileName(match.schema, match.raw)) continue;
      const normalised = normaliseUrl(match.url);
      if (normalised === null || seen.has(normalised.url)) continue;
      if (links.length >= maxLinks) {
        budget.cut(`links beyond the first ${maxLinks}`);
        return links;
      }
      seen.add(normalised.url);
      const link: Link = { url: normalised.url, host: normalised.host, source: 'text' };
      if (normalised.rawHost !== null && normalised.rawHost !== normalised.host) link.rawHost = normalised.rawHost;
      links.push(link);
    }
    at = end;
  }
  return links;
}

function isFileName(schema: string, raw: string): boolean {
  if (schema !== '' || /^www\./i.test(raw) || raw.includes('/')) return false;
  const tld = raw.slice(raw.lastIndexOf('.') + 1).toLowerCase();
  return FILE_EXTENSION_TLDS.has(tld);
}
