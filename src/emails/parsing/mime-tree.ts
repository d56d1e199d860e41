/**
 * The MIME structure the scanner walks, as mailsplit walks it: which node the next line belongs
 * to, what a delimiter line does (open the owner's next part, close the owner), where embedded
 * messages start, and the part-count and depth limits. It decides; the scanner moves the bytes.
 */
import { matchDelimiter, maxDelimiterLine, isStaleDelimiter, DELIMITER_LINE_OVERHEAD, type Delimiter } from './delimiters.ts';
import type { MimeFields } from './header-block.ts';
import { isKnownCharset } from './mime-lib.ts';
import { ScanNode } from './scan-node.ts';
import type { StructureReport } from './structure-report.ts';
import type { ParseLimits } from './types.ts';

/** What follows a delimiter or a header block: a header block, a body, parts to drop (too deep), or nothing (too many parts). */
export type Next = 'head' | 'body' | 'skip' | 'stop';

export class MimeTree {
  readonly root = new ScanNode(null, null, '');
  node = this.root;
  /** The current node is a multipart past its closing delimiter. */
  inEpilogue = false;
  /** MIME nodes passed on, counted as mailsplit counts them (root, parts, embedded messages). */
  parts = 1;
  hasTextPart = false;
  hasHtmlPart = false;
  private readonly limits: ParseLimits;
  private readonly report: StructureReport;

  constructor(limits: ParseLimits, report: StructureReport) {
    this.limits = limits;
    this.report = report;
  }

  match(line: Buffer): Delimiter | null {
    return matchDelimiter(line, this.node, this.inEpilogue);
  }

  isStale(line: Buffer): boolean {
    return isStaleDelimiter(line, this.node, this.inEpilogue);
  }

  maxDelimiterLine(): number {
    return maxDelimiterLine(this.node, this.inEpilogue);
  }

  delimiterPossible(): boolean {
    return this.maxDelimiterLine() > DELIMITER_LINE_OVERHEAD;
  }

  /** 'the message' or 'part 1.2', for header warnings. */
  where(): string {
    return this.node === this.root ? 'the message' : `part ${this.node.path}`;
  }

  /**
   * Applies a delimiter line. `skipping`: the line came while dropping too-deep parts. Returns what
   * comes next, and whether the line itself is passed on (it is not for parts that are dropped).
   */
  applyDelimiter(delimiter: Delimiter, skipping: boolean): { next: Next; passLine: boolean } {
    this.closeLeaf();
    const { owner } = delimiter;
    if (delimiter.closing) {
      if (delimiter.own && !skipping) {
        // A closing delimiter in the multipart's own preamble: mailsplit ignores it, so do we.
        if (owner.childrenOpened === 0) this.report.closesBeforeFirstPart(owner);
        owner.closed = true;
        return { next: 'body', passLine: true };
      }
      this.reportAbandoned(owner);
      owner.closed = true;
      this.node = owner;
      this.inEpilogue = true;
      return { next: 'body', passLine: true };
    }
    this.reportAbandoned(owner);
    owner.childrenOpened++;
    this.node = owner;
    this.inEpilogue = false;
    if (owner.depth + 1 > this.limits.maxDepth) {
      this.report.tooDeep();
      return { next: 'skip', passLine: false };
    }
    if (!this.countPart()) return { next: 'stop', passLine: false };
    this.node = new ScanNode(owner, owner, owner.childPath());
    return { next: 'head', passLine: true };
  }

  /**
   * The current node's header block is complete. `ended`: by an empty line (rather than by a
   * delimiter or the end of input), which is what lets an embedded message start.
   */
  configure(fields: MimeFields, ended: boolean): Next {
    const node = this.node;
    node.applyMimeFields(fields);
    if (node.multipart && !node.boundary) this.report.missingBoundary(node, fields.boundaryUnusable);
    if (node.hasUnknownEncoding()) this.report.unknownEncoding(node);
    if (ended && node.isEmbeddedMessage(fields)) return this.openEmbeddedMessage(node);
    const kind = node.bodyKind(fields);
    if (kind === 'text') this.hasTextPart = true;
    if (kind === 'html') this.hasHtmlPart = true;
    if (kind && fields.charset && !isKnownCharset(fields.charset)) this.report.unknownCharset(node, fields.charset);
    return 'body';
  }

  private openEmbeddedMessage(container: ScanNode): Next {
    if (!this.countPart()) return 'stop';
    if (container.depth + 1 > this.limits.maxDepth) {
      this.report.tooDeep();
      return 'skip';
    }
    // As in mailsplit: the embedded message ends at a delimiter of the container's parent.
    this.node = new ScanNode(container, container.parent ?? container, container.path ? `${container.path}.1` : '1');
    return 'head';
  }

  /** Counts a new MIME node; false past `maxParts`. */
  private countPart(): boolean {
    if (this.parts >= this.limits.maxParts) {
      this.report.tooManyParts();
      return false;
    }
    this.parts++;
    return true;
  }

  /** The current leaf's body has ended: report what its transfer-encoding check found. */
  closeLeaf(): void {
    const validator = this.node.validator;
    if (!validator) return;
    this.node.validator = null;
    const problem = validator.finish();
    if (problem) this.report.invalidEncoding(this.node, problem);
  }

  /** Multiparts between the current node and `owner` that a delimiter of `owner` ends without their own closing delimiter. */
  private reportAbandoned(owner: ScanNode): void {
    for (let n: ScanNode | null = this.node; n && n !== owner; n = n.owner) {
      if (!n.multipart || !n.boundary || n.closed || (n === this.node && this.inEpilogue)) continue;
      this.report.unclosed(n, `a delimiter of ${owner.describe()} ended it`);
    }
  }

  /** At the end of the input: multiparts still open mean the message was cut short (or a boundary never appeared). */
  reportEnd(inHeaderBlock: boolean): void {
    const open: ScanNode[] = [];
    if (this.node.multipart && this.node.boundary && !this.inEpilogue && !this.node.closed) open.push(this.node);
    for (let o = this.node.owner; o; o = o.owner) if (o.boundary && !o.closed) open.push(o);
    for (const n of open) this.report.unclosed(n, '');
    const outermost = open.filter((n) => n.childrenOpened > 0).at(-1);
    if (outermost) this.report.truncated(outermost);
    else if (inHeaderBlock && this.node !== this.root) this.report.truncatedHeaders(this.node);
  }
}
