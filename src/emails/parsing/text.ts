/**
 * String helpers for parser output. Loops rather than regular expressions on anything the sender
 * controls in bulk: a pattern like /\n+$/ is quadratic on a long run of line feeds.
 */

/** Replaces U+0000 (which PostgreSQL text cannot store) with U+FFFD. */
export function sanitizeText(value: string): string {
  return value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value;
}

/** Cuts `value` to at most `max` UTF-16 units without splitting a surrogate pair. */
export function truncateChars(value: string, max: number): string {
  if (value.length <= max) return value;
  let end = max;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return value.slice(0, end);
}

/** Removes every leading and trailing occurrence of `piece`. */
export function trimPiece(value: string, piece: string): string {
  let start = 0;
  let end = value.length;
  while (start + piece.length <= end && value.startsWith(piece, start)) start += piece.length;
  while (end - piece.length >= start && value.endsWith(piece, end)) end -= piece.length;
  return value.slice(start, end);
}
