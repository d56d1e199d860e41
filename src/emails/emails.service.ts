/**
 * Captured email for its owner: list, read, download, delete, and HTTP ingest (`POST /v1/emails`).
 * Every read is scoped to the calling user; another user's id is NotFound.
 */
import type { Readable } from 'node:stream';
import type { HoneypotsRepo } from '../honeypots/honeypots.repo.ts';
import type { Pagination, ParsedListQuery } from '../http/list-query.ts';
import { queueBlobDeletion, type BlobCollector, type BlobStore } from '../platform/blobs/index.ts';
import type { Clock } from '../platform/clock.ts';
import { NotFound, Unprocessable } from '../platform/errors.ts';
import type { Logger } from '../platform/logger.ts';
import type { EmailsRepo } from './emails.repo.ts';
import { toAttachment, toEmailDetail, toEmailListItem, type EmailAttachmentRow, type EmailListRow } from './emails.model.ts';
import type { EmailIngest, IngestResult, ReceivedMessage } from './ingest.service.ts';

/** Distinct recipient addresses looked up for `POST /v1/emails` without honeypot_id (bounds the work per message). */
const MAX_RECIPIENT_LOOKUPS = 100;

export interface EmailsServiceDeps {
  repo: EmailsRepo;
  honeypots: HoneypotsRepo;
  ingest: EmailIngest;
  blobs: BlobStore;
  collector: BlobCollector;
  clock: Clock;
  logger: Logger;
  /** Our host name, recorded as the receiving server of HTTP-ingested mail. */
  serverName: string;
}

export interface HttpIngestRequest {
  userId: string;
  source: AsyncIterable<Uint8Array>;
  /** The honeypot to file the message under; default: the caller's active honeypots among its recipients. */
  honeypotId?: string;
  clientIp: string | null;
  clientPort: number | null;
  tls: boolean;
  maxBytes: number;
}

export class EmailsService {
  private readonly deps: EmailsServiceDeps;
  constructor(deps: EmailsServiceDeps) {
    this.deps = deps;
  }

  async list(userId: string, parsed: ParsedListQuery): Promise<{ rows: ReturnType<typeof toEmailListItem>[]; pagination: Pagination }> {
    const page = await this.deps.repo.list(userId, parsed);
    return { rows: page.rows.map((row) => toEmailListItem(row as unknown as EmailListRow)), pagination: page.pagination };
  }

  async get(userId: string, id: string) {
    const row = await this.deps.repo.findById(userId, id);
    if (row === undefined) throw notFound(id);
    return toEmailDetail(row, await this.deps.repo.attachmentsOf(userId, id));
  }

  /** Deletes the email and the blobs no other row references (after the commit; the worker retries failures). */
  async delete(userId: string, id: string): Promise<void> {
    const { repo, clock } = this.deps;
    const digests = await repo.transaction(async (trx) => {
      const found = await repo.delete(trx, userId, id);
      if (found !== undefined && found.length > 0) await queueBlobDeletion(trx, found, clock.now());
      return found;
    });
    if (digests === undefined) throw notFound(id);
    await this.collect();
  }

  async openRaw(userId: string, id: string): Promise<{ stream: Readable; size: number }> {
    const row = await this.deps.repo.findRaw(userId, id);
    if (row === undefined) throw notFound(id);
    return { stream: await this.deps.blobs.open(row.raw_sha256), size: Number(row.size) };
  }

  async listAttachments(userId: string, id: string) {
    const rows = await this.deps.repo.listAttachments(userId, id);
    if (rows === undefined) throw notFound(id);
    return rows.map(toAttachment);
  }

  async openAttachment(userId: string, id: string, attachmentId: string): Promise<{ row: EmailAttachmentRow; stream: Readable }> {
    const row = await this.deps.repo.findAttachment(userId, id, attachmentId);
    if (row === undefined) throw new NotFound(`Email ${id} has no attachment ${attachmentId}; list them with GET /v1/emails/${id}/attachments.`);
    return { row, stream: await this.deps.blobs.open(row.sha256) };
  }

  /**
   * `POST /v1/emails`: stores the message, then files it under `honeypotId` or under every active
   * honeypot of the caller among its To/Cc/Delivered-To recipients (422 when there is none).
   */
  async ingestForUser(request: HttpIngestRequest): Promise<IngestResult> {
    const { ingest } = this.deps;
    const explicit = request.honeypotId === undefined ? undefined : await this.ownActiveHoneypot(request.userId, request.honeypotId);
    const received = await ingest.receive(request.source, { maxBytes: request.maxBytes });
    const targets = explicit !== undefined ? [explicit] : await this.recipientHoneypots(request.userId, received);
    if (targets.length === 0) {
      await ingest.discard(received);
      throw new Unprocessable(
        'None of the message\'s recipients (To, Cc, Delivered-To) is one of your active honeypots, so nothing was stored. Pass ?honeypot_id= to choose one.',
        { field: 'honeypot_id', value: null },
      );
    }
    return ingest.commit(received, {
      transport: 'http',
      mailFrom: null,
      clientIp: request.clientIp,
      clientPort: request.clientPort,
      helo: null,
      tls: request.tls,
      serverName: this.deps.serverName,
    }, targets);
  }

  private async ownActiveHoneypot(userId: string, honeypotId: string) {
    const honeypot = await this.deps.honeypots.findById(userId, honeypotId);
    if (honeypot === undefined) throw new NotFound(`No honeypot ${honeypotId}; list yours with GET /v1/honeypots.`);
    if (honeypot.status !== 'active') {
      throw new Unprocessable(`Honeypot ${honeypotId} is ${honeypot.status}; only active honeypots receive mail.`, { field: 'honeypot_id', value: honeypotId });
    }
    return { honeypotId: honeypot.id, userId };
  }

  private async recipientHoneypots(userId: string, received: ReceivedMessage) {
    const parsed = received.headers;
    const addresses = new Set<string>();
    for (const a of [...parsed.to, ...parsed.cc]) if (a.address !== '') addresses.add(a.address.trim().toLowerCase());
    for (const header of parsed.headers) {
      if (header.name.toLowerCase() !== 'delivered-to') continue;
      addresses.add(header.value.replace(/^<|>$/g, '').trim().toLowerCase());
    }
    const targets = new Map<string, { honeypotId: string; userId: string }>();
    for (const address of [...addresses].slice(0, MAX_RECIPIENT_LOOKUPS)) {
      const honeypot = await this.deps.honeypots.findByAddressForDelivery(address);
      if (honeypot?.user_id === userId && honeypot.status === 'active') targets.set(honeypot.id, { honeypotId: honeypot.id, userId });
    }
    return [...targets.values()];
  }

  private async collect(): Promise<void> {
    await this.deps.collector.collectQueued().catch((error: unknown) => {
      this.deps.logger.warn({ err: error }, 'Could not delete the files of a deleted email yet; the worker\'s next collection retries.');
    });
  }
}

function notFound(id: string): NotFound {
  return new NotFound(`No email ${id}; list yours with GET /v1/emails.`);
}
