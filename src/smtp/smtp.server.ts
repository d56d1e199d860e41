/**
 * The inbound SMTP server: the MX for honeypot domains (role `smtp`).
 *
 * The SMTP surface is a set of phase hooks (smtp-server); a hook fails with an error whose
 * `responseCode` becomes the reply:
 * - connect: 421 when the server or this client IP has too many connections;
 * - MAIL FROM: 552 when the declared SIZE is over the limit (smtp-server checks it);
 * - RCPT TO: 250 for an active honeypot, 450 while it is `pending`, 550 for anything else;
 *   452 past the recipient limit;
 * - DATA: streamed into the ingest pipeline with the size cap (552 when exceeded). The reply is 250
 *   only after the message is durably committed (row + raw blob); any failure before that is 451, so
 *   the sender retries, and nothing half-written remains.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { EmailIngest, InboundEnvelope, IngestTarget } from '../emails/ingest.service.ts';
import { BlobTooLarge } from '../platform/blobs/blob-store.ts';
import type { Logger } from '../platform/logger.ts';
import { installDataScan } from './data-scan.ts';
import type { TlsMaterial } from './tls.ts';

/** The storage pipeline: resolves only once the message is durably committed. */
export type MessageIngest = Pick<EmailIngest, 'ingest'>;

export type HoneypotLookup = (address: string) => Promise<{ id: string; user_id: string; status: string } | undefined>;

export interface InboundSmtpOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  hostname: string;
  maxMessageBytes: number;
  maxConnections: number;
  maxConnectionsPerIp: number;
  maxRecipients: number;
  tls: TlsMaterial;
  /** Idle time before a connection is dropped (ms). Default 60 s. */
  socketTimeoutMs?: number;
}

export interface InboundSmtpDeps {
  findHoneypot: HoneypotLookup;
  ingest: MessageIngest;
  logger: Logger;
}

/** An error smtp-server turns into the reply `<responseCode> <message>`. */
function smtpError(responseCode: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}

/** Reads the stream to its end so the client's DATA is consumed before we reply. */
function drain(stream: SMTPServerDataStream): Promise<void> {
  if (stream.readableEnded || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
    stream.resume();
  });
}

export class InboundSmtpServer {
  private readonly options: InboundSmtpOptions;
  private readonly deps: InboundSmtpDeps;
  private readonly server: SMTPServer;
  /** Open connections per client IP. */
  private readonly connectionsByIp = new Map<string, number>();
  /** Sessions that onConnect admitted and counted (onClose also runs for refused ones). */
  private readonly countedSessions = new Set<string>();
  /** Accepted targets of the transaction in progress, per session id (reset at MAIL FROM). */
  private readonly targetsBySession = new Map<string, IngestTarget[]>();

  constructor(options: InboundSmtpOptions, deps: InboundSmtpDeps) {
    this.options = options;
    this.deps = deps;
    if (!installDataScan()) {
      deps.logger.info('smtp-server is not the version the faster DATA scan (src/smtp/data-scan.ts) was written for; using its own, which costs more CPU per message.');
    }
    this.server = new SMTPServer({
      name: options.hostname,
      banner: 'Mailwarden ESMTP',
      size: options.maxMessageBytes,
      rejectOversized: true,
      key: options.tls.key,
      cert: options.tls.cert,
      authOptional: true,
      disabledCommands: ['AUTH'],
      disableReverseLookup: true,
      maxClients: options.maxConnections,
      socketTimeout: options.socketTimeoutMs ?? 60_000,
      logger: false,
      onConnect: (session, callback) => callback(this.admitConnection(session) ?? undefined),
      onClose: (session) => this.releaseConnection(session),
      onMailFrom: (_address, session, callback) => {
        this.targetsBySession.set(session.id, []);
        callback();
      },
      onRcptTo: (address, session, callback) => {
        this.acceptRecipient(address, session).then(() => callback(), (error: Error) => callback(error));
      },
      onData: (stream, session, callback) => {
        this.receiveMessage(stream, session).then(
          (reply) => callback(null, reply),
          (error: Error) => callback(error),
        );
      },
    });
    this.server.on('error', (error) => this.deps.logger.warn({ err: error }, 'SMTP connection error'));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private admitConnection(session: SMTPServerSession): Error | null {
    const ip = session.remoteAddress;
    const open = this.connectionsByIp.get(ip) ?? 0;
    if (open >= this.options.maxConnectionsPerIp) {
      return smtpError(421, '4.7.0 Too many connections from your address; try again later');
    }
    this.connectionsByIp.set(ip, open + 1);
    this.countedSessions.add(session.id);
    return null;
  }

  private releaseConnection(session: SMTPServerSession): void {
    this.targetsBySession.delete(session.id);
    if (!this.countedSessions.delete(session.id)) return;
    const ip = session.remoteAddress;
    const open = (this.connectionsByIp.get(ip) ?? 1) - 1;
    if (open <= 0) this.connectionsByIp.delete(ip);
    else this.connectionsByIp.set(ip, open);
  }

  private async acceptRecipient(address: SMTPServerAddress, session: SMTPServerSession): Promise<void> {
    const targets = this.targetsBySession.get(session.id) ?? [];
    // Counted as given (a repeated address counts again): the limit bounds the client's work, not ours.
    if (session.envelope.rcptTo.length >= this.options.maxRecipients) throw smtpError(452, '4.5.3 Too many recipients');
    let honeypot;
    try {
      honeypot = await this.deps.findHoneypot(address.address);
    } catch (error) {
      this.deps.logger.error({ err: error }, 'Could not look up a recipient; answering 451 so the sender retries.');
      throw smtpError(451, '4.3.0 Temporary lookup failure; try again later');
    }
    if (honeypot === undefined) throw smtpError(550, '5.1.1 No such user here');
    if (honeypot.status === 'pending') throw smtpError(450, '4.2.1 Mailbox not yet active; try again later');
    if (honeypot.status !== 'active') throw smtpError(550, '5.2.1 Mailbox disabled, not accepting messages');
    if (!targets.some((t) => t.honeypotId === honeypot.id)) targets.push({ honeypotId: honeypot.id, userId: honeypot.user_id });
    this.targetsBySession.set(session.id, targets);
  }

  private async receiveMessage(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const targets = this.targetsBySession.get(session.id) ?? [];
    this.targetsBySession.set(session.id, []);
    const envelope: InboundEnvelope = {
      transport: 'smtp',
      mailFrom: session.envelope.mailFrom === false || session.envelope.mailFrom.address === '' ? null : session.envelope.mailFrom.address,
      clientIp: session.remoteAddress,
      clientPort: session.remotePort,
      helo: session.hostNameAppearsAs || null,
      tls: session.secure,
      serverName: this.options.hostname,
    };
    try {
      // The ingest may stop reading early (size cap): it must not destroy the stream, whose remaining
      // DATA bytes smtp-server still has to read before it can reply.
      const chunks = stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Uint8Array>;
      const stored = await this.deps.ingest.ingest(chunks, envelope, targets, { maxBytes: this.options.maxMessageBytes });
      return `2.0.0 Ok: stored as ${stored.emailIds.join(', ')}`;
    } catch (error) {
      await drain(stream);
      if (error instanceof BlobTooLarge || stream.sizeExceeded) {
        throw smtpError(552, `5.3.4 Message exceeds the fixed maximum size of ${this.options.maxMessageBytes} bytes`);
      }
      this.deps.logger.error({ err: error, client_ip: session.remoteAddress }, 'Could not store an inbound message; answered 451 so the sender retries.');
      throw smtpError(451, '4.3.0 Temporary failure storing the message; try again later');
    }
  }
}
