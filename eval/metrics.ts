/** ROC AUC and "caught at a false-positive rate" for the evaluation. Scores: higher = more malicious. */

/** Probability that a random positive scores above a random negative (ties count half). */
export function rocAuc(positives: readonly number[], negatives: readonly number[]): number {
  if (positives.length === 0 || negatives.length === 0) return Number.NaN;
  const all = [...positives.map((s) => ({ s, p: 1 })), ...negatives.map((s) => ({ s, p: 0 }))].sort((a, b) => a.s - b.s);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]!.s === all[i]!.s) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (all[k]!.p === 1) rankSum += averageRank;
    i = j;
  }
  const n1 = positives.length;
  return (rankSum - (n1 * (n1 + 1)) / 2) / (n1 * negatives.length);
}

/**
 * The lowest threshold that flags at most `fpRate` of negatives (score ≥ threshold flags), and the
 * share of positives flagged at it.
 */
export function caughtAtFalsePositiveRate(positives: readonly number[], negatives: readonly number[], fpRate: number): { threshold: number; caught: number; falsePositives: number } {
  const candidates = [...new Set([...positives, ...negatives])].sort((a, b) => a - b);
  for (const threshold of candidates) {
    const fp = negatives.filter((s) => s >= threshold).length / negatives.length;
    if (fp <= fpRate) {
      return { threshold, caught: positives.filter((s) => s >= threshold).length / positives.length, falsePositives: fp };
    }
  }
  return { threshold: Infinity, caught: 0, falsePositives: 0 };
}
