/**
 * Collects the lines of one header block within the limits: a line longer than
 * `maxHeaderLineBytes` is cut, and lines past `maxHeaderBytes` (each counted as at least 64 bytes,
 * as mailsplit counts them) are dropped, so mailsplit never sees a block it would reject.
 */
import { HEADER_LINE_MIN_COST, classifyHeaderLine } from './header-block.ts';
import type { StructureReport } from './structure-report.ts';
import type { ParseLimits } from './types.ts';

const CRLF = Buffer.from('\r\n');

export class HeaderCollector {
  private readonly limits: ParseLimits;
  private readonly report: StructureReport;
  private lines: Buffer[] = [];
  private cost = 0;
  private overflow = false;

  constructor(limits: ParseLimits, report: StructureReport) {
    this.limits = limits;
    this.report = report;
  }

  get isEmpty(): boolean {
    return this.lines.length === 0;
  }

  /** The first `maxHeaderLineBytes - 2` bytes of a line, to which its CRLF is added once the line ends. */
  cutPrefix(line: Buffer): Buffer {
    return Buffer.from(line.subarray(0, this.limits.maxHeaderLineBytes - 2));
  }

  /** Adds one complete line of the block (not the empty line ending it). `where` names the block in warnings. */
  add(line: Buffer, where: string): void {
    let kept = line;
    if (kept.length > this.limits.maxHeaderLineBytes) {
      this.report.longHeaderLine(where);
      kept = Buffer.concat([this.cutPrefix(kept), CRLF]);
    }
    if (!this.isEmpty && classifyHeaderLine(kept) === 'other') this.report.malformedHeaderLine(where);
    const cost = Math.max(kept.length, HEADER_LINE_MIN_COST);
    if (this.overflow || this.cost + cost > this.limits.maxHeaderBytes) {
      if (!this.overflow) this.report.headersTooLarge(where);
      this.overflow = true;
      return;
    }
    this.cost += cost;
    this.lines.push(kept);
  }

  /** The collected lines; the collector starts over. */
  take(): Buffer[] {
    const lines = this.lines;
    this.lines = [];
    this.cost = 0;
    this.overflow = false;
    return lines;
  }
}
