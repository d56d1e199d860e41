/**
 * Small helpers shared by the sender inspector's checks: the finding collector and text helpers.
 */
import type { Finding } from '../types.ts';
import { SENDER_POINTS, type SenderFindingType } from './points.ts';

/** Collects findings, one per type (the first occurrence wins): repeating a signal adds no evidence. */
export class FindingList {
  readonly findings: Finding[] = [];
  readonly #seen = new Set<string>();

  add(type: SenderFindingType, description: string): void {
    if (this.#seen.has(type)) return;
    this.#seen.add(type);
    this.findings.push({ type, description, points: { ...SENDER_POINTS[type] } });
  }
}

/** The first header of that name (case-insensitive), or null. */
export function headerValue(headers: ReadonlyArray<{ name: string; value: string }>, name: string): string | null {
  return headers.find((h) => h.name.toLowerCase() === name)?.value ?? null;
}

/** Whitespace collapsed, cut to `max` characters with an ellipsis: for quoting values in descriptions. */
export function clip(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}
