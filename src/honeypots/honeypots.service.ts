/**
 * Honeypot management (CONTRACT.md §3.2): create, read, list, update, delete, and the bulk trio
 * (§1.5). Throws domain errors only; the routes turn them into HTTP.
 */
import type { ListPage, ParsedListQuery } from '../http/list-query.ts';
import type { Clock } from '../platform/clock.ts';
import { isoTime } from '../platform/clock.ts';
import { randomBytes } from 'node:crypto';
import { Conflict, DomainError, InvalidInput, NotFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { AlertSecrets } from './alert-secrets.ts';
import type { TagFilter } from './honeypots.list.ts';
import {
  checkWebhookUrl,
  generateHoneypotAddress,
  normalizeTags,
  parseHoneypotAddress,
  toHoneypot,
  type HoneypotRow,
} from './honeypots.model.ts';
import type { DeliveryTarget, HoneypotChanges, HoneypotsRepo } from './honeypots.repo.ts';
import {
  MAX_BULK_ITEMS,
  type Honeypot,
  type HoneypotBulkUpdates,
  type HoneypotCreateBody,
  type HoneypotPatchBody,
} from './honeypots.schema.ts';

interface NewHoneypot {
  row: HoneypotRow;
  /** The alert URL's secret in plaintext (given or generated), or null. */
  secret: string | null;
}

/** Threshold used when a honeypot is created without one (CONTRACT.md §3.4: default 70). */
export const DEFAULT_THREAT_THRESHOLD = 70;

export interface HoneypotsServiceOptions {
  /** Domains the server receives mail for (HONEYPOT_DOMAINS, lower-cased). Default: none. */
  honeypotDomains: readonly string[];
  /** Encrypts alert URL secrets (the vault). */
  secrets: AlertSecrets;
}

/** A bulk-create item: a body that passed the request schema, or the error it failed with. */
export type BulkCreateItem = HoneypotCreateBody | DomainError;

export type BulkCreateResult =
  | { index: number; status: 'created'; id: string; data: Honeypot }
  | { index: number; status: 'error'; error: ItemError };
export type BulkIdResult = { id: string; status: 'updated' | 'deleted' } | { id: string; status: 'error'; error: ItemError };
export interface ItemError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export function itemError(error: DomainError): ItemError {
  return error.details === undefined ? { code: error.code, message: error.message } : { code: error.code, message: error.message, details: error.details };
}

/** True for a unique-constraint violation on either engine (PostgreSQL 23505; SQLite extended code 2067). */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; errcode?: unknown } | null;
  return e?.code === '23505' || e?.errcode === 2067;
}

function addressTaken(address: string): Conflict {
  return new Conflict(`A honeypot with the address ${address} already exists on this server; choose another address.`, {
    field: 'email_address',
    value: address,
  });
}

function honeypotNotFound(id: string): NotFound {
  return new NotFound(`No honeypot ${id} in this account. List yours with GET /v1/honeypots.`, { field: 'id', value: id });
}

export class HoneypotsService {
  private readonly repo: HoneypotsRepo;
  private readonly clock: Clock;
  private readonly domains: readonly string[];
  private readonly secrets: AlertSecrets;

  constructor(repo: HoneypotsRepo, clock: Clock, options: HoneypotsServiceOptions) {
    this.repo = repo;
    this.clock = clock;
    this.domains = options.honeypotDomains;
    this.secrets = options.secrets;
  }

  /** The domains honeypot addresses may use on this server (HONEYPOT_DOMAINS), in configuration order. */
  acceptedDomains(): string[] {
    return [...this.domains];
  }

  /**
   * Encrypts alert secrets stored in plaintext before migration 0013 and empties the old column; the
   * server runs it at start. Returns how many it converted.
   */
  async encryptLegacyAlertSecrets(): Promise<number> {
    const rows = await this.repo.legacyAlertSecrets();
    for (const row of rows) await this.repo.replaceLegacyAlertSecret(row.id, this.secrets.seal(row.user_id, row.alerts_webhook_secret));
    return rows.length;
  }

  /** The honeypot mail to `address` is for, whoever owns it (RCPT TO and HTTP ingest): one indexed lookup. */
  findForDelivery(address: string): Promise<DeliveryTarget | undefined> {
    return this.repo.findByAddressForDelivery(address);
  }

  /** The response to a create shows the webhook secret in full: the only time it is ever shown. */
  async create(userId: string, body: HoneypotCreateBody): Promise<Honeypot> {
    const { row, secret } = this.newRow(userId, body, this.clock.now());
    const inserted = await this.repo.insertIfAddressFree([row]);
    if (!inserted.has(row.id)) throw addressTaken(row.email_address);
    return toHoneypot(row, { revealedSecret: secret });
  }

  async get(userId: string, id: string): Promise<Honeypot> {
    const row = await this.repo.findById(userId, id);
    if (row === undefined) throw honeypotNotFound(id);
    return toHoneypot(row);
  }

  async list(userId: string, parsed: ParsedListQuery, tagFilters: readonly TagFilter[]): Promise<ListPage<Honeypot>> {
    const page = await this.repo.list(userId, parsed, tagFilters);
    return { rows: page.rows.map((row) => toHoneypot(row as HoneypotRow)), pagination: page.pagination };
  }

  /** Only the given fields change (alerts key by key); `{}` changes nothing. */
  async update(userId: string, id: string, patch: HoneypotPatchBody): Promise<Honeypot> {
    const changes = this.changesFrom(userId, patch);
    if (Object.keys(changes).length === 0) return this.get(userId, id);
    let row: HoneypotRow | undefined;
    try {
      row = await this.repo.update(userId, id, { ...changes, updated_at: isoTime(this.clock.now()) });
    } catch (error) {
      if (isUniqueViolation(error) && changes.email_address !== undefined) throw addressTaken(String(changes.email_address));
      throw error;
    }
    if (row === undefined) throw honeypotNotFound(id);
    return toHoneypot(row);
  }

  async delete(userId: string, id: string): Promise<void> {
    const deleted = await this.repo.deleteMany(userId, [id]);
    if (!deleted.has(id)) throw honeypotNotFound(id);
  }

  /**
   * Creates each valid item whose address is free; every item reports its own outcome. Each item is
   * one row, so it is written whole or not at all; all rows commit together.
   */
  async bulkCreate(userId: string, items: readonly BulkCreateItem[]): Promise<BulkCreateResult[]> {
    checkBulkSize(items.length, 'body');
    const now = this.clock.now();
    const outcomes: Array<NewHoneypot | DomainError> = items.map((item) => {
      if (item instanceof DomainError) return item;
      try {
        return this.newRow(userId, item, now);
      } catch (error) {
        if (error instanceof DomainError) return error;
        throw error;
      }
    });
    const rows = outcomes.flatMap((o) => (o instanceof DomainError ? [] : [o.row]));
    const inserted = await this.repo.insertIfAddressFree(rows);
    return outcomes.map((outcome, index): BulkCreateResult => {
      if (outcome instanceof DomainError) return { index, status: 'error', error: itemError(outcome) };
      const { row, secret } = outcome;
      if (!inserted.has(row.id)) return { index, status: 'error', error: itemError(addressTaken(row.email_address)) };
      return { index, status: 'created', id: row.id, data: toHoneypot(row, { revealedSecret: secret }) };
    });
  }

  /** Applies the same updates to each id in one statement; ids that are not the user's report not_found. */
  async bulkUpdate(userId: string, ids: readonly string[], updates: HoneypotBulkUpdates): Promise<BulkIdResult[]> {
    checkIds(ids);
    const changes = this.changesFrom(userId, updates);
    const updated =
      Object.keys(changes).length === 0
        ? await this.repo.ownedIds(userId, ids)
        : await this.repo.updateMany(userId, ids, { ...changes, updated_at: isoTime(this.clock.now()) });
    return ids.map((id) => (updated.has(id) ? { id, status: 'updated' } : { id, status: 'error', error: itemError(honeypotNotFound(id)) }));
  }

  async bulkDelete(userId: string, ids: readonly string[]): Promise<BulkIdResult[]> {
    checkIds(ids);
    const deleted = await this.repo.deleteMany(userId, ids);
    return ids.map((id) => (deleted.has(id) ? { id, status: 'deleted' } : { id, status: 'error', error: itemError(honeypotNotFound(id)) }));
  }

  // ---- building rows ----

  /** The row to insert and the plaintext secret (shown once in the response). */
  private newRow(userId: string, body: HoneypotCreateBody, nowMs: number): NewHoneypot {
    const { address, domain } =
      body.email_address === undefined ? generateHoneypotAddress(this.domains) : parseHoneypotAddress(body.email_address, this.domains);
    const alerts = body.alerts ?? {};
    const webhookUrl = checkWebhookUrl(alerts.webhook_url ?? null);
    // A webhook without a secret could not be verified by its receiver: generate one, shown once.
    const webhookSecret = alerts.webhook_secret !== undefined ? alerts.webhook_secret : webhookUrl === null ? null : `whsec_${randomBytes(32).toString('base64')}`;
    const now = isoTime(nowMs);
    const row: HoneypotRow = {
      id: newId('honeypot', nowMs),
      user_id: userId,
      email_address: address,
      domain,
      purpose: body.purpose ?? 'monitoring',
      description: body.description ?? null,
      category: body.category ?? null,
      priority: body.priority ?? 'medium',
      tags: JSON.stringify(normalizeTags(body.tags ?? [])),
      status: body.status ?? 'active',
      alerts_enabled: (alerts.enabled ?? true) ? 1 : 0,
      alerts_threat_threshold: alerts.threat_threshold ?? DEFAULT_THREAT_THRESHOLD,
      alerts_email_notifications: (alerts.email_notifications ?? false) ? 1 : 0,
      alerts_webhook_url: webhookUrl,
      alerts_webhook_secret: null,
      ...this.secrets.seal(userId, webhookSecret),
      alerts_failure_count: 0,
      alerts_webhook_disabled_at: null,
      alerts_webhook_disabled_reason: null,
      email_count: 0,
      last_email_at: null,
      created_at: now,
      updated_at: now,
    };
    return { row, secret: webhookSecret };
  }

  /** Column changes for the fields present in a PATCH (or bulk `updates`) body. */
  private changesFrom(userId: string, patch: HoneypotPatchBody): HoneypotChanges {
    const changes: HoneypotChanges = {};
    if (patch.email_address !== undefined) {
      const { address, domain } = parseHoneypotAddress(patch.email_address, this.domains);
      changes.email_address = address;
      changes.domain = domain;
    }
    if (patch.purpose !== undefined) changes.purpose = patch.purpose;
    if (patch.description !== undefined) changes.description = patch.description;
    if (patch.category !== undefined) changes.category = patch.category;
    if (patch.priority !== undefined) changes.priority = patch.priority;
    if (patch.tags !== undefined) changes.tags = JSON.stringify(normalizeTags(patch.tags));
    if (patch.status !== undefined) changes.status = patch.status;
    const alerts = patch.alerts ?? {};
    if (alerts.enabled !== undefined) changes.alerts_enabled = alerts.enabled ? 1 : 0;
    if (alerts.threat_threshold !== undefined) changes.alerts_threat_threshold = alerts.threat_threshold;
    if (alerts.email_notifications !== undefined) changes.alerts_email_notifications = alerts.email_notifications ? 1 : 0;
    if (alerts.webhook_url !== undefined) changes.alerts_webhook_url = checkWebhookUrl(alerts.webhook_url);
    if (alerts.webhook_secret !== undefined) Object.assign(changes, this.secrets.seal(userId, alerts.webhook_secret), { alerts_webhook_secret: null });
    // A new URL or secret, or alerts turned on again, gives a disabled alert URL a fresh start.
    if (alerts.webhook_url !== undefined || alerts.webhook_secret !== undefined || alerts.enabled === true) {
      Object.assign(changes, { alerts_failure_count: 0, alerts_webhook_disabled_at: null, alerts_webhook_disabled_reason: null });
    }
    return changes;
  }
}

function checkBulkSize(count: number, field: string): void {
  if (count === 0) throw new InvalidInput('A bulk request needs at least one item.', { field, value: count });
  if (count > MAX_BULK_ITEMS) {
    throw new InvalidInput(`A bulk request takes at most ${MAX_BULK_ITEMS} items; got ${count}. Split it into several requests.`, {
      field,
      value: count,
    });
  }
}

/** 1..MAX_BULK_ITEMS non-empty ids, each at most once (a repeat would report a confusing second outcome). */
function checkIds(ids: readonly string[]): void {
  checkBulkSize(ids.length, 'ids');
  const seen = new Set<string>();
  for (const id of ids) {
    if (id === '') throw new InvalidInput('ids must not contain empty values.', { field: 'ids', value: id });
    if (seen.has(id)) throw new InvalidInput(`ids lists ${id} more than once; give each id once.`, { field: 'ids', value: id });
    seen.add(id);
  }
}
