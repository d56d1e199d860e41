/**
 * lookalikeBrand: does a domain imitate a well-known brand without being one of its domains?
 *
 * Techniques, tried in this order (the first that matches is reported):
 * - `idn`: an internationalised label whose confusable skeleton is a brand key (`xn--pypal-4ve` = pаypal).
 * - `homoglyph`: an ASCII label with the skeleton of a brand key (`paypa1`, `rnicrosoft`, `g00gle`).
 * - `edit_distance`: Damerau-Levenshtein distance to a key of at most 1 (labels of 5–9 characters) or 2
 *   (10 or more). The issue allows 2 from 5 characters; below 10 that pairs ordinary names with brands
 *   (`maple`/`apple`, `phase`/`chase`, `snapcraft`/`snapchat`), so shorter labels get 1. Brands whose name is an ordinary
 *   word (BRANDS' `ambiguous`) are not matched by distance at all.
 * - `brand_with_affix`: the key with phishing vocabulary around it (`paypal-secure-login`,
 *   `appleidverify`), or the bare key on a generic or much-abused top-level domain (`paypal.xyz`).
 * - `brand_in_subdomain`: the brand's key or one of its domains left of the registered domain
 *   (`paypal.com.account-check.net`), unless the registered domain is a mail provider's infrastructure.
 */
import { BRANDS, type Brand } from './brands.ts';
import { skeleton } from './confusables.ts';
import { domainParts, unicodeHost } from './domains.ts';
import { AFFIX_WORDS, ABUSED_CCTLDS, MAIL_INFRASTRUCTURE_DOMAINS, NOT_LOOKALIKES } from './lists.ts';

export type LookalikeTechnique = 'homoglyph' | 'idn' | 'edit_distance' | 'brand_in_subdomain' | 'brand_with_affix';

export interface LookalikeMatch {
  brand: string;
  legitimateDomain: string;
  technique: LookalikeTechnique;
}

interface KeyEntry {
  key: string;
  skeleton: string;
  brand: Brand;
}

/** Homoglyph matching needs keys of at least this many letters: `lng` (skeleton of `ing`) is a word. */
const MIN_HOMOGLYPH_KEY = 4;
/** Edit-distance matching applies to labels and keys of at least this many characters. */
const MIN_DISTANCE_LABEL = 5;
/**
 * A brand's exact name on these is, in practice, the brand's own (defensive registration long ago):
 * `paypal.net`, `bradesco.com`. Phishers register the newer generic TLDs instead.
 */
const OWNED_GENERIC_SUFFIXES = new Set(['com', 'net', 'org']);

/** Labels at least this long may differ from a key by 2 edits; shorter ones by 1 (`snapcraft` is not `snapchat`). */
const LONG_LABEL = 10;
/** Affix matching without a separator (`paypalsecure`) needs keys of at least this length. */
const MIN_GLUED_KEY = 4;

const KEY_ENTRIES: readonly KeyEntry[] = BRANDS.flatMap((brand) =>
  brand.keys.map((key) => ({ key, skeleton: skeleton(key), brand })),
);
const LEGITIMATE: ReadonlyMap<string, Brand> = new Map(BRANDS.flatMap((b) => b.domains.map((d) => [d, b] as const)));
const KEYS: ReadonlyMap<string, Brand> = new Map(KEY_ENTRIES.map((e) => [e.key, e.brand] as const));

/** The brand that owns `registered` (one of its listed domains, or its key on a country-code suffix). */
export function brandOwning(registered: string | null): Brand | null {
  if (registered === null) return null;
  const listed = LEGITIMATE.get(registered);
  if (listed) return listed;
  const dot = registered.indexOf('.');
  const label = registered.slice(0, dot);
  const suffix = registered.slice(dot + 1);
  const brand = KEYS.get(label);
  if (brand && (isCountrySuffix(suffix) || OWNED_GENERIC_SUFFIXES.has(suffix))) return brand;
  return null;
}

/**
 * The brand that lists `registered` among its domains — exactly, with no inference from the label
 * (slack.net is an ISP, not Slack). For claims that a message comes from the brand itself.
 */
export function brandListing(registered: string | null): Brand | null {
  return registered === null ? null : (LEGITIMATE.get(registered) ?? null);
}

/** Both registered domains belong to one brand (`amazon.com` and `amazon.co.uk`). */
export function sameBrand(a: string | null, b: string | null): boolean {
  const owner = brandOwning(a);
  return owner !== null && owner === brandOwning(b);
}

export function lookalikeBrand(domain: string): LookalikeMatch | null {
  const parts = domainParts(domain);
  if (parts.isIp || parts.registered === null || parts.label === null || parts.suffix === null) return null;
  if (brandOwning(parts.registered) !== null || NOT_LOOKALIKES.has(parts.registered)) return null;
  const label = parts.label;
  return (
    matchBySkeleton(label) ??
    matchByDistance(label) ??
    matchByAffix(label, parts.suffix) ??
    matchInSubdomain(parts.subdomain, parts.registered)
  );
}

function result(brand: Brand, technique: LookalikeTechnique): LookalikeMatch {
  return { brand: brand.name, legitimateDomain: brand.domains[0] ?? '', technique };
}

function matchBySkeleton(label: string): LookalikeMatch | null {
  const isIdn = label.startsWith('xn--');
  const shown = isIdn ? unicodeHost(label) : label;
  const skel = skeleton(shown);
  for (const entry of KEY_ENTRIES) {
    if (entry.key.length < MIN_HOMOGLYPH_KEY || entry.skeleton !== skel) continue;
    if (isIdn) return result(entry.brand, 'idn');
    if (label !== entry.key) return result(entry.brand, 'homoglyph');
  }
  if (isIdn) {
    // An IDN label with a brand inside (`pаypal-login`): the affix rule on the skeleton.
    const affix = matchByAffix(skel, 'com');
    if (affix) return { ...affix, technique: 'idn' };
  }
  return null;
}

function matchByDistance(label: string): LookalikeMatch | null {
  if (label.length < MIN_DISTANCE_LABEL) return null;
  const limit = label.length >= LONG_LABEL ? 2 : 1;
  for (const entry of KEY_ENTRIES) {
    if (entry.brand.ambiguous || entry.key.length < MIN_DISTANCE_LABEL) continue;
    // Look-alikes keep the first letter so the name reads right at a glance (`paypa1`, `amazom`);
    // a different first letter is a different word (`mobile` is not `tmobile`).
    if (entry.key[0] !== label[0]) continue;
    if (Math.abs(entry.key.length - label.length) > limit || entry.key === label) continue;
    if (damerauLevenshtein(label, entry.key, limit) <= limit) return result(entry.brand, 'edit_distance');
  }
  return null;
}

function matchByAffix(label: string, suffix: string): LookalikeMatch | null {
  const bare = KEYS.get(label);
  if (bare) {
    // The brand's own name on a suffix it does not use: newer generic TLDs and much-abused ccTLDs.
    return isCountrySuffix(suffix) || OWNED_GENERIC_SUFFIXES.has(suffix) ? null : result(bare, 'brand_with_affix');
  }
  const tokens = label.split(/[-_0-9]+/).filter(Boolean);
  for (const entry of KEY_ENTRIES) {
    for (const token of tokens) {
      if (token === entry.key) {
        const others = tokens.filter((t) => t !== token);
        const strongKey = !entry.brand.ambiguous && entry.key.length >= MIN_DISTANCE_LABEL;
        if (others.length > 0 && (strongKey || others.some((t) => AFFIX_WORDS.has(t)))) return result(entry.brand, 'brand_with_affix');
      } else if (entry.key.length >= MIN_GLUED_KEY && token.includes(entry.key) && isKeyWithAffixes(token, entry.key)) {
        return result(entry.brand, 'brand_with_affix');
      }
    }
  }
  return null;
}

function matchInSubdomain(subdomain: string, registered: string): LookalikeMatch | null {
  if (subdomain === '' || MAIL_INFRASTRUCTURE_DOMAINS.has(registered)) return null;
  const labels = subdomain.split('.');
  const tokens = new Set(labels.flatMap((l) => l.split(/[-_]+/)));
  for (const entry of KEY_ENTRIES) {
    const hasDomain = entry.brand.domains.some((d) => ('.' + subdomain + '.').includes('.' + d + '.'));
    if (hasDomain || (entry.key.length >= MIN_HOMOGLYPH_KEY && !entry.brand.ambiguous && tokens.has(entry.key))) {
      return result(entry.brand, 'brand_in_subdomain');
    }
  }
  return null;
}

/** `token` is `key` with only affix words before and after it (`secureappleidlogin`). */
function isKeyWithAffixes(token: string, key: string): boolean {
  let from = token.indexOf(key);
  while (from >= 0) {
    if (splitsIntoAffixes(token.slice(0, from)) && splitsIntoAffixes(token.slice(from + key.length))) return true;
    from = token.indexOf(key, from + 1);
  }
  return false;
}

/** `text` is '' or a concatenation of AFFIX_WORDS (dynamic programming; labels are ≤ 63 characters). */
function splitsIntoAffixes(text: string): boolean {
  if (text === '') return true;
  const ok: boolean[] = [true];
  for (let end = 1; end <= text.length; end++) {
    ok[end] = false;
    for (let start = Math.max(0, end - 16); start < end; start++) {
      if (ok[start] && AFFIX_WORDS.has(text.slice(start, end))) {
        ok[end] = true;
        break;
      }
    }
  }
  return ok[text.length] === true;
}

/** Two-letter final label not on the abused list: `co.uk`, `de`, `com.br` yes; `xyz`, `tk`, `co` no. */
function isCountrySuffix(suffix: string): boolean {
  const last = suffix.slice(suffix.lastIndexOf('.') + 1);
  return last.length === 2 && !ABUSED_CCTLDS.has(last);
}

/**
 * Optimal-string-alignment Damerau-Levenshtein distance (adjacent transpositions count 1), stopping
 * early once every cell of a row exceeds `limit` (the answer is then `limit + 1`).
 */
export function damerauLevenshtein(a: string, b: string, limit = Infinity): number {
  let prevPrev: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (prevPrev[j - 2] ?? 0) + 1);
      row[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length] ?? 0;
}
