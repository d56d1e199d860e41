/**
 * DSN intake: bounces of a mailbox's own warm-up mail arrive in its INBOX as delivery status
 * notifications. Each pass reads only INBOX mail that arrived since the last one (a UID cursor,
 * `mailboxes.imap_dsn_cursor` = `<UIDVALIDITY>:<last UID examined>`; IMAP dates are day-granular and
 * the server's clock, so they cannot say "since the last pass"), picks what looks like a DSN
 * (`Content-Type: multipart/report` or From MAILER-DAEMON), parses it, and matches the original
 * Message-ID — or, when the DSN quotes no Message-ID, the tracking token in the quoted headers — to a
 * row this mailbox sent. A matched failure turns the row `bounced` (type and category from the
 * enhanced code, src/warmup/bounces/classify.ts) and the DSN is filed away with the warm-up mail; a delay warning
 * (`Action: delayed`) is only filed. A DSN about anything else is left where it is for the person.
 */
import type { Logger } from '../../platform/logger.ts';
import type { BounceCategory, BounceType, MailboxEvents } from '../types.ts';
import { TOKEN_HEADER } from '../types.ts';
import type { ImapSession } from './imap-session.ts';
import type { ReceivingMailbox, ReceivingRepo } from './receiving.repo.ts';

/** What the DSN parser (src/warmup/bounces/) reads out of a report. */
export interface ParsedDsn {
  /** The original message's Message-ID with angle brackets, when the DSN quotes it. */
  originalMessageId: string | null;
  /** The original's tracking token, when the DSN returned its headers. */
  originalToken: string | null;
  /** Enhanced status code, e.g. `5.1.1`. */
  status: string | null;
  diagnostic: string | null;
  finalRecipient: string | null;
  /** `failed`, `delayed`, `delivered`, `relayed`, `expanded`. */
  action: string | null;
}

/** The bounce pieces the receiving side needs from the sender engineer's module. */
export interface DsnReader {
  /** Null when `raw` is not a delivery status notification. */
  parse(raw: Buffer): ParsedDsn | null;
  /** Type and category of a failure from its enhanced status code (the diagnostic text as a hint). */
  classify(status: string | null, diagnostic: string | null): { type: BounceType; category: BounceCategory };
}

export interface DsnIntakeContext {
  session: ImapSession;
  repo: ReceivingRepo;
  mailbox: ReceivingMailbox;
  inbox: string;
  filing: string;
  reader: DsnReader;
  events: MailboxEvents;
  logger: Logger;
  nowIso: string;
  /** Most DSNs examined per pass (the cursor resumes after the last one examined). */
  limit: number;
  /** Larger messages are not DSNs of warm-up mail (which quote a few KiB); skipped unread. */
  maxBytes: number;
}

export interface DsnIntakeResult {
  /** The new cursor to store. */
  cursor: string;
  /** Rows turned `bounced`. */
  bounced: number;
}

const TOKEN_IN_DSN = new RegExp(`^${TOKEN_HEADER}:[ \\t]*(\\S+)`, 'im');

function parseCursor(cursor: string | null): { validity: string; last: number } | null {
  const match = cursor === null ? null : /^(\d+):(\d+)$/.exec(cursor);
  return match === null ? null : { validity: match[1]!, last: Number(match[2]) };
}

/** Reads new INBOX mail for DSNs about this mailbox's warm-up rows. */
export async function takeDsns(ctx: DsnIntakeContext): Promise<DsnIntakeResult> {
  const { session } = ctx;
  await session.open(ctx.inbox);
  const selected = session.client.mailbox;
  if (selected === false) throw new Error(`${ctx.inbox} could not be selected for the DSN check.`);
  const validity = String(selected.uidValidity);
  const newest = Math.max(0, Number(selected.uidNext) - 1);
  const cursor = parseCursor(ctx.mailbox.imap_dsn_cursor);
  const last = cursor !== null && cursor.validity === validity ? cursor.last : 0;
  if (newest <= last) return { cursor: `${validity}:${Math.max(last, newest)}`, bounced: 0 };

  const found = await session.client.search(
    { uid: `${last + 1}:*`, or: [{ header: { 'content-type': 'multipart/report' } }, { from: 'mailer-daemon' }] },
    { uid: true },
  );
  let candidates = (found === false || found === undefined ? [] : found).filter((uid) => uid > last).sort((a, b) => a - b);
  // First pass on a mailbox (or after UIDVALIDITY changed): only the newest few, old bounces are not ours to judge.
  if (cursor === null || cursor.validity !== validity) candidates = candidates.slice(-ctx.limit);
  const examined = candidates.slice(0, ctx.limit);
  let bounced = 0;
  for (const uid of examined) {
    if (await examine(ctx, uid)) bounced += 1;
  }
  // Everything up to `newest` was looked at, unless more DSNs wait than one pass examines.
  const reached = examined.length < candidates.length ? examined.at(-1)! : newest;
  return { cursor: `${validity}:${Math.max(last, reached)}`, bounced };
}

/** Handles one candidate; true when it turned a row `bounced`. */
async function examine(ctx: DsnIntakeContext, uid: number): Promise<boolean> {
  await ctx.session.select(ctx.inbox);
  const message = await ctx.session.client.fetchOne(String(uid), { uid: true, size: true, source: { maxLength: ctx.maxBytes } }, { uid: true });
  if (message === false || message.source === undefined || (message.size ?? 0) > ctx.maxBytes) return false;
  const report = ctx.reader.parse(message.source);
  if (report === null) return false;
  // The token from the quoted headers; else anywhere in the DSN (some servers quote the original as text).
  const token = report.originalToken ?? TOKEN_IN_DSN.exec(message.source.toString('latin1'))?.[1];
  const row =
    (report.originalMessageId === null ? undefined : await ctx.repo.sentRowOf(ctx.mailbox.id, { messageId: report.originalMessageId })) ??
    (token === undefined ? undefined : await ctx.repo.sentRowOf(ctx.mailbox.id, { token }));
  if (row === undefined) return false;

  let marked = false;
  const action = report.action?.toLowerCase() ?? 'failed';
  if (action === 'failed') {
    const { type, category } = ctx.reader.classify(report.status, report.diagnostic);
    const detail = [report.status, report.diagnostic].filter((part) => part !== null && part !== '').join(' ') || 'delivery failed (no status given)';
    marked = await ctx.repo.markBounced(row.id, { type, category, detail }, ctx.nowIso);
    if (marked) {
      ctx.logger.info({ mailbox_id: ctx.mailbox.id, warmup_email_id: row.id, status: report.status, recipient: report.finalRecipient }, `Warm-up mail from ${ctx.mailbox.email} bounced (${type}): ${detail}`);
      await ctx.events.bounced(ctx.mailbox.id);
    }
  }
  await ctx.session.ensureFolder(ctx.filing);
  await ctx.session.move({ folder: ctx.inbox, uid }, ctx.filing);
  return marked;
}
