/**
 * One MIME node as the structure scanner tracks it, and the rules (mirroring mailsplit and
 * mailparser) that decide what the node is once its header block has been read.
 */
import { Base64Validator, QuotedPrintableValidator, type BodyValidator } from './body-validators.ts';
import type { MimeFields } from './header-block.ts';

/** Transfer encodings mailsplit knows; anything else passes through undecoded. */
const KNOWN_ENCODINGS = new Set(['', '7bit', '8bit', 'binary', 'base64', 'quoted-printable']);
/** The part types mailparser decodes into the text/html bodies (delivery-status counts as text there). */
const BODY_TYPES = new Set(['text/plain', 'text/html', 'message/delivery-status']);

export class ScanNode {
  readonly parent: ScanNode | null;
  /** The nearest enclosing node whose delimiters can end this one (mailsplit's `_parentBoundaryOwner`). */
  readonly owner: ScanNode | null;
  /** 0 for the root. */
  readonly depth: number;
  /** IMAP-style position ('1.2'), '' for the root. */
  readonly path: string;
  contentType = '';
  boundary: Buffer | null = null;
  multipart = false;
  /** The node's own closing delimiter was seen. */
  closed = false;
  /** Delimiters that opened a child of this node (including children dropped as too deep). */
  childrenOpened = 0;
  validator: BodyValidator | null = null;
  encoding = '';

  constructor(parent: ScanNode | null, owner: ScanNode | null, path: string) {
    this.parent = parent;
    this.owner = owner;
    this.depth = parent ? parent.depth + 1 : 0;
    this.path = path;
  }

  childPath(): string {
    const index = String(this.childrenOpened);
    return this.path ? `${this.path}.${index}` : index;
  }

  /** 'the top-level multipart/mixed' or 'part 1.2 (text/html)', for warning messages. */
  describe(): string {
    const type = this.contentType || 'no content type';
    return this.path ? `part ${this.path} (${type})` : `the top-level ${type}`;
  }

  /** The longest boundary a delimiter line under this node could carry (own or any owner's). */
  longestBoundary(ownIsOpen: boolean): number {
    let longest = ownIsOpen && this.boundary ? this.boundary.length : 0;
    for (let o = this.owner; o; o = o.owner) if (o.boundary && o.boundary.length > longest) longest = o.boundary.length;
    return longest;
  }

  applyMimeFields(fields: MimeFields): void {
    this.contentType = fields.contentType || (this.parent === null ? 'text/plain' : '');
    this.encoding = fields.encoding;
    this.multipart = this.contentType.startsWith('multipart/');
    this.boundary = this.multipart ? fields.boundary : null;
    if (this.multipart) return;
    if (fields.encoding === 'base64') this.validator = new Base64Validator();
    else if (fields.encoding === 'quoted-printable') this.validator = new QuotedPrintableValidator();
  }

  hasUnknownEncoding(): boolean {
    return !this.multipart && !KNOWN_ENCODINGS.has(this.encoding);
  }

  /** mailsplit reads the body of an inline, unencoded message/rfc822 part as an embedded message. */
  isEmbeddedMessage(fields: MimeFields): boolean {
    return this.contentType === 'message/rfc822' && ['', '7bit', '8bit', 'binary'].includes(fields.encoding) && fields.disposition === 'inline';
  }

  /** Which body mailparser puts this leaf's decoded content into, or null when it becomes an attachment. */
  bodyKind(fields: MimeFields): 'text' | 'html' | null {
    if (this.multipart || !BODY_TYPES.has(this.contentType)) return null;
    const disposition = fields.disposition;
    if (disposition !== '' && disposition !== 'inline') return null;
    return this.contentType === 'text/html' ? 'html' : 'text';
  }
}
