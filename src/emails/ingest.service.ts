/**
 * The ingest pipeline shared by the SMTP server and `POST /v1/emails`:
 *
 *   source ─▶ blob store (hash + size cap while streaming, durable on return)
 *          ─▶ parse from the stored blob ─▶ attachment blobs (identical bytes stored once)
 *          ─▶ ONE transaction: an `emails` row per target + attachment rows + honeypot counters
 *
 * `ingest` resolves only after that commit, so the SMTP server may answer 250 when it resolves and
 * 451 when it rejects. Any failure before the commit leaves no rows. Blobs written for a failed
 * ingest are queued for collection at once (best effort); if even that fails (database down) the
 * collector's orphan sweep removes them later. Either way the collector's grace period protects a blob
 * another ingest of the same bytes is about to reference.
 *
 * Malformed MIME is never refused: the parser keeps what it can and the row carries its warnings.
 */
import { isoTime, type Clock } from '../platform/clock.ts';
import { queueBlobDeletion, type BlobStore } from '../platform/blobs/index.ts';
import { Unprocessable } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Logger } from '../platform/logger.ts';
import type { HoneypotsRepo } from '../honeypots/honeypots.repo.ts';
import { CommitBatcher } from './commit-batcher.ts';
import type { EmailsRepo } from './emails.repo.ts';
import { addressList, storedHeaders, type EmailAttachmentRow, type EmailRow } from './emails.model.ts';
import { parseMessage, type ParsedMessage, type ParseLimits } from './parsing/index.ts';

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

/** A raw message stored and parsed, not yet committed to anyone's mailbox. */
export interface ReceivedMessage {
  rawSha256: string;
  size: number;
  parsed: ParsedMessage;
}

export interface EmailIngestDeps {
  repo: EmailsRepo;
  honeypots: HoneypotsRepo;
  blobs: BlobStore;
  clock: Clock;
  logger: Logger;
  /** Parser limits; default the parser's own (DEFAULT_PARSE_LIMITS). */
  parseLimits?: Partial<ParseLimits>;
}

export class EmailIngest {
  private readonly deps: EmailIngestDeps;
  /** Messages ready at the same time share one transaction (one durable flush). */
  private readonly batcher: CommitBatcher;
  constructor(deps: EmailIngestDeps) {
    this.deps = deps;
    this.batcher = new CommitBatcher((work) => deps.repo.transaction(work));
  }

  async ingest(source: AsyncIterable<Uint8Array>, envelope: InboundEnvelope, targets: readonly IngestTarget[], options: IngestOptions): Promise<IngestResult> {
    if (targets.length === 0) throw new Unprocessable('A message needs at least one receiving honeypot; nothing was stored.');
    const received = await this.receive(source, options);
    return this.commit(received, envelope, targets);
  }

  /**
   * Streams the raw message into the blob store, then parses it back from the store (the bytes are
   * never held whole in memory). Rejects with BlobTooLarge past `maxBytes`, leaving nothing behind.
   */
  async receive(source: AsyncIterable<Uint8Array>, options: IngestOptions): Promise<ReceivedMessage> {
    const { sha256, size } = await this.deps.blobs.put(source, { maxBytes: options.maxBytes });
    try {
      const parsed = await parseMessage(await this.deps.blobs.open(sha256), this.deps.parseLimits);
      return { rawSha256: sha256, size, parsed };
    } catch (error) {
      await this.discardBlobs([sha256]);
      throw error;
    }
  }

  /** Stores the attachments and commits one row per target; on failure nothing is committed. */
  async commit(received: ReceivedMessage, envelope: InboundEnvelope, targets: readonly IngestTarget[]): Promise<IngestResult> {
    const written = [received.rawSha256];
    try {
      written.push(...(await this.storeAttachments(received.parsed)));
      const receivedAt = isoTime(this.deps.clock.now());
      const { emails, attachments } = this.buildRows(received, envelope, targets, receivedAt);
      await this.batcher.commit(async (trx) => {
        await this.deps.repo.insert(trx, emails, attachments);
        for (const target of targets) await this.deps.honeypots.recordEmailReceived(trx, target.honeypotId, receivedAt);
      });
      this.deps.logger.debug({ emails: emails.map((e) => e.id), sha256: received.rawSha256, size: received.size }, 'Captured a message');
      return { emailIds: emails.map((e) => e.id), rawSha256: received.rawSha256, size: received.size };
    } catch (error) {
      await this.discardBlobs(written);
      throw error;
    }
  }

  /** For a received message that will not be committed (e.g. no honeypot matched): queue its raw blob. */
  discard(received: ReceivedMessage): Promise<void> {
    return this.discardBlobs([received.rawSha256]);
  }

  /** Each distinct attachment content once; returns the digests written. */
  private async storeAttachments(parsed: ParsedMessage): Promise<string[]> {
    const unique = new Map<string, Buffer>();
    for (const attachment of parsed.attachments) unique.set(attachment.sha256, attachment.content);
    for (const content of unique.values()) await this.deps.blobs.putBuffer(content);
    return [...unique.keys()];
  }

  private buildRows(received: ReceivedMessage, envelope: InboundEnvelope, targets: readonly IngestTarget[], receivedAt: string) {
    const { parsed } = received;
    const now = this.deps.clock.now();
    const headers = JSON.stringify(storedHeaders(parsed));
    const warnings = JSON.stringify(parsed.warnings);
    const emails: EmailRow[] = [];
    const attachments: EmailAttachmentRow[] = [];
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
        attachment_count: parsed.attachments.length,
        raw_sha256: received.rawSha256,
        headers,
        body_text: parsed.text,
        body_html: parsed.html,
        parse_warnings: warnings,
        transport: envelope.transport,
        smtp_server: envelope.serverName,
        smtp_ip: envelope.clientIp,
        smtp_port: envelope.clientPort,
        smtp_helo: envelope.helo,
        smtp_tls: envelope.tls ? 1 : 0,
        smtp_mail_from: envelope.mailFrom,
      });
      parsed.attachments.forEach((a, position) => {
        attachments.push({
          id: newId('att', now),
          email_id: id,
          user_id: target.userId,
          position,
          filename: a.filename,
          declared_content_type: a.declaredContentType,
          sniffed_content_type: a.sniffedContentType,
          size: a.size,
          sha256: a.sha256,
          disposition: a.disposition,
          content_id: a.contentId,
        });
      });
    }
    return { emails, attachments };
  }

  /** Best effort: a failure here only delays the cleanup until the orphan sweep. */
  private async discardBlobs(sha256s: string[]): Promise<void> {
    try {
      await this.deps.repo.transaction((trx) => queueBlobDeletion(trx, sha256s, this.deps.clock.now()));
    } catch (error) {
      this.deps.logger.warn({ err: error, sha256s }, 'Could not queue the blobs of a failed ingest for deletion; the orphan sweep will remove them.');
    }
  }
}
