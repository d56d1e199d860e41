/**
 * Send times of a day's plan: `count` instants drawn uniformly at random inside [startMs, endMs), at
 * least `gapMs` apart. Method (exact, O(count log count)): draw `count` points uniformly in the shorter
 * interval [0, span − (count − 1) × gap), sort them, and push the i-th one right by i × gap. Every
 * arrangement that respects the gap is equally likely, and no rejection loop can spin.
 *
 * When the window cannot hold `count` sends `gapMs` apart, only as many as fit are laid out (the
 * caller's volume shrinks to what the window allows).
 */

/** How many sends fit in a span of `spanMs` with `gapMs` between neighbours (span exclusive at the end). */
export function sendsThatFit(spanMs: number, gapMs: number): number {
  if (spanMs <= 0) return 0;
  if (gapMs <= 0) return Number.MAX_SAFE_INTEGER;
  return Math.floor((spanMs - 1) / gapMs) + 1;
}

/** Sorted send instants (ms, whole seconds). */
export function layoutSendTimes(random: () => number, startMs: number, endMs: number, count: number, gapMs: number): number[] {
  // Whole seconds (a planned time reads naturally): the start rounds up, each drawn point down, and
  // the gap is added after rounding, so neighbours stay at least `gapMs` apart and inside the window.
  const start = Math.ceil(startMs / 1000) * 1000;
  const n = Math.min(count, sendsThatFit(endMs - start, gapMs));
  if (n <= 0) return [];
  const free = endMs - start - (n - 1) * gapMs;
  const points = new Float64Array(n);
  for (let i = 0; i < n; i += 1) points[i] = random() * free;
  points.sort();
  const times = new Array<number>(n);
  for (let i = 0; i < n; i += 1) times[i] = start + Math.floor(points[i]! / 1000) * 1000 + i * gapMs;
  return times;
}
