/**
 * Archives: zip (listed, bomb-checked before anything is inflated, entries inspected recursively up to
 * a depth), gzip and tar (unpacked under the same caps), and the formats Mailwarden cannot open
 * (RAR, 7z, CAB …), which are flagged, with any risky file names their plain headers show.
 */
import { quoteName, type FileNode, type InspectionContext } from './context.ts';
import { extractCounted, type Nested } from './extract.ts';
import { gunzipBounded } from './inflate.ts';
import { type ZipEntry, type ZipListing } from './zip.ts';

const MIB = 1024 * 1024;
/** Bytes inflated from an entry too big to inflate whole, so its type can be sniffed. */
export const HEAD_BYTES = 4096;
/** Bytes of an unsupported archive searched for plain-text file names. */
const MAX_NAME_SCAN_BYTES = 16 * MIB;
/** A risky extension; the name in front of it is read backwards from the match (a regex doing both would be quadratic). */
const RISKY_EXTENSION = /\.(exe|scr|com|pif|cpl|msi|dll|bat|cmd|ps1|vbs|vbe|jse?|wsf|hta|lnk|jar|iso|img|vhdx?)(?![\w])/gi;
const NAME_CHAR = /[\w\u00c0-\u024f\- ()[\],&+]/;

/** Whether `node` (an archive) may be opened, recording a finding and a cut when it is nested too deep. */
export function mayOpen(node: FileNode, ctx: InspectionContext): boolean {
  if (node.archiveDepth < ctx.limits.maxArchiveDepth) return true;
  ctx.add('archive_too_deep', node.label, `${quoteName(node.label)} is an archive nested ${node.archiveDepth} levels deep, beyond the ${ctx.limits.maxArchiveDepth} levels Mailwarden opens; deep nesting is used to exhaust scanners.`);
  ctx.budget.cut(`${node.label}: archive nested deeper than ${ctx.limits.maxArchiveDepth} levels, not opened`);
  return false;
}

export async function inspectZipArchive(node: FileNode, listing: ZipListing, ctx: InspectionContext, nested: Nested): Promise<void> {
  if (!mayOpen(node, ctx)) return;
  if (listing.capped) {
    ctx.budget.cut(`${node.label}: only the first ${listing.entries.length} of ${listing.declaredCount} archive entries were inspected`);
  }
  const bomb = bombReason(listing.entries, ctx);
  if (bomb) {
    ctx.add('archive_bomb', node.label, `${quoteName(node.label)} looks like a decompression bomb (${bomb}); only its file names were inspected.`);
    ctx.budget.cut(`${node.label}: decompression bomb, contents not extracted`);
  }
  const encrypted = listing.entries.filter((e) => e.encrypted && !e.isDirectory);
  if (encrypted.length > 0) {
    ctx.add('archive_encrypted', node.label, `${quoteName(node.label)} is password-protected (${encrypted.length} of ${listing.entries.length} entries encrypted), which keeps its contents away from scanners; the password is usually in the message.`);
  }
  for (const [index, entry] of listing.entries.entries()) {
    if (entry.isDirectory) continue;
    if (ctx.budget.expired()) {
      ctx.budget.cut(`${node.label}: ${listing.entries.length - index} archive entries not inspected (time budget spent)`);
      return;
    }
    await nested(entryNode(node, entry, bomb !== null, ctx));
  }
}

function entryNode(parent: FileNode, entry: ZipEntry, namesOnly: boolean, ctx: InspectionContext): FileNode {
  const name = entry.name.split(/[\\/]/).pop() || entry.name;
  const child: FileNode = {
    label: `${parent.label} › ${entry.name}`, name, bytes: new Uint8Array(0), partial: true,
    depth: parent.depth + 1, archiveDepth: parent.archiveDepth + 1, inline: false,
  };
  if (namesOnly) return child;
  const whole = entry.size <= ctx.limits.maxEntryBytes;
  // One byte beyond the declared size shows whether the entry lies about it.
  const data = extractCounted(parent, entry, whole ? entry.size + 1 : HEAD_BYTES, ctx);
  if (!data) return child;
  if (whole && data.bytes.length > entry.size) {
    ctx.add('archive_bomb', parent.label, `${quoteName(child.label)} inflates to more than the ${entry.size} bytes its archive declares, a trick zip bombs use to get past size checks.`);
    return { ...child, bytes: data.bytes.subarray(0, entry.size) };
  }
  return { ...child, bytes: data.bytes, partial: !whole || !data.complete };
}

/** Why the listing describes a bomb, checked on declared sizes before anything is inflated; null when it does not. */
function bombReason(entries: ZipEntry[], ctx: InspectionContext): string | null {
  const { maxDeclaredBytes, maxCompressionRatio } = ctx.limits;
  let declared = 0;
  for (const entry of entries) {
    declared += entry.size;
    if (entry.size >= MIB && entry.size > entry.compressedSize * maxCompressionRatio) {
      return `"${entry.name}" declares ${entry.size} bytes from ${entry.compressedSize} compressed, a ratio above ${maxCompressionRatio}:1`;
    }
  }
  if (declared > maxDeclaredBytes) return `its entries declare ${declared} bytes in total, above ${maxDeclaredBytes}`;
  const sorted = entries.filter((e) => e.compressedSize > 0).sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    if (previous.localHeaderOffset + 30 + previous.compressedSize > sorted[i]!.localHeaderOffset + 30) {
      return 'its entries overlap one another, the construction of non-recursive zip bombs';
    }
  }
  return null;
}

/** gzip: one compressed file, unpacked under the caps and inspected as the archive's only entry. */
export async function inspectGzip(node: FileNode, ctx: InspectionContext, nested: Nested): Promise<void> {
  if (!mayOpen(node, ctx)) return;
  const allowance = Math.min(ctx.limits.maxEntryBytes, ctx.limits.maxInflatedBytes - ctx.current.inflatedBytes);
  const result = allowance > 0 ? gunzipBounded(node.bytes, allowance) : null;
  if (!result) {
    if (allowance <= 0) ctx.budget.cut(`${node.label}: decompression allowance spent, gzip contents not inspected`);
    return;
  }
  ctx.current.inflatedBytes += result.bytes.length;
  const name = result.name ?? (node.name ?? 'content').replace(/\.(t?gz|gzip)$/i, (_m, ext: string) => (ext.toLowerCase() === 'tgz' ? '.tar' : ''));
  await nested({ label: `${node.label} › ${name}`, name, bytes: result.bytes, partial: !result.complete, depth: node.depth + 1, archiveDepth: node.archiveDepth + 1, inline: false });
}

/** ustar/GNU tar: 512-byte headers, stored data. Entries inspected like zip entries. */
export async function inspectTar(node: FileNode, ctx: InspectionContext, nested: Nested): Promise<void> {
  if (!mayOpen(node, ctx)) return;
  const view = Buffer.from(node.bytes.buffer, node.bytes.byteOffset, node.bytes.length);
  let count = 0;
  for (let at = 0; at + 512 <= view.length && count < ctx.limits.maxArchiveEntries; count++) {
    if (view[at] === 0 || ctx.budget.expired()) break;
    const prefix = view.toString('latin1', at + 345, at + 500).replace(/\0.*$/s, '');
    const name = `${prefix ? `${prefix}/` : ''}${view.toString('latin1', at, at + 100).replace(/\0.*$/s, '')}`;
    const size = parseInt(view.toString('latin1', at + 124, at + 136).replace(/\0.*$/s, '').trim() || '0', 8) || 0;
    const type = String.fromCharCode(view[at + 156]!);
    const start = at + 512;
    if (type === '0' || type === '\0') {
      const bytes = view.subarray(start, Math.min(view.length, start + size, start + ctx.limits.maxEntryBytes));
      const base = name.split('/').pop() || name;
      await nested({ label: `${node.label} › ${name}`, name: base, bytes, partial: bytes.length < size, depth: node.depth + 1, archiveDepth: node.archiveDepth + 1, inline: false });
    }
    at = start + Math.ceil(size / 512) * 512;
  }
}

/** Formats that cannot be opened here: flagged, and their plain headers searched for risky file names. */
export function inspectUnsupportedArchive(node: FileNode, format: string, ctx: InspectionContext): void {
  ctx.add('archive_unsupported', node.label, `${quoteName(node.label)} is a ${format} archive, which Mailwarden cannot open and inspect; ${format} archives are a common way to deliver malware past mail filters.`);
  const text = Buffer.from(node.bytes.buffer, node.bytes.byteOffset, Math.min(node.bytes.length, MAX_NAME_SCAN_BYTES)).toString('latin1');
  let tries = 0;
  for (const match of text.matchAll(RISKY_EXTENSION)) {
    if (++tries > 50) break;
    let start = match.index;
    while (start > 0 && match.index - start < 120 && NAME_CHAR.test(text[start - 1]!)) start--;
    const name = text.slice(start, match.index + match[0].length).trim();
    if (name.length <= match[0].length) continue; // an extension with no name in front: compressed noise
    ctx.add('archive_executable', node.label, `${quoteName(node.label)} appears to contain "${name}" (a file name readable in its ${format} headers), a file that runs when opened.`);
    return;
  }
}
