/**
 * The attachment inspector: every attachment (and inline part) of one message, and every file found
 * inside them, checked for what makes attachments dangerous — executable and script types, disguised
 * names, Office macros and remote templates, archives (nested, encrypted, bombs), PDFs with script or
 * actions, attached web pages and SVGs, QR codes in images, the EICAR test file and, when configured,
 * a ClamAV scan. Returns findings (points in `./points.ts`), one verdict per attachment, IOCs
 * (hashes of attachments and of the files inside archives, URLs found in documents and QR codes)
 * and the decoded QR payloads.
 *
 * Hostile input is the normal case: every format reader is bounded (bytes, entries, depth) and the
 * message's `budget` is checked between files and inside long loops; what was not inspected is
 * recorded with `budget.cut(…)`. Nothing here throws on file content.
 */
import { createHash } from 'node:crypto';
import type { Budget, Finding, IocSet } from '../types.ts';
import type { ClamdScanner, ClamdVerdict } from './clamd.ts';
import { InspectionContext, type InspectionLimits } from './context.ts';
import { inspectFile } from './inspect.ts';
import { scanQueuedImages } from './qr.ts';

export { ClamdScanner, ClamdError, clamdFromConfig, type ClamdOptions, type ClamdVerdict } from './clamd.ts';
export { ATTACHMENT_POINTS } from './points.ts';

export interface AttachmentInput {
  filename: string | null;
  declaredContentType: string | null;
  sniffedContentType: string;
  disposition: 'attachment' | 'inline';
  sha256: string;
  content: Buffer;
}

export interface AttachmentVerdict {
  sha256: string;
  sha1: string;
  md5: string;
  malwareDetected: boolean;
  threatName: string | null;
}

export interface AttachmentReport {
  findings: Finding[];
  /** One per input, same order. */
  verdicts: AttachmentVerdict[];
  iocs: IocSet;
  qrPayloads: string[];
}

export interface AttachmentOptions {
  /** ClamAV scanner; every attachment is also sent to it when set. Default null (no ClamAV). */
  clamd?: ClamdScanner | null;
  /** Archive levels opened (an attached zip is level 1, a zip inside it level 2 …). Default 5. */
  maxArchiveDepth?: number;
  /** Entries listed per archive. Default 2,000. */
  maxArchiveEntries?: number;
  /** Bytes decompressed per attachment, all nesting levels together. Default 64 MiB. */
  maxInflatedBytes?: number;
  /** Largest archive entry or embedded file decompressed whole; bigger ones are only sniffed. Default 16 MiB. */
  maxEntryBytes?: number;
  /** Sum of declared uncompressed sizes that makes an archive a bomb. Default 1 GiB. */
  maxDeclaredBytes?: number;
  /** Compression ratio that makes an entry of 1 MiB or more a bomb. Default 100. */
  maxCompressionRatio?: number;
  /** Bytes of a PDF (or RTF) scanned, and of its object streams inflated. Default 16 MiB. */
  maxPdfBytes?: number;
  /** Pixels of an image decoded to look for a QR code; larger images are skipped. Default 4,000,000 (a scanned A4 page at 150 dpi is ~2.2 MP). */
  maxQrPixels?: number;
  /** Pixels of an inline image (shown in the body) decoded for QR codes; larger inline images are skipped. Default 500,000 (a QR lure shown inline is rarely above 700×700). */
  maxInlineQrPixels?: number;
  /**
   * Pixels decoded for QR codes per message, smallest images first; 0 switches QR scanning off. Default 4,000,000.
   * QR scanning is most of this inspector's cost (decoding runs at ~30–60 ns a pixel): lower it to trade recall for throughput.
   */
  maxQrPixelsPerMessage?: number;
}

const MIB = 1024 * 1024;

export const DEFAULT_ATTACHMENT_LIMITS: Readonly<InspectionLimits> = Object.freeze({
  maxArchiveDepth: 5,
  maxArchiveEntries: 2000,
  maxInflatedBytes: 64 * MIB,
  maxEntryBytes: 16 * MIB,
  maxDeclaredBytes: 1024 * MIB,
  maxCompressionRatio: 100,
  maxPdfBytes: 16 * MIB,
  maxQrPixels: 4_000_000,
  maxInlineQrPixels: 500_000,
  maxQrPixelsPerMessage: 4_000_000,
});

/** How often a pending ClamAV scan checks whether the message's budget ran out, in ms. */
const BUDGET_POLL_MS = 20;

export async function inspectAttachments(list: AttachmentInput[], budget: Budget, options: AttachmentOptions = {}): Promise<AttachmentReport> {
  const ctx = new InspectionContext(resolveLimits(options), budget);
  const abort = new AbortController();
  const scans = options.clamd ? list.map((a) => options.clamd!.scan(a.content, abort.signal).catch((err: Error) => err)) : [];
  const threatNames: (string | null)[] = list.map(() => null);
  for (const attachment of list) ctx.addHash(attachment.sha256);
  for (const [index, attachment] of list.entries()) {
    if (budget.expired()) {
      budget.cut(`attachments: ${list.length - index} of ${list.length} not inspected (time budget spent)`);
      break;
    }
    ctx.current = { threatName: null, inflatedBytes: 0 };
    const label = labelOf(attachment, index);
    await guarded(label, ctx, () => inspectFile({
      label, name: attachment.filename, bytes: attachment.content, partial: false,
      depth: 0, archiveDepth: 0, inline: attachment.disposition === 'inline',
    }, ctx, { declaredContentType: attachment.declaredContentType, sniffedContentType: attachment.sniffedContentType }));
    threatNames[index] = ctx.current.threatName;
  }
  await guarded('QR scan', ctx, async () => scanQueuedImages(ctx));
  if (options.clamd) applyClamd(await settleWithinBudget(scans, budget, abort), list, threatNames, ctx, options.clamd);
  return {
    findings: ctx.findings(),
    verdicts: list.map((attachment, index) => verdictOf(attachment, threatNames[index]!)),
    iocs: ctx.iocs(),
    qrPayloads: [...ctx.qrPayloads],
  };
}

/**
 * Runs one inspection step; a bug tripped by some file must not cost the message its analysis, so an
 * unexpected error is recorded as a cut naming the file (the format readers themselves never throw).
 */
async function guarded(label: string, ctx: InspectionContext, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (err) {
    ctx.budget.cut(`${label}: inspection stopped by an unexpected error (${err instanceof Error ? err.message : String(err)}); please report it with the file`);
  }
}

function resolveLimits(options: AttachmentOptions): InspectionLimits {
  const limits: InspectionLimits = { ...DEFAULT_ATTACHMENT_LIMITS };
  for (const key of Object.keys(DEFAULT_ATTACHMENT_LIMITS) as (keyof InspectionLimits)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`Attachment option ${key} must be a non-negative integer, got ${String(value)}.`);
    limits[key] = value;
  }
  return limits;
}

function labelOf(attachment: AttachmentInput, index: number): string {
  return attachment.filename?.trim() || `attachment ${index + 1} (${attachment.sniffedContentType})`;
}

function verdictOf(attachment: AttachmentInput, threatName: string | null): AttachmentVerdict {
  return {
    sha256: attachment.sha256,
    sha1: createHash('sha1').update(attachment.content).digest('hex'),
    md5: createHash('md5').update(attachment.content).digest('hex'),
    malwareDetected: threatName !== null,
    threatName,
  };
}

/** Waits for the scans, abandoning them (and saying so) when the message's time runs out first. */
async function settleWithinBudget(scans: Promise<ClamdVerdict | Error>[], budget: Budget, abort: AbortController): Promise<(ClamdVerdict | Error)[]> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setInterval(() => {
      if (budget.expired()) resolve();
    }, BUDGET_POLL_MS);
  });
  try {
    const all = Promise.all(scans);
    const first = await Promise.race([all, expired.then(() => null)]);
    if (first !== null) return first;
    abort.abort();
    budget.cut('ClamAV scan: abandoned, the time budget ran out first');
    return await all;
  } finally {
    clearInterval(timer);
  }
}

function applyClamd(results: (ClamdVerdict | Error)[], list: AttachmentInput[], threatNames: (string | null)[], ctx: InspectionContext, clamd: ClamdScanner): void {
  for (const [index, result] of results.entries()) {
    const label = labelOf(list[index]!, index);
    if (result instanceof Error) {
      ctx.budget.cut(`ClamAV scan of "${label}" failed: ${result.message}`);
      continue;
    }
    if (!result.infected || !result.signature) continue;
    threatNames[index] = result.signature;
    ctx.add('clamav_detection', label, `ClamAV (${clamd.address}) identified "${label}" as ${result.signature}.`);
  }
}
