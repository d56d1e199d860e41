/**
 * The idle wait of a polling job loop: sleep until the next poll, or less when there is news.
 * `notify()` (new rows were committed in this process) ends the current wait at once, or — when no
 * wait is in progress — makes the next wait return immediately, so work committed while the loop was
 * busy is never left until the next poll.
 */
export class WakeableWait {
  private wake: (() => void) | null = null;
  private pending = false;

  notify(): void {
    this.pending = true;
    this.wake?.();
  }

  /** Resolves after `ms` milliseconds, or as soon as `notify()` is called (or was, since the last wait). */
  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
