/**
 * The answer an engaged person writes: whether a message gets one, and the new `warmup_emails` row
 * (`reply` to a `new`, `continuation` otherwise) that the sender job then sends with its threading
 * headers. Only the subject is written here (through the ContentWriter); the sender writes the body
 * from `content_seed` at send time.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { isoTime } from '../../platform/clock.ts';
import { correspondentFor } from '../content/people.ts';
import type { ContentWriter } from '../types.ts';
import { between, chance } from './decisions.ts';
import type { ReceivingMailbox, WarmupEmailRow } from './receiving.repo.ts';

/** Deepest answer in a thread: new (0) → reply (1) → continuations 2, 3, 4. */
export const MAX_THREAD_DEPTH = 4;
/** A person answers 10 minutes to 3 hours after reading (then moved into their send window). */
export const ANSWER_DELAY_MINUTES = { min: 10, max: 180 } as const;

const MINUTE_MS = 60_000;
const STEP_MS = 15 * MINUTE_MS;
/** Looking for a send-window slot further than this ahead means the window cannot be met; the delay stands. */
const WINDOW_SEARCH_MS = 8 * 24 * 60 * MINUTE_MS;

/**
 * Whether `row` (received by `replier`, sent by `peer`) gets an answer: a `new` with the replier's
 * `reply_rate`, a reply/continuation with its `thread_rate`, never past MAX_THREAD_DEPTH, and only
 * between two active mailboxes (a paused one sends nothing).
 */
export function shouldAnswer(row: WarmupEmailRow, replier: ReceivingMailbox, peer: ReceivingMailbox | undefined): boolean {
  if (peer === undefined || peer.status !== 'active' || peer.verify_state !== 'verified' || replier.status !== 'active') return false;
  if (row.thread_depth + 1 > MAX_THREAD_DEPTH) return false;
  return row.kind === 'new' ? chance(row.token, 'reply', replier.reply_rate) : chance(row.token, 'continue', replier.thread_rate);
}

/** Local calendar parts of `ms` in `timeZone`. */
function localParts(ms: number, timeZone: string): { date: string; hour: number; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', weekday: 'short' }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return { date: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')), weekday };
}

function inWindow(ms: number, mailbox: ReceivingMailbox): boolean {
  const local = localParts(ms, mailbox.timezone);
  if (mailbox.weekdays_only === 1 && (local.weekday === 0 || local.weekday === 6)) return false;
  return local.hour >= mailbox.send_window_start && local.hour < mailbox.send_window_end;
}

/**
 * When the answer goes out: `delayMinutes` after now, moved forward to the replier's next send-window
 * slot (15-minute steps, weekends skipped when `weekdays_only`) if it falls outside; a window that
 * cannot be met within a week leaves the plain delay.
 */
export function answerTime(nowMs: number, delayMinutes: number, replier: ReceivingMailbox): number {
  const wanted = nowMs + delayMinutes * MINUTE_MS;
  for (let at = wanted; at <= wanted + WINDOW_SEARCH_MS; at += STEP_MS) {
    if (inWindow(at, replier)) return at;
  }
  return wanted;
}

/** The replier's local date (YYYY-MM-DD) of `ms`: the plan date of the answer. */
export function localDate(ms: number, timeZone: string): string {
  return localParts(ms, timeZone).date;
}

/** A fresh tracking token: 144 random bits, 24 URL-safe characters (as the planner's). */
export function newToken(): string {
  return randomBytes(18).toString('base64url');
}

/** A fresh Message-ID (with angle brackets) in the sending mailbox's domain. */
export function newMessageId(domain: string): string {
  return `<${randomUUID()}@${domain}>`;
}

/**
 * The answer row to `row`: sent by `replier` (the mailbox that received `row`) to `peer`, in the same
 * thread, one level deeper, scheduled after a human-like delay inside the replier's send window.
 */
export function buildAnswer(row: WarmupEmailRow, replier: ReceivingMailbox, peer: ReceivingMailbox, writer: ContentWriter, nowMs: number): WarmupEmailRow {
  const seed = randomBytes(4).readUInt32BE(0) >>> 1;
  const from = correspondentFor(replier.email);
  const to = correspondentFor(peer.email);
  // The subject comes from the parent's subject ("Re: …"); the body the sender writes from the seed.
  const draft = writer.reply(seed, from, to, {
    subject: row.subject,
    text: '',
    from: to,
    date: new Date(row.sent_at ?? row.scheduled_at),
    messageId: row.message_id,
    references: [],
  });
  const scheduledMs = answerTime(nowMs, between(row.token, 'delay', ANSWER_DELAY_MINUTES.min, ANSWER_DELAY_MINUTES.max), replier);
  const nowIso = isoTime(nowMs);
  return {
    id: randomUUID(),
    user_id: replier.user_id,
    mailbox_id: replier.id,
    recipient_mailbox_id: peer.id,
    recipient_email: peer.email,
    kind: row.kind === 'new' ? 'reply' : 'continuation',
    thread_id: row.thread_id,
    parent_id: row.id,
    thread_depth: row.thread_depth + 1,
    content_seed: seed,
    subject: draft.subject,
    message_id: newMessageId(replier.domain),
    token: newToken(),
    plan_date: localDate(scheduledMs, replier.timezone),
    status: 'scheduled',
    scheduled_at: isoTime(scheduledMs),
    sent_at: null,
    send_claimed_until: null,
    send_attempts: 0,
    smtp_outcome: null,
    smtp_response: null,
    bounce_type: null,
    bounce_category: null,
    bounce_detail: null,
    landed_in: null,
    next_check_at: null,
    receive_claimed_until: null,
    receive_attempts: 0,
    located_at: null,
    located_folder: null,
    located_uid: null,
    rescued_at: null,
    opened_at: null,
    flagged_at: null,
    replied_at: null,
    filed_at: null,
    created_at: nowIso,
    updated_at: nowIso,
  };
}
