/**
 * Reports for their owner: create (queues a generation unless scheduled), list, get, delete, generate
 * on demand, download. Generation itself runs in the worker (reports.jobs.ts).
 */
import type { Readable } from 'node:stream';
import type { ListPage, ParsedListQuery } from '../http/list-query.ts';
import { queueBlobDeletion, type BlobCollector, type BlobStore } from '../platform/blobs/index.ts';
import { isoTime, type Clock } from '../platform/clock.ts';
import { Conflict, NotFound, Unprocessable } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Logger } from '../platform/logger.ts';
import { CONTENT_TYPES, reportFilename, toReport, type Report, type ReportRow } from './reports.model.ts';
import type { ReportsRepo } from './reports.repo.ts';
import type { ReportCreateBody } from './reports.schema.ts';
import { parseDefinition, periodOrDefault, type ReportDefinition } from './reports.validate.ts';
import { nextRunAfter, periodEndingBefore } from './time/schedule.ts';

/** estimated_completion before a report has been generated once, by format (ms). */
const FIRST_ESTIMATE_MS = { pdf: 15_000, csv: 15_000, json: 10_000 } as const;

export interface ReportsServiceDeps {
  repo: ReportsRepo;
  blobs: BlobStore;
  collector: BlobCollector;
  clock: Clock;
  logger: Logger;
  /** The user's honeypot ids among `ids` (filters may only name the user's own honeypots). */
  ownedHoneypots: (userId: string, ids: string[]) => Promise<Set<string>>;
  /** A generation was queued: wake the worker in this process. */
  onQueued: () => void;
}

export interface ReportDownload {
  stream: Readable;
  size: number;
  contentType: string;
  filename: string;
}

export class ReportsService {
  private readonly deps: ReportsServiceDeps;
  constructor(deps: ReportsServiceDeps) {
    this.deps = deps;
  }

  async create(userId: string, body: ReportCreateBody): Promise<Report> {
    const definition = parseDefinition(body);
    await this.checkHoneypots(userId, definition);
    const now = this.deps.clock.now();
    const nowIso = isoTime(now);
    const nextRun = definition.schedule === null ? null : nextRunAfter(definition.schedule, now);
    // A scheduled report without a period shows the one its first run will cover.
    const period = definition.period ?? (definition.schedule !== null && nextRun !== null ? periodEndingBefore(definition.schedule, nextRun) : periodOrDefault(definition, now));
    const row = await this.deps.repo.insert({
      id: newId('report', now),
      user_id: userId,
      name: definition.name,
      type: definition.type,
      description: definition.description,
      format: definition.format,
      period_start: period.start,
      period_end: period.end,
      schedule: definition.schedule === null ? null : JSON.stringify(definition.schedule),
      filters: JSON.stringify(definition.filters),
      sections: JSON.stringify(definition.sections),
      recipients: JSON.stringify(definition.recipients),
      status: 'pending',
      error: null,
      file_sha256: null,
      file_size: null,
      generated_at: null,
      generation_ms: null,
      next_run_at: nextRun === null ? null : isoTime(nextRun),
      // Without a schedule, creating the report asks for its one generation.
      job_queued_at: definition.schedule === null ? nowIso : null,
      job_claimed_until: null,
      job_token: null,
      mail_error: null,
      created_at: nowIso,
      updated_at: nowIso,
    });
    if (row.job_queued_at !== null) this.deps.onQueued();
    return toReport(row);
  }

  async list(userId: string, parsed: ParsedListQuery): Promise<ListPage<Report>> {
    const page = await this.deps.repo.list(userId, parsed);
    return { rows: page.rows.map((row) => toReport(row as ReportRow)), pagination: page.pagination };
  }

  async get(userId: string, id: string): Promise<Report> {
    return toReport(await this.require(userId, id));
  }

  /** Deletes the report; its file is released (collected once nothing else references the same bytes). */
  async delete(userId: string, id: string): Promise<void> {
    const { repo, clock } = this.deps;
    const found = await repo.transaction(async (trx) => {
      const deleted = await repo.delete(trx, userId, id);
      if (deleted?.file != null) await queueBlobDeletion(trx, [deleted.file], clock.now());
      return deleted;
    });
    if (found === undefined) throw notFound(id);
    if (found.file !== null) {
      await this.deps.collector.collectQueued().catch((error: unknown) => {
        this.deps.logger.warn({ err: error }, 'Could not delete the file of a deleted report yet; the worker\'s next collection retries.');
      });
    }
  }

  /**
   * Queues a generation (a retry after a failure, or a refresh of a ready report) and estimates when it
   * is done. One generation per report at a time: asking again while one is queued or running returns
   * that one's estimate.
   */
  async generate(userId: string, id: string): Promise<{ id: string; status: 'generating'; estimated_completion: string }> {
    const now = this.deps.clock.now();
    const row = await this.deps.repo.queueGeneration(userId, id, isoTime(now), 'generating');
    if (row === undefined) throw notFound(id);
    this.deps.onQueued();
    const estimateMs = row.generation_ms === null ? FIRST_ESTIMATE_MS[row.format] : Math.max(1000, Math.round(Number(row.generation_ms) * 1.5));
    const from = row.job_queued_at === null ? now : Math.max(now, Date.parse(row.job_queued_at));
    return { id: row.id, status: 'generating', estimated_completion: isoTime(from + estimateMs) };
  }

  /** The file of a ready report; 409 (Conflict) while it is pending, generating or failed. */
  async download(userId: string, id: string): Promise<ReportDownload> {
    const row = await this.require(userId, id);
    if (row.status !== 'ready' || row.file_sha256 === null) {
      const why = row.status === 'failed' ? `its last generation failed (${row.error ?? 'no reason recorded'}); retry with POST /v1/reports/${id}/generate` : `it is ${row.status}; try again once status is ready`;
      throw new Conflict(`Report ${id} has no file to download: ${why}.`, { status: row.status });
    }
    return {
      stream: await this.deps.blobs.open(row.file_sha256),
      size: Number(row.file_size),
      contentType: CONTENT_TYPES[row.format],
      filename: reportFilename(row),
    };
  }

  private async require(userId: string, id: string): Promise<ReportRow> {
    const row = await this.deps.repo.findById(userId, id);
    if (row === undefined) throw notFound(id);
    return row;
  }

  private async checkHoneypots(userId: string, definition: ReportDefinition): Promise<void> {
    const ids = definition.filters.honeypot_ids;
    if (ids.length === 0) return;
    const owned = await this.deps.ownedHoneypots(userId, ids);
    const index = ids.findIndex((hid) => !owned.has(hid));
    if (index >= 0) {
      throw new Unprocessable(`filters.honeypot_ids names ${ids[index]}, which is not one of your honeypots; list yours with GET /v1/honeypots.`, {
        field: `filters.honeypot_ids.${index}`,
        value: ids[index],
      });
    }
  }
}

function notFound(id: string): NotFound {
  return new NotFound(`No report ${id}; list yours with GET /v1/reports.`);
}
