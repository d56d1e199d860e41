/**
 * One mailbox's plan for one local date, in memory (the planner writes it). Pure apart from the
 * CSPRNG draws for ids and tokens: the same mailbox, date and pool give the same volume, times,
 * recipients and content seeds.
 *
 * Rules (src/warmup/types.ts has the glossary):
 * - a weekend date of a `weekdays_only` mailbox gets no rows and does not count as a warm-up day;
 * - volume: the mode's ramp for the day (ramp.ts), varied by ±variance, never above the eligible peers;
 *   minus what is already planned for the date (a re-plan keeps what was sent);
 * - send times: uniformly random inside the send window in the mailbox's zone, not before `now` (+ a
 *   short lead), at least the minimum gap apart; a window already over plans nothing;
 * - the day counts (`warmup_day` advances, `daily_limit` is the day's ramp value, `warmup_started_at`
 *   is set the first time) only when it holds at least one row.
 */
import { isoTime } from '../../platform/clock.ts';
import { MODES, type ContentWriter } from '../types.ts';
import { isWeekend } from './local-time.ts';
import type { MailboxAdvance, NewWarmupRow, PlanMailbox } from './planner.repo.ts';
import { seededRandom, type IdSource } from './random.ts';
import { rampLimit, varyVolume } from './ramp.ts';
import type { Peer, RecipientPool } from './recipients.ts';
import { layoutSendTimes, sendsThatFit } from './send-times.ts';

export interface PlanSettings {
  /** Minimum time between two planned sends of one mailbox, ms. */
  minGapMs: number;
  /** Day-to-day variance of the volume, as a fraction (0.15 = ±15 %). */
  variance: number;
  /** No send is planned sooner than this after `now`, ms (the plan commits first). */
  leadMs: number;
}

export interface DayPlanInput {
  mailbox: PlanMailbox;
  /** The local date planned (the mailbox's today). */
  date: string;
  /** The warm-up day this date is (warmup_day + 1 for a new date). */
  day: number;
  /** `new` rows already planned for the date and not cancelled. */
  alreadyPlanned: number;
  /** The send window of the date, as instants. */
  window: { startMs: number; endMs: number };
  nowMs: number;
  pool: RecipientPool;
  /** Peer indices paired with this mailbox within the cooldown. */
  recent: ReadonlySet<number> | undefined;
  writer: ContentWriter;
  /** Time-ordered UUIDs and tokens (random.ts). */
  ids: IdSource;
  settings: PlanSettings;
}

export interface DayPlan {
  advance: MailboxAdvance;
  rows: NewWarmupRow[];
  /** The day's volume before subtracting what was already planned (for logs and tests). */
  volume: number;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

export function planDay(input: DayPlanInput): DayPlan {
  const { mailbox: m, date, day, settings } = input;
  if (m.weekdays_only === 1 && isWeekend(date)) return { advance: { id: m.id, plannedThrough: date }, rows: [], volume: 0 };

  const random = seededRandom(`${m.id}|${date}`);
  const limit = rampLimit(m.warmup_mode, day, m.target_daily_limit);
  const cap = Math.min(m.target_daily_limit, MODES[m.warmup_mode].max, input.pool.eligibleFor(m));
  const volume = cap <= 0 ? 0 : varyVolume(limit, settings.variance, random, cap);
  const start = Math.max(input.window.startMs, input.nowMs + settings.leadMs);
  const wanted = Math.min(volume - input.alreadyPlanned, sendsThatFit(input.window.endMs - start, settings.minGapMs));
  const recipients: Peer[] = wanted > 0 ? shuffle(input.pool.choose(m, wanted, input.recent), random) : [];
  const times = layoutSendTimes(random, start, input.window.endMs, recipients.length, settings.minGapMs);

  const nowIso = isoTime(input.nowMs);
  const rows: NewWarmupRow[] = times.map((at, i) => {
    const id = input.ids.uuid(input.nowMs);
    const seed = Math.floor(random() * 0x7fffffff);
    const peer = recipients[i]!;
    return {
      id,
      user_id: m.user_id,
      mailbox_id: m.id,
      recipient_mailbox_id: peer.id,
      recipient_email: peer.email,
      kind: 'new',
      thread_id: id,
      content_seed: seed,
      subject: input.writer.subjectFor(seed),
      message_id: `<${input.ids.uuid(input.nowMs)}@${m.domain}>`,
      token: input.ids.token(input.nowMs),
      plan_date: date,
      status: 'scheduled',
      scheduled_at: isoTime(at),
      created_at: nowIso,
      updated_at: nowIso,
    };
  });
  const counts = rows.length + input.alreadyPlanned > 0;
  return {
    advance: { id: m.id, plannedThrough: date, ...(counts ? { day: { warmupDay: day, dailyLimit: limit } } : {}) },
    rows,
    volume,
  };
}
