/**
 * Shared pieces of the warm-up sender's tests and benchmark: rows written straight into the database
 * (users, mailboxes with vault-encrypted passwords, warm-up emails), a recording MailboxEvents, and a
 * scripted SMTP server on loopback (smtp-server over implicit TLS) whose answers depend on the
 * recipient's local part.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { NEW_MAILBOX_DEFAULTS } from '../../src/mailboxes/mailboxes.model.ts';
import { passwordContext } from '../../src/mailboxes/verification/verifier.ts';
import type { Db } from '../../src/platform/db/index.ts';
import type { Vault } from '../../src/platform/vault.ts';
import { BuiltinContentWriter } from '../../src/warmup/content/index.ts';
import type { MailboxEvents } from '../../src/warmup/types.ts';

const writer = new BuiltinContentWriter();

export async function insertUser(db: Db, nowIso: string): Promise<string> {
  const id = `user_${randomUUID().replace(/-/g, '').slice(0, 26)}`;
  await db.kysely.insertInto('users').values({ id, email: `${id}@example.test`, name: null, plan: 'pro', role: 'user', created_at: nowIso, updated_at: nowIso }).execute();
  return id;
}

export interface MailboxSpec {
  userId: string;
  email: string;
  host: string;
  port: number;
  security?: 'tls' | 'starttls';
  pass: string;
  status?: 'active' | 'paused' | 'error';
  verify_state?: 'verifying' | 'verified' | 'failed';
  auth_failures?: number;
}

export async function insertMailbox(db: Db, vault: Vault, spec: MailboxSpec, nowIso: string): Promise<string> {
  const id = randomUUID();
  await db.kysely
    .insertInto('mailboxes')
    .values({
      id,
      user_id: spec.userId,
      email: spec.email,
      domain: spec.email.split('@')[1]!,
      provider: 'custom',
      status: spec.status ?? 'active',
      ...NEW_MAILBOX_DEFAULTS,
      auth_failures: spec.auth_failures ?? 0,
      warmup_started_at: nowIso,
      paused_reason: null,
      smtp_host: spec.host,
      smtp_port: spec.port,
      smtp_security: spec.security ?? 'tls',
      smtp_user: spec.email,
      smtp_pass: vault.encrypt(spec.pass, passwordContext(id, 'smtp_pass')),
      imap_host: spec.host,
      imap_port: 993,
      imap_security: 'tls',
      imap_user: spec.email,
      imap_pass: vault.encrypt(spec.pass, passwordContext(id, 'imap_pass')),
      imap_folders: null,
      sending_ip: null,
      connection_error: null,
      verify_state: spec.verify_state ?? 'verified',
      verify_lease_until: null,
      verify_attempts: 1,
      verified_at: nowIso,
      dns_spf: null,
      dns_dkim: null,
      dns_dmarc: null,
      dns_checked_at: null,
      dns_refresh_at: null,
      created_at: nowIso,
      updated_at: nowIso,
    })
    .execute();
  return id;
}

export interface RowSpec {
  userId: string;
  mailboxId: string;
  recipientMailboxId: string | null;
  recipientEmail: string;
  scheduledAt: string;
  kind?: 'new' | 'reply' | 'continuation';
  threadId?: string;
  parentId?: string | null;
  depth?: number;
  seed?: number;
  subject?: string;
  status?: 'scheduled' | 'sent';
  sentAt?: string | null;
  sendClaimedUntil?: string | null;
  /** Start of the token (default `wt_`), e.g. to find a benchmark's messages again. */
  tokenPrefix?: string;
}

/** Inserts a warm-up email row; returns its id, Message-ID and token. */
export async function insertRow(db: Db, spec: RowSpec) {
  const id = randomUUID();
  const seed = spec.seed ?? randomBytes(4).readUInt32BE(0) >>> 1;
  const domain = spec.recipientEmail.split('@')[1]!;
  const row = {
    id,
    user_id: spec.userId,
    mailbox_id: spec.mailboxId,
    recipient_mailbox_id: spec.recipientMailboxId,
    recipient_email: spec.recipientEmail,
    kind: spec.kind ?? 'new',
    thread_id: spec.threadId ?? id,
    parent_id: spec.parentId ?? null,
    thread_depth: spec.depth ?? 0,
    content_seed: seed,
    subject: spec.subject ?? writer.subjectFor(seed),
    message_id: `<${id}@warmup.${domain}>`,
    token: `${spec.tokenPrefix ?? 'wt_'}${randomBytes(12).toString('base64url')}`,
    plan_date: spec.scheduledAt.slice(0, 10),
    status: spec.status ?? 'scheduled',
    scheduled_at: spec.scheduledAt,
    sent_at: spec.sentAt ?? null,
    send_claimed_until: spec.sendClaimedUntil ?? null,
    created_at: spec.scheduledAt,
    updated_at: spec.scheduledAt,
  } as const;
  await db.kysely.insertInto('warmup_emails').values(row).execute();
  return { id, messageId: row.message_id, token: row.token, seed, subject: row.subject };
}

export async function rowById(db: Db, id: string) {
  return db.kysely.selectFrom('warmup_emails').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** MailboxEvents that only records what it was told (the safety rules are the planner's). */
export class RecordingEvents implements MailboxEvents {
  readonly loginFailures: Array<{ mailboxId: string; protocol: string; message: string }> = [];
  readonly loginSuccesses: string[] = [];
  readonly bounces: string[] = [];
  async loginFailed(mailboxId: string, protocol: 'SMTP' | 'IMAP', message: string): Promise<void> {
    this.loginFailures.push({ mailboxId, protocol, message });
  }
  async loginSucceeded(mailboxId: string): Promise<void> {
    this.loginSuccesses.push(mailboxId);
  }
  async bounced(mailboxId: string): Promise<void> {
    this.bounces.push(mailboxId);
  }
}

export interface ReceivedMessage {
  from: string;
  to: string[];
  raw: string;
}

export interface ScriptedSmtp {
  port: number;
  /** The server's certificate (PEM), to trust as the CA. */
  cert: string;
  messages: ReceivedMessage[];
  /** Connections opened, AUTH attempts (failed included). */
  stats: { connections: number; authAttempts: number; maxParallelPerSender: number; maxParallel: number };
  close(): Promise<void>;
}

/**
 * Answers by the recipient's local part: `unknown*` 550 5.1.1, `full*` 552 5.2.2, `later*` 451 4.7.1
 * at RCPT; `drop*` takes the whole message and then closes the connection without answering; `slow*`
 * answers after 150 ms. Logins must use the password `good-pass`.
 */
export async function startScriptedSmtp(): Promise<ScriptedSmtp> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const messages: ReceivedMessage[] = [];
  const stats = { connections: 0, authAttempts: 0, maxParallelPerSender: 0, maxParallel: 0 };
  const inData = new Map<string, number>();
  let parallel = 0;
  const server: SMTPServer = new SMTPServer({
    secure: true,
    key: pems.private,
    cert: pems.cert,
    logger: false,
    authMethods: ['PLAIN', 'LOGIN'],
    onConnect(_session, callback) {
      stats.connections += 1;
      callback();
    },
    onAuth(auth, _session, callback) {
      stats.authAttempts += 1;
      if (auth.password === 'good-pass') return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const local = address.address.split('@')[0]!;
      if (local.startsWith('unknown')) return callback(Object.assign(new Error('5.1.1 <' + address.address + '>: Recipient address rejected: User unknown'), { responseCode: 550 }));
      if (local.startsWith('full')) return callback(Object.assign(new Error('5.2.2 Mailbox full'), { responseCode: 552 }));
      if (local.startsWith('later')) return callback(Object.assign(new Error('4.7.1 Greylisted, try again later'), { responseCode: 451 }));
      return callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
      const to = session.envelope.rcptTo.map((r) => r.address);
      parallel += 1;
      inData.set(from, (inData.get(from) ?? 0) + 1);
      stats.maxParallel = Math.max(stats.maxParallel, parallel);
      stats.maxParallelPerSender = Math.max(stats.maxParallelPerSender, inData.get(from)!);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({ from, to, raw: Buffer.concat(chunks).toString('utf8') });
        const done = () => {
          parallel -= 1;
          inData.set(from, inData.get(from)! - 1);
        };
        if (to.some((address) => address.startsWith('drop'))) {
          done();
          for (const connection of server.connections) if (connection.id === session.id) connection._socket.destroy();
          return;
        }
        setTimeout(() => {
          done();
          callback();
        }, to.some((address) => address.startsWith('slow')) ? 150 : 0);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    cert: pems.cert,
    messages,
    stats,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
