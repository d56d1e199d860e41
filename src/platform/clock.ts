/**
 * Time source. Everything that schedules or stamps goes through a Clock so tests can move time.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests set and advance by hand. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: number | string | Date = '2026-01-01T00:00:00.000Z') {
    this.current = new Date(start).getTime();
  }
  now(): number {
    return this.current;
  }
  set(to: number | string | Date): void {
    this.current = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
  /** The current time as stored (ISO-8601 UTC with milliseconds). */
  iso(): string {
    return new Date(this.current).toISOString();
  }
}

/** ISO-8601 UTC with milliseconds: the one timestamp format stored and returned everywhere. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
