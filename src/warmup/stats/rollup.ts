/**
 * The stats roll-up (worker role): keeps `warmup_daily_stats` and each mailbox's health score in step
 * with `warmup_emails`.
 *
 * Each run finds the (mailbox, local date) pairs whose rows changed since the previous run (by
 * `updated_at`, with a margin for transactions that committed late), recomputes their figures from the
 * rows and upserts them — idempotent, so two workers or a repeated run do no harm. Then, for the
 * mailboxes touched, the health score as of each touched date (7-day window ending there) goes into the
 * daily row, and the score as of today into `mailboxes.health_score`, `health_confident`,
 * `health_reasons`. The first run of a process looks back `lookbackDays`; every `fullPassMs` all verified
 * mailboxes are scored again (the window slides, DNS and blacklist results change without any row
 * changing).
 */
import { isoTime, type Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { BackgroundLoop } from '../../platform/jobs/background-loop.ts';
import type { Logger } from '../../platform/logger.ts';
import type { WarmupJob } from '../types.ts';
import { addDays, daysBetween, localDateOf } from '../planning/local-time.ts';
import { healthScore, type Health } from './health.ts';
import { RollupRepo, type DailyFigures, type HealthMailbox } from './rollup.repo.ts';

const DAY_MS = 86_400_000;
/** The health window: the scored date and the 6 before it. */
const WINDOW_DAYS = 7;
/** Rows committed this long after their `updated_at` are still seen by the next run. */
const LATE_COMMIT_MARGIN_MS = 5 * 60_000;

export interface RollupOptions {
  /** How often the worker rolls up, ms. Default 5 minutes. */
  pollIntervalMs?: number;
  /** How far back the first run of a process looks, days. Default 8. */
  lookbackDays?: number;
  /** How often every verified mailbox is scored again, ms. Default 6 hours. */
  fullPassMs?: number;
}

export interface RollupDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
}

export class WarmupStatsRollup implements WarmupJob {
  private readonly deps: RollupDeps;
  private readonly repo: RollupRepo;
  private readonly lookbackMs: number;
  private readonly fullPassMs: number;
  private readonly loop: BackgroundLoop<number>;
  private watermark: string | null = null;
  private lastFullPass = -Infinity;

  constructor(deps: RollupDeps, options: RollupOptions = {}) {
    this.deps = deps;
    this.repo = new RollupRepo(deps.db);
    this.lookbackMs = (options.lookbackDays ?? 8) * DAY_MS;
    this.fullPassMs = options.fullPassMs ?? 6 * 60 * 60_000;
    this.loop = new BackgroundLoop(() => this.rollUp(), {
      intervalMs: options.pollIntervalMs ?? 5 * 60_000,
      logger: deps.logger,
      failure: 'Warm-up stats roll-up failed; it is retried on the next run (nothing is lost: it recomputes from the rows).',
      combine: (a, b) => a + b,
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  notify(): void {
    this.loop.notify();
  }

  /** Rolls up what changed; resolves with the number of daily rows written. */
  runDue(): Promise<number> {
    return this.loop.run();
  }

  private async rollUp(): Promise<number> {
    const nowMs = this.deps.clock.now();
    const nowIso = isoTime(nowMs);
    const since = this.watermark ?? isoTime(nowMs - this.lookbackMs);
    const touched = await this.repo.touchedSince(since);
    if (nowMs - this.lastFullPass >= this.fullPassMs) {
      for (const id of await this.repo.allVerified()) if (!touched.has(id)) touched.set(id, new Set());
      this.lastFullPass = nowMs;
    }
    let written = 0;
    const ids = [...touched.keys()];
    for (let i = 0; i < ids.length; i += 500) written += await this.rollUpMailboxes(ids.slice(i, i + 500), touched, nowMs, nowIso);
    this.watermark = isoTime(nowMs - LATE_COMMIT_MARGIN_MS);
    return written;
  }

  private async rollUpMailboxes(ids: string[], touched: Map<string, Set<string>>, nowMs: number, nowIso: string): Promise<number> {
    const mailboxes = await this.repo.mailboxes(ids);
    const todayOf = new Map(mailboxes.map((m) => [m.id, safeLocalDate(nowMs, m.timezone)]));
    // Figures are needed from the earliest touched date's window start (or today's) on.
    let from = '9999-12-31';
    for (const m of mailboxes) {
      const dates = [...touched.get(m.id)!, todayOf.get(m.id)!];
      for (const date of dates) if (addDays(date, 1 - WINDOW_DAYS) < from) from = addDays(date, 1 - WINDOW_DAYS);
    }
    const fresh = await this.repo.figures(ids, from);
    const stored = await this.repo.daily(ids, from);
    const listings = await this.repo.listings(
      mailboxes.flatMap((m) => (m.sending_ip === null ? [] : [m.sending_ip])),
      mailboxes.map((m) => m.domain),
    );
    const byMailbox = groupFigures(stored, fresh);
    const upserts: Array<DailyFigures & { health_score: number | null }> = [];
    for (const m of mailboxes) {
      const days = byMailbox.get(m.id) ?? new Map<string, DailyFigures>();
      const blacklists = [...new Set([...(listings.get(m.sending_ip ?? '') ?? []), ...(listings.get(m.domain) ?? [])])];
      const today = todayOf.get(m.id)!;
      for (const date of touched.get(m.id)!) {
        const figures = days.get(date) ?? emptyFigures(m.id, date);
        upserts.push({ ...figures, health_score: scoreAsOf(m, days, date, blacklists).score });
      }
      const health = scoreAsOf(m, days, today, blacklists);
      if (!touched.get(m.id)!.has(today) && days.has(today)) upserts.push({ ...days.get(today)!, health_score: health.score });
      await this.repo.recordHealth(m.id, health.score, health.confident, JSON.stringify(health.reasons), nowIso);
    }
    await this.repo.upsertDaily(upserts, nowIso);
    return upserts.length;
  }
}

function safeLocalDate(nowMs: number, zone: string): string {
  try {
    return localDateOf(nowMs, zone);
  } catch {
    return localDateOf(nowMs, 'UTC');
  }
}

function emptyFigures(mailboxId: string, date: string): DailyFigures {
  return { mailbox_id: mailboxId, date, sent: 0, delivered: 0, opened: 0, replied: 0, bounced: 0, inbox_landed: 0, spam_landed: 0, promotions_landed: 0, missing: 0 };
}

/** Per mailbox, per date: the stored figures overlaid with the freshly computed ones. */
function groupFigures(stored: DailyFigures[], fresh: DailyFigures[]): Map<string, Map<string, DailyFigures>> {
  const out = new Map<string, Map<string, DailyFigures>>();
  for (const row of [...stored, ...fresh]) {
    let days = out.get(row.mailbox_id);
    if (days === undefined) out.set(row.mailbox_id, (days = new Map()));
    days.set(row.date, row);
  }
  return out;
}

function scoreAsOf(m: HealthMailbox, days: Map<string, DailyFigures>, date: string, blacklists: string[]): Health {
  const window = [];
  for (const [day, f] of days) {
    const age = daysBetween(day, date);
    if (age < 0 || age >= WINDOW_DAYS) continue;
    window.push({ age, sent: f.sent, bounced: f.bounced, inbox: f.inbox_landed, spam: f.spam_landed, promotions: f.promotions_landed, missing: f.missing });
  }
  return healthScore({ days: window, dns: { spf: m.dns_spf, dkim: m.dns_dkim, dmarc: m.dns_dmarc }, blacklists, domain: m.domain });
}
