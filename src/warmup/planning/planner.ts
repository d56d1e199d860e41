/**
 * The day planner (worker role): lays out each network mailbox's day as a plan row (`warmup_plans`,
 * plans.repo.ts: the day's send times and recipients) once its local date moves past
 * `warmup_planned_through`; the sender turns each planned send into its full `warmup_emails` row when
 * it comes due. Batch design, for 100,000 mailboxes in seconds:
 * - the recipient pool (every network mailbox, with its load of messages not yet sent) is loaded once
 *   per run, and only if something is due; the same read gives the run's candidates;
 * - the candidates are taken in batches (`batchSize`) in storage order, each planned in memory and
 *   written in one transaction (multi-row INSERTs, grouped UPDATEs) — planner.repo.ts says why no day
 *   is planned twice;
 * - time-zone work is cached per (zone, date, window): a few Intl calls per run, not one per mailbox.
 *
 * Only today is planned: a planner that was down for days does not catch up the missed days (that
 * volume would arrive at once, which is what warm-up must avoid).
 *
 * `replanToday(id)` re-plans one mailbox's rest of today at once (resume, config change): it cancels the
 * day's sends not yet made, keeps what went out, and plans the remainder from now, with the mailbox row
 * locked (PostgreSQL) so a worker's batch cannot plan it at the same time.
 */
import { isoTime, type Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { BackgroundLoop } from '../../platform/jobs/background-loop.ts';
import type { Logger } from '../../platform/logger.ts';
import type { WarmupJob } from '../types.ts';
import { planDay, type DayPlan, type PlanSettings } from './day-plan.ts';
import { isWeekend, localDateOf, zonedHourToUtc } from './local-time.ts';
import { isDue, PlannerRepo, type PlanMailbox } from './planner.repo.ts';
import { encodeSends, sendTime } from './planned-sends.ts';
import type { PlanRow } from './plans.repo.ts';
import { seededRandom } from './random.ts';
import { rampLimit } from './ramp.ts';
import { RecipientPool, type Peer } from './recipients.ts';

const DAY_MS = 86_400_000;

export interface PlannerOptions {
  /** Minimum minutes between two sends of one mailbox (WARMUP_MIN_GAP_MINUTES). Default 5. */
  minGapMinutes?: number;
  /** Day-to-day volume variance, percent (WARMUP_VOLUME_VARIANCE_PERCENT). Default 15. */
  variancePercent?: number;
  /** Days during which the same sender → recipient pair is avoided (WARMUP_PAIR_COOLDOWN_DAYS). Default 3. */
  pairCooldownDays?: number;
  /**
   * Mailboxes planned and committed per transaction. Default 20,000: each commit rewrites the index
   * pages its plans land on, and 5,000-mailbox batches rewrote most of them 20 times a run (+2 s for
   * 100,000 mailboxes on SQLite); a batch holds SQLite's connection for about a second.
   */
  batchSize?: number;
  /** How often the worker looks for mailboxes to plan, ms. Default 60 s. */
  pollIntervalMs?: number;
  /** Peers sampled for a one-mailbox re-plan. Default 2000. */
  replanPoolSize?: number;
}

export interface PlannerDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
}

export interface PlanRunResult {
  /** Mailboxes whose date was planned (rows or not: weekends, closed windows). */
  mailboxes: number;
  /** Rows inserted. */
  rows: number;
}


export class WarmupPlanner implements WarmupJob {
  private readonly deps: PlannerDeps;
  private readonly repo: PlannerRepo;
  private readonly settings: PlanSettings;
  private readonly cooldownMs: number;
  private readonly batchSize: number;
  private readonly replanPoolSize: number;
  private readonly loop: BackgroundLoop<PlanRunResult>;

  constructor(deps: PlannerDeps, options: PlannerOptions = {}) {
    this.deps = deps;
    this.repo = new PlannerRepo(deps.db);
    this.settings = { minGapMs: (options.minGapMinutes ?? 5) * 60_000, variance: (options.variancePercent ?? 15) / 100, leadMs: 60_000 };
    this.cooldownMs = (options.pairCooldownDays ?? 3) * DAY_MS;
    this.batchSize = options.batchSize ?? 20_000;
    this.replanPoolSize = options.replanPoolSize ?? 2000;
    this.loop = new BackgroundLoop(() => this.planDue(), {
      intervalMs: options.pollIntervalMs ?? 60_000,
      logger: deps.logger,
      failure: 'Warm-up planning failed; the mailboxes not planned yet are retried on the next run.',
      combine: (a, b) => ({ mailboxes: a.mailboxes + b.mailboxes, rows: a.rows + b.rows }),
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Mailboxes became eligible (verified, resumed): plan now if this process is a worker. */
  notify(): void {
    this.loop.notify();
  }

  /** Plans every mailbox due now; resolves with how many rows were inserted. */
  async runDue(): Promise<number> {
    return (await this.loop.run()).rows;
  }

  /** Like runDue, with the mailbox count too. */
  runDueDetailed(): Promise<PlanRunResult> {
    return this.loop.run();
  }

  private async planDue(): Promise<PlanRunResult> {
    const nowMs = this.deps.clock.now();
    const nowIso = isoTime(nowMs);
    const todayByZone = this.todayByZone(await this.repo.networkZones(), nowMs);
    const total: PlanRunResult = { mailboxes: 0, rows: 0 };
    if (!(await this.repo.anyDue(todayByZone))) return total;
    await this.repo.plans.pruneEmpty([...todayByZone.values()].sort()[0]!);
    // Loaded before the batches' transactions: on SQLite a transaction holds the only connection.
    const { pool, network } = await this.loadPool(nowMs, todayByZone);
    const windows = new WindowCache();
    const since = isoTime(nowMs - this.cooldownMs);
    // Batches in storage order (repo.network): each commit rewrites few pages. Due-ness is checked
    // again, locked, inside each batch's transaction: another worker may have planned some meanwhile.
    const dueIds = network.filter((m) => isDue(m, todayByZone)).map((m) => m.id);
    const byId = new Map(network.map((m) => [m.id, m]));
    const sqlite = this.deps.db.engine === 'sqlite';
    for (let start = 0; start < dueIds.length; start += this.batchSize) {
      await this.deps.db.kysely.transaction().execute(async (trx) => {
        // Sorted within the batch (natively: no comparator), so the plans go into warmup_plans in key
        // order; the batch's mailbox rows are neighbours anyway, whatever order they are updated in.
        const ids = dueIds.slice(start, start + this.batchSize).sort();
        // PostgreSQL: re-read and lock the batch (workers on other processes skip it). SQLite: one
        // writer, so the snapshot serves, and the advance below re-checks each mailbox (`onlyDue`).
        const batch = sqlite ? ids.map((id) => byId.get(id)!) : await this.repo.dueAmong(trx, ids, todayByZone);
        if (batch.length === 0) return;
        const recent = await this.repo.recentPairs(trx, batch.map((m) => m.id), since);
        const plans = batch.map((m) =>
          this.plan(m, todayByZone.get(m.timezone)!, m.warmup_day + 1, 0, nowMs, pool, toIndices(pool, recent.get(m.id)), windows),
        );
        const held = await this.repo.advance(trx, plans.map((p) => p.advance), nowIso, true);
        const written = plans.filter((p) => held.has(p.advance.id) && p.sends.length > 0);
        await this.repo.plans.insert(trx, written.map((p) => planRowOf(p, nowIso, 0)));
        total.mailboxes += held.size;
        for (const p of written) total.rows += p.sends.length;
      });
    }
    if (total.mailboxes > 0) {
      this.deps.logger.info({ ...total }, `Planned the day of ${total.mailboxes} warm-up mailbox(es): ${total.rows} message(s) scheduled.`);
    }
    return total;
  }

  /**
   * Re-plans the rest of today for one mailbox (see the file comment). Resolves with the rows planned;
   * 0 when the mailbox is not in the network (paused, in error, not verified, gone).
   */
  async replanToday(mailboxId: string): Promise<number> {
    const nowMs = this.deps.clock.now();
    const nowIso = isoTime(nowMs);
    const sender = await this.repo.mailbox(this.deps.db.kysely, mailboxId);
    if (sender === undefined) return 0;
    // Reads that need no lock come first: on SQLite a transaction holds the only connection.
    const peers = await this.repo.networkSample(sender.domain, this.replanPoolSize);
    const loads = await this.repo.pendingLoads(peers.map((p) => p.id));
    const pool = new RecipientPool(peers.map((p) => this.peerOf(p, loads, nowMs, new Map())), seededRandom(`replan|${mailboxId}|${nowMs}`));
    const recent = await this.repo.recentPairs(this.deps.db.kysely, [mailboxId], isoTime(nowMs - this.cooldownMs));
    return this.deps.db.kysely.transaction().execute(async (trx) => {
      const m = await this.repo.mailbox(trx, mailboxId, { lock: this.deps.db.engine === 'postgres', inNetwork: true });
      if (m === undefined) return 0;
      const date = localDateOf(nowMs, m.timezone);
      await this.repo.cancelUnsentNew(trx, m.id, nowIso);
      const today = await this.repo.newRowsOn(trx, m.id, date);
      const dayCounted = m.warmup_planned_through === date && today.any > 0;
      const day = dayCounted ? m.warmup_day : m.warmup_day + 1;
      const plan = this.plan(m, date, day, today.live, nowMs, pool, toIndices(pool, recent.get(m.id)), new WindowCache());
      await this.repo.advance(trx, [plan.advance], nowIso);
      if (today.plan !== undefined) await this.repo.plans.remove(trx, m.id, date);
      // A later plan of the same date: later planned_at (send ids derive from it), and still counted.
      const plannedAt = today.plan === undefined || today.plan.planned_at < nowIso ? nowIso : isoTime(Date.parse(today.plan.planned_at) + 1);
      if (plan.sends.length > 0 || today.plan !== undefined) await this.repo.plans.insert(trx, [planRowOf(plan, plannedAt, today.plan?.planned ?? 0)]);
      return plan.sends.length;
    });
  }

  private plan(m: PlanMailbox, date: string, day: number, alreadyPlanned: number, nowMs: number, pool: RecipientPool, recent: Set<number> | undefined, windows: WindowCache): DayPlan {
    return planDay({
      mailbox: m,
      date,
      day,
      alreadyPlanned,
      window: windows.get(m.timezone, date, m.send_window_start, m.send_window_end),
      nowMs,
      pool,
      recent,
      settings: this.settings,
    });
  }

  private todayByZone(zones: string[], nowMs: number): Map<string, string> {
    const today = new Map<string, string>();
    for (const zone of zones) {
      try {
        today.set(zone, localDateOf(nowMs, zone));
      } catch {
        this.deps.logger.warn({ timezone: zone }, `Time zone "${zone}" is unknown to this Node.js; its mailboxes are not planned. Set a valid IANA zone in their warm-up config.`);
      }
    }
    return today;
  }

  /** The recipient pool, and the network it was made of (the run's candidates to plan). */
  private async loadPool(nowMs: number, todayByZone: Map<string, string>): Promise<{ pool: RecipientPool; network: PlanMailbox[] }> {
    const [network, loads] = [await this.repo.network(), await this.repo.pendingLoads()];
    return { pool: new RecipientPool(network.map((m) => this.peerOf(m, loads, nowMs, todayByZone)), seededRandom(`pool|${nowMs}`)), network };
  }

  /** A peer's capacity is its own day's limit: the day it is on, or the next one if today is not planned yet. */
  private peerOf(m: PlanMailbox, loads: Map<string, number>, nowMs: number, todayByZone: Map<string, string>): Peer {
    let today = todayByZone.get(m.timezone);
    if (today === undefined) {
      try {
        today = localDateOf(nowMs, m.timezone);
      } catch {
        today = '';
      }
      todayByZone.set(m.timezone, today);
    }
    const day = m.warmup_planned_through !== null && m.warmup_planned_through >= today ? Math.max(1, m.warmup_day) : m.warmup_day + 1;
    return { id: m.id, email: m.email, domain: m.domain, provider: m.provider, capacity: rampLimit(m.warmup_mode, day, m.target_daily_limit), load: loads.get(m.id) ?? 0 };
  }
}

/** The stored plan of a day plan; `counted`: sends an earlier plan of the date held. */
function planRowOf(plan: DayPlan, plannedAt: string, counted: number): PlanRow {
  const first = plan.sends[0];
  return {
    mailbox_id: plan.advance.id,
    plan_date: plan.advance.plannedThrough,
    planned_at: plannedAt,
    planned: counted + plan.sends.length,
    sends: encodeSends(plan.sends),
    next_send_at: first === undefined ? null : sendTime(first),
  };
}

function toIndices(pool: RecipientPool, ids: Set<string> | undefined): Set<number> | undefined {
  if (ids === undefined) return undefined;
  const out = new Set<number>();
  for (const id of ids) {
    const index = pool.indexOf(id);
    if (index !== undefined) out.add(index);
  }
  return out;
}

/** Send windows as instants (and whether the date is a weekend), per (zone, date, start hour, end hour). */
class WindowCache {
  private readonly windows = new Map<string, { startMs: number; endMs: number; weekend: boolean }>();

  get(zone: string, date: string, startHour: number, endHour: number): { startMs: number; endMs: number; weekend: boolean } {
    const key = `${zone}|${date}|${startHour}|${endHour}`;
    let window = this.windows.get(key);
    if (window === undefined) {
      window = { startMs: zonedHourToUtc(date, startHour, zone), endMs: zonedHourToUtc(date, endHour, zone), weekend: isWeekend(date) };
      this.windows.set(key, window);
    }
    return window;
  }
}
