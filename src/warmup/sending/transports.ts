/**
 * Pooled SMTP transports, one per sending mailbox: nodemailer's pool with a single connection
 * (`maxConnections: 1`, so a mailbox never has two sessions open: per-mailbox concurrency 1), kept
 * open between messages and closed once idle. A transport is rebuilt when the mailbox's settings or
 * password change, and dropped after an authentication or connection failure so the next attempt
 * starts clean.
 *
 * Each send reports whether the message body started to go out (`dataStarted`): the connection reads
 * the message stream only after the server answered DATA with 354, which is the line between "not
 * sent, safe to retry" and "the server may have it" (the pool uses the same signal for its own requeue).
 */
import net from 'node:net';
import type { Readable } from 'node:stream';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { Logger } from '../../platform/logger.ts';
import { sharedSecureContext } from '../../platform/tls-trust.ts';

export interface SmtpTarget {
  mailboxId: string;
  /** The host name the user gave (the certificate must carry it). */
  host: string;
  /** The address to connect to (resolved by the caller through the project's resolver). */
  address: string;
  port: number;
  security: 'tls' | 'starttls';
  user: string;
  pass: string;
}

export interface TransportOptions {
  /** Limit for each step (connect, greeting, TLS, each command), in ms. */
  timeoutMs: number;
  /** CA certificates to trust (PEM), or undefined for Node's default set. */
  ca: string[] | undefined;
  /** Close a mailbox's connection and transport after this long without a message, in ms. */
  idleMs: number;
  logger: Logger;
}

export interface OutgoingMail {
  envelope: { from: string; to: string[] };
  from: { name: string; address: string };
  to: { name: string; address: string };
  subject: string;
  date: Date;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  headers: Record<string, string>;
  text: string;
  html: string;
}

export interface SendResult {
  /** The server's final answer (`250 2.0.0 Ok: queued as …`). */
  response: string;
}

/** A send failed; `dataStarted` says whether the message body had started to go out. */
export class SendFailure extends Error {
  readonly dataStarted: boolean;
  constructor(cause: unknown, dataStarted: boolean) {
    super((cause as Error)?.message ?? String(cause), { cause });
    this.dataStarted = dataStarted;
  }
}

/** The key under which a send carries its probe through nodemailer's plugin step (string keys survive the copy, symbols do not). */
const PROBE_KEY = 'mailwardenDataProbe';

interface DataProbe {
  stream: Readable | null;
}

interface Entry {
  fingerprint: string;
  transport: Transporter<SMTPPool.SentMessageInfo>;
  lastUsed: number;
  busy: boolean;
}

export class SmtpTransports {
  private readonly options: TransportOptions;
  private readonly entries = new Map<string, Entry>();

  constructor(options: TransportOptions) {
    this.options = options;
  }

  /** Sends one message over the mailbox's pooled connection. Rejects with SendFailure. */
  async send(target: SmtpTarget, mail: OutgoingMail): Promise<SendResult> {
    const entry = this.entryFor(target);
    const probe: DataProbe = { stream: null };
    entry.busy = true;
    try {
      const info = await entry.transport.sendMail({ ...mail, [PROBE_KEY]: probe } as SendMailOptions);
      return { response: String(info.response ?? '') };
    } catch (error) {
      throw new SendFailure(error, probe.stream?.readableDidRead === true);
    } finally {
      entry.busy = false;
      entry.lastUsed = Date.now();
    }
  }

  /** Closes and forgets a mailbox's transport (after a failure, or when it is deleted). */
  close(mailboxId: string): void {
    const entry = this.entries.get(mailboxId);
    if (entry === undefined) return;
    this.entries.delete(mailboxId);
    entry.transport.close();
  }

  /** Closes transports unused for `idleMs` (real time: this is about sockets, not schedules). */
  closeIdle(): number {
    const cutoff = Date.now() - this.options.idleMs;
    let closed = 0;
    for (const [mailboxId, entry] of this.entries) {
      if (!entry.busy && entry.lastUsed < cutoff) {
        this.close(mailboxId);
        closed += 1;
      }
    }
    return closed;
  }

  closeAll(): void {
    for (const mailboxId of [...this.entries.keys()]) this.close(mailboxId);
  }

  /** Open transports (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  private entryFor(target: SmtpTarget): Entry {
    const fingerprint = JSON.stringify([target.host, target.address, target.port, target.security, target.user, target.pass]);
    const existing = this.entries.get(target.mailboxId);
    if (existing !== undefined && existing.fingerprint === fingerprint) return existing;
    if (existing !== undefined) this.close(target.mailboxId);
    const entry: Entry = { fingerprint, transport: this.createTransport(target), lastUsed: Date.now(), busy: false };
    this.entries.set(target.mailboxId, entry);
    return entry;
  }

  private createTransport(target: SmtpTarget): Transporter<SMTPPool.SentMessageInfo> {
    // SNI and certificate name: the host name, unless the user gave an IP address.
    const servername = net.isIP(target.host) === 0 ? target.host : undefined;
    const { timeoutMs } = this.options;
    const transport = nodemailer.createTransport({
      pool: true,
      maxConnections: 1,
      maxMessages: 100,
      // A reused connection the server closed before the message went out is retried once on a new one.
      maxRequeues: 1,
      idleTimeout: this.options.idleMs,
      host: target.address,
      port: target.port,
      secure: target.security === 'tls',
      // STARTTLS is mandatory: the password never crosses the wire in clear text.
      requireTLS: target.security === 'starttls',
      auth: { user: target.user, pass: target.pass },
      tls: { secureContext: sharedSecureContext(this.options.ca), servername, minVersion: 'TLSv1.2' },
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs * 2,
      dnsTimeout: timeoutMs,
      logger: false,
      debug: false,
    } as SMTPPool.Options);
    transport.use('stream', (mail, done) => {
      const probe = (mail.data as Record<string, unknown>)[PROBE_KEY] as DataProbe | undefined;
      // The connection pipes the message stream only after the server's 354 to DATA.
      if (probe !== undefined) {
        mail.message.processFunc((input: Readable) => {
          probe.stream = input;
          return input;
        });
      }
      done();
    });
    transport.on('error', (error: unknown) => this.options.logger.debug({ err: error, mailbox_id: target.mailboxId }, 'Warm-up SMTP pool reported an error.'));
    return transport;
  }
}
