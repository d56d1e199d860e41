/**
 * One pass over an HTML body with htmlparser2: every URL the HTML can open or load (href, form action,
 * src, background, CSS url(), meta refresh, base href) and the facts the content inspector needs
 * (visible and hidden text, forms, password inputs, scripts, images, tracking pixels, smuggling).
 *
 * The body is fed in slices so a 20 MB HTML body stops when the message's time budget runs out,
 * keeping what was found so far.
 */
import { Parser } from 'htmlparser2';
import type { Budget } from '../types.ts';
import { backgroundColour, cssUrls, hidingDeclaration, parseColour, parseStyle } from './css.ts';
import type { HtmlFacts, Link, LinkSource } from './types.ts';
import { normaliseUrl } from './url.ts';

export interface HtmlLimits {
  /** Links kept per message; later ones are dropped and reported as cut short. Default 2,000. */
  maxLinks: number;
  /** Characters of visible text kept. Default 200,000. */
  maxVisibleChars: number;
  /** Characters fed to the parser between two budget checks. Default 64 Ki. */
  sliceChars: number;
}

export const DEFAULT_HTML_LIMITS: Readonly<HtmlLimits> = Object.freeze({ maxLinks: 2_000, maxVisibleChars: 200_000, sliceChars: 64 * 1024 });

/** Characters of anchor text kept per link. */
const MAX_ANCHOR_CHARS = 300;
/** Elements whose text is never shown. */
const INVISIBLE_ELEMENTS = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'xml', 'svg']);
/** Elements whose `src` is a loaded resource. */
const SRC_ELEMENTS = new Set(['img', 'script', 'iframe', 'frame', 'embed', 'source', 'video', 'audio', 'track', 'input']);

interface Frame {
  tag: string;
  hidden: boolean;
  /** Explicit background colour in force (this element or an ancestor), or null when unknown. */
  background: string | null;
  /** Explicit text colour in force, or null when unknown. */
  colour: string | null;
  /** Not rendered at all (script, style, head …). */
  silent: boolean;
  anchor: Link | null;
}

/** Markers of HTML smuggling in script text (JavaScript that assembles and saves a file). */
const SMUGGLING_MARKERS = {
  blob: /\bBlob\s*\(/,
  objectUrl: /createObjectURL/,
  msSave: /msSaveOr(?:Open)?Blob|msSaveBlob/,
  download: /\.download\s*=|setAttribute\(\s*['"]download['"]|\sdownload\s*=\s*['"]/,
  atob: /\batob\s*\(/,
  dataUri: /data:[a-z-]+\/[a-z0-9.+-]+;base64,/i,
} as const;
type Marker = keyof typeof SMUGGLING_MARKERS;

export function walkHtml(html: string, budget: Budget, limits: HtmlLimits = DEFAULT_HTML_LIMITS): { links: Link[]; facts: HtmlFacts } {
  const walker = new HtmlWalker(limits, budget);
  const parser = new Parser(walker.handler(), { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  for (let at = 0; at < html.length; at += limits.sliceChars) {
    if (budget.expired()) {
      budget.cut(`HTML link extraction (stopped after ${Math.round(at / 1024)} KiB of ${Math.round(html.length / 1024)} KiB)`);
      break;
    }
    parser.write(html.slice(at, at + limits.sliceChars));
  }
  parser.end();
  return walker.result();
}

class HtmlWalker {
  readonly #limits: HtmlLimits;
  readonly #budget: Budget;
  readonly #stack: Frame[] = [];
  readonly #links: Link[] = [];
  readonly #seen = new Set<string>();
  /** Visible text pieces; joined once at the end (appending to one long string and testing its end is quadratic). */
  readonly #visible: string[] = [];
  #visibleLength = 0;
  #endsWithSpace = true;
  #markers = new Set<Marker>();
  #scriptTail = '';
  #form: Link | null = null;
  #downloadDataLink = false;
  readonly facts: HtmlFacts = {
    visibleText: '', hiddenTextChars: 0, formCount: 0, passwordInputs: 0, scriptCount: 0,
    externalImages: 0, trackingPixels: 0, smuggling: false, baseHref: null, metaRefreshUrl: null,
  };

  constructor(limits: HtmlLimits, budget: Budget) {
    this.#limits = limits;
    this.#budget = budget;
  }

  handler(): ConstructorParameters<typeof Parser>[0] {
    return {
      onopentag: (name, attribs) => this.#open(name, attribs),
      onclosetag: (name) => this.#close(name),
      ontext: (text) => this.#text(text),
    };
  }

  result(): { links: Link[]; facts: HtmlFacts } {
    this.facts.visibleText = this.#visible.join('').replace(/\s+/g, ' ').trim();
    const m = this.#markers;
    this.facts.smuggling =
      this.#downloadDataLink || m.has('msSave') ||
      (m.has('blob') && (m.has('objectUrl') || m.has('download'))) ||
      ((m.has('atob') || m.has('dataUri')) && m.has('download'));
    return { links: this.#links, facts: this.facts };
  }

  /** Frames on the stack that hold an anchor (their text is collected). */
  #openAnchors = 0;

  #open(tag: string, attribs: Record<string, string>): void {
    const parent = this.#stack[this.#stack.length - 1];
    const decls = attribs.style ? parseStyle(attribs.style) : null;
    const background = parseColour(attribs.bgcolor) ?? (decls ? backgroundColour(decls) : null) ?? parent?.background ?? null;
    const colour = parseColour(decls?.get('color')) ?? (tag === 'font' ? parseColour(attribs.color) : null) ?? parent?.colour ?? null;
    const hidden = (parent?.hidden ?? false) || 'hidden' in attribs || (decls !== null && hidingDeclaration(decls) !== null) ||
      (colour !== null && colour === background && (decls?.has('color') === true || attribs.color !== undefined));
    const frame: Frame = { tag, hidden, background, colour, silent: (parent?.silent ?? false) || INVISIBLE_ELEMENTS.has(tag), anchor: null };
    this.#stack.push(frame);
    this.#space();
    this.#collectLinks(tag, attribs, frame);
    if (decls !== null) for (const u of cssUrls(attribs.style ?? '')) this.#add(u, 'css');
    this.#countFacts(tag, attribs, decls);
  }

  #close(tag: string): void {
    const index = this.#stack.findLastIndex((f) => f.tag === tag);
    if (index < 0) return;
    for (const frame of this.#stack.splice(index)) {
      if (frame.tag === 'form') this.#form = null;
      if (frame.anchor !== null) this.#openAnchors--;
      if (frame.anchor?.anchorText !== undefined) frame.anchor.anchorText = frame.anchor.anchorText.replace(/\s+/g, ' ').trim();
    }
    this.#space();
  }

  /** Tags separate words in the visible text; one space is enough and the cap holds. */
  #space(): void {
    if (this.#visibleLength < this.#limits.maxVisibleChars && !this.#endsWithSpace) {
      this.#visible.push(' ');
      this.#visibleLength++;
      this.#endsWithSpace = true;
    }
  }

  #text(text: string): void {
    const frame = this.#stack[this.#stack.length - 1];
    const tag = frame?.tag;
    if (tag === 'script') this.#scanScript(text);
    else if (tag === 'style') for (const u of cssUrls(text)) this.#add(u, 'css');
    if (frame?.silent) return;
    if (frame?.hidden) {
      this.facts.hiddenTextChars += text.replace(/\s+/g, '').length;
    } else if (this.#visibleLength < this.#limits.maxVisibleChars && text !== '') {
      const piece = text.slice(0, this.#limits.maxVisibleChars - this.#visibleLength);
      this.#visible.push(piece);
      this.#visibleLength += piece.length;
      this.#endsWithSpace = /\s$/.test(piece);
    }
    // Unclosed tags make the stack deep: walk it only while an anchor is open.
    if (this.#openAnchors > 0) {
      for (const f of this.#stack) {
        if (f.anchor?.anchorText !== undefined && f.anchor.anchorText.length < MAX_ANCHOR_CHARS) {
          f.anchor.anchorText = (f.anchor.anchorText + text).slice(0, MAX_ANCHOR_CHARS);
        }
      }
    }
  }

  #collectLinks(tag: string, attribs: Record<string, string>, frame: Frame): void {
    if (tag === 'base' && attribs.href && this.facts.baseHref === null) {
      this.facts.baseHref = normaliseUrl(attribs.href)?.url ?? null;
    }
    if ((tag === 'a' || tag === 'area') && attribs.href !== undefined) {
      const link = this.#add(attribs.href, 'href', true);
      if (link) {
        link.anchorText = '';
        frame.anchor = link;
        this.#openAnchors++;
      }
      if ('download' in attribs && /^\s*(?:data|blob):/i.test(attribs.href)) this.#downloadDataLink = true;
    }
    if (tag === 'form') {
      this.facts.formCount++;
      this.#form = attribs.action ? this.#add(attribs.action, 'form', true) : null;
    }
    if (tag === 'link' && attribs.href) this.#add(attribs.href, 'src');
    if (SRC_ELEMENTS.has(tag) && attribs.src) this.#add(attribs.src, 'src');
    if (tag === 'object' && attribs.data) this.#add(attribs.data, 'src');
    if (attribs.background) this.#add(attribs.background, 'src');
    if (tag === 'meta' && attribs['http-equiv']?.toLowerCase() === 'refresh' && attribs.content) {
      const target = /url\s*=\s*['"]?([^'"\s]+)/i.exec(attribs.content)?.[1];
      if (target) {
        const link = this.#add(target, 'meta-refresh', true);
        if (link && this.facts.metaRefreshUrl === null) this.facts.metaRefreshUrl = link.url;
      }
    }
  }

  #countFacts(tag: string, attribs: Record<string, string>, decls: Map<string, string> | null): void {
    if (tag === 'script') this.facts.scriptCount++;
    if (tag === 'input' && attribs.type?.toLowerCase() === 'password') {
      this.facts.passwordInputs++;
      if (this.#form) this.#form.passwordField = true;
    }
    if (tag === 'img' && /^\s*(?:https?:)?\/\//i.test(attribs.src ?? '')) {
      this.facts.externalImages++;
      const width = attribs.width ?? decls?.get('width');
      const height = attribs.height ?? decls?.get('height');
      if (isAtMostOnePixel(width) && isAtMostOnePixel(height)) this.facts.trackingPixels++;
    }
  }

  /** Adds a link once per (url, source); `keepDuplicate` returns a fresh record for anchors and forms. */
  #add(raw: string, source: LinkSource, keepDuplicate = false): Link | null {
    const normalised = normaliseUrl(raw, this.facts.baseHref);
    if (normalised === null) return null;
    const key = source + ' ' + normalised.url;
    if (this.#seen.has(key) && !keepDuplicate) return null;
    if (this.#links.length >= this.#limits.maxLinks) {
      this.#budget.cut(`links beyond the first ${this.#limits.maxLinks}`);
      return null;
    }
    this.#seen.add(key);
    const link: Link = { url: normalised.url, host: normalised.host, source };
    if (normalised.rawHost !== null && normalised.rawHost !== normalised.host) link.rawHost = normalised.rawHost;
    this.#links.push(link);
    return link;
  }

  #scanScript(text: string): void {
    const window = this.#scriptTail + text;
    for (const [name, pattern] of Object.entries(SMUGGLING_MARKERS) as Array<[Marker, RegExp]>) {
      if (!this.#markers.has(name) && pattern.test(window)) this.#markers.add(name);
    }
    this.#scriptTail = window.slice(-40);
  }
}

function isAtMostOnePixel(value: string | undefined): boolean {
  return value !== undefined && /^\s*[01](?:\.0+)?\s*(?:px)?\s*$/i.test(value);
}
