/**
 * A small seeded pseudo-random generator for the content writer. Deterministic on purpose: only a
 * message's seed is stored, and the sender rewrites the same body from it at send time (and the
 * recipient side rewrites a parent to quote it). Not for anything secret.
 */

/** FNV-1a over UTF-16 code units: a stable 32-bit hash of a string (mixes addresses into a seed). */
export function hashString(value: string, basis = 0x811c9dc5): number {
  let hash = basis >>> 0;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** A 32-bit seed derived from `seed` and some strings (the same inputs always give the same seed). */
export function mixSeed(seed: number, ...parts: string[]): number {
  let hash = hashString(String(seed >>> 0));
  for (const part of parts) hash = hashString(`\u0000${part}`, hash);
  return hash;
}

/** mulberry32: fast, 32-bit state, good enough spread for picking phrases. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability `p` (0–1). */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Random.pick: empty list');
    return items[this.int(items.length)]!;
  }

  /** `count` distinct items in random order (all of them when the list is shorter). */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count && pool.length > 0) out.push(pool.splice(this.int(pool.length), 1)[0]!);
    return out;
  }
}
