/**
 * A pool of worker threads running the analyser, so analysis never blocks the SMTP or HTTP event loop
 * and uses every core.
 *
 * - One message at a time per worker; callers queue in order.
 * - A worker that exceeds `hardTimeoutMs` on one message (a synchronous loop the budget could not
 *   interrupt) is terminated and replaced; that message's promise rejects with AnalysisCrashed.
 * - A worker that dies (out of memory, a bug) is replaced the same way.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AnalysisResult } from './analyzer.ts';
import type { SessionFacts } from './auth/index.ts';
import type { WorkerSettings } from './worker.ts';

export interface AnalysisPoolOptions {
  /** Worker threads. Default: the machine's available parallelism. */
  size?: number;
  /** Passed to every worker (must be structured-cloneable). */
  settings: WorkerSettings;
  /** Milliseconds after which a stuck worker is killed. Default: 3 × budget + 5,000. */
  hardTimeoutMs?: number;
}

export class AnalysisCrashed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalysisCrashed';
  }
}

interface Task {
  raw: Buffer;
  session: SessionFacts | null;
  resolve: (result: AnalysisResult) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  timer: NodeJS.Timeout | null;
}

export class AnalysisPool {
  private readonly options: AnalysisPoolOptions;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private closed = false;

  constructor(options: AnalysisPoolOptions) {
    this.options = options;
    const size = Math.max(1, options.size ?? availableParallelism());
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  /** Messages waiting for a free worker. */
  get queued(): number {
    return this.queue.length;
  }

  analyze(raw: Buffer, session: SessionFacts | null): Promise<AnalysisResult> {
    if (this.closed) return Promise.reject(new Error('The analysis pool is closed.'));
    return new Promise((resolve, reject) => {
      this.queue.push({ raw, session, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error('The analysis pool was closed before this message was analysed.'));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { workerData: this.options.settings });
    const slot: Slot = { worker, task: null, timer: null };
    worker.on('message', (message: { ok: true; result: AnalysisResult } | { ok: false; error: string }) => {
      const task = this.finish(slot);
      if (task === null) return;
      if (message.ok) task.resolve(message.result);
      else task.reject(new AnalysisCrashed(message.error));
      this.dispatch();
    });
    worker.on('error', (error) => this.replace(slot, `The analysis worker failed: ${error.message}`));
    worker.on('exit', () => {
      if (!this.closed && this.slots.includes(slot)) this.replace(slot, 'The analysis worker exited unexpectedly.');
    });
    worker.unref();
    return slot;
  }

  private finish(slot: Slot): Task | null {
    const task = slot.task;
    slot.task = null;
    if (slot.timer !== null) clearTimeout(slot.timer);
    slot.timer = null;
    return task;
  }

  private replace(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0 || this.closed) return;
    const task = this.finish(slot);
    this.slots.splice(index, 1);
    void slot.worker.terminate();
    task?.reject(new AnalysisCrashed(reason));
    this.slots.push(this.spawn());
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.task !== null) continue;
      const task = this.queue.shift();
      if (task === undefined) return;
      slot.task = task;
      const hardTimeoutMs = this.options.hardTimeoutMs ?? 3 * (this.options.settings.budgetMs ?? 10_000) + 5_000;
      slot.timer = setTimeout(() => this.replace(slot, `Analysis of one message took longer than ${hardTimeoutMs} ms; the worker was stopped.`), hardTimeoutMs);
      slot.worker.ref();
      slot.worker.postMessage({ raw: task.raw, session: task.session });
    }
    for (const slot of this.slots) if (slot.task === null) slot.worker.unref();
  }
}
