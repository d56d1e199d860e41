/**
 * The warm-up engine: glossary and the interfaces between its parts.
 *
 * Glossary
 * - **network**: every active, verified mailbox on this server. Each sends warm-up mail to others and
 *   receives from others; the receiving side behaves like an engaged person.
 * - **mode**: `slow | balanced | aggressive | recovery` (CONTRACT.md §2): a ramp from `start` to `max`
 *   messages a day and a bounce limit. `target_daily_limit` caps the ramp below the mode's max.
 * - **warm-up day**: `mailboxes.warmup_day`, 1 on the first sending day; it advances once per local day
 *   on which the mailbox was planned (weekends skipped when `weekdays_only`).
 * - **local date**: a calendar date (YYYY-MM-DD) in the mailbox's `timezone`. Plans and daily stats are
 *   per local date.
 * - **plan**: the `new` messages laid out for one mailbox and local date, inside its send window, at
 *   random times with a minimum gap: one `warmup_plans` row (send times and recipients); each send
 *   becomes its `warmup_emails` row (`status = 'scheduled'`) when it comes due (planning/plans.repo.ts).
 *   "Planned" below means a send still in a plan or a `scheduled` row.
 * - **thread**: a `new` message, the `reply` of its recipient, then `continuation`s alternating between
 *   the two mailboxes. `thread_id` is the id of the `new` row; `parent_id` the row answered.
 * - **token**: an opaque random string carried by every warm-up message (header `X-Warmup-Token` and
 *   nowhere visible) so the recipient side finds the message in any folder.
 * - **placement** (`landed_in`): where the recipient side found the message first: `inbox`, `spam`
 *   (Junk/Spam folder), `promotions` (Gmail category), or `missing` when not found by the deadline.
 * - **rescue**: moving a message found in spam back to INBOX (and flagging it "not junk").
 * - **filing**: after engagement, moving warm-up mail out of INBOX into a folder of its own
 *   (`WARMUP_FOLDER`, default `Warmup`) so it never clutters the person's inbox.
 * - **health score**: 0–100 per mailbox, from the last 7 local days (recent days weigh more): inbox
 *   placement mainly, penalised by bounces, spam placement, blacklist listings and failing
 *   SPF/DKIM/DMARC; `health_confident` stays 0 below a minimum sample. `health_reasons` holds the top
 *   reasons it moved.
 *
 * The life of a `warmup_emails` row (src/platform/db/schema.ts has every column):
 *   sender materialises it from the plan as `scheduled` when due (answers are inserted `scheduled` by the
 *   recipient side) → sender claims it when due (`send_claimed_until`), sends over the
 *   sender's SMTP, records `smtp_outcome`: accepted → `sent` (+ `next_check_at` for the recipient side);
 *   5xx → `bounced` (hard) with `bounce_category`; 4xx → stays `scheduled` with a later `scheduled_at`
 *   until the retry limit, then `bounced` (soft); uncertain (lost after DATA) → `sent` with outcome
 *   `uncertain`, never resent → recipient side claims sent rows at `next_check_at`
 *   (`receive_claimed_until`), looks for the token, sets `landed_in`, rescues, opens, flags, schedules
 *   the answer (a new `reply`/`continuation` row, `replied_at` on this one), files it; `next_check_at`
 *   becomes null when nothing is left to do. A DSN in the sender's INBOX turns `sent` into `bounced`.
 *   Pause / config change / deleted peer turn remaining `scheduled` rows into `cancelled` (not shown by
 *   the API) and drop the sends still in plans (a plan emptied that way stays, so its day still counts).
 */

export type WarmupMode = 'slow' | 'balanced' | 'aggressive' | 'recovery';

export interface ModeRamp {
  /** Messages on warm-up day 1. */
  start: number;
  /** The ramp's ceiling (messages a day). */
  max: number;
  /** Bounce rate over the rolling window that pauses the mailbox, as a fraction (0.01 = 1 %). */
  bounceLimit: number;
}

/** CONTRACT.md §2. */
export const MODES: Record<WarmupMode, ModeRamp> = {
  slow: { start: 2, max: 20, bounceLimit: 0.005 },
  balanced: { start: 5, max: 40, bounceLimit: 0.01 },
  aggressive: { start: 10, max: 80, bounceLimit: 0.02 },
  recovery: { start: 1, max: 15, bounceLimit: 0.003 },
};

export type LandedIn = 'inbox' | 'spam' | 'promotions' | 'missing';
export type BounceType = 'hard' | 'soft';
export type BounceCategory = 'unknown_user' | 'mailbox_full' | 'policy' | 'spam_block' | 'dns' | 'other';

/** The header that carries the token. */
export const TOKEN_HEADER = 'X-Warmup-Token';

// ---------------------------------------------------------------- content (src/warmup/content/)

/** Who writes to whom, for the content generator. */
export interface Correspondent {
  /** Display name derived from the address or account (e.g. "Dana Whitfield"). */
  name: string;
  email: string;
}

/** A message to send, as written by the generator. */
export interface Draft {
  subject: string;
  text: string;
  html: string;
}

/** What a reply needs to know about the message it answers. */
export interface ParentMessage {
  subject: string;
  /** Plain-text body of the parent (quoted in the reply). */
  text: string;
  from: Correspondent;
  /** When the parent was sent. */
  date: Date;
  /** The parent's Message-ID with angle brackets. */
  messageId: string;
  /** The parent's References (Message-IDs with angle brackets, oldest first), empty for a `new`. */
  references: string[];
}

/**
 * Writes warm-up messages. Deterministic: the same seed and inputs give the same draft, so only the
 * seed is stored and the sender rewrites the body at send time.
 */
export interface ContentWriter {
  /** The subject of a new thread (the planner stores it; cheap, no body written). */
  subjectFor(seed: number): string;
  /** A new thread's message; its subject equals `subjectFor(seed)`. */
  newMessage(seed: number, from: Correspondent, to: Correspondent): Draft;
  /** An answer to `parent` ("Re: …", the parent quoted below the answer). */
  reply(seed: number, from: Correspondent, to: Correspondent, parent: ParentMessage): Draft;
}

// ---------------------------------------------------------------- jobs

/** Every warm-up job has this shape: the worker runs it on a BackgroundLoop; tests call `runDue()`. */
export interface WarmupJob {
  /** Does the work that is due now (by the injected clock); resolves to how many items it handled. */
  runDue(): Promise<number>;
}

// ---------------------------------------------------------------- safety (src/warmup/safety.ts)

/**
 * What the sender and the recipient side report about a mailbox, so the safety rules apply in one place.
 * Implemented by `WarmupSafety`.
 */
export interface MailboxEvents {
  /**
   * A login to the mailbox's own server failed (SMTP AUTH or IMAP LOGIN). After WARMUP_MAX_AUTH_FAILURES
   * in a row the mailbox gets `status: 'error'` with the server's answer in `connection_error`, and its
   * planned rows are cancelled; before that, the caller backs off (no tight retry loop).
   */
  loginFailed(mailboxId: string, protocol: 'SMTP' | 'IMAP', message: string): Promise<void>;
  /** A login succeeded: the failure count starts again from zero. */
  loginSucceeded(mailboxId: string): Promise<void>;
  /** A row sent by this mailbox bounced: checks the mode's bounce limit over the rolling window, pausing with a reason when crossed. */
  bounced(mailboxId: string): Promise<void>;
}
