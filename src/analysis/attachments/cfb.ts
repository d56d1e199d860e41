/**
 * A small, bounded reader for Compound File Binary (OLE2) files — .doc/.xls/.ppt, .msi, Office
 * embeddings — per [MS-CFB]: header, FAT (through the DIFAT), directory, mini stream. It lists the
 * directory tree and reads streams, and nothing else.
 *
 * Hostile files: every sector number is range-checked, every chain walk is capped by the number of
 * sectors in the file (so FAT loops end), the directory is capped at MAX_ENTRIES, and streams are
 * read up to a byte cap. Anything malformed yields an error string, never an exception.
 */
import { isCfb } from './kinds.ts';

export interface CfbEntry {
  id: number;
  name: string;
  /** 1 storage, 2 stream, 5 root. */
  type: number;
  /** Id of the storage that holds this entry (-1 for the root). */
  parent: number;
  startSector: number;
  size: number;
  /** 16-byte CLSID (storages). */
  clsid: Buffer;
}

export interface CfbFile {
  entries: CfbEntry[];
  /** Reads up to `maxBytes` of a stream; null when its chain is broken. */
  read(entry: CfbEntry, maxBytes: number): Buffer | null;
}

const MAX_ENTRIES = 10_000;
const NO_STREAM = 0xffffffff;
const END_OF_CHAIN = 0xfffffffe;

/** Opens a CFB file, or explains why it cannot. */
export function openCfb(bytes: Uint8Array): CfbFile | string {
  if (!isCfb(bytes) || bytes.length < 512) return 'not a compound file (bad signature or shorter than its header)';
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const shift = view.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) return `unsupported sector size 2^${shift}`;
  const sectorSize = 1 << shift;
  const sectorCount = Math.ceil((view.length - sectorSize) / sectorSize);
  const fat = readFat(view, sectorSize, sectorCount);
  const chain = (start: number): number[] => walk(fat, start, sectorCount);
  const directory = readSectors(view, chain(view.readUInt32LE(0x30)), sectorSize);
  const entries = readDirectory(directory);
  if (entries.length === 0 || entries[0]!.type !== 5) return 'the directory has no root entry';
  const root = entries[0]!;
  const miniCutoff = view.readUInt32LE(0x38);
  const miniFat = wordsOf(readSectors(view, chain(view.readUInt32LE(0x3c)), sectorSize));
  let miniStream: Buffer | null = null;
  const read = (entry: CfbEntry, maxBytes: number): Buffer | null => {
    const size = Math.min(entry.size, maxBytes);
    if (entry.size < miniCutoff && entry.type === 2) {
      miniStream ??= readSectors(view, chain(root.startSector), sectorSize);
      const sectors = walk(miniFat, entry.startSector, Math.min(Math.ceil(size / 64), Math.ceil(miniStream.length / 64)));
      const out = readSectors(miniStream, sectors, 64, -1);
      return out.length >= size ? out.subarray(0, size) : null;
    }
    const sectors = walk(fat, entry.startSector, Math.min(Math.ceil(size / sectorSize), sectorCount));
    const out = readSectors(view, sectors, sectorSize);
    return out.length >= size ? out.subarray(0, size) : null;
  };
  return { entries, read };
}

/** The FAT as sector numbers: header DIFAT (109 entries) then the DIFAT chain. */
function readFat(view: Buffer, sectorSize: number, sectorCount: number): Uint32Array {
  const fatSectors: number[] = [];
  const declared = Math.min(view.readUInt32LE(0x2c), sectorCount);
  for (let i = 0; i < 109 && fatSectors.length < declared; i++) fatSectors.push(view.readUInt32LE(0x4c + i * 4));
  let difat = view.readUInt32LE(0x44);
  const perSector = sectorSize / 4 - 1;
  for (let hops = 0; fatSectors.length < declared && difat < sectorCount && hops < sectorCount; hops++) {
    const base = (difat + 1) * sectorSize;
    if (base + sectorSize > view.length) break;
    for (let i = 0; i < perSector && fatSectors.length < declared; i++) fatSectors.push(view.readUInt32LE(base + i * 4));
    difat = view.readUInt32LE(base + perSector * 4);
  }
  return wordsOf(readSectors(view, fatSectors, sectorSize));
}

/** Follows a chain from `start`, at most `limit` steps (a loop or a bad pointer ends it). */
function walk(table: Uint32Array, start: number, limit: number): number[] {
  const out: number[] = [];
  for (let sector = start; sector !== END_OF_CHAIN && sector < table.length && out.length < limit;) {
    out.push(sector);
    sector = table[sector]!;
  }
  return out;
}

/** Concatenates sectors; `headerSectors` is 1 for the file itself (sector n starts at (n+1)·size), -1 inside the mini stream. */
function readSectors(view: Buffer, sectors: number[], size: number, headerSectors = 0): Buffer {
  const parts: Buffer[] = [];
  for (const sector of sectors) {
    const start = (sector + 1 + headerSectors) * size;
    if (start < 0 || start + size > view.length) break;
    parts.push(view.subarray(start, start + size));
  }
  return Buffer.concat(parts);
}

function wordsOf(bytes: Buffer): Uint32Array {
  const words = new Uint32Array(Math.floor(bytes.length / 4));
  for (let i = 0; i < words.length; i++) words[i] = bytes.readUInt32LE(i * 4);
  return words;
}

interface RawEntry extends CfbEntry {
  left: number;
  right: number;
  child: number;
}

function readDirectory(directory: Buffer): CfbEntry[] {
  const raw: RawEntry[] = [];
  for (let at = 0; at + 128 <= directory.length && raw.length < MAX_ENTRIES; at += 128) {
    const nameBytes = Math.min(64, Math.max(0, directory.readUInt16LE(at + 64) - 2));
    raw.push({
      id: raw.length,
      name: directory.toString('utf16le', at, at + nameBytes - (nameBytes % 2)),
      type: directory[at + 66]!,
      parent: -1,
      left: directory.readUInt32LE(at + 68),
      right: directory.readUInt32LE(at + 72),
      child: directory.readUInt32LE(at + 76),
      clsid: directory.subarray(at + 80, at + 96),
      startSector: directory.readUInt32LE(at + 116),
      size: directory.readUInt32LE(at + 120),
    });
  }
  assignParents(raw);
  return raw.map(({ left: _l, right: _r, child: _c, ...entry }) => entry);
}

/** Each storage's children are the red-black tree under its `child` pointer; a visited set ends cycles. */
function assignParents(raw: RawEntry[]): void {
  const visited = new Set<number>([0]);
  const storages = [0];
  while (storages.length > 0) {
    const storage = storages.pop()!;
    const stack = [raw[storage]?.child ?? NO_STREAM];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (id === NO_STREAM || id >= raw.length || visited.has(id)) continue;
      visited.add(id);
      const entry = raw[id]!;
      entry.parent = storage;
      stack.push(entry.left, entry.right);
      if (entry.type === 1) storages.push(id);
    }
  }
}
