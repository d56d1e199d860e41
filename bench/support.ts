/**
 * Shared benchmark helpers: every figure is printed as one JSON line.
 */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  [extra: string]: unknown;
}

export function report(figure: Figure): void {
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}

/** The q-th quantile (0–1) of unsorted samples, nearest-rank. */
export function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
