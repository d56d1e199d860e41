/**
 * Header facts about the sender that the other inspectors do not cover: mail that claims to come from
 * the recipient's own address (extortion and "your mailbox" scams spoof it to look internal), and a
 * From address whose domain cannot exist (no dot, spaces, brackets — hand-made headers).
 */
import type { ParsedAddress } from '../emails/parsing/index.ts';
import type { Finding } from './types.ts';

export const HEADER_WEIGHTS = {
  from_is_recipient: { phishing: 15, spam: 5 },
  sender_domain_invalid: { phishing: 12, spam: 6 },
  /** The recipient's full address pasted into the subject ("jane@example.org, your reward"): bulk personalisation. */
  recipient_in_subject: { spam: 8, phishing: 6 },
} as const;

const VALID_DOMAIN = /^(?=.{3,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Headers only list managers write (RFC 2369/2919 and Yahoo Groups' older Mailing-List). */
const LIST_MANAGER_HEADERS = new Set(['list-id', 'list-post', 'mailing-list']);

/**
 * Mail a list manager distributed: lists re-send members' mail under their own rules — addressed to
 * the list, From rewritten to the list's own address ("Ann via AppArmor <apparmor@lists.ubuntu.com>",
 * the usual DMARC mitigation), Reply-To the list, signatures broken by footers — so sender tricks
 * judged on single messages do not apply. Bulk senders' List-Unsubscribe does not count.
 */
export function isMailingListMessage(headers: ReadonlyArray<{ name: string; value: string }>): boolean {
  return headers.some((h) => LIST_MANAGER_HEADERS.has(h.name.toLowerCase()));
}

export function inspectHeaders(from: ParsedAddress | null, to: readonly ParsedAddress[], headers: ReadonlyArray<{ name: string; value: string }> = []): Finding[] {
  const findings: Finding[] = [];
  const recipient = recipientInSubject(to, headers);
  if (recipient !== null) {
    findings.push({ type: 'recipient_in_subject', description: `The subject addresses the reader by their bare e-mail address (${recipient}), the mark of bulk mail merged from an address list.`, points: { ...HEADER_WEIGHTS.recipient_in_subject } });
  }
  const address = from?.address.trim().toLowerCase() ?? '';
  if (address === '') return findings;
  if (to.length === 1 && to[0]!.address.trim().toLowerCase() === address && !isMailingListMessage(headers)) {
    findings.push({ type: 'from_is_recipient', description: `The message claims to come from the recipient's own address (${address}), a common disguise for scams.`, points: { ...HEADER_WEIGHTS.from_is_recipient } });
  }
  const at = address.lastIndexOf('@');
  const domain = at < 0 ? '' : address.slice(at + 1).replace(/\.$/, '');
  if (at > 0 && !VALID_DOMAIN.test(domain) && !/^\[[0-9a-f:.]+\]$/.test(domain)) {
    findings.push({ type: 'sender_domain_invalid', description: `The From address's domain "${domain.slice(0, 60)}" cannot exist: the header was written by hand, not by a mail system.`, points: { ...HEADER_WEIGHTS.sender_domain_invalid } });
  }
  return findings;
}

/**
 * A To address written in the subject. Calendar invitations end their subject with the invitee in
 * brackets ("Invitation: Sync @ Mon 10am (jane@example.org)") and list mail names the list: neither counts.
 */
function recipientInSubject(to: readonly ParsedAddress[], headers: ReadonlyArray<{ name: string; value: string }>): string | null {
  if (isMailingListMessage(headers)) return null;
  const subject = headers.find((h) => h.name.toLowerCase() === 'subject')?.value.slice(0, 1000).toLowerCase() ?? '';
  if (!subject.includes('@')) return null;
  for (const { address } of to) {
    const wanted = address.trim().toLowerCase();
    if (wanted.length < 6 || !wanted.includes('@')) continue;
    const at = subject.indexOf(wanted);
    if (at < 0) continue;
    if (subject.slice(at - 1, at) === '(' && /^\)\s*$/.test(subject.slice(at + wanted.length))) continue;
    return wanted;
  }
  return null;
}
