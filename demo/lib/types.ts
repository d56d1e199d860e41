/**
 * The shapes shared by the sample-message templates and the generator.
 */
import type { SeededRandom } from '../../src/platform/seeded-random.ts';

/** What a sample message is; the demo summary counts classifications per kind. */
export const DEMO_KINDS = ['newsletter', 'transactional', 'personal', 'spam', 'phishing', 'macro', 'eicar', 'smuggling', 'qr', 'campaign'] as const;
export type DemoKind = (typeof DEMO_KINDS)[number];

/** The roles of the demo honeypots (demo/honeypots.ts); templates address mail by role. */
export type HoneypotRole = 'billing' | 'careers' | 'helpdesk' | 'executive' | 'newsletters' | 'support' | 'vendor' | 'webmaster' | 'payroll' | 'seed';

export interface Attachment {
  filename: string;
  content: Buffer;
  contentType: string;
  /** Inline images are referenced from the HTML by `cid:`. */
  cid?: string;
}

/** One message as a template writes it; the generator adds Message-ID, Date and the recipient. */
export interface MailSpec {
  from: { name: string; address: string };
  /** SMTP `MAIL FROM`; default the From address (bounce addresses of bulk senders differ). */
  envelopeFrom?: string;
  /** The sending host's EHLO name; default `mail.<From domain>`. */
  helo?: string;
  replyTo?: string;
  subject: string;
  text?: string;
  html?: string;
  attachments?: Attachment[];
  /** Extra header fields, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
}

export interface TemplateContext {
  /** This message's own random stream (forked from the seed by template name and index). */
  random: SeededRandom;
  /** The message's index within its template, from 0. */
  index: number;
  /** The honeypot address the message goes to. */
  recipient: string;
  /** A display name to greet the recipient with. */
  recipientName: string;
}

export interface Template {
  /** Stable name; with the index it forms the message's name and Message-ID (`phishing-lookalike-03`). */
  name: string;
  kind: DemoKind;
  /** Messages generated from this template. */
  count: number;
  /** Honeypot roles the messages are sent to, in turn. */
  roles: readonly HoneypotRole[];
  build(context: TemplateContext): MailSpec;
}
