/**
 * Shared pieces of the receiving-side harness tests and the end-to-end warm-up test: the app
 * environment for the harness, mailboxes created and verified through the API, warm-up rows written
 * directly, real delivery through the harness's Postfix, a look into the harness's Dovecot over IMAP,
 * and a MailboxEvents that records what it is told (until WarmupSafety is wired in).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { mailboxDnsFrom } from '../../src/mailboxes/mailbox-dns.ts';
import type { Insertable } from 'kysely';
import type { WarmupEmailsTable } from '../../src/platform/db/schema.ts';
import { isoTime } from '../../src/platform/clock.ts';
import type { ImapConnectDeps } from '../../src/warmup/receiving/imap-session.ts';
import type { MailboxEvents } from '../../src/warmup/types.ts';
import { bearer, type TestApp } from '../support/app.ts';
import { harnessPassword, type Harness } from '../support/harness.ts';
import { TEST_SECRET } from '../mailboxes/support.ts';

export const CONNECT_TIMEOUT_MS = 5_000;

export function harnessEnv(harness: Harness, extra: Record<string, string> = {}): Record<string, string> {
  return {
    MAILWARDEN_SECRET: TEST_SECRET,
    DNS_SERVERS: harness.dnsServer,
    MAILBOX_TLS_CA_FILE: harness.caFile,
    MAILBOX_ALLOW_PRIVATE_HOSTS: 'true',
    MAILBOX_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
    ...extra,
  };
}

/** What the receiver needs to log in to harness mailboxes, from the app's own vault and resolver. */
export function imapDeps(t: TestApp, harness: Harness): ImapConnectDeps {
  return {
    vault: t.services.vault,
    dns: mailboxDnsFrom((name, rrtype) => t.services.resolver.resolve(name, rrtype)),
    options: { timeoutMs: CONNECT_TIMEOUT_MS, ca: [fs.readFileSync(harness.caFile, 'utf8')], allowPrivateHosts: true },
  };
}

/** Creates a mailbox for a harness user through the API (STARTTLS submission and IMAP). */
export async function createHarnessMailbox(t: TestApp, key: string, harness: Harness, address: string): Promise<string> {
  const password = harnessPassword(harness, address);
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/mailboxes',
    headers: bearer(key),
    payload: {
      email: address,
      smtp_host: harness.host, smtp_port: harness.ports.submission, smtp_user: address, smtp_pass: password,
      imap_host: harness.host, imap_port: harness.ports.imap, imap_user: address, imap_pass: password,
    },
  });
  assert.equal(response.statusCode, 201, response.body);
  return (response.json() as { id: string }).id;
}

export class RecordingEvents implements MailboxEvents {
  readonly calls: Array<{ event: 'loginFailed' | 'loginSucceeded' | 'bounced'; mailboxId: string; protocol?: string; message?: string }> = [];
  async loginFailed(mailboxId: string, protocol: 'SMTP' | 'IMAP', message: string): Promise<void> {
    this.calls.push({ event: 'loginFailed', mailboxId, protocol, message });
  }
  async loginSucceeded(mailboxId: string): Promise<void> {
    this.calls.push({ event: 'loginSucceeded', mailboxId });
  }
  async bounced(mailboxId: string): Promise<void> {
    this.calls.push({ event: 'bounced', mailboxId });
  }
  of(event: string, mailboxId?: string) {
    return this.calls.filter((c) => c.event === event && (mailboxId === undefined || c.mailboxId === mailboxId));
  }
}

export interface SentRowInput {
  from: { id: string; user_id: string; email: string };
  to: { id: string | null; email: string };
  sentAtMs: number;
  kind?: 'new' | 'reply' | 'continuation';
  threadId?: string;
  parentId?: string | null;
  depth?: number;
  token?: string;
  subject?: string;
}

/** A `sent` row as the sender job leaves it (due for checking now). */
export async function insertSentRow(t: TestApp, input: SentRowInput): Promise<{ id: string; token: string; messageId: string; subject: string }> {
  const id = randomUUID();
  const token = input.token ?? randomUUID().replaceAll('-', '');
  const domain = input.from.email.split('@')[1]!;
  const messageId = `<${randomUUID()}@${domain}>`;
  const subject = input.subject ?? `Quarterly figures ${token.slice(0, 6)}`;
  const sentIso = isoTime(input.sentAtMs);
  const row: Insertable<WarmupEmailsTable> = {
    id, user_id: input.from.user_id, mailbox_id: input.from.id, recipient_mailbox_id: input.to.id, recipient_email: input.to.email,
    kind: input.kind ?? 'new', thread_id: input.threadId ?? id, parent_id: input.parentId ?? null, thread_depth: input.depth ?? 0,
    content_seed: 1234, subject, message_id: messageId, token, plan_date: sentIso.slice(0, 10), status: 'sent',
    scheduled_at: sentIso, sent_at: sentIso, send_claimed_until: null, send_attempts: 1, smtp_outcome: 'accepted', smtp_response: '250 2.0.0 Ok',
    bounce_type: null, bounce_category: null, bounce_detail: null, landed_in: null, next_check_at: sentIso, receive_claimed_until: null,
    receive_attempts: 0, located_at: null, located_folder: null, located_uid: null, rescued_at: null, opened_at: null, flagged_at: null,
    replied_at: null, filed_at: null, created_at: sentIso, updated_at: sentIso,
  };
  await t.testDb.db.kysely.insertInto('warmup_emails').values(row).execute();
  return { id, token, messageId, subject };
}

/** Delivers a message carrying `token` through the harness's Postfix "MX" (no AUTH), as a sender's server would. */
export async function deliver(harness: Harness, message: { from: string; to: string; token: string; messageId: string; subject: string; junk?: boolean }): Promise<void> {
  const transport = nodemailer.createTransport({ host: harness.host, port: harness.ports.mx, secure: false, ignoreTLS: true, logger: false });
  try {
    await transport.sendMail({
      from: message.from,
      to: message.to,
      subject: message.subject,
      messageId: message.messageId,
      text: 'Hi,\n\nthe numbers are in the sheet; let me know what you think.\n\nBest,\nDana',
      headers: { 'X-Warmup-Token': message.token, ...(message.junk === true ? { 'X-Harness-Route': 'junk' } : {}) },
    });
  } finally {
    transport.close();
  }
}

/**
 * Hands a message to the harness's Postfix through its `sendmail` (pickup), addressed outside the test
 * domains: Postfix accepts it, its error transport refuses delivery, and Postfix writes a real DSN
 * (5.7.1) to `from`'s INBOX. (Over SMTP the same address is refused at RCPT, with no DSN.)
 */
export async function bounceThroughPostfix(harness: Harness, message: { from: string; to: string; token: string; messageId: string; subject: string }): Promise<void> {
  const configDir = path.join(path.dirname(harness.mailRoot), 'postfix', 'etc');
  const raw = [
    `From: ${message.from}`, `To: ${message.to}`, `Subject: ${message.subject}`, `Message-ID: ${message.messageId}`,
    `Date: ${new Date().toUTCString()}`, `X-Warmup-Token: ${message.token}`, '', 'Hello,', '', 'just checking in.', '',
  ].join('\r\n');
  await new Promise<void>((resolve, reject) => {
    const child = execFile('/usr/sbin/sendmail', ['-C', configDir, '-f', message.from, message.to], (error) => (error === null ? resolve() : reject(error)));
    child.stdin?.end(raw);
  });
}

/** An IMAP look into a harness mailbox, as the person (or a test) sees it. */
export class Peek {
  private readonly client: ImapFlow;
  constructor(client: ImapFlow) {
    this.client = client;
  }

  static async open(harness: Harness, address: string): Promise<Peek> {
    const client = new ImapFlow({
      host: harness.host, port: harness.ports.imap, secure: false, doSTARTTLS: true, tls: { ca: fs.readFileSync(harness.caFile) },
      auth: { user: address, pass: harnessPassword(harness, address) }, logger: false, disableAutoIdle: true,
    });
    client.on('error', () => {});
    await client.connect();
    return new Peek(client);
  }

  /** The message carrying `token` in `folder` (UID, flags, chosen headers), or null. */
  async find(folder: string, token: string, headers: string[] = []) {
    const exists = (await this.client.list()).some((f) => f.path === folder);
    if (!exists) return null;
    await this.client.mailboxOpen(folder);
    await this.client.noop();
    const uids = await this.client.search({ header: { 'X-Warmup-Token': token } }, { uid: true });
    if (uids === false || uids === undefined || uids.length === 0) return null;
    const message = await this.client.fetchOne(String(uids[0]), { uid: true, flags: true, headers: headers.length > 0 ? headers : undefined }, { uid: true });
    if (message === false) return null;
    return { uid: message.uid, flags: message.flags ?? new Set<string>(), headers: message.headers?.toString('utf8') ?? '' };
  }

  /** Waits until the message carrying `token` shows in `folder` (delivery is asynchronous); fails after `ms`. */
  async waitFor(folder: string, token: string, ms = 15_000) {
    const until = Date.now() + ms;
    for (;;) {
      const found = await this.find(folder, token);
      if (found !== null) return found;
      if (Date.now() > until) throw new Error(`No message with token ${token} arrived in ${folder} within ${ms} ms.`);
      // Polling a real server: delivery has no event to wait on from here.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Waits for a DSN in INBOX that quotes `messageId`; resolves with its UID. */
  async waitForDsn(messageId: string, ms = 20_000): Promise<number> {
    const until = Date.now() + ms;
    for (;;) {
      await this.client.mailboxOpen('INBOX');
      await this.client.noop();
      const uids = await this.client.search({ from: 'mailer-daemon', text: messageId.replace(/[<>]/g, '') }, { uid: true });
      if (uids !== false && uids !== undefined && uids.length > 0) return uids.at(-1)!;
      if (Date.now() > until) throw new Error(`No DSN about ${messageId} arrived in INBOX within ${ms} ms.`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Moves a message as another client (or a pass that died before recording it) would. */
  async move(folder: string, uid: number, destination: string): Promise<void> {
    if (!(await this.client.list()).some((f) => f.path === destination)) await this.client.mailboxCreate(destination);
    await this.client.mailboxOpen(folder);
    await this.client.messageMove(String(uid), destination, { uid: true });
  }

  /** Whether INBOX (or `folder`) still holds the message with this UID. */
  async hasUid(folder: string, uid: number): Promise<boolean> {
    await this.client.mailboxOpen(folder);
    await this.client.noop();
    const uids = await this.client.search({ uid: String(uid) }, { uid: true });
    return uids !== false && uids !== undefined && uids.includes(uid);
  }

  async close(): Promise<void> {
    await this.client.logout().catch(() => undefined);
    this.client.close();
  }
}
