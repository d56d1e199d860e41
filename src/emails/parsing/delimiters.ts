/**
 * Multipart delimiter lines, recognised exactly as mailsplit recognises them (RFC 2046 5.1.1 plus
 * its tolerances), so the scanner and the decoder always agree on where parts start and end.
 */
import type { ScanNode } from './scan-node.ts';

/** mailsplit accepts "--", the boundary, "--", up to 998 spaces/tabs and CR LF (+ a leading CR) on a delimiter line. */
export const DELIMITER_LINE_OVERHEAD = 2 + 2 + 998 + 2 + 2;
const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;

export interface Delimiter {
  /** The multipart whose boundary the line carries. */
  owner: ScanNode;
  closing: boolean;
  /** Matched the current node's own boundary (rather than an enclosing one's). */
  own: boolean;
}

/** `--boundary`, optional `--`, optional spaces/tabs, then CR* LF or the end of input (closing only). */
export function compareBoundary(line: Buffer, start: number, boundary: Buffer): 'open' | 'close' | null {
  if (line.length < boundary.length + 3 + start || line.length > boundary.length + start + DELIMITER_LINE_OVERHEAD - 2) return null;
  if (line.compare(boundary, 0, boundary.length, start + 2, start + 2 + boundary.length) !== 0) return null;
  let i = start + 2 + boundary.length;
  let kind: 'open' | 'close' = 'open';
  if (line[i] === DASH) {
    if (line[i + 1] !== DASH) return null;
    kind = 'close';
    i += 2;
  }
  while (i < line.length && (line[i] === 0x20 || line[i] === 0x09)) i++;
  if (i === line.length) return kind === 'close' ? 'close' : null;
  while (i < line.length && line[i] === CR) i++;
  if (i < line.length && line[i] === LF) i++;
  return i === line.length ? kind : null;
}

/** Where the boundary text would start: after "--", behind one lone CR left over from the line before. */
function delimiterStart(line: Buffer): number {
  const start = line[0] === CR ? 1 : 0;
  return line[start] === DASH && line[start + 1] === DASH ? start : -1;
}

/** mailsplit's test: the current node's own boundary first (unless past its closing delimiter), then every owner's. */
export function matchDelimiter(line: Buffer, node: ScanNode, inEpilogue: boolean): Delimiter | null {
  const start = delimiterStart(line);
  if (start === -1) return null;
  if (!inEpilogue && node.boundary) {
    const match = compareBoundary(line, start, node.boundary);
    if (match) return { owner: node, closing: match === 'close', own: true };
  }
  for (let owner = node.owner; owner; owner = owner.owner) {
    if (!owner.boundary) continue;
    const match = compareBoundary(line, start, owner.boundary);
    if (match) return { owner, closing: match === 'close', own: false };
  }
  return null;
}

/** A delimiter of `node`'s own boundary seen after `node` was closed. */
export function isStaleDelimiter(line: Buffer, node: ScanNode, inEpilogue: boolean): boolean {
  const start = delimiterStart(line);
  return inEpilogue && node.boundary !== null && start !== -1 && compareBoundary(line, start, node.boundary) !== null;
}

/** The longest line that could still be a delimiter under `node`. */
export function maxDelimiterLine(node: ScanNode, inEpilogue: boolean): number {
  return node.longestBoundary(!inEpilogue) + DELIMITER_LINE_OVERHEAD;
}
