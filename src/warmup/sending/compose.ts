/**
 * Writes the message for a warm-up row: the body from the ContentWriter (bodies are not stored, only
 * seeds), and for an answer the whole thread rewritten from its first message down, so the parent
 * quoted in the reply is exactly the text that was sent, and `In-Reply-To`/`References` name the chain.
 */
import { correspondentFor } from '../content/people.ts';
import { TOKEN_HEADER, type ContentWriter, type Correspondent, type Draft, type ParentMessage } from '../types.ts';
import type { ThreadMessage, WarmupEmailRow } from './sending.repo.ts';
import type { OutgoingMail } from './transports.ts';

/** The thread above a row cannot be rebuilt (a message of it is gone). */
export class BrokenThreadError extends Error {}

export interface Composed {
  draft: Draft;
  /** The parent's Message-ID, for an answer. */
  inReplyTo?: string;
  /** Message-IDs from the thread's first message to the parent. */
  references: string[];
}

/** The rows from the thread's first message down to `parentId`, oldest first. */
function chainTo(parentId: string, thread: readonly ThreadMessage[]): ThreadMessage[] {
  const byId = new Map(thread.map((message) => [message.id, message]));
  const chain: ThreadMessage[] = [];
  for (let id: string | null = parentId; id !== null; ) {
    const message = byId.get(id);
    if (message === undefined || chain.length > thread.length) throw new BrokenThreadError(`message ${id} of the thread is gone`);
    chain.unshift(message);
    id = message.parent_id;
  }
  return chain;
}

function sender(message: ThreadMessage): Correspondent {
  if (message.sender_email === null) throw new BrokenThreadError(`the mailbox that sent ${message.id} is gone`);
  return correspondentFor(message.sender_email);
}

/** Rewrites the thread down to the parent and returns it as the writer's ParentMessage. */
function rebuildParent(writer: ContentWriter, chain: readonly ThreadMessage[]): ParentMessage {
  let parent: ParentMessage | null = null;
  for (const message of chain) {
    const from = sender(message);
    const to = correspondentFor(message.recipient_email);
    const draft: Draft = parent === null ? writer.newMessage(message.content_seed, from, to) : writer.reply(message.content_seed, from, to, parent);
    const references: string[] = parent === null ? [] : [...parent.references, parent.messageId];
    parent = { subject: message.subject || draft.subject, text: draft.text, from, date: new Date(message.sent_at ?? message.scheduled_at), messageId: message.message_id, references };
  }
  if (parent === null) throw new BrokenThreadError('the thread is empty');
  return parent;
}

/** The draft and threading headers of `row`, sent by `senderEmail`. */
export function composeRow(writer: ContentWriter, row: WarmupEmailRow, senderEmail: string, thread: readonly ThreadMessage[]): Composed {
  const from = correspondentFor(senderEmail);
  const to = correspondentFor(row.recipient_email);
  if (row.kind === 'new' || row.parent_id === null) {
    if (row.kind !== 'new') throw new BrokenThreadError(`the ${row.kind} ${row.id} has no parent`);
    return { draft: writer.newMessage(row.content_seed, from, to), references: [] };
  }
  const parent = rebuildParent(writer, chainTo(row.parent_id, thread));
  return { draft: writer.reply(row.content_seed, from, to, parent), inReplyTo: parent.messageId, references: [...parent.references, parent.messageId] };
}

/** The message as handed to nodemailer: headers from the row, body from the draft. */
export function outgoingMail(row: WarmupEmailRow, senderEmail: string, composed: Composed, date: Date): OutgoingMail {
  const from = correspondentFor(senderEmail);
  const to = correspondentFor(row.recipient_email);
  return {
    envelope: { from: senderEmail, to: [row.recipient_email] },
    from: { name: from.name, address: senderEmail },
    to: { name: to.name, address: row.recipient_email },
    // The stored subject is what the API shows; the draft's is the same for rows the writer subjected.
    subject: row.subject || composed.draft.subject,
    date,
    messageId: row.message_id,
    ...(composed.inReplyTo === undefined ? {} : { inReplyTo: composed.inReplyTo, references: composed.references }),
    headers: { [TOKEN_HEADER]: row.token },
    text: composed.draft.text,
    html: composed.draft.html,
  };
}
