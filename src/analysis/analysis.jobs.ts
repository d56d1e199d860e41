/**
 * The analysis job runner (worker role): claims pending emails, parses and analyses each distinct
 * message once in the worker-thread pool, and stores on every row that received it — in one
 * transaction per message — its bodies, parse warnings and attachment rows (the capture path stores
 * only the raw message and its header fields), the scores, and whatever the registered hooks write
 * (the webhooks issue adds its outbox events there, so an event exists exactly when its analysis does).
 * Attachment blobs are written before that transaction; if it fails they are queued for collection.
 *
 * Latency: the SMTP server and POST /v1/emails call `notify()` after a commit, so in one process an
 * email is analysed as soon as a worker thread is free; other processes find it within `pollMs`
 * (the polling is the shared BackgroundLoop, like the mailbox jobs').
 * A message whose analysis crashes is retried on the next claim and marked `failed` after
 * `maxAttempts`, with the reason in `analysis_error`.
 */
import type { Readable } from 'node:stream';
import { isoTime, type Clock } from '../platform/clock.ts';
import { queueBlobDeletion, type BlobStore } from '../platform/blobs/index.ts';
import { parseMessage } from '../emails/parsing/index.ts';
import type { DbExecutor } from '../platform/db/index.ts';
import { BackgroundLoop } from '../platform/jobs/background-loop.ts';
import type { Logger } from '../platform/logger.ts';
import type { AnalysisResult, ParsedContent } from './analyzer.ts';
import type { AnalysisRepo, ClaimedEmail } from './analysis.repo.ts';
import { AnalysisPool } from './pool.ts';
import type { WorkerSettings } from './worker.ts';

/**
 * Runs inside the transaction that stores an analysis; rows are the emails analysed. It may return a
 * function to run once that transaction has committed (e.g. an alert e-mail, which must not leave for
 * an analysis that rolls back); such a function is best effort: a failure is logged, never retried.
 */
export type AnalysisHook = (trx: DbExecutor, rows: readonly ClaimedEmail[], result: AnalysisResult) => Promise<void | AfterCommit>;
export type AfterCommit = () => Promise<void>;

export interface AnalysisJobsOptions {
  /** Worker threads. Default: available parallelism. */
  threads?: number;
  /** Rows claimed per round. Default 4 × threads. */
  batchSize?: number;
  /** Milliseconds a claim is held before another worker may take the row. Default 300,000. */
  leaseMs?: number;
  /** Claims before a row is marked failed. Default 3. */
  maxAttempts?: number;
  /** Milliseconds between polls when idle. Default 500. */
  pollMs?: number;
  settings: WorkerSettings;
}

export interface AnalysisJobsDeps {
  repo: AnalysisRepo;
  blobs: BlobStore;
  clock: Clock;
  logger: Logger;
  options: AnalysisJobsOptions;
}

export class AnalysisJobs {
  private readonly deps: AnalysisJobsDeps;
  private readonly hooks: AnalysisHook[] = [];
  private pool: AnalysisPool | null = null;
  /** Polls every `pollMs` once started; `notify()` runs it at once. Each run drains until the queue is empty or the loop stops. */
  private readonly loop: BackgroundLoop<number>;

  constructor(deps: AnalysisJobsDeps) {
    this.deps = deps;
    this.loop = new BackgroundLoop(() => this.drainWhile(() => this.loop.started), {
      intervalMs: deps.options.pollMs ?? 500,
      logger: deps.logger,
      failure: 'Analysis round failed (database unavailable?); retrying shortly. Pending mail stays queued.',
    });
  }

  addHook(hook: AnalysisHook): void {
    this.hooks.push(hook);
  }

  /** New pending rows exist: run now instead of at the next poll (when started). */
  notify(): void {
    this.loop.notify();
  }

  start(): void {
    this.loop.start();
  }

  /** Stops after the round in progress (the rest of the queue stays pending for the next start). */
  async stop(): Promise<void> {
    await this.loop.stop();
    await this.pool?.close();
    this.pool = null;
  }

  /** Claims one batch and analyses it; returns how many rows were handled (0 when the queue is empty). */
  async drainOnce(): Promise<number> {
    const { repo, clock, options } = this.deps;
    const pool = this.ensurePool();
    const now = clock.now();
    const claimed = await repo.claim(options.batchSize ?? pool.size * 4, isoTime(now), isoTime(now + (options.leaseMs ?? 300_000)));
    if (claimed.length === 0) return 0;
    await Promise.all([...groupByMessage(claimed).values()].map((rows) => this.analyseMessage(pool, rows)));
    return claimed.length;
  }

  /** Drains until nothing is pending (tests, the CLI). */
  drain(): Promise<number> {
    return this.drainWhile(() => true);
  }

  private async drainWhile(go: () => boolean): Promise<number> {
    let total = 0;
    for (let handled = await this.drainOnce(); handled > 0 && go(); handled = await this.drainOnce()) total += handled;
    return total;
  }

  private ensurePool(): AnalysisPool {
    this.pool ??= new AnalysisPool({ size: this.deps.options.threads, settings: { ...this.deps.options.settings, includeMessage: true } });
    return this.pool;
  }

  private async analyseMessage(pool: AnalysisPool, rows: ClaimedEmail[]): Promise<void> {
    const { logger, options } = this.deps;
    const first = rows[0]!;
    const ids = rows.map((r) => r.id);
    let raw: Buffer | null = null;
    try {
      raw = await readAll(await this.deps.blobs.open(first.raw_sha256));
      const session = first.transport === 'smtp'
        ? { clientIp: first.smtp_ip, helo: first.smtp_helo, mailFrom: first.smtp_mail_from, serverName: first.smtp_server }
        : null;
      const result = await pool.analyze(raw, session);
      await this.store(rows, result.message!, result);
      logger.debug({ emails: ids, threat_score: result.scores.threat_score, ms: result.durationMs }, 'Analysed a message');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const final = first.analysis_attempts >= (options.maxAttempts ?? 3);
      logger.warn({ err: error, emails: ids, attempt: first.analysis_attempts }, final
        ? `Analysis failed ${options.maxAttempts ?? 3} times; the email is marked failed and keeps no scores.`
        : 'Analysis failed; the email will be retried.');
      await this.recordFailure(rows, raw, message, final).catch((failError: unknown) =>
        logger.error({ err: failError, emails: ids }, 'Could not record an analysis failure; the lease will expire and the email will be retried.'));
    }
  }

  /** Attachment blobs first (outside the transaction), then everything else in one transaction. */
  private async store(rows: ClaimedEmail[], content: ParsedContent, result: AnalysisResult | null, failure?: string): Promise<void> {
    const { repo, blobs, clock } = this.deps;
    const unique = new Map(content.attachments.map((a) => [a.sha256, a.content]));
    const digests = [...unique.keys()];
    for (const bytes of unique.values()) await blobs.putBuffer(bytes);
    const afterCommit: AfterCommit[] = [];
    try {
      await repo.transaction(async (trx) => {
        const live = new Set(await repo.existing(trx, rows.map((r) => r.id)));
        const kept = rows.filter((r) => live.has(r.id));
        if (kept.length === 0) return;
        await repo.storeContent(trx, kept, content, result?.attachments ?? null, clock.now());
        if (result !== null) {
          await repo.complete(trx, kept.map((r) => r.id), result, isoTime(clock.now()));
          for (const hook of this.hooks) {
            const after = await hook(trx, kept, result);
            if (after) afterCommit.push(after);
          }
        } else {
          await repo.fail(kept.map((r) => r.id), failure ?? 'analysis failed', isoTime(clock.now()), true, trx);
        }
      });
    } catch (error) {
      if (digests.length > 0) await repo.transaction((trx) => queueBlobDeletion(trx, digests, clock.now())).catch(() => undefined);
      throw error;
    }
    // Not awaited: a slow mail relay must not hold up analysis.
    for (const after of afterCommit) {
      after().catch((error: unknown) => this.deps.logger.warn({ err: error }, 'A follow-up step after storing an analysis failed (e.g. an alert e-mail); it is not retried. Check the outbound mail relay (SMTP_RELAY_URL).'));
    }
  }

  /**
   * A retry gives the rows back to the queue. The final failure still stores what a plain parse in
   * this thread can read (bodies, attachments), so the email stays readable without scores.
   */
  private async recordFailure(rows: ClaimedEmail[], raw: Buffer | null, message: string, final: boolean): Promise<void> {
    const { repo, clock } = this.deps;
    const ids = rows.map((r) => r.id);
    if (!final || raw === null) {
      await repo.fail(ids, message, isoTime(clock.now()), final);
      return;
    }
    const parsed = await parseMessage(raw);
    await this.store(rows, { text: parsed.text, html: parsed.html, warnings: parsed.warnings, attachments: parsed.attachments }, null, message);
  }
}

/** Rows that share the raw message and SMTP session are one analysis. */
function groupByMessage(rows: readonly ClaimedEmail[]): Map<string, ClaimedEmail[]> {
  const groups = new Map<string, ClaimedEmail[]>();
  for (const row of rows) {
    const key = [row.raw_sha256, row.transport, row.smtp_ip, row.smtp_helo, row.smtp_mail_from].join('\u0000');
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [row]);
    else group.push(row);
  }
  return groups;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
