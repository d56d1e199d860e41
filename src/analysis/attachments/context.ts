/**
 * The state one call of inspectAttachments shares across its attachments: limits, the budget, the
 * findings (one per type, the strongest kept, the others named), IOCs and QR payloads. Nested files
 * (inside archives, PDFs, Office documents) are FileNodes inspected with the same context.
 */
import type { Budget, Finding, IocSet } from '../types.ts';
import { ATTACHMENT_POINTS, type AttachmentFindingType } from './points.ts';
import type { QueuedImage } from './qr.ts';

export interface InspectionLimits {
  /** Archives opened inside archives (an attachment's own archive is depth 1). */
  maxArchiveDepth: number;
  /** Entries listed per archive; the rest are not inspected. */
  maxArchiveEntries: number;
  /** Bytes inflated in total per attachment (every level of nesting counted). */
  maxInflatedBytes: number;
  /** Largest single entry inflated whole (bigger entries have only their head inflated, for sniffing). */
  maxEntryBytes: number;
  /** Sum of declared uncompressed sizes above which an archive is a bomb. */
  maxDeclaredBytes: number;
  /** Compression ratio above which an entry of at least 1 MiB is a bomb. */
  maxCompressionRatio: number;
  /** Bytes of a PDF scanned (raw) and inflated (object streams) each. */
  maxPdfBytes: number;
  /** Pixels of an image decoded for QR codes; larger images are skipped. */
  maxQrPixels: number;
  /** Pixels decoded for QR codes per message, all images together (smallest images first). */
  maxInlineQrPixels: number;
  maxQrPixelsPerMessage: number;
}

export interface FileNode {
  /** For people: the file's name with its container path, `docs.zip › invoice.pdf.exe`. */
  label: string;
  /** The file's own name, or null. */
  name: string | null;
  /** The whole file, or only its head when `partial`. */
  bytes: Uint8Array;
  /** Only the first bytes were inflated (too big, or over the inflation allowance). */
  partial: boolean;
  /** 0 for an attachment, 1 for a file inside it, … */
  depth: number;
  /** How many archives enclose this file. */
  archiveDepth: number;
  /** The attachment is shown inline (embedded images of newsletters). Only meaningful at depth 0. */
  inline: boolean;
}

/** The per-attachment facts the verdict needs. */
export interface AttachmentState {
  threatName: string | null;
  /** Bytes inflated so far for this attachment (against maxInflatedBytes). */
  inflatedBytes: number;
}

const MAX_URLS = 500;
const MAX_HASHES = 1000;
const MAX_NAMED_SUBJECTS = 3;

interface Entry {
  type: AttachmentFindingType;
  description: string;
  subjects: string[];
}

export class InspectionContext {
  readonly limits: InspectionLimits;
  readonly budget: Budget;
  readonly qrPayloads: string[] = [];
  /** Images waiting for their QR scan (see qr.ts). */
  readonly qrQueue: QueuedImage[] = [];
  /** The attachment being inspected (attachments are inspected one after another). */
  current: AttachmentState = { threatName: null, inflatedBytes: 0 };
  private readonly entries = new Map<AttachmentFindingType, Entry>();
  private readonly urls = new Set<string>();
  private readonly hashes = new Set<string>();

  constructor(limits: InspectionLimits, budget: Budget) {
    this.limits = limits;
    this.budget = budget;
  }

  /**
   * Records a finding about `subject` (a file label). A type already recorded keeps its first
   * description and names the extra subjects, so every type counts once per message.
   */
  add(type: AttachmentFindingType, subject: string, description: string): void {
    const entry = this.entries.get(type);
    if (!entry) this.entries.set(type, { type, description, subjects: [subject] });
    else if (!entry.subjects.includes(subject)) entry.subjects.push(subject);
  }

  has(type: AttachmentFindingType): boolean {
    return this.entries.has(type);
  }

  addUrl(url: string): void {
    if (this.urls.size < MAX_URLS) this.urls.add(url);
  }

  addHash(sha256: string): void {
    if (this.hashes.size < MAX_HASHES) this.hashes.add(sha256);
  }

  findings(): Finding[] {
    return [...this.entries.values()].map((entry) => ({
      type: entry.type,
      description: describe(entry),
      points: { ...ATTACHMENT_POINTS[entry.type] },
    }));
  }

  iocs(): IocSet {
    const iocs: IocSet = { urls: [...this.urls], domains: [], ips: [], hashes: [...this.hashes] };
    const domains = new Set<string>();
    const ips = new Set<string>();
    for (const url of this.urls) {
      const host = hostOf(url);
      if (host === null) continue;
      if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[')) ips.add(host.replace(/^\[|\]$/g, ''));
      else domains.add(host);
    }
    iocs.domains = [...domains];
    iocs.ips = [...ips];
    return iocs;
  }
}

function describe(entry: Entry): string {
  const others = entry.subjects.slice(1);
  if (others.length === 0) return entry.description;
  const named = others.slice(0, MAX_NAMED_SUBJECTS).map((s) => `"${s}"`).join(', ');
  const more = others.length > MAX_NAMED_SUBJECTS ? ` and ${others.length - MAX_NAMED_SUBJECTS} more` : '';
  return `${entry.description} The same holds for ${named}${more}.`;
}

function hostOf(url: string): string | null {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === '' ? null : host.replace(/\.$/, '');
  } catch {
    return null;
  }
}

/** `"name"` for descriptions, with control and bidi characters made visible (`<U+202E>`). */
export function quoteName(label: string): string {
  const shown = label.length > MAX_SHOWN_NAME ? `${label.slice(0, 80)}…${label.slice(-100)}` : label;
  return `"${visible(shown)}"`;
}

/** Characters of a name shown in a description (names can be padded to kilobytes). */
const MAX_SHOWN_NAME = 200;

export function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu,
    (ch) => `<U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`);
}

/** Accepts http(s)/ftp URLs only, trimmed, at most 2,048 characters; anything else is null. */
export function cleanUrl(raw: string): string | null {
  if (raw.length > 4096) return null;
  const url = raw.trim().replace(/^["'<]+|["'>]+$/g, '');
  if (url.length > 2048 || !/^(https?|ftp):\/\/[^\s/?#]+/i.test(url)) return null;
  try {
    return new URL(url).href;
  } catch {
    return null;
  }
}
