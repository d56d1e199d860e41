/**
 * The report worker (worker role): fires due schedules, generates queued reports one at a time, and
 * e-mails finished files to their recipients.
 *
 * Durability: every step is a row change (reports.repo.ts). A generation is claimed with a lease; if
 * the process dies, the lease lapses (`leaseMs`) and any worker claims the report again, up to
 * `maxAttempts` claims before it is marked failed. Mail to recipients is flagged in the transaction
 * that stores the file, so a crash before sending only delays it. Several worker processes on one
 * PostgreSQL share the queue (FOR UPDATE SKIP LOCKED; schedules fire by compare-and-set).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import type { Period, PeriodSummary, SummaryFilters } from '../analytics/types.ts';
import { queueBlobDeletion, type BlobStore } from '../platform/blobs/index.ts';
import { isoTime, type Clock } from '../platform/clock.ts';
import type { Database } from '../platform/db/schema.ts';
import { DomainError } from '../platform/errors.ts';
import { BackgroundLoop } from '../platform/jobs/background-loop.ts';
import type { Logger } from '../platform/logger.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import { renderCsv } from './render/csv.ts';
import { renderPdf } from './render/pdf/index.ts';
import { reportMail } from './reports.mail.ts';
import type { ReportFilters, ReportRow, ReportSection } from './reports.model.ts';
import type { ReportsRepo } from './reports.repo.ts';
import { nextRunAfter, periodEndingBefore, type Schedule } from './time/schedule.ts';

/** What the analytics feature provides: every figure of a report for one period. */
export type SummarizePeriod = (userId: string, period: Period, filters: SummaryFilters) => Promise<PeriodSummary>;

export interface ReportJobOptions {
  /** Milliseconds a claim is held before another worker may take the report over. Default 600,000 (10 min). */
  leaseMs?: number;
  /** Milliseconds between polls for due schedules and queued reports. Default 15,000. */
  pollMs?: number;
  /** Claims of one generation before it is marked failed (interrupted runs). Default 3. */
  maxAttempts?: number;
  /** Largest file a report may produce, in bytes. Default 1 GiB. */
  maxFileBytes?: number;
  /** Files up to this size are attached to the e-mail; bigger ones are sent as a link. Default 5 MB (5,000,000 bytes). */
  attachmentLimitBytes?: number;
  /** Sending attempts to recipients before giving up (recorded in the log). Default 5. */
  maxMailAttempts?: number;
}

export interface ReportJobDeps {
  repo: ReportsRepo;
  db: Kysely<Database>;
  blobs: BlobStore;
  clock: Clock;
  logger: Logger;
  mailer: Mailer;
  summarize: SummarizePeriod;
  /** Base of the download links in mail (PUBLIC_URL). */
  publicUrl: string;
  options?: ReportJobOptions;
}

/** Generations per run before yielding to the next tick (keeps one run bounded). */
const MAX_PER_RUN = 20;

const TYPE_LABELS: Record<string, string> = {
  daily_digest: 'Daily digest', weekly_summary: 'Weekly summary', monthly_analysis: 'Monthly analysis', executive_summary: 'Executive summary',
  compliance: 'Compliance report', incident: 'Incident report', custom: 'Custom report',
};

export function typeLabel(type: string): string {
  return TYPE_LABELS[type] ?? 'Report';
}

export interface ReportRunResult {
  fired: number;
  generated: number;
  failed: number;
  mailed: number;
}

export class ReportJobs {
  private readonly deps: ReportJobDeps;
  private readonly options: Required<ReportJobOptions>;
  private readonly loop: BackgroundLoop<ReportRunResult>;

  constructor(deps: ReportJobDeps) {
    this.deps = deps;
    const o = deps.options ?? {};
    this.options = {
      leaseMs: o.leaseMs ?? 600_000,
      pollMs: o.pollMs ?? 15_000,
      maxAttempts: o.maxAttempts ?? 3,
      maxFileBytes: o.maxFileBytes ?? 1024 ** 3,
      attachmentLimitBytes: o.attachmentLimitBytes ?? 5_000_000,
      maxMailAttempts: o.maxMailAttempts ?? 5,
    };
    this.loop = new BackgroundLoop(() => this.runOnce(), {
      intervalMs: this.options.pollMs,
      logger: deps.logger,
      failure: 'Could not run report schedules or generations (database unavailable?); retrying at the next poll. Queued reports stay queued.',
      combine: (a, b) => ({ fired: a.fired + b.fired, generated: a.generated + b.generated, failed: a.failed + b.failed, mailed: a.mailed + b.mailed }),
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** A generation was queued in this process: run now instead of at the next poll (when started). */
  notify(): void {
    this.loop.notify();
  }

  /** Runs now (joining a run in progress): fires schedules, generates, mails. Tests and the CLI call it. */
  run(): Promise<ReportRunResult> {
    return this.loop.run();
  }

  private async runOnce(): Promise<ReportRunResult> {
    const result: ReportRunResult = { fired: await this.fireDueSchedules(), generated: 0, failed: 0, mailed: 0 };
    for (let i = 0; i < MAX_PER_RUN; i++) {
      const outcome = await this.generateNext();
      if (outcome === null) break;
      result[outcome] += 1;
    }
    result.mailed = await this.sendPendingMail();
    return result;
  }

  /** Queues a generation for every schedule that is due, covering the period that has just ended. */
  private async fireDueSchedules(): Promise<number> {
    const now = this.deps.clock.now();
    const nowIso = isoTime(now);
    let fired = 0;
    for (const row of await this.deps.repo.dueSchedules(nowIso, 100)) {
      const schedule = JSON.parse(row.schedule!) as Schedule;
      // After downtime, one run covers the latest complete period (missed runs are not replayed).
      const period = periodEndingBefore(schedule, now);
      if (await this.deps.repo.fireSchedule(row, period, isoTime(nextRunAfter(schedule, now)), nowIso)) fired += 1;
    }
    return fired;
  }

  /** Claims and generates one report; null when nothing is queued. */
  private async generateNext(): Promise<'generated' | 'failed' | null> {
    const { repo, clock } = this.deps;
    const now = clock.now();
    const token = randomBytes(12).toString('hex');
    const row = await repo.claim(isoTime(now), isoTime(now + this.options.leaseMs), token);
    if (row === undefined) return null;
    if (Number(row.job_attempts) > this.options.maxAttempts) {
      const reason = `Generation was interrupted ${this.options.maxAttempts} times (the worker stopped while generating); retry with POST /v1/reports/${row.id}/generate.`;
      await repo.fail(row.id, token, reason, isoTime(clock.now()));
      return 'failed';
    }
    return (await this.generate(row, token)) ? 'generated' : 'failed';
  }

  private async generate(row: ReportRow, token: string): Promise<boolean> {
    const { repo, blobs, clock, logger } = this.deps;
    const started = performance.now();
    try {
      const stored = await blobs.put(this.render(row), { maxBytes: this.options.maxFileBytes });
      const generatedAt = isoTime(clock.now());
      const recipients = JSON.parse(row.recipients) as string[];
      const file = { sha256: stored.sha256, size: stored.size, generatedAt, generationMs: Math.round(performance.now() - started), mail: recipients.length > 0 };
      const kept = await repo.finish(row.id, token, file, (trx, sha256) => queueBlobDeletion(trx, [sha256], clock.now()));
      if (!kept) {
        // Deleted meanwhile, or another worker took over after our lease lapsed: our file is not referenced.
        await repo.transaction((trx) => queueBlobDeletion(trx, [stored.sha256], clock.now()));
        logger.info({ report: row.id }, 'A report generation finished after its report was deleted or taken over; its file was discarded.');
        return true;
      }
      logger.info({ report: row.id, format: row.format, bytes: stored.size, ms: file.generationMs }, 'Report generated');
      return true;
    } catch (error) {
      const reason = error instanceof DomainError
        ? error.message
        : `An internal error stopped the generation at ${isoTime(clock.now())} (details in the server log); retry with POST /v1/reports/${row.id}/generate.`;
      logger.warn({ err: error, report: row.id }, 'Report generation failed; the report is marked failed with the reason');
      await repo.fail(row.id, token, reason, isoTime(clock.now()));
      return false;
    }
  }

  /** The file's bytes, streamed: CSV from the database in pages, PDF and JSON from the period's summary. */
  private render(row: ReportRow): AsyncIterable<Uint8Array> {
    const period = { start: row.period_start, end: row.period_end };
    const filters = JSON.parse(row.filters) as ReportFilters;
    if (row.format === 'csv') return renderCsv(this.deps.db, row.user_id, period, filters);
    const summaryFilters: SummaryFilters = {
      honeypotIds: filters.honeypot_ids,
      ...(filters.threat_score.min === null ? {} : { minThreatScore: filters.threat_score.min }),
    };
    const summarize = () => this.deps.summarize(row.user_id, period, summaryFilters);
    if (row.format === 'json') {
      return (async function* json() {
        yield Buffer.from(`${JSON.stringify(await summarize(), null, 2)}\n`);
      })();
    }
    const timeZone = row.schedule === null ? 'UTC' : (JSON.parse(row.schedule) as Schedule).timezone;
    const meta = { name: row.name, typeLabel: typeLabel(row.type), description: row.description, timeZone };
    const sections = JSON.parse(row.sections) as ReportSection[];
    return (async function* pdf() {
      yield* renderPdf(await summarize(), meta, sections);
    })();
  }

  /** Mails every finished file that still has to go to its recipients; returns how many were sent. */
  private async sendPendingMail(): Promise<number> {
    const { repo, blobs, mailer, logger, publicUrl } = this.deps;
    let sent = 0;
    for (const row of await repo.pendingMail(20)) {
      const sha256 = row.file_sha256!;
      try {
        const attach = Number(row.file_size) <= this.options.attachmentLimitBytes;
        const content = attach ? await readAll(await blobs.open(sha256)) : null;
        await mailer.send(reportMail(row, content, publicUrl));
        await repo.mailDone(row.id, sha256, null, true);
        sent += 1;
      } catch (error) {
        const final = Number(row.mail_attempts) + 1 >= this.options.maxMailAttempts;
        const reason = `Could not e-mail the report: ${(error as Error).message}`;
        await repo.mailDone(row.id, sha256, reason, final);
        logger.warn({ err: error, report: row.id, final }, final ? 'Gave up e-mailing a report to its recipients; check SMTP_RELAY_URL.' : 'Could not e-mail a report to its recipients; will retry at the next poll.');
      }
    }
    return sent;
  }
}

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}
