/**
 * Webhook endpoint management (CONTRACT.md §3.4): create, read, list, update, delete, test, disable,
 * enable, and the delivery history. Throws domain errors only; the routes turn them into HTTP.
 *
 * The signing secret is stored encrypted by the vault (context `webhook:<id>:secret`, so the
 * ciphertext is useless in any other row) and shown once, in the create response.
 */
import { randomBytes } from 'node:crypto';
import type { Actor } from '../accounts/actor.ts';
import type { AuditLog } from '../accounts/audit.ts';
import type { ListPage, ParsedListQuery } from '../http/list-query.ts';
import { isoTime, type Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db/index.ts';
import type { DnsResolver } from '../platform/dns/index.ts';
import { Conflict, InvalidInput, NotFound, Unprocessable } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { Vault } from '../platform/vault.ts';
import { EVENT_TYPES, recordEvent } from './outbox.ts';
import { resolveTarget } from './url-safety.ts';
import type { DeliveryRow, WebhookChanges, WebhookRow, WebhooksRepo } from './webhooks.repo.ts';
import type { Delivery, Webhook, WebhookCreateBody, WebhookPatchBody, WebhookWithSecret } from './webhooks.schema.ts';

export interface WebhooksServiceDeps {
  repo: WebhooksRepo;
  db: Db;
  clock: Clock;
  vault: Pick<Vault, 'encrypt'>;
  resolver: Pick<DnsResolver, 'query'>;
  audit: AuditLog;
  /** WEBHOOK_ALLOW_PRIVATE: allow non-public target addresses. Default false. */
  allowPrivate?: boolean;
  /** Called after an event is queued here (the delivery worker wakes at once). Default: nothing. */
  onQueued?: () => void;
}

/** The vault context of a webhook's secret; the delivery engine decrypts with the same one. */
export function webhookSecretContext(webhookId: string): string {
  return `webhook:${webhookId}:secret`;
}

/** `whsec_` + base64 of 32 random bytes: the Standard Webhooks secret format. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A client's `whsec_` secret must decode like a Standard Webhooks one (24–64 bytes), or no standard verifier could use it. */
function checkSecret(secret: string): void {
  if (!secret.startsWith('whsec_')) return;
  const encoded = secret.slice('whsec_'.length);
  const bytes = BASE64.test(encoded) && encoded.length % 4 === 0 ? Buffer.from(encoded, 'base64').length : 0;
  if (bytes < 24 || bytes > 64) {
    throw new InvalidInput('A secret starting with whsec_ must continue with the base64 of 24–64 random bytes (Standard Webhooks); or leave secret out to have one generated.', {
      field: 'secret',
      value: '(not shown)',
    });
  }
}

/** Known event types, each once, in the order given; 422 naming the first unknown one. */
function checkEvents(events: readonly string[]): string[] {
  const known = new Set<string>(EVENT_TYPES);
  for (const event of events) {
    if (!known.has(event)) {
      throw new Unprocessable(`Unknown event type "${event}"; webhooks can subscribe to ${EVENT_TYPES.join(', ')}.`, { field: 'events', value: event });
    }
  }
  return [...new Set(events)];
}

function webhookNotFound(id: string): NotFound {
  return new NotFound(`No webhook ${id} in this account. List yours with GET /v1/webhooks.`, { field: 'id', value: id });
}

export function toWebhook(row: WebhookRow): Webhook {
  return {
    id: row.id,
    webhook_id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    status: row.status,
    description: row.description,
    created_at: row.created_at,
    updated_at: row.updated_at,
    last_delivery_at: row.last_delivery_at,
    failure_count: Number(row.failure_count),
    disabled_reason: row.disabled_reason,
  };
}

function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    event_id: row.event_id,
    event_type: row.event_type,
    status: row.status,
    attempt: Number(row.attempt),
    last_status_code: row.last_status_code,
    last_latency_ms: row.last_latency_ms,
    last_error: row.last_error,
    // Only a pending delivery has a next attempt; the column keeps the last schedule otherwise.
    next_attempt_at: row.status === 'pending' ? row.next_attempt_at : null,
    created_at: row.created_at,
    completed_at: row.completed_at,
  };
}

export class WebhooksService {
  private readonly deps: WebhooksServiceDeps;

  constructor(deps: WebhooksServiceDeps) {
    this.deps = deps;
  }

  /** Refuses URLs that are malformed or resolve to non-public addresses (unless allowed). */
  private async checkUrl(url: string): Promise<void> {
    await resolveTarget(url, this.deps.resolver, { allowPrivate: this.deps.allowPrivate === true, field: 'url' });
  }

  async create(userId: string, body: WebhookCreateBody, actor: Actor): Promise<WebhookWithSecret> {
    const events = checkEvents(body.events);
    if (body.secret !== undefined) checkSecret(body.secret);
    await this.checkUrl(body.url);
    const nowMs = this.deps.clock.now();
    const now = isoTime(nowMs);
    const id = newId('webhook', nowMs);
    const secret = body.secret ?? generateWebhookSecret();
    const row: WebhookRow = {
      id,
      user_id: userId,
      url: body.url,
      events: JSON.stringify(events),
      secret_enc: this.deps.vault.encrypt(secret, webhookSecretContext(id)),
      status: 'active',
      description: body.description ?? null,
      failure_count: 0,
      disabled_reason: null,
      last_delivery_at: null,
      created_at: now,
      updated_at: now,
    };
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await this.deps.repo.insert(trx, row);
      await this.deps.audit.record(trx, {
        userId, action: 'webhook.created', actor, targetType: 'webhook', targetId: id,
        details: { url: row.url, events, secret_shown: true, secret_generated: body.secret === undefined },
      });
    });
    return { ...toWebhook(row), secret };
  }

  async get(userId: string, id: string): Promise<Webhook> {
    return toWebhook(await this.require(userId, id));
  }

  async list(userId: string, parsed: ParsedListQuery): Promise<ListPage<Webhook>> {
    const page = await this.deps.repo.list(userId, parsed);
    return { rows: page.rows.map((row) => toWebhook(row as WebhookRow)), pagination: page.pagination };
  }

  /** Only the given fields change; a new URL is checked like at creation. */
  async update(userId: string, id: string, patch: WebhookPatchBody): Promise<Webhook> {
    const changes: WebhookChanges = {};
    if (patch.events !== undefined) changes.events = JSON.stringify(checkEvents(patch.events));
    if (patch.description !== undefined) changes.description = patch.description;
    if (patch.url !== undefined) {
      await this.require(userId, id); // 404 before any DNS lookup for someone else's id
      await this.checkUrl(patch.url);
      changes.url = patch.url;
    }
    if (Object.keys(changes).length === 0) return this.get(userId, id);
    return this.apply(userId, id, changes);
  }

  async delete(userId: string, id: string, actor: Actor): Promise<void> {
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      if (!(await this.deps.repo.delete(trx, userId, id))) throw webhookNotFound(id);
      await this.deps.audit.record(trx, { userId, action: 'webhook.deleted', actor, targetType: 'webhook', targetId: id });
    });
  }

  /** Queues one `webhook.test` event for this webhook only; the delivery engine sends it like any other. */
  async sendTest(userId: string, id: string): Promise<{ event_id: string; type: 'webhook.test'; deliveries: number }> {
    const webhook = await this.require(userId, id);
    if (webhook.status !== 'active') {
      throw new Conflict(`Webhook ${id} is disabled, so it receives no deliveries; enable it with POST /v1/webhooks/${id}/enable first.`, {
        field: 'status', value: webhook.status,
      });
    }
    const recorded = await this.deps.db.kysely.transaction().execute((trx) =>
      recordEvent(trx, this.deps.clock, {
        userId,
        type: 'webhook.test',
        data: { webhook_id: id, message: 'A test event from Mailwarden: this endpoint is reachable and can verify the signatures.' },
        onlyWebhookId: id,
      }),
    );
    this.deps.onQueued?.();
    return { event_id: recorded.id, type: 'webhook.test', deliveries: recorded.deliveries };
  }

  /** Disabling an already disabled webhook keeps its reason (e.g. the delivery engine's "after N failures"). */
  async disable(userId: string, id: string): Promise<Webhook> {
    const webhook = await this.require(userId, id);
    if (webhook.status === 'disabled') return toWebhook(webhook);
    return this.apply(userId, id, { status: 'disabled', disabled_reason: 'Disabled through the API.' });
  }

  /** Re-enabling starts afresh: the consecutive-failure count and the reason are cleared. */
  enable(userId: string, id: string): Promise<Webhook> {
    return this.apply(userId, id, { status: 'active', disabled_reason: null, failure_count: 0 });
  }

  async listDeliveries(userId: string, id: string, parsed: ParsedListQuery): Promise<ListPage<Delivery>> {
    await this.require(userId, id);
    const page = await this.deps.repo.listDeliveries(userId, id, parsed);
    return { rows: page.rows.map(toDelivery), pagination: page.pagination };
  }

  private async apply(userId: string, id: string, changes: WebhookChanges): Promise<Webhook> {
    const row = await this.deps.repo.update(userId, id, { ...changes, updated_at: isoTime(this.deps.clock.now()) });
    if (row === undefined) throw webhookNotFound(id);
    return toWebhook(row);
  }

  private async require(userId: string, id: string): Promise<WebhookRow> {
    const row = await this.deps.repo.findById(userId, id);
    if (row === undefined) throw webhookNotFound(id);
    return row;
  }
}
