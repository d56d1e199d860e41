/**
 * Bounce classification: an SMTP reply or a DSN's Status/Diagnostic-Code → `{type, category}`
 * (CONTRACT.md §2). The enhanced status code (RFC 3463, `class.subject.detail`) decides first; the
 * wording decides where codes are vague (x.0.0, x.7.1 used for both policy and spam blocks) or absent.
 *
 * Decisions:
 * - type: class 5 (permanent) → `hard`, class 4 (transient) → `soft`; without an enhanced code the basic
 *   reply code's first digit decides. `mailbox_full` is always `soft`, even as 5.2.2 or 552: the address
 *   exists and works, the box is only full for now; many providers send 5.2.2 for a full box, and
 *   counting that as hard would punish the sender for the recipient's housekeeping.
 * - category: `unknown_user` (x.1.1, x.1.0, x.1.3, x.1.6, x.2.1, Exchange's x.1.10 RecipientNotFound;
 *   "user unknown" wording), `mailbox_full` (x.2.2, "over quota"), `spam_block` (spam/blocklist wording,
 *   or a known blocklist named, under x.7.x, x.0.0 or no code), `policy` (any other x.7.x, x.3.4 size),
 *   `dns` (x.1.2, x.4.4, x.4.3, RFC 7505 null MX x.1.10, "host not found"), `other` for the rest.
 */
import type { BounceCategory, BounceType } from '../types.ts';

export interface BounceInput {
  /** Enhanced status code, e.g. `5.1.1` (taken from `text` when absent). */
  status?: string | null;
  /** Basic SMTP reply code, e.g. 550 (taken from `text` when absent). */
  code?: number | null;
  /** The server's reply or a DSN's Diagnostic-Code. */
  text?: string | null;
}

export interface BounceClass {
  type: BounceType;
  category: BounceCategory;
  /** The enhanced status code found, or null. */
  status: string | null;
}

const ENHANCED = /(?:^|[^\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d)/;

/** The first enhanced status code in a text (`550 5.1.1 <x>: …` → `5.1.1`), or null. */
export function enhancedCodeIn(text: string): string | null {
  const match = ENHANCED.exec(text);
  return match === null ? null : `${match[1]}.${Number(match[2])}.${Number(match[3])}`;
}

/** The basic reply code at the start of a reply (`550-5.1.1 …` → 550), after an optional `smtp;` prefix. */
export function replyCodeIn(text: string): number | null {
  const match = /^\s*(?:smtp\s*;\s*)?([245]\d\d)(?:[\s-]|$)/i.exec(text);
  return match === null ? null : Number(match[1]);
}

const BLOCKLISTS = /spamhaus|spamcop|barracuda|sorbs|uceprotect|surbl|uribl|invaluement|mailspike|psbl|\bdnsbl\b|\brbl\b|blocklist|blacklist|block list|black list/i;
const SPAM_WORDING = /\bspam\b|unsolicited|\bjunk\b|bulk mail|poor reputation|low reputation|sender reputation|ip reputation|message content rejected|content rejected|suspicious|blocked using|listed (at|on|in|by)|rejected as spam|spam message/i;
const UNKNOWN_USER_WORDING = /user unknown|unknown user|no such user|no such (mailbox|recipient)|does not exist|doesn'?t exist|recipient not found|address rejected|invalid recipient|unknown recipient|not a valid mailbox|mailbox (unavailable|not found)|recipientnotfound|account (has been )?disabled|no mailbox here/i;
const FULL_WORDING = /over ?quota|quota exceeded|mailbox (is )?full|mailbox full|exceeded (the )?storage|insufficient (user )?storage|out of storage/i;
const DNS_WORDING = /host (or domain name )?not found|domain not found|name service error|no mx|null mx|dns (error|failure|lookup)|unroutable|unable to route|no route to host|domain does not exist|nxdomain/i;

function categoryOf(status: string | null, text: string): BounceCategory {
  const [, subject, detail] = status === null ? [null, null, null] : status.split('.').map(Number);
  const spammy = SPAM_WORDING.test(text) || BLOCKLISTS.test(text);
  if (status !== null) {
    if (subject === 2 && detail === 2) return 'mailbox_full';
    if (subject === 1 && detail === 10) return /null mx/i.test(text) ? 'dns' : 'unknown_user';
    if (subject === 1 && [0, 1, 3, 6].includes(detail!)) return 'unknown_user';
    if (subject === 2 && detail === 1) return 'unknown_user';
    if (subject === 1 && detail === 2) return 'dns';
    if (subject === 4 && (detail === 4 || detail === 3)) return 'dns';
    if (subject === 7) return spammy ? 'spam_block' : 'policy';
    if (subject === 3 && detail === 4) return 'policy';
  }
  // Vague or absent codes (x.0.0, 4.4.1…): the wording decides.
  if (spammy && (status === null || subject === 0 || subject === 7 || subject === 3)) return 'spam_block';
  if (UNKNOWN_USER_WORDING.test(text)) return 'unknown_user';
  if (FULL_WORDING.test(text)) return 'mailbox_full';
  if (DNS_WORDING.test(text)) return 'dns';
  return 'other';
}

/** Classifies a bounce; see the decisions at the top of this file. */
export function classifyBounce(input: BounceInput): BounceClass {
  const text = input.text ?? '';
  const status = input.status ? (enhancedCodeIn(` ${input.status}`) ?? null) : enhancedCodeIn(text);
  const code = input.code ?? replyCodeIn(text);
  const category = categoryOf(status, text);
  const klass = status !== null ? Number(status[0]) : code !== null ? Math.floor(code / 100) : 5;
  const type: BounceType = category === 'mailbox_full' || klass === 4 ? 'soft' : 'hard';
  return { type, category, status };
}
