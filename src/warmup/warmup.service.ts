/**
 * The warm-up API (CONTRACT.md §2): status and recent mail, pause / resume / update_config (each takes
 * effect at once), and the daily stats. Throws domain errors only.
 *
 * - pause: `status: 'paused'`, everything the mailbox would send is cancelled (sends dropped from its
 *   plans, `scheduled` rows cancelled).
 * - resume: `status: 'active'` (from paused or error: the login failure count starts again), and the
 *   rest of today is planned at once (what already went out today counts).
 * - update_config: checked as a whole (mode, ranges, window start < end, time zone), stored; when the
 *   window, volume or zone changed, today's rows not yet sent are re-planned.
 */
import type { MailboxesService } from '../mailboxes/mailboxes.service.ts';
import type { MailboxRow } from '../mailboxes/mailboxes.model.ts';
import { isoTime, type Clock } from '../platform/clock.ts';
import { InvalidInput } from '../platform/errors.ts';
import type { Logger } from '../platform/logger.ts';
import { addDays, isValidTimeZone, localDateOf } from './planning/local-time.ts';
import type { WarmupPlanner } from './planning/planner.ts';
import type { HealthReason } from './stats/health.ts';
import { MODES, type ContentWriter } from './types.ts';
import type { MailboxUpdate, WarmupRepo } from './warmup.repo.ts';
import type { ConfigInput, WarmupActionBody } from './warmup.schema.ts';

/** Rows shown in `recent_emails`. */
const RECENT_EMAILS = 20;

export interface WarmupServiceDeps {
  mailboxes: MailboxesService;
  repo: WarmupRepo;
  planner: WarmupPlanner;
  /** Subjects of sends still in the day plan (they are written when a send becomes a row). */
  writer: Pick<ContentWriter, 'subjectFor'>;
  clock: Clock;
  logger: Logger;
}

function configOf(row: MailboxRow) {
  return {
    target_daily_limit: row.target_daily_limit,
    reply_rate: row.reply_rate,
    thread_rate: row.thread_rate,
    weekdays_only: row.weekdays_only === 1,
    send_window_start: row.send_window_start,
    send_window_end: row.send_window_end,
    timezone: row.timezone,
  };
}

function rate(part: number, whole: number): string {
  return whole === 0 ? '0.00' : ((100 * part) / whole).toFixed(2);
}

function reasonsOf(row: MailboxRow): HealthReason[] {
  if (row.health_reasons === null) return [];
  try {
    return (JSON.parse(row.health_reasons) as HealthReason[]).slice(0, 3);
  } catch {
    return [];
  }
}

/** Config fields whose change moves today's plan. */
const PLAN_FIELDS = ['warmup_mode', 'target_daily_limit', 'weekdays_only', 'send_window_start', 'send_window_end', 'timezone'] as const;

export class WarmupService {
  private readonly deps: WarmupServiceDeps;

  constructor(deps: WarmupServiceDeps) {
    this.deps = deps;
  }

  async status(userId: string, mailboxId: string) {
    const row = await this.deps.mailboxes.require(userId, mailboxId);
    const recent = await this.recentEmails(userId, row.id);
    return {
      mailbox_id: row.id,
      email: row.email,
      status: row.status,
      health_score: row.health_score,
      daily_limit: row.daily_limit,
      warmup_day: row.warmup_day,
      warmup_mode: row.warmup_mode,
      config: configOf(row),
      recent_emails: recent,
      warmup_started_at: row.warmup_started_at,
      paused_reason: row.paused_reason,
      connection_error: row.connection_error,
      health: { score: row.health_score, confident: row.health_confident === 1, reasons: reasonsOf(row) },
    };
  }

  /** The latest rows and the sends still in the day plan (not rows yet), newest first. */
  private async recentEmails(userId: string, mailboxId: string) {
    const rows = await this.deps.repo.recentEmails(userId, mailboxId, RECENT_EMAILS);
    const planned = (await this.deps.repo.plans.previews(mailboxId)).map((p) => ({
      id: p.id, status: 'scheduled' as const, landed_in: null, subject: this.deps.writer.subjectFor(p.seed), scheduled_at: p.scheduled_at,
      sent_at: null, bounce_type: null, bounce_category: null,
    }));
    return [...rows, ...planned]
      .sort((a, b) => (a.scheduled_at === b.scheduled_at ? (a.id < b.id ? 1 : -1) : a.scheduled_at < b.scheduled_at ? 1 : -1))
      .slice(0, RECENT_EMAILS);
  }

  async act(userId: string, body: WarmupActionBody) {
    const row = await this.deps.mailboxes.require(userId, body.mailbox_id);
    if (body.action !== 'update_config' && body.config !== undefined) {
      throw new InvalidInput(`config is only accepted with action "update_config" (this request's action is "${body.action}").`, { field: 'config' });
    }
    let message: string;
    if (body.action === 'pause') message = await this.pause(row);
    else if (body.action === 'resume') message = await this.resume(row);
    else message = await this.updateConfig(row, body.config);
    const current = await this.deps.mailboxes.require(userId, row.id);
    return { success: true, message, config: { warmup_mode: current.warmup_mode, ...configOf(current) } };
  }

  async stats(userId: string, mailboxId: string, days = 7) {
    const row = await this.deps.mailboxes.require(userId, mailboxId);
    const today = localDateOf(this.deps.clock.now(), row.timezone);
    const from = addDays(today, 1 - days);
    const stored = new Map((await this.deps.repo.daily(row.id, from, today)).map((r) => [r.date, r]));
    let score = (await this.deps.repo.scoreBefore(row.id, from)) ?? (stored.size === 0 ? row.health_score : 100);
    const stats = [];
    for (let date = from; date <= today; date = addDays(date, 1)) {
      const r = stored.get(date);
      // A day without a row keeps the score it had; today without a row shows the current score.
      score = r?.health_score ?? (date === today ? row.health_score : score);
      const sent = r?.sent ?? 0;
      stats.push({
        date,
        sent,
        delivered: r?.delivered ?? 0,
        opened: r?.opened ?? 0,
        replied: r?.replied ?? 0,
        bounced: r?.bounced ?? 0,
        spam_landed: r?.spam_landed ?? 0,
        inbox_rate: rate(r?.inbox_landed ?? 0, sent),
        bounce_rate: rate(r?.bounced ?? 0, sent),
        reply_rate: rate(r?.replied ?? 0, sent),
        health_score: score.toFixed(2),
      });
    }
    return { mailbox_id: row.id, period: `${days}d`, stats };
  }

  private async pause(row: MailboxRow): Promise<string> {
    if (row.status === 'paused') return 'Warm-up is already paused.';
    const nowIso = isoTime(this.deps.clock.now());
    await this.deps.repo.updateMailbox(row.user_id, row.id, { status: 'paused', paused_reason: 'Paused through the API.', updated_at: nowIso });
    const cancelled = await this.deps.repo.cancelPlannedFrom(row.id, nowIso);
    this.deps.logger.info({ mailbox_id: row.id, cancelled }, `Mailbox ${row.email}: warm-up paused; ${cancelled} planned message(s) cancelled.`);
    return 'Warm-up paused';
  }

  private async resume(row: MailboxRow): Promise<string> {
    if (row.status === 'active') return 'Warm-up is already running.';
    const nowIso = isoTime(this.deps.clock.now());
    const changes: MailboxUpdate = { status: 'active', paused_reason: null, auth_failures: 0, updated_at: nowIso };
    if (row.status === 'error') changes.connection_error = null;
    await this.deps.repo.updateMailbox(row.user_id, row.id, changes);
    if (row.verify_state !== 'verified') return "Warm-up resumed; it starts once the mailbox's logins are verified.";
    const planned = await this.deps.planner.replanToday(row.id);
    this.deps.logger.info({ mailbox_id: row.id, planned }, `Mailbox ${row.email}: warm-up resumed; ${planned} message(s) planned for the rest of today.`);
    return 'Warm-up resumed';
  }

  private async updateConfig(row: MailboxRow, config: ConfigInput | undefined): Promise<string> {
    if (config === undefined || Object.keys(config).length === 0) {
      throw new InvalidInput('config is required with action "update_config" and must set at least one field (e.g. {"target_daily_limit": 30}).', { field: 'config' });
    }
    const changes = this.checkedChanges(row, config);
    await this.deps.repo.updateMailbox(row.user_id, row.id, { ...changes, updated_at: isoTime(this.deps.clock.now()) });
    const movesPlan = PLAN_FIELDS.some((field) => changes[field] !== undefined && changes[field] !== row[field]);
    if (movesPlan && row.status === 'active' && row.verify_state === 'verified') {
      const planned = await this.deps.planner.replanToday(row.id);
      this.deps.logger.info({ mailbox_id: row.id, planned }, `Mailbox ${row.email}: warm-up config changed; the rest of today re-planned (${planned} message(s)).`);
    }
    return 'Configuration updated';
  }

  /** The stored form of a config change, checked against the mailbox's current values. */
  private checkedChanges(row: MailboxRow, config: ConfigInput): MailboxUpdate & Partial<Pick<MailboxRow, (typeof PLAN_FIELDS)[number]>> {
    const mode = config.warmup_mode ?? row.warmup_mode;
    const max = MODES[mode].max;
    const changes: MailboxUpdate & Partial<Pick<MailboxRow, (typeof PLAN_FIELDS)[number]>> = {};
    if (config.warmup_mode !== undefined) changes.warmup_mode = config.warmup_mode;
    if (config.target_daily_limit !== undefined) {
      if (config.target_daily_limit > max) {
        throw new InvalidInput(`config.target_daily_limit ${config.target_daily_limit} is above the ${mode} mode's maximum of ${max} a day; give 1–${max}, or choose another warmup_mode.`, {
          field: 'config.target_daily_limit',
          value: config.target_daily_limit,
        });
      }
      changes.target_daily_limit = config.target_daily_limit;
    } else if (row.target_daily_limit > max) {
      changes.target_daily_limit = max; // a mode with a lower ceiling: the target follows it down
    }
    const start = config.send_window_start ?? row.send_window_start;
    const end = config.send_window_end ?? row.send_window_end;
    if (start >= end) {
      const field = config.send_window_start !== undefined ? 'config.send_window_start' : 'config.send_window_end';
      throw new InvalidInput(`${field}: the send window must start before it ends (hours 0–23, local time); got ${start}–${end}.`, { field, value: field.endsWith('start') ? start : end });
    }
    if (config.timezone !== undefined && !isValidTimeZone(config.timezone)) {
      throw new InvalidInput(`config.timezone "${config.timezone}" is not a time zone this server knows; give an IANA name such as Europe/Paris or America/New_York.`, {
        field: 'config.timezone',
        value: config.timezone,
      });
    }
    if (config.timezone !== undefined) changes.timezone = config.timezone;
    if (config.send_window_start !== undefined) changes.send_window_start = config.send_window_start;
    if (config.send_window_end !== undefined) changes.send_window_end = config.send_window_end;
    if (config.reply_rate !== undefined) changes.reply_rate = config.reply_rate;
    if (config.thread_rate !== undefined) changes.thread_rate = config.thread_rate;
    if (config.weekdays_only !== undefined) changes.weekdays_only = config.weekdays_only ? 1 : 0;
    return changes;
  }
}
