/**
 * Page layout for PDF reports: A4 portrait, the built-in Helvetica fonts, a palette, a vertical
 * cursor that starts a new page when a block would not fit, and text helpers.
 *
 * Units are PDF points (1/72 inch). The standard fonts only encode WinAnsi (Windows-1252), so text
 * from captured mail passes through `pdfText`, which replaces anything else with `?`.
 */
import type PDFDocument from 'pdfkit';

export type Doc = InstanceType<typeof PDFDocument>;

export const PAGE = { width: 595.28, height: 841.89, margin: 48 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
/** Lowest y the content may reach; the footer lives below it. */
export const CONTENT_BOTTOM = PAGE.height - PAGE.margin - 18;

export const COLORS = {
  ink: '#1f2933',
  muted: '#616e7c',
  faint: '#9aa5b1',
  rule: '#d9e2ec',
  band: '#102a43',
  accent: '#2680c2',
  zebra: '#f5f7fa',
  emails: '#2680c2',
  threats: '#d64545',
  malware: '#8e24aa',
  phishing: '#d64545',
  spam: '#f0b429',
  clean: '#3ebd93',
  up: '#d64545',
  down: '#3ebd93',
} as const;

/** Classification colours, CLEAN → CRITICAL. */
export const CLASSIFICATION_COLORS: Record<string, string> = {
  CLEAN: '#3ebd93', LOW_RISK: '#8bd3b5', SUSPICIOUS: '#f0b429', THREAT: '#ef8e58', CRITICAL: '#d64545',
};

export const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' } as const;

// Characters Windows-1252 has above 0x7F besides Latin-1 (so the standard fonts can draw them).
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text the standard fonts can draw: control characters dropped, other unencodable characters → `?`. */
export function pdfText(value: string): string {
  let out = '';
  for (const ch of value.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f) out += code === 0x09 || code === 0x0a ? ' ' : '';
    else if (code < 0x7f || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRA.has(ch)) out += ch;
    else out += '?';
  }
  return out;
}

/** Cuts `text` with an ellipsis so it fits `width` at the current font and size. */
export function fitText(doc: Doc, text: string, width: number): string {
  const clean = pdfText(text);
  if (doc.widthOfString(clean) <= width) return clean;
  let low = 0;
  let high = clean.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (doc.widthOfString(`${clean.slice(0, mid)}…`) <= width) low = mid;
    else high = mid - 1;
  }
  return `${clean.slice(0, low)}…`;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** "+12.5%", "-3.0%", "new" when there was nothing before, "no change". */
export function formatChange(change: number | null, current: number): string {
  if (change === null) return current > 0 ? 'new this period' : 'no change';
  if (change === 0) return 'no change';
  return `${change > 0 ? '+' : ''}${change.toFixed(1)}% vs previous`;
}

/** A vertical cursor over the pages of one document. */
export class Cursor {
  readonly doc: Doc;
  y: number;
  constructor(doc: Doc) {
    this.doc = doc;
    this.y = PAGE.margin;
  }

  /** Lowest y content may reach on a page. */
  get bottom(): number {
    return CONTENT_BOTTOM;
  }

  /** Starts a new page when fewer than `height` points are left on this one. */
  need(height: number): void {
    if (this.y + height > CONTENT_BOTTOM) this.newPage();
  }

  newPage(): void {
    this.doc.addPage();
    this.y = PAGE.margin;
  }

  gap(points: number): void {
    this.y += points;
  }

  /** A section heading with a rule; keeps `keepWith` points of what follows on the same page. */
  heading(title: string, keepWith = 120): void {
    this.need(34 + keepWith);
    const { doc } = this;
    doc.font(FONT.bold).fontSize(14).fillColor(COLORS.band).text(title, PAGE.margin, this.y, { width: CONTENT_WIDTH, lineBreak: false });
    this.y += 20;
    doc.moveTo(PAGE.margin, this.y).lineTo(PAGE.margin + CONTENT_WIDTH, this.y).lineWidth(0.8).strokeColor(COLORS.rule).stroke();
    this.y += 10;
  }

  subheading(title: string, keepWith = 80): void {
    this.need(18 + keepWith);
    this.doc.font(FONT.bold).fontSize(10.5).fillColor(COLORS.ink).text(title, PAGE.margin, this.y, { width: CONTENT_WIDTH, lineBreak: false });
    this.y += 16;
  }

  /** A wrapped paragraph across the content width. */
  paragraph(text: string, options: { size?: number; color?: string; font?: string } = {}): void {
    const { doc } = this;
    doc.font(options.font ?? FONT.regular).fontSize(options.size ?? 10).fillColor(options.color ?? COLORS.ink);
    const clean = pdfText(text);
    const height = doc.heightOfString(clean, { width: CONTENT_WIDTH, lineGap: 2 });
    this.need(height);
    doc.text(clean, PAGE.margin, this.y, { width: CONTENT_WIDTH, lineGap: 2 });
    this.y += height + 4;
  }

  /** A muted line for a section without data. */
  empty(text: string): void {
    this.need(24);
    this.doc.font(FONT.italic).fontSize(10).fillColor(COLORS.muted).text(pdfText(text), PAGE.margin, this.y, { width: CONTENT_WIDTH });
    this.y += 22;
  }
}

/** Writes "Page n of N" and the report name at the foot of every page (needs `bufferPages`). */
export function stampFooters(doc: Doc, label: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = PAGE.height - PAGE.margin + 2;
    doc.moveTo(PAGE.margin, y - 6).lineTo(PAGE.width - PAGE.margin, y - 6).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
    doc.font(FONT.regular).fontSize(8).fillColor(COLORS.faint);
    doc.text(fitText(doc, label, CONTENT_WIDTH - 80), PAGE.margin, y, { lineBreak: false, width: CONTENT_WIDTH - 80 });
    doc.text(`Page ${i + 1} of ${range.count}`, PAGE.width - PAGE.margin - 80, y, { width: 80, align: 'right', lineBreak: false });
  }
}
