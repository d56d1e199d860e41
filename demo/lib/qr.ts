/**
 * A small QR code encoder for the sample messages (byte mode, error correction level L, versions 1–5,
 * mask 0 — enough for a URL of up to 106 bytes) after ISO/IEC 18004, rendered as a PNG with pngjs.
 * The analyser's QR test fixtures use this encoder too (test/fixtures/attachments/qr.ts).
 */
import { PNG } from 'pngjs';

/** [data codewords, error-correction codewords] of versions 1–5 at level L (each a single block). */
const CAPACITY: Record<number, [number, number]> = { 1: [19, 7], 2: [34, 10], 3: [55, 15], 4: [80, 20], 5: [108, 26] };

type Setter = (x: number, y: number, dark: boolean) => void;

/** The module matrix (true = dark) of `text`. */
export function qrMatrix(text: string): boolean[][] {
  const bytes = Buffer.from(text, 'utf8');
  const version = [1, 2, 3, 4, 5].find((v) => CAPACITY[v]![0] >= bytes.length + 2);
  if (version === undefined) throw new Error(`"${text}" is too long for the demo QR encoder (at most 106 bytes).`);
  const [dataCount, ecCount] = CAPACITY[version]!;
  const data = dataCodewords(bytes, dataCount);
  const all = [...data, ...rsRemainder(data, rsDivisor(ecCount))];
  const size = version * 4 + 17;
  const modules = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  const reserved = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  const set: Setter = (x, y, dark) => {
    modules[y]![x] = dark;
    reserved[y]![x] = true;
  };
  drawFunctionPatterns(size, version, set);
  drawCodewords(all, size, modules, reserved);
  // Mask 0: invert every data module where (x + y) is even.
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (!reserved[y]![x] && (x + y) % 2 === 0) modules[y]![x] = !modules[y]![x];
  drawFormatBits(size, set);
  return modules;
}

function dataCodewords(bytes: Buffer, count: number): number[] {
  const bits: number[] = [];
  const push = (value: number, length: number): void => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  push(0b0100, 4); // byte mode
  push(bytes.length, 8);
  for (const byte of bytes) push(byte, 8);
  push(0, Math.min(4, count * 8 - bits.length)); // terminator
  while (bits.length % 8 !== 0) bits.push(0);
  const out: number[] = [];
  for (let i = 0; i < bits.length; i += 8) out.push(parseInt(bits.slice(i, i + 8).join(''), 2));
  for (let pad = 0xec; out.length < count; pad ^= 0xec ^ 0x11) out.push(pad);
  return out;
}

function drawFunctionPatterns(size: number, version: number, set: Setter): void {
  for (let i = 0; i < size; i++) {
    set(6, i, i % 2 === 0);
    set(i, 6, i % 2 === 0);
  }
  for (const [cx, cy] of [[3, 3], [size - 4, 3], [3, size - 4]] as const) {
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        const ring = Math.max(Math.abs(dx), Math.abs(dy));
        if (x >= 0 && x < size && y >= 0 && y < size) set(x, y, ring !== 2 && ring !== 4);
      }
    }
  }
  if (version >= 2) {
    const c = size - 7;
    for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) set(c + dx, c + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
  }
  drawFormatBits(size, set); // reserves the format areas; drawn for real after masking
}

function drawFormatBits(size: number, set: Setter): void {
  const data = (1 << 3) | 0; // level L (01), mask 0
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  const bits = ((data << 10) | rem) ^ 0x5412;
  const bit = (i: number): boolean => ((bits >>> i) & 1) !== 0;
  for (let i = 0; i <= 5; i++) set(8, i, bit(i));
  set(8, 7, bit(6));
  set(8, 8, bit(7));
  set(7, 8, bit(8));
  for (let i = 9; i < 15; i++) set(14 - i, 8, bit(i));
  for (let i = 0; i < 8; i++) set(size - 1 - i, 8, bit(i));
  for (let i = 8; i < 15; i++) set(8, size - 15 + i, bit(i));
  set(8, size - 8, true);
}

function drawCodewords(data: number[], size: number, modules: boolean[][], reserved: boolean[][]): void {
  let i = 0;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vert = 0; vert < size; vert++) {
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const y = ((right + 1) & 2) === 0 ? size - 1 - vert : vert;
        if (!reserved[y]![x] && i < data.length * 8) {
          modules[y]![x] = ((data[i >>> 3]! >>> (7 - (i & 7))) & 1) !== 0;
          i++;
        }
      }
    }
  }
}

function gfMultiply(x: number, y: number): number {
  let z = 0;
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z;
}

function rsDivisor(degree: number): number[] {
  const result = new Array<number>(degree).fill(0);
  result[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < result.length; j++) {
      result[j] = gfMultiply(result[j]!, root);
      if (j + 1 < result.length) result[j]! ^= result[j + 1]!;
    }
    root = gfMultiply(root, 0x02);
  }
  return result;
}

function rsRemainder(data: number[], divisor: number[]): number[] {
  const result = divisor.map(() => 0);
  for (const byte of data) {
    const factor = byte ^ result.shift()!;
    result.push(0);
    divisor.forEach((coefficient, i) => {
      result[i]! ^= gfMultiply(coefficient, factor);
    });
  }
  return result;
}

/** A PNG of the code for `text`: black modules of `scale` pixels (default 8) on white, with the 4-module quiet zone. */
export function qrPng(text: string, scale = 8): Buffer {
  const matrix = qrMatrix(text);
  const side = (matrix.length + 8) * scale;
  const png = new PNG({ width: side, height: side });
  png.data.fill(255);
  for (let my = 0; my < matrix.length; my++) {
    for (let mx = 0; mx < matrix.length; mx++) {
      if (!matrix[my]![mx]) continue;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const p = (((my + 4) * scale + dy) * side + (mx + 4) * scale + dx) * 4;
          png.data[p] = png.data[p + 1] = png.data[p + 2] = 0;
        }
      }
    }
  }
  return PNG.sync.write(png);
}
