/**
 * A compound file (CFB/OLE2, [MS-CFB] version 3, 512-byte sectors) writer: the sample data's macro
 * documents (office.ts) and the analyser's test fixtures (Word-like documents with a VBA project,
 * Equation Editor objects, OLE packages, encrypted packages, MSI roots) are built with it.
 * Streams under 4,096 bytes go to the mini stream, as the format requires.
 */

export interface CfbNode {
  name: string;
  /** Stream content; absent for a storage. */
  data?: Buffer;
  children?: CfbNode[];
  clsid?: Buffer;
}

interface FlatEntry { node: CfbNode; type: 1 | 2 | 5; child: number; right: number; start: number; size: number }

const FREE = 0xffffffff;
const END = 0xfffffffe;
const FAT_SECTOR = 0xfffffffd;
const SECTOR = 512;
const MINI = 64;
const CUTOFF = 4096;

export function buildCfb(root: CfbNode[], rootClsid?: Buffer): Buffer {
  const entries: FlatEntry[] = [{ node: { name: 'Root Entry', children: root, clsid: rootClsid }, type: 5, child: FREE, right: FREE, start: END, size: 0 }];
  flatten(entries, 0);
  // Mini stream: small streams packed in 64-byte mini sectors.
  const miniParts: Buffer[] = [];
  const miniFat: number[] = [];
  for (const entry of entries) {
    const data = entry.node.data;
    if (entry.type !== 2 || !data || data.length >= CUTOFF || data.length === 0) continue;
    entry.start = miniFat.length;
    entry.size = data.length;
    const count = Math.ceil(data.length / MINI);
    for (let i = 0; i < count; i++) miniFat.push(i === count - 1 ? END : miniFat.length + 1);
    miniParts.push(padTo(data, MINI));
  }
  const miniStream = Buffer.concat(miniParts);
  // Regular sectors: directory, mini FAT, mini stream container, big streams. FAT sectors first.
  const chains: { data: Buffer; assign: (start: number) => void }[] = [];
  const directory = Buffer.alloc(Math.ceil(entries.length / 4) * SECTOR);
  chains.push({ data: directory, assign: () => undefined });
  const miniFatBytes = wordsToBuffer(miniFat);
  let miniFatStart = END;
  if (miniFat.length > 0) chains.push({ data: miniFatBytes, assign: (s) => { miniFatStart = s; } });
  if (miniStream.length > 0) chains.push({ data: miniStream, assign: (s) => { entries[0]!.start = s; entries[0]!.size = miniStream.length; } });
  for (const entry of entries) {
    const data = entry.node.data;
    if (entry.type === 2 && data && data.length >= CUTOFF) chains.push({ data, assign: (s) => { entry.start = s; entry.size = data.length; } });
  }
  const dataSectors = chains.reduce((n, c) => n + Math.ceil(c.data.length / SECTOR), 0);
  const fatSectors = Math.ceil((dataSectors + Math.ceil((dataSectors + 1) / 128)) / 128);
  const fat: number[] = new Array<number>(fatSectors).fill(FAT_SECTOR);
  const body: Buffer[] = [];
  for (const chain of chains) {
    const count = Math.ceil(chain.data.length / SECTOR);
    chain.assign(fat.length);
    for (let i = 0; i < count; i++) fat.push(i === count - 1 ? END : fat.length + 1);
    body.push(padTo(chain.data, SECTOR));
  }
  while (fat.length < fatSectors * 128) fat.push(FREE);
  writeDirectory(directory, entries);
  return Buffer.concat([header(fatSectors, fatSectors, miniFatStart, Math.ceil(miniFatBytes.length / SECTOR)), wordsToBuffer(fat), ...body]);
}

/** Entries of each storage linked as a right-leaning chain (a valid, if unbalanced, red-black tree: all black). */
function flatten(entries: FlatEntry[], parent: number): void {
  const children = entries[parent]!.node.children ?? [];
  let previous = -1;
  for (const node of children) {
    const index = entries.length;
    entries.push({ node, type: node.data ? 2 : 1, child: FREE, right: FREE, start: node.data ? END : 0, size: 0 });
    if (previous === -1) entries[parent]!.child = index;
    else entries[previous]!.right = index;
    previous = index;
    if (!node.data) flatten(entries, index);
  }
}

function writeDirectory(directory: Buffer, entries: FlatEntry[]): void {
  for (let i = 0; i < directory.length / 128; i++) {
    const at = i * 128;
    const entry = entries[i];
    directory.writeUInt32LE(FREE, at + 68);
    directory.writeUInt32LE(FREE, at + 72);
    directory.writeUInt32LE(FREE, at + 76);
    if (!entry) continue;
    const name = Buffer.from(`${entry.node.name}\0`, 'utf16le');
    name.copy(directory, at, 0, Math.min(64, name.length));
    directory.writeUInt16LE(Math.min(64, name.length), at + 64);
    directory[at + 66] = entry.type;
    directory[at + 67] = 1; // black
    directory.writeUInt32LE(entry.right, at + 72);
    directory.writeUInt32LE(entry.child, at + 76);
    entry.node.clsid?.copy(directory, at + 80);
    directory.writeUInt32LE(entry.start, at + 116);
    directory.writeUInt32LE(entry.size, at + 120);
  }
}

function header(fatSectors: number, directoryStart: number, miniFatStart: number, miniFatSectors: number): Buffer {
  const out = Buffer.alloc(SECTOR);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(out, 0);
  out.writeUInt16LE(0x3e, 0x18);
  out.writeUInt16LE(3, 0x1a);
  out.writeUInt16LE(0xfffe, 0x1c);
  out.writeUInt16LE(9, 0x1e);
  out.writeUInt16LE(6, 0x20);
  out.writeUInt32LE(fatSectors, 0x2c);
  out.writeUInt32LE(directoryStart, 0x30);
  out.writeUInt32LE(CUTOFF, 0x38);
  out.writeUInt32LE(miniFatStart, 0x3c);
  out.writeUInt32LE(miniFatSectors, 0x40);
  out.writeUInt32LE(END, 0x44);
  out.writeUInt32LE(0, 0x48);
  for (let i = 0; i < 109; i++) out.writeUInt32LE(i < fatSectors ? i : FREE, 0x4c + i * 4);
  return out;
}

function wordsToBuffer(words: number[]): Buffer {
  const out = Buffer.alloc(words.length * 4);
  words.forEach((word, i) => out.writeUInt32LE(word >>> 0, i * 4));
  return out;
}

/** `data` padded with zeros to a whole number of units (the same buffer when already whole: the directory is filled in later). */
function padTo(data: Buffer, unit: number): Buffer {
  if (data.length % unit === 0) return data;
  const padded = Buffer.alloc(Math.ceil(data.length / unit) * unit);
  data.copy(padded);
  return padded;
}

/**
 * [MS-OVBA] CompressedContainer holding `text` as literal tokens only (flag byte 0x00 before every
 * 8 bytes): valid input for any decompressor, and what the source locator keys on.
 */
export function ovbaLiteral(text: string): Buffer {
  const data = Buffer.from(text, 'latin1');
  const chunks: Buffer[] = [Buffer.from([0x01])];
  for (let start = 0; start < data.length; start += 3640) {
    const piece = data.subarray(start, Math.min(data.length, start + 3640));
    const tokens: Buffer[] = [];
    for (let i = 0; i < piece.length; i += 8) tokens.push(Buffer.from([0x00]), piece.subarray(i, i + 8));
    const body = Buffer.concat(tokens);
    const chunkHeader = Buffer.alloc(2);
    chunkHeader.writeUInt16LE(0xb000 | (body.length + 2 - 3));
    chunks.push(chunkHeader, body);
  }
  return Buffer.concat(chunks);
}
