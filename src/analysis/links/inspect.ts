/**
 * inspectLinks: judges every link (and every redirect target found inside one) and collects the IOCs.
 * Each finding type fires once per message; its description names the first few offending values.
 */
import { parse } from 'tldts';
import { isMixedScript } from '../sender/confusables.ts';
import { domainParts, isWithin, registeredDomain, unicodeHost } from '../sender/domains.ts';
import { MAIL_INFRASTRUCTURE_DOMAINS } from '../sender/lists.ts';
import { isNonPublicIp } from '../sender/received.ts';
import { lookalikeBrand, sameBrand } from '../sender/lookalike.ts';
import { emptyIocs, type Budget, type Finding, type IocSet } from '../types.ts';
import { describe } from './descriptions.ts';
import { DYNAMIC_DNS_SUFFIXES, STORAGE_BUCKET_SUFFIXES, FREE_HOSTING, LINK_REWRITERS, SHORTENERS, SUSPICIOUS_TLDS } from './lists.ts';
import { carriesRecipient, type RecipientForms } from './recipient.ts';
import { LINK_LIMITS, LINK_POINTS, type LinkFindingType } from './points.ts';
import { unwrapRedirect } from './redirects.ts';
import type { Link } from './types.ts';
import { ipNotation, normaliseUrl } from './url.ts';

/** Redirects followed inside one link (a rewriter wrapping a redirector wrapping the target …). */
const MAX_REDIRECT_DEPTH = 3;
/** Links inspected between two budget checks. */
const BUDGET_CHECK_EVERY = 64;
/** Sources a person clicks (or a page follows); `src`/`css` only load resources. */
const CLICKABLE = new Set<Link['source']>(['text', 'href', 'form', 'meta-refresh', 'qr', 'attachment']);

interface Context {
  senderRegistered: string | null;
  /** The recipients' addresses in the forms a link can carry them (empty for list mail). */
  recipients: RecipientForms[];
  /** lookalikeBrand per host (messages repeat hosts; the brand table scan is the costly part). */
  lookalikes: Map<string, ReturnType<typeof lookalikeBrand>>;
  values: Map<LinkFindingType, string[]>;
  iocs: IocSet;
  clickableDomains: Set<string>;
}

export interface LinkContext {
  senderDomain: string | null;
  /** Prepared recipient addresses (see recipient.ts); default none, so no recipient check. */
  recipients?: RecipientForms[];
}

export function inspectLinks(links: Link[], context: LinkContext, budget: Budget): { findings: Finding[]; iocs: IocSet } {
  const ctx: Context = {
    senderRegistered: context.senderDomain ? registeredDomain(context.senderDomain) : null,
    recipients: context.recipients ?? [],
    lookalikes: new Map(),
    values: new Map(),
    iocs: emptyIocs(),
    clickableDomains: new Set(),
  };
  // Clickable links first, so IOC lists capped by the caller keep what a person would open.
  const ordered = [...links].sort((a, b) => Number(!CLICKABLE.has(a.source)) - Number(!CLICKABLE.has(b.source)));
  for (let i = 0; i < ordered.length; i++) {
    if (i % BUDGET_CHECK_EVERY === 0 && budget.expired()) {
      budget.cut(`link inspection (${ordered.length - i} of ${ordered.length} links not inspected)`);
      break;
    }
    inspectOne(ordered[i]!, ctx, 0, []);
  }
  if (ctx.clickableDomains.size > LINK_LIMITS.manyDomains) {
    note(ctx, 'many_link_domains', String(ctx.clickableDomains.size));
  }
  const findings: Finding[] = [];
  for (const [type, values] of ctx.values) {
    findings.push({ type, description: describe(type, values, LINK_LIMITS.namedValues), points: { ...LINK_POINTS[type] } });
  }
  return { findings, iocs: ctx.iocs };
}

function note(ctx: Context, type: LinkFindingType, value: string): void {
  const list = ctx.values.get(type);
  if (list === undefined) ctx.values.set(type, [value]);
  else if (!list.includes(value) && list.length < 50) list.push(value);
}

/** `chain`: registered domains of the links this one was unwrapped from (for the text mismatch). */
function inspectOne(link: Link, ctx: Context, depth: number, chain: Array<string | null>): void {
  const clickable = CLICKABLE.has(link.source);
  const normalised = normaliseUrl(link.url);
  const scheme = normalised?.scheme ?? /^([a-z]+):/i.exec(link.url)?.[1]?.toLowerCase() ?? '';
  if (scheme === 'data' || scheme === 'javascript' || scheme === 'vbscript') {
    if (clickable) note(ctx, scheme === 'data' ? 'data_uri_link' : 'script_uri_link', link.url.slice(0, 60));
    return;
  }
  const host = link.host ?? normalised?.host ?? null;
  if (host === null || normalised === null) return;
  const parts = domainParts(host);
  addIocs(ctx.iocs, normalised.url, parts.host, parts.registered, parts.isIp || host.startsWith('['));
  if (clickable && parts.registered) ctx.clickableDomains.add(parts.registered);

  if (clickable) checkHost(normalised.url, host, link.rawHost ?? normalised.rawHost, parts, ctx);
  if (clickable && ctx.recipients.length > 0) checkRecipient(normalised.url, host, parts.registered, ctx);
  if (clickable || link.source === 'src') {
    let lookalike = ctx.lookalikes.get(host);
    if (lookalike === undefined) {
      lookalike = lookalikeBrand(host);
      ctx.lookalikes.set(host, lookalike);
    }
    if (lookalike) note(ctx, 'brand_lookalike_link', `${shown(host)} (imitates ${lookalike.brand}, ${lookalike.legitimateDomain})`);
  }
  if (link.source === 'form') checkForm(link, host, parts.registered, parts.isIp, ctx);
  if (link.source === 'meta-refresh') note(ctx, 'meta_refresh_link', normalised.url);

  const unwrapped = depth < MAX_REDIRECT_DEPTH ? unwrapRedirect(normalised.url) : null;
  const target = unwrapped ? normaliseUrl(unwrapped.target) : null;
  if (unwrapped && target?.host) {
    const targetRegistered = registeredDomain(target.host);
    const crossesDomains = targetRegistered !== parts.registered && !sameBrand(targetRegistered, parts.registered);
    if (clickable && crossesDomains && unwrapped.kind === 'known') {
      note(ctx, 'known_redirector_link', `${unwrapped.via} → ${target.url.slice(0, 120)}`);
    } else if (clickable && crossesDomains && unwrapped.kind === 'param' && !isTrackingDomain(parts.registered, ctx)) {
      note(ctx, 'open_redirect_link', `${host} (${unwrapped.via}) → ${target.url.slice(0, 120)}`);
    }
    const derived: Link = { url: target.url, host: target.host, source: link.source };
    if (link.anchorText !== undefined) derived.anchorText = link.anchorText;
    inspectOne(derived, ctx, depth + 1, [...chain, parts.registered]);
    return;
  }
  if (link.anchorText) checkShownDomain(link.anchorText, [...chain, parts.registered], host, ctx);
}

function checkHost(url: string, host: string, rawHost: string | null, parts: ReturnType<typeof domainParts>, ctx: Context): void {
  const notation = ipNotation(rawHost, host);
  // Private and loopback addresses are devices on the reader's own network (technical mail), not sites.
  const publicIp = notation !== null && !isNonPublicIp(host.replace(/^\[|\]$/g, ''));
  if (notation === 'obfuscated') note(ctx, 'obfuscated_ip_link', `${rawHost} (really ${host})`);
  else if (publicIp) note(ctx, 'ip_literal_link', host);
  const parsed = new URL(url);
  if (parsed.username !== '') {
    note(ctx, 'userinfo_link', `${decodeSafely(parsed.username)}@${host} (opens ${host}, not ${decodeSafely(parsed.username)})`);
  }
  if (parsed.port !== '' && (publicIp || parts.registered !== null)) note(ctx, 'nonstandard_port_link', `${host}:${parsed.port}`);
  if (host.split('.').some((label) => label.startsWith('xn--'))) {
    const unicode = unicodeHost(host);
    note(ctx, 'idn_link_host', `${host} (shown as ${unicode})`);
    if (unicode.split('.').some(isMixedScript)) note(ctx, 'mixed_script_link_host', `${unicode} (${host})`);
  }
  if (SHORTENERS.has(host) || (parts.registered !== null && SHORTENERS.has(parts.registered))) note(ctx, 'url_shortener_link', host);
  const freeHost = freeHostingOf(host, parsed.pathname);
  if (freeHost) note(ctx, 'free_hosting_link', `${host} (${freeHost})`);
  if (isStorageBucketPage(host, parsed.pathname)) note(ctx, 'storage_bucket_page_link', `${host}${parsed.pathname.slice(0, 80)}`);
  const tld = host.slice(host.lastIndexOf('.') + 1);
  if (!parts.isIp && SUSPICIOUS_TLDS.has(tld)) note(ctx, 'suspicious_tld_link', host);
  if (!parts.isIp && !publicIp && isRawServerHost(host)) note(ctx, 'raw_server_link', host);
}

/** Four numbers 0–255 joined by dots or dashes inside a host name: `ec2-3-1-2-3…`, `142.132.1.2.host…`. */
const IP_IN_NAME = /(?:^|[.-])(\d{1,3})[.-](\d{1,3})[.-](\d{1,3})[.-](\d{1,3})(?=[.-])/;

/** A web page (not a picture or a download) on cloud object storage; S3 regional hosts (`s3.eu-west-1.amazonaws.com`) included. */
function isStorageBucketPage(host: string, path: string): boolean {
  if (!/\.(?:s?html?|php|aspx?)$/i.test(path)) return false;
  return STORAGE_BUCKET_SUFFIXES.some((suffix) => isWithin(host, suffix)) || /(?:^|\.)s3[.-][a-z0-9-]+\.amazonaws\.com$/.test(host);
}

const SERVICE_SITE = /^(?:(?:www|members|account|my)\.)?$/;

/** A dynamic-DNS name, or a host name built from an IP address (clouds' and VPS hosts' raw machine names). */
export function isRawServerHost(host: string): boolean {
  // The service's own site (`www.dyndns.org`, `members.dyndns.org`) is not a customer's machine.
  if (DYNAMIC_DNS_SUFFIXES.some((suffix) => isWithin(host, suffix) && !SERVICE_SITE.test(host.slice(0, -suffix.length)))) return true;
  const octets = IP_IN_NAME.exec(host);
  return octets !== null && octets.slice(1).every((o) => Number(o) <= 255);
}

/**
 * The recipient's address in a link's query or fragment, on a domain that is neither the sender's nor
 * a mail service's, and not an unsubscribe or preferences link (those carry the address legitimately).
 */
function checkRecipient(url: string, host: string, registered: string | null, ctx: Context): void {
  if (registered !== null && (registered === ctx.senderRegistered || sameBrand(registered, ctx.senderRegistered) || MAIL_INFRASTRUCTURE_DOMAINS.has(registered))) return;
  const queryAt = url.search(/[?#]/);
  if (queryAt < 0) return;
  if (/unsub|opt-?out|preference|remove|manage/i.test(url.slice(0, queryAt))) return;
  const carried = carriesRecipient(url.slice(queryAt), ctx.recipients);
  if (carried !== null) note(ctx, 'recipient_address_in_link', `${host} (carries ${carried})`);
}

function checkForm(link: Link, host: string, registered: string | null, isIp: boolean, ctx: Context): void {
  const sender = ctx.senderRegistered;
  const freeHost = freeHostingOf(host, '/');
  const foreign = isIp || freeHost !== null || registered === null || sender === null || (registered !== sender && !sameBrand(registered, sender));
  const where = freeHost ? `${host}, free hosting (${freeHost})` : isIp ? `${host}, a bare IP address` : host;
  if (link.passwordField && foreign) note(ctx, 'credential_form', `${where}${sender ? `, not the sender's ${sender}` : ''}`);
  else if (link.passwordField) note(ctx, 'password_form', host);
  else if (foreign) note(ctx, 'external_form', where);
}

/**
 * `inetum.com` and `inetum.world`: the same registrable label under two suffixes is one organisation's
 * pair of domains (brand look-alikes on other suffixes are caught by the look-alike check instead).
 */
function sameOrganisationLabel(a: string | null, b: string): boolean {
  if (a === null) return false;
  const left = domainParts(a).label;
  return left !== null && left.length >= 4 && left === domainParts(b).label;
}

/** The link text names a domain that none of the link's hops (before and after redirects) is on. */
function checkShownDomain(anchorText: string, chain: Array<string | null>, host: string, ctx: Context): void {
  const shownDomain = domainShownIn(anchorText);
  if (shownDomain === null) return;
  const first = chain[0] ?? null;
  if (isTrackingDomain(first, ctx)) return;
  if (chain.some((d) => d === shownDomain || sameBrand(d, shownDomain) || sameOrganisationLabel(d, shownDomain))) return;
  note(ctx, 'link_text_domain_mismatch', `text shows ${shownDomain} but the link opens ${host}`);
}

/**
 * The registered domain a link's text shows: the whole text is a URL, domain or address
 * (`www.paypal.com`, `https://paypal.com/signin`), or it contains an explicit URL (`Visit https://…`).
 * Ordinary words ("Click here", "Read more") show none.
 */
export function domainShownIn(text: string): string | null {
  const trimmed = text.trim();
  const candidates: string[] = [];
  if (trimmed.length <= 200 && /^\S+$/.test(trimmed)) candidates.push(trimmed);
  for (const m of trimmed.matchAll(/(?:https?:\/\/|www\.)[^\s<>"']+/gi)) candidates.push(m[0]);
  for (const candidate of candidates) {
    const explicit = /^(?:https?:\/\/|www\.)/i.test(candidate);
    // An e-mail address in link text is usually the reader's own ("Sign in as you@example.net").
    if (!explicit && candidate.includes('@')) continue;
    let hostPart = candidate.replace(/^[a-z]+:\/\//i, '').split(/[/?#\s]/, 1)[0] ?? '';
    hostPart = hostPart.slice(hostPart.lastIndexOf('@') + 1).replace(/:\d+$/, '').replace(/[.,;:!)\]]+$/, '');
    if (!/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(hostPart)) continue;
    const parsed = parse(hostPart.toLowerCase(), { allowPrivateDomains: true });
    if (parsed.domain === null || parsed.isIp) continue;
    if (!explicit && parsed.isIcann !== true) continue;
    return parsed.domain;
  }
  return null;
}

/**
 * Click tracking of a mail provider, a security gateway's rewriting (often opaque, like Mimecast's), or
 * the sender's own domain: the real destination is out of sight for good reasons.
 */
function isTrackingDomain(registered: string | null, ctx: Context): boolean {
  if (registered === null) return false;
  return MAIL_INFRASTRUCTURE_DOMAINS.has(registered) || REWRITER_DOMAINS.has(registered) || registered === ctx.senderRegistered;
}

const REWRITER_DOMAINS = new Set(LINK_REWRITERS.map((host) => registeredDomain(host)));

function freeHostingOf(host: string, path: string): string | null {
  for (const entry of FREE_HOSTING) {
    const slash = entry.indexOf('/');
    const entryHost = slash < 0 ? entry : entry.slice(0, slash);
    if (!isWithin(host, entryHost)) continue;
    if (slash >= 0 && !path.startsWith(entry.slice(slash))) continue;
    // The service's own site (`github.io`, `www.weebly.com`) is not a tenant's page, except where
    // tenants live in the path (`s3.amazonaws.com/bucket`, `ipfs.io/ipfs/…`).
    const isServiceSite = host === entryHost || host === 'www.' + entryHost;
    if (isServiceSite && slash < 0 && !PATH_TENANT_HOSTS.has(entryHost)) continue;
    return entry;
  }
  return null;
}

/** Free hosts where a tenant's content sits in the path of the service's own host name. */
const PATH_TENANT_HOSTS = new Set(['s3.amazonaws.com', 'storage.googleapis.com', 'firebasestorage.googleapis.com', 'ipfs.io', 'cloudflare-ipfs.com', 'dweb.link', 'sites.google.com', 'forms.gle', 'forms.office.com', 'form.jotform.com', 'telegra.ph']);

function addIocs(iocs: IocSet, url: string, host: string, registered: string | null, isIp: boolean): void {
  pushOnce(iocs.urls, url);
  if (isIp) pushOnce(iocs.ips, host.replace(/^\[|\]$/g, ''));
  else {
    pushOnce(iocs.domains, host);
    if (registered !== null) pushOnce(iocs.domains, registered);
  }
}

function pushOnce(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

function shown(host: string): string {
  const unicode = unicodeHost(host);
  return unicode === host ? host : `${host} (shown as ${unicode})`;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
