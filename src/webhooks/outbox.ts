/**
 * The event outbox. `recordEvent` is called INSIDE the transaction of the change that caused the
 * event (an analysis stored, a campaign crossing its threshold, a webhook disabled): it writes the
 * event and one pending delivery per target, so a crash can never keep an event without its
 * deliveries, or a change without its event.
 *
 * Targets: every active webhook of the user subscribed to the event type, plus the honeypot's own alert
 * URL (`alerts.webhook_url`) when the event is about a honeypot whose alerts are enabled and whose URL
 * was not disabled after repeated failures.
 */
import { isoTime, type Clock } from '../platform/clock.ts';
import type { DbExecutor } from '../platform/db/index.ts';
import { newId } from '../platform/ids.ts';

export const EVENT_TYPES = ['email.received', 'threat.detected', 'pattern.detected', 'system.alert'] as const;
export type EventType = (typeof EVENT_TYPES)[number] | 'webhook.test';

export interface NewEvent {
  userId: string;
  type: EventType;
  data: Record<string, unknown>;
  /** The honeypot the event is about; its own alert URL receives it too. */
  honeypotId?: string | null;
  /** Only this webhook (POST /v1/webhooks/:id/test). */
  onlyWebhookId?: string;
}

export interface RecordedEvent {
  id: string;
  deliveries: number;
}

export async function recordEvent(trx: DbExecutor, clock: Clock, event: NewEvent): Promise<RecordedEvent> {
  const now = clock.now();
  const createdAt = isoTime(now);
  const id = newId('evt', now);
  await trx.insertInto('events').values({
    id, user_id: event.userId, type: event.type, honeypot_id: event.honeypotId ?? null, data: JSON.stringify(event.data), created_at: createdAt,
  }).execute();

  let webhooks = trx.selectFrom('webhooks').select(['id', 'events']).where('user_id', '=', event.userId).where('status', '=', 'active');
  if (event.onlyWebhookId !== undefined) webhooks = webhooks.where('id', '=', event.onlyWebhookId);
  const targets = (await webhooks.execute())
    .filter((w) => event.onlyWebhookId !== undefined || (JSON.parse(w.events) as string[]).includes(event.type))
    .map((w) => ({ webhook_id: w.id as string | null, honeypot_id: null as string | null }));
  if (event.honeypotId && event.onlyWebhookId === undefined) {
    const honeypot = await trx.selectFrom('honeypots').select(['id', 'alerts_enabled', 'alerts_webhook_url', 'alerts_webhook_disabled_at'])
      .where('id', '=', event.honeypotId).where('user_id', '=', event.userId).executeTakeFirst();
    if (honeypot && honeypot.alerts_enabled === 1 && honeypot.alerts_webhook_url && honeypot.alerts_webhook_disabled_at === null) {
      targets.push({ webhook_id: null, honeypot_id: honeypot.id });
    }
  }
  if (targets.length > 0) {
    await trx.insertInto('webhook_deliveries').values(targets.map((t) => ({
      id: newId('dlv', now), user_id: event.userId, event_id: id, webhook_id: t.webhook_id, honeypot_id: t.honeypot_id,
      status: 'pending' as const, next_attempt_at: createdAt, created_at: createdAt,
    }))).execute();
  }
  return { id, deliveries: targets.length };
}
