/**
 * The start of an email's original message (`GET /v1/emails/:id/raw`), read as a stream and cut at
 * `maxBytes` so a 25 MB message does not land in the page; and the header block parsed out of it
 * (every field in order, and the Received chain, which the detail API does not carry).
 */
import { ApiError } from '../../api.ts';
import { session } from '../../session.ts';

export interface RawHead {
  text: string;
  /** Bytes shown. */
  shownBytes: number;
  /** The whole message's size in bytes (Content-Length). */
  totalBytes: number;
  truncated: boolean;
}

/** Default cut for the "view source" pane: 64 KiB. */
export const RAW_PREVIEW_BYTES = 64 * 1024;

async function fetchRaw(id: string, token: string | undefined, signal: AbortSignal): Promise<Response> {
  return fetch(`/v1/emails/${encodeURIComponent(id)}/raw`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` }, signal });
}

export async function loadRawHead(id: string, signal: AbortSignal, maxBytes = RAW_PREVIEW_BYTES): Promise<RawHead> {
  const token = await session.accessToken();
  let response = await fetchRaw(id, token, signal);
  if (response.status === 401 && token !== undefined) {
    const renewed = await session.refreshAfterRejection(token);
    if (renewed !== undefined) response = await fetchRaw(id, renewed, signal);
  }
  if (!response.ok || response.body === null) {
    const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
    throw new ApiError(response.status, body?.error?.code ?? `http_${response.status}`, body?.error?.message ?? `Could not load the message source (${response.status}).`, {}, response.headers.get('x-request-id') ?? undefined);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  while (length < maxBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
  }
  await reader.cancel().catch(() => undefined);
  const bytes = new Uint8Array(Math.min(length, maxBytes));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, Math.min(chunk.length, bytes.length - offset));
    bytes.set(part, offset);
    offset += part.length;
    if (offset >= bytes.length) break;
  }
  const total = Number(response.headers.get('content-length') ?? length);
  // Messages are mostly 7-bit; undecodable bytes show as U+FFFD rather than failing.
  return { text: new TextDecoder('utf-8').decode(bytes), shownBytes: bytes.length, totalBytes: total, truncated: total > bytes.length };
}

export interface HeaderField {
  name: string;
  value: string;
}

/** The header fields of a message (up to the first empty line), unfolded, in order. */
export function parseHeaderFields(raw: string): HeaderField[] {
  const end = raw.search(/\r?\n\r?\n/);
  const block = end === -1 ? raw : raw.slice(0, end);
  const fields: HeaderField[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && fields.length > 0) {
      fields[fields.length - 1]!.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return fields;
}

export interface ReceivedHop {
  from: string | undefined;
  by: string | undefined;
  with: string | undefined;
  date: string | undefined;
  raw: string;
}

/**
 * The Received chain oldest hop first (headers are prepended, so the last one is the first hop).
 * Every hop except the one our server wrote can be forged by the sender.
 */
export function receivedChain(fields: readonly HeaderField[]): ReceivedHop[] {
  return fields
    .filter((f) => f.name.toLowerCase() === 'received')
    .map((f) => {
      const [clauses, date] = f.value.split(/;(?=[^;]*$)/);
      const part = (word: string) => new RegExp(`(?:^|\\s)${word}\\s+(.+?)(?=\\s+(?:from|by|with|id|for|via)\\s|$)`, 'i').exec(clauses ?? '')?.[1];
      return { from: part('from'), by: part('by'), with: part('with'), date: date?.trim(), raw: f.value };
    })
    .reverse();
}
