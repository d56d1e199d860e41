/**
 * Turns a written message (paragraphs, signature, optional quoted parent) into the plain-text and the
 * HTML body. The HTML is deliberately simple: paragraphs, line breaks, a cite blockquote for the
 * quoted parent; no images, no links, no tracking, no remote content.
 */

export interface MessageParts {
  /** Paragraphs; a paragraph may hold several lines (e.g. the sign-off and the name). */
  paragraphs: string[][];
  /** Signature lines (may start with the "-- " delimiter line). */
  signature: string[];
  /** The message answered, quoted below the answer. */
  quote?: { header: string; text: string };
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Tue, 10 Mar 2026 at 14:05" (UTC), the date in a quote header. */
export function quoteDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${WEEKDAYS[date.getUTCDay()]}, ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} at ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

/** Quotes a plain-text body: `> ` before each line, `>` alone before lines already quoted or empty. */
export function quoteText(text: string): string {
  return text
    .replace(/\s+$/, '')
    .split('\n')
    .map((line) => (line === '' ? '>' : line.startsWith('>') ? `>${line}` : `> ${line}`))
    .join('\n');
}

export function renderText(parts: MessageParts): string {
  const blocks = parts.paragraphs.map((lines) => lines.join('\n'));
  blocks.push(parts.signature.join('\n'));
  let text = blocks.join('\n\n');
  if (parts.quote !== undefined) text += `\n\n${parts.quote.header}\n${quoteText(parts.quote.text)}`;
  return `${text}\n`;
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const BLOCKQUOTE_OPEN = '<blockquote type="cite" style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">';

/** Plain text (possibly with `>` quoted lines, nested) as HTML paragraphs and nested blockquotes. */
export function textToHtml(text: string): string {
  const lines = text.replace(/\s+$/, '').split('\n');
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) out.push(`<p>${paragraph.map(escapeHtml).join('<br>')}</p>`);
    paragraph = [];
  };
  for (let i = 0; i < lines.length; ) {
    const line = lines[i]!;
    if (line.startsWith('>')) {
      flush();
      const quoted: string[] = [];
      for (; i < lines.length && lines[i]!.startsWith('>'); i++) quoted.push(lines[i]!.replace(/^> ?/, ''));
      out.push(`${BLOCKQUOTE_OPEN}${textToHtml(quoted.join('\n'))}</blockquote>`);
      continue;
    }
    if (line.trim() === '') flush();
    else paragraph.push(line);
    i++;
  }
  flush();
  return out.join('\n');
}

export function renderHtml(parts: MessageParts): string {
  const body = parts.paragraphs.map((lines) => `<p>${lines.map(escapeHtml).join('<br>')}</p>`);
  body.push(`<p>${parts.signature.map(escapeHtml).join('<br>')}</p>`);
  if (parts.quote !== undefined) {
    body.push(`<div>${escapeHtml(parts.quote.header)}</div>`);
    body.push(`${BLOCKQUOTE_OPEN}${textToHtml(parts.quote.text)}</blockquote>`);
  }
  return `<html><body><div style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.4">\n${body.join('\n')}\n</div></body></html>\n`;
}
