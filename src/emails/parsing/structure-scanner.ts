/**
 * The guard in front of mailparser. It reads the raw message once, as it streams, follows its MIME
 * structure the way mailsplit will (mime-tree.ts: same boundary rules, same header parsing), and
 * passes on only the bytes mailparser may safely see:
 *
 * - parts beyond `maxParts` and the input beyond `maxMessageBytes` are not passed on (mailsplit
 *   would otherwise fail the whole message past 1,000 parts or 1 MiB of header);
 * - parts nested deeper than `maxDepth` are dropped, later shallower parts still pass (mailsplit
 *   checks every line against every open boundary, and mailparser walks the tree recursively);
 * - header lines longer than `maxHeaderLineBytes` are cut, lines past `maxHeaderBytes` in one
 *   block are dropped (header-collector.ts);
 * - of the top-level header block only the MIME fields (Content-*, MIME-Version) are passed on:
 *   mailparser decodes bodies, message-headers.ts reads the rest (sparing mailparser the
 *   Received/ARC/DKIM chain cuts about a quarter of the CPU time on real mail);
 * - a header block whose first line is not a header ends there (an empty line is inserted), so a
 *   body without headers is read as a body, as Python's email package reads it.
 *
 * On the way it notices what the decoders pass over silently (NUL bytes, bad base64 or
 * quoted-printable, missing or unused boundaries, truncation, unknown charsets and transfer
 * encodings). Memory is one header block plus one possible delimiter line; work is linear in the
 * input: body lines that cannot be delimiters are skipped with indexOf, never one by one.
 */
import { FIELD_NAME_SCAN_BYTES, classifyHeaderLine, isBlankLine, mimeFieldLines, readMimeFields, splitFields, type RawField } from './header-block.ts';
import { HeaderCollector } from './header-collector.ts';
import { MimeTree, type Next } from './mime-tree.ts';
import { StructureReport } from './structure-report.ts';
import type { ParseLimits } from './types.ts';
import type { WarningList } from './warnings.ts';

type Mode = 'head' | 'body' | 'skip' | 'discard';

const CRLF = Buffer.from('\r\n');
const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;

export interface ScanResult {
  /** The top-level header fields as read (long lines cut, lines past the block limit dropped). */
  rootFields: RawField[];
  /** A part whose content mailparser puts into the text body was passed on. */
  hasTextPart: boolean;
  /** A part whose content mailparser puts into the HTML body was passed on. */
  hasHtmlPart: boolean;
  /** Bytes read from the source. */
  bytesRead: number;
}

export class StructureScanner {
  private readonly limits: ParseLimits;
  private readonly report: StructureReport;
  private readonly tree: MimeTree;
  private readonly headers: HeaderCollector;
  private mode: Mode = 'head';

  /** Input of the current push: the carried unfinished line followed by the new chunk. */
  private buf: Buffer = Buffer.alloc(0);
  /** Start of the run of `buf` passed on unchanged and not yet emitted. */
  private runStart = 0;
  private segments: Buffer[] = [];
  /** The unfinished last line, kept as a list so a line arriving in many small chunks is joined once. */
  private carry: Buffer[] = [];
  private carryLength = 0;
  /** The bytes up to the next line feed continue a body line already known not to be a delimiter. */
  private continuingLine = false;
  /** A header line longer than the limit is being cut: its kept start; input is dropped up to its line feed. */
  private cutLine: Buffer | null = null;
  /** Cached positions of the next "\n-" and "\n\r-" in `buf` (-2: not searched yet, -1: none). */
  private dashAt = -2;
  private crDashAt = -2;

  private acceptedBytes = 0;
  private bytesRead = 0;
  private nulBytes = 0;
  private rootFields: RawField[] = [];

  constructor(limits: ParseLimits, warnings: WarningList) {
    this.limits = limits;
    this.report = new StructureReport(warnings, limits);
    this.tree = new MimeTree(limits, this.report);
    this.headers = new HeaderCollector(limits, this.report);
  }

  /** Reads the next chunk; returns the bytes to pass on to mailparser. */
  push(chunk: Buffer): Buffer[] {
    this.bytesRead += chunk.length;
    if (this.mode === 'discard' || chunk.length === 0) return [];
    const room = this.limits.maxMessageBytes - this.acceptedBytes;
    const accepted = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.acceptedBytes += accepted.length;
    this.countNulBytes(accepted);
    if (this.carryLength > 0 && accepted.indexOf(LF) === -1 && this.carryLength + accepted.length <= this.carryLimit()) {
      // Still the same unfinished line, and short enough that nothing can be decided about it yet.
      this.carry.push(accepted);
      this.carryLength += accepted.length;
    } else {
      this.process(this.carryLength > 0 ? Buffer.concat([...this.carry, accepted]) : accepted);
    }
    if (accepted.length < chunk.length) {
      this.report.tooLarge();
      this.stop();
    }
    return this.takeSegments();
  }

  /** Ends the input; returns the last bytes to pass on. */
  end(): Buffer[] {
    if (this.mode !== 'discard') {
      this.load(Buffer.concat(this.carry));
      if (this.buf.length > 0 || this.cutLine) this.processFinalLine();
      const inHeaderBlock = this.mode === 'head';
      if (inHeaderBlock && this.bytesRead > 0) this.finishHeaderBlock(null);
      this.emitRun(this.buf.length);
      this.tree.closeLeaf();
      if (this.bytesRead === 0) this.report.emptyMessage();
      else {
        this.tree.reportEnd(inHeaderBlock);
        if (this.rootFields.length === 0) this.report.noHeaderFields();
      }
    }
    if (this.nulBytes > 0) this.report.nulBytes(this.nulBytes);
    return this.takeSegments();
  }

  /** The root header block has ended (the scanner is in a body or a part's header block, or stopped). */
  get pastRootHeaderBlock(): boolean {
    return this.mode !== 'head' || this.tree.node !== this.tree.root;
  }

  /** Stops passing anything on (used when parsing times out). */
  abort(): void {
    if (this.mode !== 'discard') this.stop();
  }

  result(): ScanResult {
    return { rootFields: this.rootFields, hasTextPart: this.tree.hasTextPart, hasHtmlPart: this.tree.hasHtmlPart, bytesRead: this.bytesRead };
  }

  // ---- lines ------------------------------------------------------------------------------------

  private load(buf: Buffer): void {
    this.buf = buf;
    this.runStart = 0;
    this.carry = [];
    this.carryLength = 0;
    this.dashAt = -2;
    this.crDashAt = -2;
  }

  private process(buf: Buffer): void {
    this.load(buf);
    let pos = 0;
    while (pos < buf.length && this.mode !== 'discard') {
      const next = this.mode === 'head' ? this.processHeadLine(pos) : this.processBody(pos);
      if (next === -1) break;
      pos = next;
    }
    if (this.mode === 'discard') return;
    this.emitRun(pos);
    if (pos < buf.length) this.keepTail(pos);
  }

  /** Handles the header line starting at `pos`; returns where the next line starts, or -1 when it is unfinished. */
  private processHeadLine(pos: number): number {
    const lf = this.buf.indexOf(LF, pos);
    if (this.cutLine) {
      this.dropRange(pos, lf === -1 ? this.buf.length : lf + 1);
      if (lf === -1) return this.buf.length;
      this.takeHeadLine(Buffer.concat([this.takeCutLine(), CRLF]), false);
      return lf + 1;
    }
    if (lf === -1) return -1;
    this.dropRange(pos, lf + 1);
    this.takeHeadLine(this.buf.subarray(pos, lf + 1), true);
    return lf + 1;
  }

  /**
   * Passes (or, when skipping, drops) body bytes from `pos` up to the next line that could be a
   * delimiter, and handles that line. Returns where to continue, or -1 when the rest is an
   * unfinished line that could still be a delimiter.
   */
  private processBody(pos: number): number {
    const buf = this.buf;
    if (this.continuingLine) {
      const lf = buf.indexOf(LF, pos);
      const end = lf === -1 ? buf.length : lf + 1;
      this.content(pos, end);
      if (lf !== -1) this.continuingLine = false;
      return end;
    }
    const candidate = this.tree.delimiterPossible() ? this.nextCandidateLine(pos) : -1;
    if (candidate === -1) {
      // The last line may be unfinished; its remainder in the next push is not a line start.
      this.content(pos, buf.length);
      this.continuingLine = buf[buf.length - 1] !== LF;
      return buf.length;
    }
    this.content(pos, candidate);
    const lf = buf.indexOf(LF, candidate);
    if (lf === -1) return candidate === pos ? -1 : candidate;
    this.bodyLine(candidate, lf + 1);
    return lf + 1;
  }

  /** A complete body line that may be a delimiter. */
  private bodyLine(start: number, end: number): void {
    const line = this.buf.subarray(start, end);
    const delimiter = line.length <= this.tree.maxDelimiterLine() ? this.tree.match(line) : null;
    if (delimiter) {
      this.dropRange(start, end);
      this.onDelimiter(this.tree.applyDelimiter(delimiter, this.mode === 'skip'), line);
    } else if (this.tree.isStale(line)) {
      // mailsplit ignores it as epilogue, except after a closing delimiter it took for one in the
      // preamble (its parts were dropped as too deep): there it would open a part not counted here.
      this.dropRange(start, end);
    } else {
      this.content(start, end);
    }
  }

  /** The start of the next line at or after `pos` (a line start) that begins with "-" or CR "-". */
  private nextCandidateLine(pos: number): number {
    const buf = this.buf;
    if (buf[pos] === DASH || (buf[pos] === CR && (buf[pos + 1] === DASH || pos + 1 === buf.length))) return pos;
    // Both searches are cached: rescanning from every candidate would be quadratic on a body full of "-" lines.
    if (this.dashAt !== -1 && this.dashAt < pos) this.dashAt = buf.indexOf('\n-', pos);
    if (this.crDashAt !== -1 && this.crDashAt < pos) this.crDashAt = buf.indexOf('\n\r-', pos);
    const found = this.dashAt === -1 ? this.crDashAt : this.crDashAt === -1 ? this.dashAt : Math.min(this.dashAt, this.crDashAt);
    if (found !== -1) return found + 1;
    // A line starting with the last byte, a CR, may still become "\r--…" with the next chunk.
    return buf[buf.length - 2] === LF && buf[buf.length - 1] === CR ? buf.length - 1 : -1;
  }

  /** The longest unfinished line that can wait for the next push without deciding anything (see keepTail). */
  private carryLimit(): number {
    if (this.mode !== 'head') return this.tree.maxDelimiterLine();
    const classify = Math.min(FIELD_NAME_SCAN_BYTES, this.limits.maxHeaderLineBytes - 2);
    return this.headers.isEmpty && this.carryLength < classify ? classify - 1 : this.limits.maxHeaderLineBytes - 2;
  }

  /** The unfinished last line of a push: kept for the next push, or passed/dropped/cut once it is long enough to decide. */
  private keepTail(pos: number): void {
    const tail = this.buf.subarray(pos);
    if (this.mode === 'head') this.keepHeadTail(pos);
    else if (tail.length > this.tree.maxDelimiterLine()) {
      this.content(pos, this.buf.length);
      this.emitRun(this.buf.length);
      this.continuingLine = true;
    } else this.setCarry(tail);
  }

  private keepHeadTail(pos: number): void {
    const tail = this.buf.subarray(pos);
    if (this.cutLine) return;
    const classifiable = tail.length >= Math.min(FIELD_NAME_SCAN_BYTES, this.limits.maxHeaderLineBytes - 2);
    if (classifiable && this.headers.isEmpty && this.startsBody(tail)) {
      // Not a header line: the body starts here, and this line continues into the next push.
      this.endHeadersEarly();
      this.continuingLine = true;
      this.content(pos, this.buf.length);
      this.emitRun(this.buf.length);
    } else if (tail.length > this.limits.maxHeaderLineBytes - 2) {
      this.report.longHeaderLine(this.tree.where());
      this.cutLine = this.headers.cutPrefix(tail);
    } else this.setCarry(tail);
  }

  /** The last line of the input, without a line feed (in `buf`), or the end of a line being cut. */
  private processFinalLine(): void {
    if (this.cutLine) this.takeHeadLine(this.takeCutLine(), false);
    else if (this.mode === 'head') {
      this.dropRange(0, this.buf.length);
      this.takeHeadLine(this.buf, true);
    } else if (this.continuingLine) this.content(0, this.buf.length);
    else this.bodyLine(0, this.buf.length);
  }

  private setCarry(tail: Buffer): void {
    this.carry = [Buffer.from(tail)];
    this.carryLength = tail.length;
  }

  private takeCutLine(): Buffer {
    const kept = this.cutLine ?? Buffer.alloc(0);
    this.cutLine = null;
    return kept;
  }

  // ---- header blocks --------------------------------------------------------------------------

  /** A complete header-block line, already taken out of the run of passed-on bytes. */
  private takeHeadLine(line: Buffer, mayBeDelimiter: boolean): void {
    const delimiter = mayBeDelimiter && line.length <= this.tree.maxDelimiterLine() ? this.tree.match(line) : null;
    if (delimiter) {
      // A delimiter inside a header block ends the part; mailsplit keeps it only for a closing delimiter.
      this.finishHeaderBlock(null, !delimiter.closing);
      this.onDelimiter(this.tree.applyDelimiter(delimiter, false), line);
    } else if (isBlankLine(line)) {
      this.finishHeaderBlock(line);
    } else if (this.headers.isEmpty && this.startsBody(line)) {
      this.endHeadersEarly();
      this.emitBytes(line);
      this.tree.node.validator?.update(line);
    } else {
      this.headers.add(line, this.tree.where());
    }
  }

  /** The first line of a header block is not a header: the part has no headers and its body starts here. */
  private startsBody(line: Buffer): boolean {
    const kind = classifyHeaderLine(line);
    return kind === 'other' || kind === 'continuation' || (kind === 'mbox' && this.tree.node !== this.tree.root);
  }

  private endHeadersEarly(): void {
    if (this.tree.node === this.tree.root) this.report.noHeaderBlock();
    else this.report.partWithoutHeaders(this.tree.node);
    this.finishHeaderBlock(CRLF);
  }

  /**
   * The current node's header block is complete: pass it on (with `terminator`, the empty line,
   * when there is one) and move on to its body or embedded message. `abandoned`: a delimiter
   * interrupted the block and mailsplit drops the node, so it is not configured.
   */
  private finishHeaderBlock(terminator: Buffer | null, abandoned = false): void {
    const lines = this.headers.take();
    const isRoot = this.tree.node === this.tree.root;
    const fields = splitFields(lines);
    if (isRoot) this.rootFields = fields;
    const passed = isRoot ? mimeFieldLines(lines) : lines;
    this.emitBytes(Buffer.concat(terminator ? [...passed, terminator] : passed));
    this.mode = 'body';
    if (!abandoned) this.follow(this.tree.configure(readMimeFields(fields), terminator !== null));
  }

  // ---- structure --------------------------------------------------------------------------------

  private onDelimiter(outcome: { next: Next; passLine: boolean }, line: Buffer): void {
    if (outcome.passLine) this.emitBytes(line);
    this.follow(outcome.next);
  }

  private follow(next: Next): void {
    if (next === 'stop') this.stop();
    else this.mode = next;
  }

  /** Stops passing anything on. What was passed on so far stays valid. */
  private stop(): void {
    if (this.mode === 'head' && !this.headers.isEmpty) this.finishHeaderBlock(null);
    this.tree.closeLeaf();
    this.carry = [];
    this.carryLength = 0;
    this.cutLine = null;
    this.mode = 'discard';
  }

  /** Body bytes [start, end): validated and passed on, or dropped while skipping. */
  private content(start: number, end: number): void {
    if (start >= end) return;
    if (this.mode === 'skip') this.dropRange(start, end);
    else this.tree.node.validator?.update(this.buf.subarray(start, end));
  }

  private countNulBytes(chunk: Buffer): void {
    for (let at = chunk.indexOf(0); at !== -1; at = chunk.indexOf(0, at + 1)) this.nulBytes++;
  }

  // ---- output -----------------------------------------------------------------------------------

  /** Emits the pending run of passed-on bytes up to `upTo`. */
  private emitRun(upTo: number): void {
    if (upTo > this.runStart) this.segments.push(this.buf.subarray(this.runStart, upTo));
    this.runStart = Math.max(this.runStart, upTo);
  }

  /** Bytes [start, end) of `buf` are not passed on as they are (dropped, or held and emitted later). */
  private dropRange(start: number, end: number): void {
    this.emitRun(start);
    this.runStart = end;
  }

  /** Passes on bytes that are not part of the current run (a held block, a synthetic line). */
  private emitBytes(bytes: Buffer): void {
    if (bytes.length > 0) this.segments.push(bytes);
  }

  private takeSegments(): Buffer[] {
    const segments = this.segments;
    this.segments = [];
    return segments;
  }
}
