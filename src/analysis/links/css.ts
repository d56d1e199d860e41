/**
 * Just enough CSS for mail: inline `style` declarations, `url()` references, colours, and whether a
 * declaration block hides its text from the reader. No cascade from `<style>` selectors: inline styles
 * and presentational attributes only (what the hiding tricks in phishing use).
 */

/** `url(...)` and `@import "…"` references; linear-time patterns (no nested quantifiers). */
const CSS_URL = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^'"()\s][^()\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')/gi;

export function cssUrls(css: string): string[] {
  const urls: string[] = [];
  for (const m of css.matchAll(CSS_URL)) {
    const value = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5];
    if (value) urls.push(value);
  }
  return urls;
}

/** Declarations of an inline style, property names lower case, values lower case and trimmed. */
export function parseStyle(style: string): Map<string, string> {
  const decls = new Map<string, string>();
  for (const part of style.split(';')) {
    const colon = part.indexOf(':');
    if (colon <= 0) continue;
    const name = part.slice(0, colon).trim().toLowerCase();
    const value = part.slice(colon + 1).replace(/!important/i, '').trim().toLowerCase();
    if (name !== '') decls.set(name, value);
  }
  return decls;
}

const ZERO = /^-?0*(?:\.0+)?(?:px|pt|em|rem|%|vh|vw)?$/;
const TINY_FONT = /^(?:0*(?:\.\d+)?|1)(?:px|pt)?$|^0*(?:\.0+)?(?:em|rem|%)$/;
/** A length of zero (`0`, `0px`, `.0em`); a value without a digit is not one. */
const isZero = (v: string | undefined): boolean => v !== undefined && /\d/.test(v) && ZERO.test(v);
/** A font size of at most 1px/1pt or zero in relative units: unreadable. */
const isTinyFont = (v: string | undefined): boolean => v !== undefined && /\d/.test(v) && TINY_FONT.test(v);

/** The declaration that makes this element's text invisible, or null. */
export function hidingDeclaration(decls: Map<string, string>): string | null {
  const display = decls.get('display');
  if (display === 'none') return 'display:none';
  const visibility = decls.get('visibility');
  if (visibility === 'hidden' || visibility === 'collapse') return `visibility:${visibility}`;
  const opacity = decls.get('opacity');
  if (isZero(opacity)) return 'opacity:0';
  const fontSize = decls.get('font-size');
  if (isTinyFont(fontSize)) return `font-size:${fontSize}`;
  const width = decls.get('width') ?? decls.get('max-width');
  const height = decls.get('height') ?? decls.get('max-height');
  if (isZero(width) && isZero(height)) return 'zero size';
  const overflow = decls.get('overflow');
  if (overflow === 'hidden' && (isZero(height) || isZero(width))) {
    return 'zero size with overflow hidden';
  }
  return null;
}

/** Named colours phishing uses to hide text (white on white, black on black), plus the basics. */
const NAMED: Record<string, string> = {
  white: 'ffffff', black: '000000', red: 'ff0000', green: '008000', blue: '0000ff', yellow: 'ffff00',
  gray: '808080', grey: '808080', silver: 'c0c0c0', whitesmoke: 'f5f5f5', snow: 'fffafa', ivory: 'fffff0',
};

/** A colour as six lower-case hex digits, or null when it is not a plain opaque colour. */
export function parseColour(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  const named = NAMED[v];
  if (named) return named;
  const hex = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/.exec(v)?.[1];
  if (hex) return hex.length === 3 ? hex.replace(/./g, '$&$&') : hex;
  const rgb = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*(1|1\.0*|0?\.\d+|0)\s*)?\)$/.exec(v);
  if (rgb) {
    if (rgb[4] !== undefined && Number(rgb[4]) < 1) return null;
    return [rgb[1], rgb[2], rgb[3]].map((n) => Math.min(255, Number(n)).toString(16).padStart(2, '0')).join('');
  }
  return null;
}

/** The background colour a declaration block sets (`background-color`, or a colour in `background`). */
export function backgroundColour(decls: Map<string, string>): string | null {
  const direct = parseColour(decls.get('background-color'));
  if (direct) return direct;
  const shorthand = decls.get('background');
  if (!shorthand) return null;
  for (const token of shorthand.split(/\s+(?![^(]*\))/)) {
    const colour = parseColour(token);
    if (colour) return colour;
  }
  return null;
}
