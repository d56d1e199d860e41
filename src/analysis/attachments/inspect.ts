/**
 * One file (an attachment, or a file found inside one) through every check that applies: EICAR,
 * its name, what its bytes are versus what it claims to be, and then the inspector for its kind
 * (archives, Office, PDF, pages, images …), which hands nested files back here.
 */
import { createHash } from 'node:crypto';
import { sniffContentType } from '../../emails/parsing/sniff.ts';
import { inspectGzip, inspectTar, inspectUnsupportedArchive, inspectZipArchive } from './archive.ts';
import { quoteName, type FileNode, type InspectionContext } from './context.ts';
import { EICAR_THREAT_NAME, isEicar } from './eicar.ts';
import type { Nested } from './extract.ts';
import { kindOfBytes, kindOfDeclaredType, RUNNABLE_KINDS, type FileKind } from './kinds.ts';
import { inspectCalendar, inspectHtml, inspectShortcutText, inspectSvg } from './markup.ts';
import { inspectName, kindPhrase } from './names.ts';
import { inspectCfb, inspectOoxml, inspectRtf } from './office.ts';
import { inspectPdf } from './pdf.ts';
import { queueImageForQr } from './qr.ts';
import { listZip, type ZipListing } from './zip.ts';

/** Facts only a top-level attachment has. */
export interface TopLevelFacts {
  declaredContentType: string | null;
  sniffedContentType: string;
}

/**
 * Kinds that are risky by themselves, each with the finding it raises as a direct attachment.
 * Shortcuts and Apple profiles are judged by their content instead (markup.ts): a .url to a web page
 * is not a .url to a file share.
 */
const RISKY_KIND_FINDINGS = {
  executable: 'attachment_executable',
  script: 'attachment_script',
  java_or_android: 'attachment_java_or_android',
  disk_image: 'attachment_disk_image',
  onenote: 'attachment_onenote',
} as const;
type RiskyKind = keyof typeof RISKY_KIND_FINDINGS;

/** Real kinds worth a mismatch finding when the name or declared type claims something else. */
const MISMATCH_KINDS: ReadonlySet<FileKind> = new Set(['executable', 'script', 'java_or_android', 'disk_image', 'archive', 'html', 'svg', 'cfb', 'onenote']);

const ARCHIVE_FORMATS: Record<string, string> = {
  'application/x-rar-compressed': 'RAR', 'application/x-7z-compressed': '7-Zip', 'application/vnd.ms-cab-compressed': 'CAB',
  'application/x-ace-compressed': 'ACE', 'application/x-arj': 'ARJ', 'application/x-lzh-compressed': 'LZH', 'application/x-bzip2': 'bzip2',
  'application/x-xz': 'xz', 'application/zstd': 'Zstandard', 'application/x-lz4': 'LZ4', 'application/x-lzip': 'lzip',
  'application/x-compress': 'Unix compress', 'application/x-cpio': 'cpio', 'application/x-unix-archive': 'ar', 'application/x-rpm': 'RPM',
  'application/x-deb': 'Debian package',
};

export async function inspectFile(node: FileNode, ctx: InspectionContext, top?: TopLevelFacts): Promise<void> {
  const nested: Nested = (child) => inspectFile(child, ctx);
  if (node.depth > 0 && !node.partial && node.bytes.length > 0) ctx.addHash(sha256(node.bytes));
  if (isEicar(node.bytes)) {
    ctx.current.threatName = EICAR_THREAT_NAME;
    ctx.add('eicar_test_file', node.label, `${quoteName(node.label)} is the EICAR anti-virus test file, which every scanner reports as malware by convention.`);
    return;
  }
  const names = node.name ? inspectName(node.name, node.label, ctx) : null;
  const sniffed = top?.sniffedContentType ?? (node.bytes.length > 0 ? (await sniffContentType(node.bytes)).contentType : 'application/octet-stream');
  const listing = sniffedAsZip(sniffed) && !node.partial ? listZip(node.bytes, ctx.limits.maxArchiveEntries) : null;
  const byteKind = node.bytes.length > 0 ? refineZipKind(kindOfBytes(node.bytes, sniffed), listing) : null;
  reportRiskyKind(node, byteKind, names?.kind ?? null, ctx);
  if (byteKind) reportMismatch(node, byteKind, names?.kind ?? null, kindOfDeclaredType(top?.declaredContentType ?? null), ctx);
  const kind = effectiveKind(byteKind, names?.kind ?? null);
  if (kind === null) return;
  await inspectContent(node, kind, sniffed, listing, ctx, nested, names?.kind ?? null);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function sniffedAsZip(type: string): boolean {
  return type === 'application/zip' || type === 'application/java-archive' || type === 'application/vnd.android.package-archive'
    || type.includes('openxmlformats') || type.includes('opendocument') || type.includes('macroenabled') || type === 'application/epub+zip';
}

/** A zip is an Office/OpenDocument file when it has their manifest, whatever file-type guessed. */
function refineZipKind(kind: FileKind, listing: ZipListing | string | null): FileKind {
  if (!listing || typeof listing === 'string' || (kind !== 'archive' && kind !== 'ooxml')) return kind;
  const names = new Set(listing.entries.map((e) => e.name.toLowerCase()));
  if (names.has('[content_types].xml') || names.has('mimetype')) return 'ooxml';
  if (names.has('androidmanifest.xml') || (names.has('meta-inf/manifest.mf') && listing.entries.some((e) => e.name.endsWith('.class')))) return 'java_or_android';
  return 'archive';
}

/** What to inspect the content as: the bytes decide, except that text opened under a name becomes that (a .htm that sniffs as text is still a page). */
function effectiveKind(byteKind: FileKind | null, nameKind: FileKind | null): FileKind | null {
  if (byteKind === null) return null;
  if (byteKind === 'text' && nameKind !== null && ['html', 'svg', 'calendar', 'internet_shortcut', 'mobileconfig'].includes(nameKind)) return nameKind;
  return byteKind;
}

function reportRiskyKind(node: FileNode, byteKind: FileKind | null, nameKind: FileKind | null, ctx: InspectionContext): void {
  const risky = (kind: FileKind | null): kind is RiskyKind => kind !== null && Object.hasOwn(RISKY_KIND_FINDINGS, kind);
  const kind = risky(byteKind) ? byteKind : risky(nameKind) ? nameKind : null;
  if (kind === null) return;
  const named = byteKind === kind && nameKind !== null && nameKind !== kind ? ` although its name says otherwise` : '';
  if (node.depth > 0 && (RUNNABLE_KINDS.has(kind) || kind === 'disk_image')) {
    const container = node.label.slice(0, node.label.lastIndexOf(' › '));
    ctx.add('archive_executable', node.label, `${quoteName(container)} contains ${quoteName(node.name ?? node.label)}, ${kindPhrase(kind)}${named}; packing it in a container is how it gets past attachment filters.`);
    return;
  }
  ctx.add(RISKY_KIND_FINDINGS[kind], node.label, `${quoteName(node.label)} is ${kindPhrase(kind)}${named}.`);
}

function reportMismatch(node: FileNode, real: FileKind, nameKind: FileKind | null, declaredKind: FileKind | null, ctx: InspectionContext): void {
  if (!MISMATCH_KINDS.has(real)) return;
  const claims = [nameKind, declaredKind].filter((k): k is FileKind => k !== null && k !== real && !(real === 'archive' && k === 'ooxml'));
  if (claims.length === 0) return;
  const claim = nameKind !== null && nameKind !== real ? `its name claims ${kindNoun(nameKind)}` : `it was declared as ${kindNoun(declaredKind!)}`;
  ctx.add('attachment_type_mismatch', node.label, `${quoteName(node.label)} is really ${kindNoun(real)} but ${claim}: a disguise to get past filters and the reader's caution.`);
}

const KIND_NOUNS: Record<FileKind, string> = {
  executable: 'an executable program', script: 'a script', java_or_android: 'a Java/Android package', disk_image: 'a disk image',
  internet_shortcut: 'a Windows shortcut', mobileconfig: 'an Apple configuration profile', onenote: 'a OneNote notebook',
  archive: 'an archive', ooxml: 'an Office document', cfb: 'an OLE (Office) document', rtf: 'an RTF document', pdf: 'a PDF',
  html: 'a web page (HTML)', svg: 'an SVG image', calendar: 'a calendar invitation', image: 'an image', text: 'a text file', other: 'another type',
};

function kindNoun(kind: FileKind): string {
  return KIND_NOUNS[kind];
}

async function inspectContent(node: FileNode, kind: FileKind, sniffed: string, listing: ZipListing | string | null, ctx: InspectionContext, nested: Nested, nameKind: FileKind | null): Promise<void> {
  if (node.partial && ['archive', 'ooxml', 'cfb', 'java_or_android'].includes(kind)) {
    ctx.budget.cut(`${node.label}: larger than the ${ctx.limits.maxEntryBytes}-byte extraction cap, contents not inspected`);
    return;
  }
  switch (kind) {
    case 'archive': return inspectArchive(node, sniffed, listing, ctx, nested);
    case 'ooxml':
      if (listing && typeof listing !== 'string') await inspectOoxml(node, listing, ctx, nested);
      return;
    case 'cfb': return inspectCfb(node, ctx, nested);
    case 'rtf': return inspectRtf(node, ctx);
    case 'pdf': return inspectPdf(node, ctx, nested);
    case 'html': return inspectHtml(node, ctx);
    case 'svg': return inspectSvg(node, ctx);
    case 'calendar': return inspectCalendar(node, ctx);
    case 'internet_shortcut': case 'mobileconfig': case 'text':
      inspectShortcutText(node, ctx, nameKind === 'internet_shortcut' || nameKind === 'mobileconfig' ? nameKind : null);
      return;
    case 'image':
      if (node.depth === 0 && (sniffed === 'image/png' || sniffed === 'image/jpeg')) queueImageForQr(node, sniffed === 'image/png' ? 'png' : 'jpeg', ctx);
      return;
    default:
      if (nameKind === 'mobileconfig' || nameKind === 'internet_shortcut') inspectShortcutText(node, ctx, nameKind);
  }
}

async function inspectArchive(node: FileNode, sniffed: string, listing: ZipListing | string | null, ctx: InspectionContext, nested: Nested): Promise<void> {
  if (sniffed === 'application/gzip') return inspectGzip(node, ctx, nested);
  if (sniffed === 'application/x-tar') return inspectTar(node, ctx, nested);
  if (typeof listing === 'string') {
    ctx.add('archive_corrupt', node.label, `${quoteName(node.label)} is a damaged zip archive (${listing}) whose contents could not be inspected.`);
    return;
  }
  if (listing) return inspectZipArchive(node, listing, ctx, nested);
  inspectUnsupportedArchive(node, ARCHIVE_FORMATS[sniffed] ?? sniffed, ctx);
}
