/**
 * A bounded zip reader: lists the central directory (names, flags, methods, declared sizes) without
 * decompressing anything, so bomb and encryption checks happen before a single byte is inflated;
 * then inflates only the entries asked for, each under a byte cap.
 *
 * Format: PKWARE APPNOTE 6.3.10 (end of central directory, zip64 locator, central directory
 * headers, local headers). Only what risk checks need is read; anything out of bounds ends the
 * listing rather than throwing.
 */
import { inflateBounded, type Inflated } from './inflate.ts';

export interface ZipEntry {
  name: string;
  /** General-purpose flags; bit 0 = encrypted. */
  flags: number;
  /** 0 stored, 8 deflate, 99 WinZip AES, others unsupported here. */
  method: number;
  compressedSize: number;
  /** Declared uncompressed size (never trusted for allocation). */
  size: number;
  localHeaderOffset: number;
  /** Password-protected: flag bit 0, or the WinZip AES extra field (0x9901) / method 99. */
  encrypted: boolean;
  isDirectory: boolean;
}

export interface ZipListing {
  entries: ZipEntry[];
  /** Entries the archive declares (may exceed `entries.length` when capped). */
  declaredCount: number;
  /** The listing stopped at the entry cap. */
  capped: boolean;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;

/** Lists a zip's central directory, at most `maxEntries` entries. A string explains why it is not a readable zip. */
export function listZip(bytes: Uint8Array, maxEntries: number): ZipListing | string {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const eocd = findEocd(view);
  if (eocd === -1) return 'no end-of-central-directory record (truncated or not a zip)';
  let count = view.readUInt16LE(eocd + 10);
  let offset = view.readUInt32LE(eocd + 16);
  if ((count === 0xffff || offset === 0xffffffff) && eocd >= 20 && view.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) {
    const at = Number(view.readBigUInt64LE(eocd - 12));
    if (at + 56 <= view.length && view.readUInt32LE(at) === ZIP64_EOCD) {
      count = safeNumber(view.readBigUInt64LE(at + 32));
      offset = safeNumber(view.readBigUInt64LE(at + 48));
    }
  }
  const entries: ZipEntry[] = [];
  let at = offset;
  // Some writers (self-extractors, prepended data) shift every offset; fall back to the directory's real place.
  if (at + 4 > view.length || view.readUInt32LE(at) !== CENTRAL) at = eocd - view.readUInt32LE(eocd + 12);
  while (entries.length < Math.min(count, maxEntries) && at >= 0 && at + 46 <= view.length && view.readUInt32LE(at) === CENTRAL) {
    const nameLength = view.readUInt16LE(at + 28);
    const extraLength = view.readUInt16LE(at + 30);
    const commentLength = view.readUInt16LE(at + 32);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > view.length) break;
    entries.push(readEntry(view, at, nameLength, extraLength));
    at = end;
  }
  if (entries.length === 0 && count > 0) return 'the central directory is missing or damaged';
  return { entries, declaredCount: count, capped: count > maxEntries };
}

function readEntry(view: Buffer, at: number, nameLength: number, extraLength: number): ZipEntry {
  const flags = view.readUInt16LE(at + 8);
  const method = view.readUInt16LE(at + 10);
  const rawName = view.subarray(at + 46, at + 46 + nameLength);
  const name = (flags & 0x0800 ? rawName.toString('utf8') : rawName.toString('latin1')).replace(/\0/g, '\ufffd');
  const entry: ZipEntry = {
    name,
    flags,
    method,
    compressedSize: view.readUInt32LE(at + 20),
    size: view.readUInt32LE(at + 24),
    localHeaderOffset: view.readUInt32LE(at + 42),
    encrypted: (flags & 1) === 1 || method === 99,
    isDirectory: name.endsWith('/'),
  };
  readExtraFields(view, at + 46 + nameLength, extraLength, entry);
  return entry;
}

/** Applies the zip64 sizes (0x0001) and notes WinZip AES (0x9901). */
function readExtraFields(view: Buffer, start: number, length: number, entry: ZipEntry): void {
  for (let at = start; at + 4 <= start + length;) {
    const id = view.readUInt16LE(at);
    const size = view.readUInt16LE(at + 2);
    const body = at + 4;
    if (body + size > start + length) break;
    if (id === 0x9901) entry.encrypted = true;
    if (id === 0x0001) {
      let field = body;
      if (entry.size === 0xffffffff && field + 8 <= body + size) { entry.size = safeNumber(view.readBigUInt64LE(field)); field += 8; }
      if (entry.compressedSize === 0xffffffff && field + 8 <= body + size) { entry.compressedSize = safeNumber(view.readBigUInt64LE(field)); field += 8; }
      if (entry.localHeaderOffset === 0xffffffff && field + 8 <= body + size) entry.localHeaderOffset = safeNumber(view.readBigUInt64LE(field));
    }
    at = body + size;
  }
}

function findEocd(view: Buffer): number {
  const last = view.length - 22;
  const first = Math.max(0, last - MAX_COMMENT);
  for (let at = last; at >= first; at--) {
    if (view[at] === 0x50 && view.readUInt32LE(at) === EOCD) return at;
  }
  return -1;
}

function safeNumber(value: bigint): number {
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

/** The compressed bytes of `entry`, located through its local header, or null when out of bounds. */
export function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array | null {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const at = entry.localHeaderOffset;
  if (at + 30 > view.length || view.readUInt32LE(at) !== LOCAL) return null;
  const start = at + 30 + view.readUInt16LE(at + 26) + view.readUInt16LE(at + 28);
  if (start > view.length) return null;
  return view.subarray(start, Math.min(view.length, start + entry.compressedSize));
}

/** Whether this reader can decompress the entry (not encrypted; stored or deflated). */
export function canExtract(entry: ZipEntry): boolean {
  return !entry.encrypted && (entry.method === 0 || entry.method === 8);
}

/** Up to `maxBytes` of the entry's content. Errors (bad offsets, corrupt data) come back in `error`. */
export function extractEntry(bytes: Uint8Array, entry: ZipEntry, maxBytes: number): Inflated {
  const data = entryData(bytes, entry);
  if (data === null) return { bytes: new Uint8Array(0), complete: false, error: 'local header out of bounds' };
  if (entry.method === 0) {
    const length = Math.min(data.length, maxBytes);
    return { bytes: data.subarray(0, length), complete: length === data.length, error: null };
  }
  return inflateBounded(data, maxBytes);
}
