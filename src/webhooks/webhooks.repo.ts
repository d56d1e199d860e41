/**
 * SQL for webhook endpoints and their delivery history. Every query is filtered by the owning user, so
 * another user's id behaves exactly like an id that does not exist.
 */
import type { Insertable, Selectable, Updateable } from 'kysely';
import { runListQuery, type ListPage, type ParsedListQuery } from '../http/list-query.ts';
import type { Db, DbExecutor } from '../platform/db/index.ts';
import type { WebhookDeliveriesTable, WebhooksTable } from '../platform/db/schema.ts';
import { deliveriesResource, webhooksResource } from './webhooks.list.ts';

export type WebhookRow = Selectable<WebhooksTable>;
export type NewWebhookRow = Insertable<WebhooksTable>;
export type WebhookChanges = Omit<Updateable<WebhooksTable>, 'id' | 'user_id' | 'created_at' | 'secret_enc'>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable> & { event_type: string };

export class WebhooksRepo {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  async insert(executor: DbExecutor, row: NewWebhookRow): Promise<void> {
    await executor.insertInto('webhooks').values(row).execute();
  }

  findById(userId: string, id: string): Promise<WebhookRow | undefined> {
    return this.db.kysely.selectFrom('webhooks').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  }

  /** One statement; undefined when the user has no such webhook. */
  update(userId: string, id: string, changes: WebhookChanges): Promise<WebhookRow | undefined> {
    return this.db.kysely.updateTable('webhooks').set(changes).where('user_id', '=', userId).where('id', '=', id).returningAll().executeTakeFirst();
  }

  /** True when it was the user's. Its deliveries go with it (ON DELETE CASCADE). */
  async delete(executor: DbExecutor, userId: string, id: string): Promise<boolean> {
    const rows = await executor.deleteFrom('webhooks').where('user_id', '=', userId).where('id', '=', id).returning('id').execute();
    return rows.length > 0;
  }

  list(userId: string, parsed: ParsedListQuery): Promise<ListPage> {
    return runListQuery(this.db, webhooksResource, parsed, (qb) => qb.where('webhooks.user_id', '=', userId));
  }

  /**
   * One page of a webhook's deliveries. The scope joins `events` so `event_type` can be filtered and
   * sorted; the page's event types are then read by id (at most one page of them), because the list
   * machinery selects the listed table's columns only.
   */
  async listDeliveries(userId: string, webhookId: string, parsed: ParsedListQuery): Promise<ListPage<DeliveryRow>> {
    const page = await runListQuery(this.db, deliveriesResource, parsed, (qb) =>
      qb
        .innerJoin('events', 'events.id', 'webhook_deliveries.event_id')
        .where('webhook_deliveries.user_id', '=', userId)
        .where('webhook_deliveries.webhook_id', '=', webhookId),
    );
    const rows = page.rows as Array<Selectable<WebhookDeliveriesTable>>;
    const eventIds = [...new Set(rows.map((row) => row.event_id))];
    const types = new Map<string, string>();
    if (eventIds.length > 0) {
      const events = await this.db.kysely.selectFrom('events').select(['id', 'type']).where('user_id', '=', userId).where('id', 'in', eventIds).execute();
      for (const event of events) types.set(event.id, event.type);
    }
    return { rows: rows.map((row) => ({ ...row, event_type: types.get(row.event_id) ?? 'unknown' })), pagination: page.pagination };
  }
}
