/**
 * Bounded decompression with fflate. Hostile archives declare whatever sizes they like, so output is
 * never trusted to stop on its own: compressed input is fed in small slices and feeding stops as soon
 * as `maxBytes` of output exist. DEFLATE expands at most ~1,032:1, so one slice of S bytes can add at
 * most ~1,032·S bytes beyond the cap; the slice size is chosen from the cap to keep that overshoot
 * near the cap itself.
 */
import { Inflate } from 'fflate';

export interface Inflated {
  /** At most `maxBytes` bytes of output. */
  bytes: Uint8Array;
  /** The stream ended inside the cap: `bytes` is everything. */
  complete: boolean;
  /** Why decompression stopped early with an error (corrupt data), or null. */
  error: string | null;
}

const MIN_SLICE = 512;
const MAX_SLICE = 64 * 1024;

/** Inflates raw DEFLATE data, keeping at most `maxBytes` bytes of output. Never throws. */
export function inflateBounded(compressed: Uint8Array, maxBytes: number): Inflated {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    if (total < maxBytes && chunk.length > 0) {
      const keep = chunk.subarray(0, Math.min(chunk.length, maxBytes - total));
      chunks.push(keep.slice());
      total += keep.length;
    }
    if (final) ended = true;
  });
  const slice = Math.max(MIN_SLICE, Math.min(MAX_SLICE, Math.ceil(maxBytes / 1024)));
  let error: string | null = null;
  try {
    for (let at = 0; at < compressed.length && total < maxBytes && !ended; at += slice) {
      const end = Math.min(compressed.length, at + slice);
      inflater.push(compressed.subarray(at, end), end === compressed.length);
    }
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  // A stream that hit the cap exactly at its end still counts as complete.
  return { bytes: concat(chunks, total), complete: ended && error === null, error };
}

export interface Gunzipped extends Inflated {
  /** The original file name stored in the gzip header (FNAME), or null. */
  name: string | null;
}

/** Decompresses a gzip member (RFC 1952) with the same bound. Null when the header is not gzip/deflate. */
export function gunzipBounded(bytes: Uint8Array, maxBytes: number): Gunzipped | null {
  if (bytes.length < 18 || bytes[0] !== 0x1f || bytes[1] !== 0x8b || bytes[2] !== 8) return null;
  const flags = bytes[3]!;
  let at = 10;
  if (flags & 0x04) at += 2 + (bytes[at]! | (bytes[at + 1]! << 8)); // FEXTRA
  let name: string | null = null;
  if (flags & 0x08) { // FNAME, zero-terminated Latin-1
    const end = bytes.indexOf(0, at);
    if (end === -1) return null;
    name = Buffer.from(bytes.subarray(at, Math.min(end, at + 255))).toString('latin1');
    at = end + 1;
  }
  if (flags & 0x10) { // FCOMMENT
    const end = bytes.indexOf(0, at);
    if (end === -1) return null;
    at = end + 1;
  }
  if (flags & 0x02) at += 2; // FHCRC
  if (at >= bytes.length) return null;
  return { ...inflateBounded(bytes.subarray(at), maxBytes), name };
}

/** Inflates a zlib-wrapped stream (PDF FlateDecode). Null when there is no zlib header. */
export function unzlibBounded(bytes: Uint8Array, maxBytes: number): Inflated | null {
  if (bytes.length < 2 || (bytes[0]! & 0x0f) !== 8 || ((bytes[0]! << 8) | bytes[1]!) % 31 !== 0) return null;
  return inflateBounded(bytes.subarray(2), maxBytes);
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
