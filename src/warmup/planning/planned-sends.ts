/**
 * A day plan's sends as stored in `warmup_plans.sends` (migration 0015), and how a send becomes its
 * full `warmup_emails` row when it comes due ("materialised").
 *
 * - Stored form: JSON `[[epoch seconds, recipient mailbox id], …]`, sorted by time: ~50 bytes a send,
 *   written as text without JSON.stringify (the planner writes 500,000 of them a run).
 * - Row id and content seed are derived from (mailbox, the plan's `planned_at`, recipient): a recipient
 *   appears at most once in a plan, so they are unique; they are stable, so `recent_emails` shows the
 *   same id for a planned send before and after it is materialised. Message-ID and token come from the
 *   CSPRNG at materialisation (random.ts): the token must stay unguessable.
 */
import { createHash } from 'node:crypto';
import { isoTime } from '../../platform/clock.ts';
import type { NewWarmupRow } from './planner.repo.ts';
import type { IdSource } from '../../platform/time-ordered-ids.ts';

export interface PlannedSend {
  /** Epoch seconds. */
  at: number;
  recipientId: string;
}

/** The sends as stored (`sends` column). Ids are UUIDs: no character needs escaping. */
export function encodeSends(sends: readonly PlannedSend[]): string {
  const parts = new Array<string>(sends.length);
  for (let i = 0; i < sends.length; i += 1) parts[i] = '[' + sends[i]!.at + ',"' + sends[i]!.recipientId + '"]';
  return '[' + parts.join(',') + ']';
}

export function decodeSends(text: string): PlannedSend[] {
  return (JSON.parse(text) as Array<[number, string]>).map(([at, recipientId]) => ({ at, recipientId }));
}

/** ISO time of a send. */
export function sendTime(send: PlannedSend): string {
  return isoTime(send.at * 1000);
}

/** The row id (a UUIDv8 shape) and content seed of a planned send (see the file comment). */
export function sendIdentity(mailboxId: string, plannedAt: string, recipientId: string): { id: string; seed: number } {
  const digest = createHash('sha256').update(`${mailboxId}|${plannedAt}|${recipientId}`).digest();
  digest[6] = (digest[6]! & 0x0f) | 0x80;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = digest.toString('hex', 0, 16);
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  return { id, seed: digest.readUInt32BE(16) & 0x7fffffff };
}

export interface PlanOf {
  mailbox_id: string;
  plan_date: string;
  planned_at: string;
}

export interface SenderOf {
  user_id: string;
  domain: string;
}

/**
 * The full `scheduled` row of a send. `recipientEmail` undefined: the recipient mailbox was deleted
 * since planning; the row then has no recipient (as `on delete set null` would leave it) and the
 * sender cancels it.
 */
export function materialisedRow(
  plan: PlanOf, sender: SenderOf, send: PlannedSend, recipientEmail: string | undefined,
  subjectFor: (seed: number) => string, ids: IdSource, nowMs: number,
): NewWarmupRow {
  const { id, seed } = sendIdentity(plan.mailbox_id, plan.planned_at, send.recipientId);
  const nowIso = isoTime(nowMs);
  return {
    id,
    user_id: sender.user_id,
    mailbox_id: plan.mailbox_id,
    recipient_mailbox_id: recipientEmail === undefined ? null : send.recipientId,
    recipient_email: recipientEmail ?? '',
    kind: 'new',
    thread_id: id,
    content_seed: seed,
    subject: subjectFor(seed),
    message_id: `<${ids.uuid(nowMs)}@${sender.domain}>`,
    token: ids.token(nowMs),
    plan_date: plan.plan_date,
    status: 'scheduled',
    scheduled_at: sendTime(send),
    created_at: nowIso,
    updated_at: nowIso,
  };
}
