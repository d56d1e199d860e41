/**
 * What the engaged person does with one warm-up message once it is found, step by step. Each step is
 * recorded in its own column as soon as it is done (`landed_in`/`located_*`, `rescued_at`, `opened_at`,
 * `flagged_at`, `replied_at`, `filed_at`), and skipped when already recorded, so a pass cut short by a
 * crash or a lost connection resumes where it stopped and never does a step twice (the message is
 * found again by its token, UIDs having changed after any MOVE).
 *
 *   placement → rescue (spam only: MOVE to INBOX + `$NotJunk`) → open (`\Seen`) → flag (`\Flagged`,
 *   ~10 % of messages) → answer (a new `reply`/`continuation` row) → file (MOVE to WARMUP_FOLDER).
 *
 * And when it is not found: look again every few minutes until the placement deadline, then record
 * `missing` — and keep looking, hourly, for late arrivals until the late-arrival window closes. A message
 * that turns up late gets its real placement (the `missing` verdict was provisional: "not there in
 * time"), and is engaged and filed like any other so it never sits in the person's inbox.
 */
import { isoTime } from '../../platform/clock.ts';
import type { Logger } from '../../platform/logger.ts';
import type { ContentWriter } from '../types.ts';
import { buildAnswer, shouldAnswer } from './answers.ts';
import { chance } from './decisions.ts';
import type { Found, ImapSession } from './imap-session.ts';
import { placementOf, type PlacementFolders } from './placement.ts';
import type { ReceivingMailbox, ReceivingRepo, WarmupEmailRow } from './receiving.repo.ts';

const MINUTE_MS = 60_000;

export interface Timing {
  /** Minutes after sending by which a message must be found, else it is `missing`. */
  placementDeadlineMinutes: number;
  /** Minutes between searches before the deadline. */
  recheckMinutes: number;
  /** Hours after the deadline during which a `missing` message is still looked for (hourly). */
  lateArrivalHours: number;
}

export interface EngageContext {
  repo: ReceivingRepo;
  session: ImapSession;
  folders: PlacementFolders;
  /** The recipient mailbox (this session's). */
  mailbox: ReceivingMailbox;
  /** The senders of the claimed rows, by id. */
  peers: Map<string, ReceivingMailbox>;
  writer: ContentWriter;
  logger: Logger;
  nowMs: number;
  /** Percentage of messages flagged important. */
  flagPercent: number;
}

/**
 * Records where a found message is (its placement the first time), before any engagement: a pass
 * records every placement it found first, so they count even if engaging an earlier one fails.
 * Returns the row as it now stands.
 */
export async function place(ctx: Pick<EngageContext, 'repo' | 'folders' | 'nowMs'>, row: WarmupEmailRow, at: Found, inPromotions: boolean): Promise<WarmupEmailRow> {
  const nowIso = isoTime(ctx.nowMs);
  const location = { located_folder: at.folder, located_uid: at.uid };
  if (row.landed_in === null || row.landed_in === 'missing') {
    const placed = { ...location, landed_in: placementOf(at, ctx.folders, inPromotions, row.landed_in), located_at: nowIso };
    await ctx.repo.updateRow(row.id, placed, nowIso);
    return { ...row, ...placed };
  }
  if (row.located_folder !== at.folder || row.located_uid !== at.uid) await ctx.repo.updateRow(row.id, location, nowIso);
  return { ...row, ...location };
}

/** Works one placed message (see `place`) through every step not yet recorded. */
export async function engage(ctx: EngageContext, row: WarmupEmailRow, found: Found): Promise<void> {
  const { repo, session, folders } = ctx;
  const nowIso = isoTime(ctx.nowMs);
  let at = found;
  const record = (patch: Parameters<ReceivingRepo['updateRow']>[1]) => repo.updateRow(row.id, { ...patch, located_folder: at.folder, located_uid: at.uid }, nowIso);
  const landed = row.landed_in;

  if (landed === 'spam' && row.rescued_at === null) {
    if (folders.spam.includes(at.folder)) {
      at = await moved(session.move(at, folders.inbox, row.token), folders.inbox);
      // "Not junk" for servers and filters that learn from it; a server without keywords refuses, which is fine.
      await session.addFlags(at, ['$NotJunk']).catch(() => undefined);
    }
    await record({ rescued_at: nowIso });
  }

  if (row.opened_at === null) {
    await session.addFlags(at, ['\\Seen']);
    await record({ opened_at: nowIso });
  }

  if (row.flagged_at === null && chance(row.token, 'flag', ctx.flagPercent)) {
    await session.addFlags(at, ['\\Flagged']);
    await record({ flagged_at: nowIso });
  }

  if (row.replied_at === null) {
    const peer = ctx.peers.get(row.mailbox_id);
    if (peer !== undefined && shouldAnswer(row, ctx.mailbox, peer)) {
      const answer = buildAnswer(row, ctx.mailbox, peer, ctx.writer, ctx.nowMs);
      if (await repo.scheduleAnswer(row.id, answer, nowIso)) {
        ctx.logger.debug({ warmup_email_id: row.id, answer_id: answer.id, scheduled_at: answer.scheduled_at }, `${ctx.mailbox.email} will answer ${peer.email} (${answer.kind}).`);
      }
    }
  }

  if (row.filed_at === null) {
    if (at.folder !== folders.filing) {
      await session.ensureFolder(folders.filing);
      at = await moved(session.move(at, folders.filing, row.token), folders.filing);
    }
    await record({ filed_at: nowIso, next_check_at: null });
  } else {
    await record({ next_check_at: null });
  }
}

async function moved(result: Promise<Found | null>, destination: string): Promise<Found> {
  const at = await result;
  if (at === null) throw new Error(`the message was moved to ${destination} but cannot be found there again; the next pass looks for it by its token.`);
  return at;
}

/** A message not found this pass: when to look again, and `missing` once the deadline has passed. */
export async function notFound(repo: ReceivingRepo, row: WarmupEmailRow, timing: Timing, nowMs: number): Promise<void> {
  const sentMs = Date.parse(row.sent_at ?? row.scheduled_at);
  const deadline = sentMs + timing.placementDeadlineMinutes * MINUTE_MS;
  const lateUntil = deadline + timing.lateArrivalHours * 60 * MINUTE_MS;
  const nowIso = isoTime(nowMs);
  if (nowMs < deadline) {
    await repo.updateRow(row.id, { next_check_at: isoTime(Math.min(nowMs + timing.recheckMinutes * MINUTE_MS, deadline)) }, nowIso);
    return;
  }
  const next = nowMs + 60 * MINUTE_MS;
  await repo.updateRow(row.id, { landed_in: row.landed_in ?? 'missing', next_check_at: next <= lateUntil ? isoTime(next) : null }, nowIso);
}
