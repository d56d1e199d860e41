/**
 * The top-level header fields of a message from its first bytes, without reading the body: what the
 * SMTP path needs before it answers 250 (From, To, Subject, Message-ID, Date for the list view). The
 * body, attachments and their warnings are parsed later, by the analysis job, from the stored blob.
 *
 * The same parser reads the header block (so fields decode exactly as in a full parse); the block is
 * cut at the first empty line (or at `maxHeaderBytes`) and given an empty body.
 */
import { parseMessage } from './parse-message.ts';
import type { MessageHeaders } from './types.ts';

/** Header bytes kept for the early parse: the parser's own header-block limit. */
export const HEADER_PREFIX_BYTES = 256 * 1024;

/** Index just past the empty line that ends the header block, or -1 when `head` has none. */
export function headerBlockEnd(head: Buffer): number {
  for (let i = head.indexOf(0x0a); i >= 0 && i < head.length - 1; i = head.indexOf(0x0a, i + 1)) {
    if (head[i + 1] === 0x0a) return i + 2;
    if (head[i + 1] === 0x0d && head[i + 2] === 0x0a) return i + 3;
  }
  return -1;
}

export async function parseHeaderBlock(head: Buffer): Promise<MessageHeaders> {
  const end = headerBlockEnd(head);
  const block = Buffer.concat([end < 0 ? head.subarray(0, HEADER_PREFIX_BYTES) : head.subarray(0, end), Buffer.from('\r\n\r\n')]);
  const parsed = await parseMessage(block, { timeoutMs: 5_000 });
  return {
    headers: parsed.headers,
    messageId: parsed.messageId,
    subject: parsed.subject,
    from: parsed.from,
    to: parsed.to,
    cc: parsed.cc,
    replyTo: parsed.replyTo,
    date: parsed.date,
  };
}
