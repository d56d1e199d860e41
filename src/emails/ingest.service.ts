/**
 * The ingest pipeline shared by the SMTP server and `POST /v1/emails`:
 *
 *   source ─▶ blob store `stage` (hash + size cap while streaming; large content durable on return)
 *          └─▶ header block read as it streams past (From, To, Subject, Message-ID, Date)
 *          ─▶ ONE transaction: the raw bytes when the store keeps them in the database (small
 *             messages), an `emails` row per target (`analysis_status` pending) + honeypot counters
 *
 * `ingest` resolves only after that commit, so the SMTP server may answer 250 when it resolves and
 * 451 when it rejects. Any failure before the commit leaves no rows. The raw blob of a failed ingest
 * is queued for collection at once (best effort); if even that fails (database down) the collector's
 * orphan sweep removes it later. Either way the collector's grace period protects a blob another
 * ingest of the same bytes is about to reference.
 *
 * The body, attachments and parse warnings are not read here: the analysis job parses the stored
 * message in a worker thread and stores them with the scores (analysis/analysis.jobs.ts). Keeping the
 * MIME work off this path is what lets one SMTP process accept mail at disk speed, and keeps a 25 MB
 * message from ever being held in memory here. Until then the row has no bodies and
 * `attachment_count` 0. Malformed MIME is never refused.
 */
import { isoTime, type Clock } from '../platform/clock.ts';
import { queueBlobDeletion, type BlobStore, type StagedBlob } from '../platform/blobs/index.ts';
import { Unprocessable } from '../platform/errors.ts';
import type { Db } from '../platform/db/index.ts';
import { newId } from '../platform/ids.ts';
import type { Logger } from '../platform/logger.ts';
import type { HoneypotsRepo } from '../honeypots/honeypots.repo.ts';
import type { EmailsRepo } from './emails.repo.ts';
import { addressList, storedHeaders, type NewEmailRow } from './emails.model.ts';
import { HeaderBlockReader, type MessageHeaders } from './parsing/index.ts';

export interface InboundEnvelope {
  transport: 'smtp' | 'http';
  /** `MAIL FROM` address; null for the null sender `<>` or over HTTP. */
  mailFrom: string | null;
  clientIp: string | null;
  clientPort: number | null;
  helo: string | null;
  tls: boolean;
  /** Our own host name: the server that received the message. */
  serverName: string;
}

export interface IngestTarget {
  honeypotId: string;
  userId: string;
}

export interface IngestOptions {
  /** Largest raw message accepted, in bytes; more rejects with BlobTooLarge (SMTP 552). */
  maxBytes: number;
}

export interface IngestResult {
  /** One per target, in target order. */
  emailIds: string[];
  rawSha256: string;
  size: number;
}

/** A raw message stored and its header block read, not yet committed to anyone's mailbox. */
export interface ReceivedMessage {
  rawSha256: string;
  /** Writes the raw bytes in the commit's transaction (small messages); undefined when already stored. */
  writeRaw?: StagedBlob['writeIn'];
  size: number;
  headers: MessageHeaders;
}

export interface EmailIngestDeps {
  repo: EmailsRepo;
  honeypots: HoneypotsRepo;
  blobs: BlobStore;
  clock: Clock;
  logger: Logger;
  /** Runs a short write transaction, durable on return (Db.groupCommit). */
  groupCommit: Db['groupCommit'];
  /** Called after each commit (the analysis queue wakes up). Default: nothing. */
  onCommitted?: () => void;
}

export class EmailIngest {
  private readonly deps: EmailIngestDeps;
  constructor(deps: EmailIngestDeps) {
    this.deps = deps;
  }

  async ingest(source: AsyncIterable<Uint8Array>, envelope: InboundEnvelope, targets: readonly IngestTarget[], options: IngestOptions): Promise<IngestResult> {
    if (targets.length === 0) throw new Unprocessable('A message needs at least one receiving honeypot; nothing was stored.');
    const received = await this.receive(source, options);
    return this.commit(received, envelope, targets);
  }

  /**
   * Streams the raw message to the blob store's `stage` (a small message is held until the commit
   * writes it; a large one is stored at once and never held whole in memory), reading its header
   * block on the way. Rejects with BlobTooLarge past `maxBytes`, leaving nothing behind.
   */
  async receive(source: AsyncIterable<Uint8Array>, options: IngestOptions): Promise<ReceivedMessage> {
    // Only the summary's fields are stored with the row; the analysis reads every field from the raw message.
    const reader = new HeaderBlockReader({ summaryOnly: true });
    const { sha256, size, writeIn } = await this.deps.blobs.stage(passThrough(source, reader), { maxBytes: options.maxBytes });
    try {
      return { rawSha256: sha256, writeRaw: writeIn, size, headers: reader.headers() };
    } catch (error) {
      await this.discardBlobs(writeIn === undefined ? [sha256] : []);
      throw error;
    }
  }

  /** Commits one row per target; on failure nothing is committed. */
  async commit(received: ReceivedMessage, envelope: InboundEnvelope, targets: readonly IngestTarget[]): Promise<IngestResult> {
    // Raw bytes written in the commit's transaction roll back with it: only stored ones need collecting.
    const written = received.writeRaw === undefined ? [received.rawSha256] : [];
    try {
      const receivedAt = isoTime(this.deps.clock.now());
      const emails = this.buildRows(received, envelope, targets, receivedAt);
      // Messages ready at the same time share one transaction (one durable flush).
      await this.deps.groupCommit(async (trx) => {
        await received.writeRaw?.(trx);
        await this.deps.repo.insertCaptured(trx, emails);
        for (const target of targets) await this.deps.honeypots.recordEmailReceived(trx, target.honeypotId, receivedAt);
      });
      this.deps.logger.debug({ emails: emails.map((e) => e.id), sha256: received.rawSha256, size: received.size }, 'Captured a message');
      this.deps.onCommitted?.();
      return { emailIds: emails.map((e) => e.id), rawSha256: received.rawSha256, size: received.size };
    } catch (error) {
      await this.discardBlobs(written);
      throw error;
    }
  }

  /** For a received message that will not be committed (e.g. no honeypot matched): queue its raw blob. */
  discard(received: ReceivedMessage): Promise<void> {
    return received.writeRaw === undefined ? this.discardBlobs([received.rawSha256]) : Promise.resolve();
  }

  private buildRows(received: ReceivedMessage, envelope: InboundEnvelope, targets: readonly IngestTarget[], receivedAt: string): NewEmailRow[] {
    const parsed = received.headers;
    const now = this.deps.clock.now();
    const headers = JSON.stringify(storedHeaders(parsed));
    const emails: NewEmailRow[] = [];
    for (const target of targets) {
      const id = newId('email', now);
      emails.push({
        id,
        user_id: target.userId,
        honeypot_id: target.honeypotId,
        received_at: receivedAt,
        from_address: parsed.from === null ? null : parsed.from.address || parsed.from.name || null,
        from_name: parsed.from?.name || null,
        to_addresses: addressList(parsed.to),
        subject: parsed.subject,
        message_id: parsed.messageId,
        size: received.size,
        threat_score: null,
        malware_score: null,
        spam_score: null,
        phishing_score: null,
        reputation_score: null,
        classification: null,
        analysis_status: 'pending',
        attachment_count: 0,
        raw_sha256: received.rawSha256,
        headers,
        body_text: null,
        body_html: null,
        parse_warnings: '[]',
        transport: envelope.transport,
        smtp_server: envelope.serverName,
        smtp_ip: envelope.clientIp,
        smtp_port: envelope.clientPort,
        smtp_helo: envelope.helo,
        smtp_tls: envelope.tls ? 1 : 0,
        smtp_mail_from: envelope.mailFrom,
      });
    }
    return emails;
  }

  /** Best effort: a failure here only delays the cleanup until the orphan sweep. */
  private async discardBlobs(sha256s: string[]): Promise<void> {
    if (sha256s.length === 0) return;
    try {
      await this.deps.repo.transaction((trx) => queueBlobDeletion(trx, sha256s, this.deps.clock.now()));
    } catch (error) {
      this.deps.logger.warn({ err: error, sha256s }, 'Could not queue the blobs of a failed ingest for deletion; the orphan sweep will remove them.');
    }
  }
}

/** Passes `source` through unchanged, showing each chunk to the header reader on the way. */
async function* passThrough(source: AsyncIterable<Uint8Array>, reader: HeaderBlockReader): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    reader.push(chunk);
    yield chunk;
  }
}
