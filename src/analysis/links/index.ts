/**
 * The link inspector: every URL a message can open (text, HTML href/forms/src/CSS/meta refresh, and
 * QR codes or attachments via the caller), judged for the tricks phishing uses, plus IOCs.
 *
 *   extractLinks ─▶ Link[] + HtmlFacts ─▶ inspectLinks ─▶ findings + IOCs
 *
 * Pure: no network, no DNS. Every loop checks the message's time budget.
 */
import type { Budget } from '../types.ts';
import { DEFAULT_HTML_LIMITS, walkHtml } from './html.ts';
import { createTextMatcher, linksInText } from './text.ts';
import type { HtmlFacts, Link } from './types.ts';

export type { HtmlFacts, Link, LinkSource } from './types.ts';
export { inspectLinks, domainShownIn, isRawServerHost, type LinkContext } from './inspect.ts';
export { recipientForms, type RecipientForms } from './recipient.ts';
export { defang } from './defang.ts';
export { refang, normaliseUrl } from './url.ts';
export { LINK_POINTS, LINK_LIMITS } from './points.ts';

/**
 * Links of a message's text and HTML bodies, and the facts of its HTML (null without HTML).
 * URLs written as plain text inside the HTML are found too (as `text` links) unless an href already
 * has them.
 */
export function extractLinks(input: { text: string | null; html: string | null }, budget: Budget): { links: Link[]; html: HtmlFacts | null } {
  const maxLinks = DEFAULT_HTML_LIMITS.maxLinks;
  const matcher = createTextMatcher();
  const links: Link[] = [];
  let html: HtmlFacts | null = null;
  if (input.html) {
    const walked = walkHtml(input.html, budget);
    html = walked.facts;
    links.push(...dedupeAnchors(walked.links));
    const known = new Set(links.map((l) => l.url));
    const room = Math.max(0, maxLinks - links.length);
    for (const link of linksInText(html.visibleText, budget, room, matcher)) if (!known.has(link.url)) links.push(link);
  }
  if (input.text) {
    const known = new Set(links.map((l) => l.url));
    const room = Math.max(0, maxLinks - links.length);
    for (const link of linksInText(input.text, budget, room, matcher)) if (!known.has(link.url)) links.push(link);
  }
  return { links, html };
}

/** The same href with the same text, repeated (buttons, banners): inspected once. */
function dedupeAnchors(links: Link[]): Link[] {
  const seen = new Set<string>();
  return links.filter((link) => {
    const key = `${link.source} ${link.url} ${link.anchorText ?? ''} ${link.passwordField ? 'pw' : ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
