/**
 * Zip entry extraction under the per-attachment inflation allowance (`maxInflatedBytes`, every level
 * of nesting counted together), and the callback type containers use to hand nested files back to
 * the dispatcher.
 */
import type { FileNode, InspectionContext } from './context.ts';
import type { Inflated } from './inflate.ts';
import { canExtract, extractEntry, type ZipEntry } from './zip.ts';

/** Inspects a file found inside another (archive entry, embedded object, PDF attachment). */
export type Nested = (child: FileNode) => Promise<void>;

/**
 * Up to `maxBytes` of `entry` from the zip `node`, charged to the current attachment's allowance.
 * Null when the entry cannot be extracted (encrypted, unsupported method) or the allowance is spent;
 * the latter is recorded as a budget cut naming the file.
 */
export function extractCounted(node: FileNode, entry: ZipEntry, maxBytes: number, ctx: InspectionContext): Inflated | null {
  if (!canExtract(entry)) return null;
  const allowance = ctx.limits.maxInflatedBytes - ctx.current.inflatedBytes;
  if (allowance <= 0) {
    ctx.budget.cut(`${node.label}: decompression allowance of ${ctx.limits.maxInflatedBytes} bytes spent; later entries were not extracted`);
    return null;
  }
  const result = extractEntry(node.bytes, entry, Math.min(maxBytes, allowance));
  ctx.current.inflatedBytes += result.bytes.length;
  return result;
}
