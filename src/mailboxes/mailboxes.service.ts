/**
 * Connected mailboxes (CONTRACT.md §2): create (validate, encrypt the passwords, queue the login check),
 * list, read, delete. Throws domain errors only; the routes turn them into HTTP.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { isoTime, type Clock } from '../platform/clock.ts';
import { Conflict, InvalidInput, NotFound } from '../platform/errors.ts';
import type { Vault } from '../platform/vault.ts';
import { NEW_MAILBOX_DEFAULTS, parseCreateBody, toDetail, toListItem, type MailboxInput, type MailboxRow } from './mailboxes.model.ts';
import { isUniqueViolation, type MailboxesRepo } from './mailboxes.repo.ts';
import type { MailboxCreateBody } from './mailboxes.schema.ts';
import { isPublicAddress } from './network-policy.ts';
import { detectProvider } from './provider.ts';
import { passwordContext } from './verification/verifier.ts';

/** The seed's answer to a create. */
export const CREATED_MESSAGE = 'Mailbox created. Warm-up will start automatically.';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface MailboxesServiceDeps {
  repo: MailboxesRepo;
  vault: Vault;
  clock: Clock;
  /** Called after a mailbox is stored, so a worker in this process starts its login check at once. */
  onCreated?: () => void;
  /** MAILBOX_ALLOW_PRIVATE_HOSTS. Default false. */
  allowPrivateHosts?: boolean;
  /** Called after a mailbox is deleted, so warm-up mail planned to it is cancelled. */
  onDeleted?: (mailboxId: string) => Promise<void>;
}

export function mailboxNotFound(id: string): NotFound {
  return new NotFound(`No mailbox ${id} in this account. List yours with GET /api/v1/mailboxes.`, { field: 'id', value: id });
}

export class MailboxesService {
  private readonly deps: MailboxesServiceDeps;

  constructor(deps: MailboxesServiceDeps) {
    this.deps = deps;
  }

  async list(userId: string) {
    const rows = await this.deps.repo.listForUser(userId);
    return { mailboxes: rows.map(toListItem) };
  }

  /** The row, or NotFound for an unknown id, another user's id, or a malformed id. */
  async require(userId: string, id: string): Promise<MailboxRow> {
    const row = UUID.test(id) ? await this.deps.repo.findById(userId, id.toLowerCase()) : undefined;
    if (row === undefined) throw mailboxNotFound(id);
    return row;
  }

  async get(userId: string, id: string) {
    return toDetail(await this.require(userId, id));
  }

  async create(userId: string, body: MailboxCreateBody) {
    const input = parseCreateBody(body);
    this.checkHostPolicy(input);
    const now = isoTime(this.deps.clock.now());
    const id = randomUUID();
    const row: MailboxRow = {
      id,
      user_id: userId,
      email: input.email,
      domain: input.domain,
      provider: detectProvider({ smtpHost: input.smtp.host, imapHost: input.imap.host, domain: input.domain }),
      status: 'active',
      ...NEW_MAILBOX_DEFAULTS,
      warmup_started_at: null,
      paused_reason: null,
      smtp_host: input.smtp.host,
      smtp_port: input.smtp.port,
      smtp_security: input.smtp.security,
      smtp_user: input.smtp.user,
      smtp_pass: this.deps.vault.encrypt(input.smtp.pass, passwordContext(id, 'smtp_pass')),
      imap_host: input.imap.host,
      imap_port: input.imap.port,
      imap_security: input.imap.security,
      imap_user: input.imap.user,
      imap_pass: this.deps.vault.encrypt(input.imap.pass, passwordContext(id, 'imap_pass')),
      imap_folders: null,
      sending_ip: null,
      connection_error: null,
      verify_state: 'verifying',
      verify_lease_until: null,
      verify_attempts: 0,
      verified_at: null,
      dns_spf: null,
      dns_dkim: null,
      dns_dmarc: null,
      dns_checked_at: null,
      dns_refresh_at: null,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.deps.repo.insert(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw await this.duplicate(userId, input.email);
      throw error;
    }
    this.deps.onCreated?.();
    return { id, email: row.email, status: row.status, message: CREATED_MESSAGE, verification: row.verify_state };
  }

  /**
   * Deletes the mailbox and its encrypted credentials. Its warm-up stops: its own warm-up rows go with it
   * (cascade), and mail other mailboxes planned to it is cancelled (`onDeleted`).
   */
  async delete(userId: string, id: string) {
    const row = await this.require(userId, id);
    if (!(await this.deps.repo.delete(userId, row.id))) throw mailboxNotFound(id);
    await this.deps.onDeleted?.(row.id);
    return { success: true, id: row.id, message: 'Mailbox deleted; its stored credentials were erased.' };
  }

  /** An address given as an IP literal can be judged now: a clear 400 rather than a failed check later. */
  private checkHostPolicy(input: MailboxInput): void {
    if (this.deps.allowPrivateHosts === true) return;
    for (const [field, host] of [['smtp_host', input.smtp.host], ['imap_host', input.imap.host]] as const) {
      if (net.isIP(host) !== 0 && !isPublicAddress(host)) {
        throw new InvalidInput(
          `${field} ${host} is a loopback, private or reserved address, which this server does not contact for mailboxes; give the server's public name or address.`,
          { field, value: host },
        );
      }
    }
  }

  private async duplicate(userId: string, email: string): Promise<Conflict> {
    const existing = (await this.deps.repo.listForUser(userId)).find((row) => row.email === email);
    const which = existing === undefined ? '' : ` (mailbox ${existing.id})`;
    return new Conflict(`${email} is already connected to this account${which}; delete it first to connect it again with other settings.`, {
      field: 'email',
      value: email,
    });
  }
}
