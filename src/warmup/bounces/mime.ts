/**
 * Just enough MIME to read a delivery status notification: header blocks (unfolded), content types
 * with parameters, multipart bodies split on their boundary, base64/quoted-printable bodies decoded.
 * Bytes are handled as latin1 strings so any 8-bit content survives the split unchanged. Hostile or
 * broken input never throws out of `parseEntity`; depth and part counts are bounded.
 */

export interface Entity {
  /** Lower-cased header names → values in order (unfolded, trimmed). */
  headers: Map<string, string[]>;
  /** Lower-cased `type/subtype`; `text/plain` when absent (RFC 2045). */
  contentType: string;
  /** Lower-cased parameter names → values (quotes removed). */
  params: Record<string, string>;
  /** The body, transfer-decoded, as a latin1 string. */
  body: string;
  /** Sub-parts of a multipart entity (empty otherwise). */
  parts: Entity[];
}

const MAX_DEPTH = 6;
const MAX_PARTS = 64;

/** Splits `raw` into its header block and body at the first empty line. */
function splitHead(raw: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  if (match === null) return { head: raw, body: '' };
  return { head: raw.slice(0, match.index), body: raw.slice(match.index + match[0].length) };
}

/** Header fields of a block: continuation lines (starting with white space) joined to their field. */
export function parseFields(head: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) continue;
    const values = fields.get(name) ?? [];
    values.push(line.slice(colon + 1).trim());
    fields.set(name, values);
  }
  return fields;
}

export function firstField(fields: Map<string, string[]>, name: string): string | null {
  return fields.get(name)?.[0] ?? null;
}

/** `multipart/report; boundary="x"; report-type=delivery-status` → type and parameters. */
function parseContentType(value: string | null): { contentType: string; params: Record<string, string> } {
  if (value === null) return { contentType: 'text/plain', params: {} };
  const [type = '', ...rest] = value.split(';');
  const params: Record<string, string> = {};
  const pattern = /([\w.*-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]*)/g;
  const paramText = rest.join(';');
  for (let match = pattern.exec(paramText); match !== null; match = pattern.exec(paramText)) {
    const raw = match[2]!;
    params[match[1]!.toLowerCase()] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
  }
  return { contentType: type.trim().toLowerCase() || 'text/plain', params };
}

function decodeQuotedPrintable(body: string): string {
  return body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function decodeBody(body: string, encoding: string | null): string {
  const name = (encoding ?? '').trim().toLowerCase();
  if (name === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('latin1');
  if (name === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

function splitMultipart(body: string, boundary: string): string[] {
  const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escaped}(--)?[ \\t]*(?=\\r?\\n|$)`, 'g');
  const parts: string[] = [];
  let start = -1;
  for (let match = delimiter.exec(body); match !== null; match = delimiter.exec(body)) {
    if (start >= 0) parts.push(body.slice(start, match.index).replace(/^\r?\n/, ''));
    if (match[1] === '--' || parts.length >= MAX_PARTS) return parts;
    start = match.index + match[0].length;
  }
  // No closing delimiter (truncated message): keep what came after the last one.
  if (start >= 0) parts.push(body.slice(start).replace(/^\r?\n/, ''));
  return parts;
}

/** Parses one entity (a whole message or a body part) from a latin1 string. */
export function parseEntity(raw: string, depth = 0): Entity {
  const { head, body } = splitHead(raw);
  const headers = parseFields(head);
  const { contentType, params } = parseContentType(firstField(headers, 'content-type'));
  const entity: Entity = { headers, contentType, params, body: decodeBody(body, firstField(headers, 'content-transfer-encoding')), parts: [] };
  if (contentType.startsWith('multipart/') && params.boundary && depth < MAX_DEPTH) {
    entity.body = body;
    entity.parts = splitMultipart(body, params.boundary).map((part) => parseEntity(part, depth + 1));
  }
  return entity;
}

/** Depth-first list of the entity and every part below it. */
export function walk(entity: Entity): Entity[] {
  return [entity, ...entity.parts.flatMap(walk)];
}
