/**
 * One mailbox's plan for one local date, in memory (the planner writes it as a `warmup_plans` row).
 * Pure: the same mailbox, date and pool give the same volume, times and recipients (row ids, content
 * seeds, Message-IDs and tokens come when a send is materialised, planned-sends.ts).
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
import { MODES } from '../types.ts';
import { isWeekend } from './local-time.ts';
import type { PlannedSend } from './planned-sends.ts';
import type { MailboxAdvance, PlanMailbox } from './planner.repo.ts';
import { seededRandom } from './random.ts';
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
  /** The send window of the date, as instants; `weekend`: the date is one (computed when absent). */
  window: { startMs: number; endMs: number; weekend?: boolean };
  nowMs: number;
  pool: RecipientPool;
  /** Peer indices paired with this mailbox within the cooldown. */
  recent: ReadonlySet<number> | undefined;
  settings: PlanSettings;
}

export interface DayPlan {
  advance: MailboxAdvance;
  /** Sorted by time (the stored form, planned-sends.ts). */
  sends: PlannedSend[];
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
  if (m.weekdays_only === 1 && (input.window.weekend ?? isWeekend(date))) return { advance: { id: m.id, plannedThrough: date }, sends: [], volume: 0 };

  const random = seededRandom(`${m.id}|${date}`);
  const limit = rampLimit(m.warmup_mode, day, m.target_daily_limit);
  const cap = Math.min(m.target_daily_limit, MODES[m.warmup_mode].max, input.pool.eligibleFor(m));
  const volume = cap <= 0 ? 0 : varyVolume(limit, settings.variance, random, cap);
  const start = Math.max(input.window.startMs, input.nowMs + settings.leadMs);
  const wanted = Math.min(volume - input.alreadyPlanned, sendsThatFit(input.window.endMs - start, settings.minGapMs));
  const recipients: Peer[] = wanted > 0 ? shuffle(input.pool.choose(m, wanted, input.recent), random) : [];
  const times = layoutSendTimes(random, start, input.window.endMs, recipients.length, settings.minGapMs);

  const sends: PlannedSend[] = new Array(times.length);
  for (let i = 0; i < times.length; i += 1) sends[i] = { at: times[i]! / 1000, recipientId: recipients[i]!.id };
  const counts = sends.length + input.alreadyPlanned > 0;
  return {
    advance: { id: m.id, plannedThrough: date, ...(counts ? { day: { warmupDay: day, dailyLimit: limit } } : {}) },
    sends,
    volume,
  };
}
