/**
 * VBA projects inside a CFB file ([MS-OVBA]): find the project, decompress each module's source and
 * look for procedures Office runs by itself (AutoOpen, Document_Open, Workbook_Open …).
 *
 * A module stream holds compiled p-code followed by the compressed source at an offset recorded in
 * the (compressed) `dir` stream. Like olevba's fallback, we locate the source by its first literal
 * run instead: a compressed container (0x01), a chunk header, a flag byte 0x00 and "Attribut" (every
 * module source starts with `Attribute VB_Name`). That survives the damaged `dir` streams malware
 * ships with.
 */
import type { CfbEntry, CfbFile } from './cfb.ts';

/** Bytes of one module stream read, and of source decompressed from it. */
const MAX_MODULE_BYTES = 2 * 1024 * 1024;
const MAX_SOURCE_BYTES = 1024 * 1024;
const MAX_MODULES = 64;

/** Procedures Office (Word, Excel, PowerPoint, Access forms) runs without the user asking. */
const AUTO_EXEC = /\b(?:Sub|Function)\s+(Auto_?Open|Auto_?Exec|Auto_?Close|Auto_?New|Auto_?Exit|Document_?Open|Document_?Close|Document_?New|Document_?BeforeClose|Document_?Change|NewDocument|Workbook_(?:Open|Activate|Close|BeforeClose|Deactivate)|Worksheet_(?:Activate|Calculate)|\w+_(?:Painted|Layout|Resize|GotFocus|LostFocus|MouseHover))\s*\(/i;

export interface VbaProject {
  /** Module stream names. */
  modules: string[];
  /** The first auto-run procedure found, e.g. `Document_Open`, or null. */
  autoExec: string | null;
  /** Modules whose source could not be located or decompressed. */
  unreadable: number;
}

/** The VBA project in `cfb`, or null when there is none (`_VBA_PROJECT` stream or `VBA` storage with `dir`). */
export function findVbaProject(cfb: CfbFile): VbaProject | null {
  const vbaStorages = cfb.entries.filter((e) => e.type === 1 && e.name.toUpperCase() === 'VBA'
    && cfb.entries.some((c) => c.parent === e.id && c.name.toLowerCase() === 'dir'));
  const hasProjectStream = cfb.entries.some((e) => e.type === 2 && e.name.toUpperCase() === '_VBA_PROJECT');
  if (vbaStorages.length === 0 && !hasProjectStream) return null;
  const moduleEntries: CfbEntry[] = cfb.entries.filter((e) => e.type === 2 && vbaStorages.some((s) => s.id === e.parent)
    && !/^(dir|_VBA_PROJECT|__SRP_\d+|PROJECT(wm)?)$/i.test(e.name)).slice(0, MAX_MODULES);
  const project: VbaProject = { modules: moduleEntries.map((e) => e.name), autoExec: null, unreadable: 0 };
  for (const entry of moduleEntries) {
    const stream = cfb.read(entry, MAX_MODULE_BYTES);
    const source = stream ? moduleSource(stream) : null;
    if (source === null) {
      project.unreadable++;
      continue;
    }
    const match = AUTO_EXEC.exec(source);
    if (match) {
      project.autoExec = match[1]!;
      break;
    }
  }
  return project;
}

const SOURCE_MARKER = Buffer.from('\x00Attribut', 'latin1');

/** The decompressed module source in a module stream, or null. */
export function moduleSource(stream: Buffer): string | null {
  for (let from = 0; ;) {
    const marker = stream.indexOf(SOURCE_MARKER, from);
    if (marker === -1) return null;
    const start = marker - 3;
    if (start >= 0 && stream[start] === 0x01) {
      const source = decompress(stream.subarray(start), MAX_SOURCE_BYTES);
      if (source !== null) return source.toString('latin1');
    }
    from = marker + 1;
  }
}

/** [MS-OVBA] 2.4.1 decompression of a CompressedContainer, output capped at `maxBytes`. Null when malformed. */
export function decompress(input: Uint8Array, maxBytes: number): Buffer | null {
  if (input[0] !== 0x01) return null;
  const out: number[] = [];
  let at = 1;
  while (at + 2 <= input.length && out.length < maxBytes) {
    const header = input[at]! | (input[at + 1]! << 8);
    const chunkEnd = Math.min(input.length, at + (header & 0x0fff) + 3);
    if (((header >> 12) & 0x07) !== 0b011) return out.length > 0 ? Buffer.from(out) : null;
    at += 2;
    const chunkStart = out.length;
    if ((header & 0x8000) === 0) {
      // Raw chunk: 4,096 literal bytes.
      for (let i = 0; i < 4096 && at < input.length; i++) out.push(input[at++]!);
      continue;
    }
    while (at < chunkEnd && out.length < maxBytes) {
      const flags = input[at++]!;
      for (let bit = 0; bit < 8 && at < chunkEnd; bit++) {
        if ((flags & (1 << bit)) === 0) {
          out.push(input[at++]!);
          continue;
        }
        if (at + 2 > chunkEnd) return Buffer.from(out);
        const token = input[at]! | (input[at + 1]! << 8);
        at += 2;
        const decompressed = out.length - chunkStart;
        const bitCount = Math.max(4, Math.ceil(Math.log2(Math.max(1, decompressed))));
        const lengthMask = 0xffff >> bitCount;
        const length = (token & lengthMask) + 3;
        const offset = (token >> (16 - bitCount)) + 1;
        if (offset > decompressed) return Buffer.from(out);
        for (let i = 0; i < length; i++) out.push(out[out.length - offset]!);
      }
    }
    at = chunkEnd;
  }
  return Buffer.from(out);
}
