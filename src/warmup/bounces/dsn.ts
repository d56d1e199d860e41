/**
 * Delivery status notifications (RFC 3464): `multipart/report; report-type=delivery-status` with a
 * human-readable part, a `message/delivery-status` part (per-message fields, then one block per
 * recipient: Final-Recipient, Action, Status, Diagnostic-Code, Remote-MTA) and the original message
 * (`message/rfc822`) or only its headers (`text/rfc822-headers`).
 *
 * `parseDsn` returns null for anything that is not a readable DSN (no delivery-status part, no
 * recipient block); it never throws. The original's Message-ID (and our tracking token, when the
 * DSN returned the headers) is what matches a DSN to the warm-up email it reports on.
 */
import { TOKEN_HEADER } from '../types.ts';
import { classifyBounce, type BounceClass } from './classify.ts';
import { firstField, parseEntity, parseFields, walk, type Entity } from './mime.ts';

export interface DsnRecipient {
  /** The address the report is about (the `rfc822;` type prefix removed). */
  finalRecipient: string | null;
  originalRecipient: string | null;
  /** `failed`, `delayed`, `delivered`, `relayed` or `expanded` (lower-cased). */
  action: string | null;
  /** Enhanced status code, e.g. `5.1.1`. */
  status: string | null;
  /** The remote server's answer (the `smtp;` type prefix removed). */
  diagnostic: string | null;
  remoteMta: string | null;
}

export interface DsnReport {
  /** Message-ID of the message that bounced, with angle brackets; null when the DSN did not include its headers. */
  originalMessageId: string | null;
  /** The original's X-Warmup-Token header, when the DSN returned the headers. */
  originalToken: string | null;
  reportingMta: string | null;
  /** Every recipient block, in order. */
  recipients: DsnRecipient[];
  /** The recipient this report is mainly about: the first `failed` one, else the first `delayed`, else the first. */
  finalRecipient: string | null;
  action: string | null;
  status: string | null;
  diagnostic: string | null;
  /** The bounce's type and category when that recipient failed; null for delays and success reports. */
  bounce: BounceClass | null;
}

const DELIVERY_STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status', 'text/delivery-status']);
const ORIGINAL_MESSAGE_TYPES = new Set(['message/rfc822', 'message/global']);
const ORIGINAL_HEADERS_TYPES = new Set(['text/rfc822-headers', 'message/rfc822-headers', 'message/global-headers']);

/** `rfc822; user@example.com` → `user@example.com`; `dns; mx.example.com` → `mx.example.com`. */
function typedValue(value: string | null): string | null {
  if (value === null) return null;
  const semicolon = value.indexOf(';');
  const stripped = (semicolon >= 0 ? value.slice(semicolon + 1) : value).trim().replace(/^<(.*)>$/, '$1');
  return stripped === '' ? null : stripped;
}

/** Blocks of fields separated by empty lines. */
function fieldBlocks(body: string): Array<Map<string, string[]>> {
  return body
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => parseFields(block.trim()))
    .filter((fields) => fields.size > 0);
}

function recipientOf(fields: Map<string, string[]>): DsnRecipient {
  const status = firstField(fields, 'status');
  const diagnostic = typedValue(firstField(fields, 'diagnostic-code'));
  return {
    finalRecipient: typedValue(firstField(fields, 'final-recipient')),
    originalRecipient: typedValue(firstField(fields, 'original-recipient')),
    action: firstField(fields, 'action')?.trim().toLowerCase().split(/\s/)[0] ?? null,
    status: status === null ? null : (/\d\.\d{1,3}\.\d{1,3}/.exec(status)?.[0] ?? null),
    diagnostic: diagnostic === null ? null : diagnostic.replace(/\s+/g, ' '),
    remoteMta: typedValue(firstField(fields, 'remote-mta')),
  };
}

function messageIdOf(value: string | null): string | null {
  if (value === null) return null;
  const bracketed = /<[^<>\s]+>/.exec(value);
  if (bracketed !== null) return bracketed[0];
  const bare = value.trim();
  return /^[^\s<>]+@[^\s<>]+$/.test(bare) ? `<${bare}>` : null;
}

/** The original message's headers from the DSN's third part, if it has one. */
function originalHeaders(parts: Entity[]): Map<string, string[]> | null {
  const original = parts.find((part) => ORIGINAL_MESSAGE_TYPES.has(part.contentType) || ORIGINAL_HEADERS_TYPES.has(part.contentType));
  if (original === undefined) return null;
  const split = /\r?\n\r?\n/.exec(original.body);
  return parseFields(split === null ? original.body : original.body.slice(0, split.index));
}

function mainRecipient(recipients: DsnRecipient[]): DsnRecipient | undefined {
  return recipients.find((r) => r.action === 'failed') ?? recipients.find((r) => r.action === 'delayed') ?? recipients[0];
}

/** Reads a DSN; null when `raw` is not one (see the top of this file). */
export function parseDsn(raw: Buffer): DsnReport | null {
  try {
    const parts = walk(parseEntity(raw.toString('latin1')));
    const statusPart = parts.find((part) => DELIVERY_STATUS_TYPES.has(part.contentType));
    if (statusPart === undefined) return null;
    const blocks = fieldBlocks(statusPart.body);
    const perMessage = blocks[0];
    const recipients = blocks
      .filter((fields) => fields.has('final-recipient') || fields.has('original-recipient') || fields.has('action'))
      .map(recipientOf)
      .filter((r) => r.action !== null || r.status !== null);
    const main = mainRecipient(recipients);
    if (main === undefined) return null;
    const headers = originalHeaders(parts);
    const bounce = main.action === 'failed' ? classifyBounce({ status: main.status, text: main.diagnostic }) : null;
    return {
      // Gmail also names the original in the per-message fields.
      originalMessageId: messageIdOf(headers === null ? null : firstField(headers, 'message-id')) ?? messageIdOf(perMessage === undefined ? null : firstField(perMessage, 'x-original-message-id')),
      originalToken: headers === null ? null : (firstField(headers, TOKEN_HEADER.toLowerCase())?.trim() || null),
      reportingMta: perMessage === undefined ? null : typedValue(firstField(perMessage, 'reporting-mta')),
      recipients,
      finalRecipient: main.finalRecipient,
      action: main.action,
      status: main.status,
      diagnostic: main.diagnostic,
      bounce,
    };
  } catch {
    return null;
  }
}
