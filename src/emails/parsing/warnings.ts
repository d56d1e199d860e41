/**
 * Collects parse warnings: one entry per code (the first occurrence's message), with a count, so a
 * message with 10,000 broken parts yields a short list rather than 10,000 entries.
 */
import { sanitizeText } from './text.ts';
import type { ParseWarning, ParseWarningCode } from './types.ts';

export class WarningList {
  private readonly byCode = new Map<ParseWarningCode, ParseWarning>();

  add(code: ParseWarningCode, message: string, times = 1): void {
    const existing = this.byCode.get(code);
    if (existing) existing.count += times;
    // Messages quote header values and file names, which may hold NUL.
    else this.byCode.set(code, { code, message: sanitizeText(message), count: times });
  }

  has(code: ParseWarningCode): boolean {
    return this.byCode.has(code);
  }

  /** Warnings in the order their codes first occurred. */
  list(): ParseWarning[] {
    return [...this.byCode.values()].map((warning) => ({ ...warning }));
  }
}
