/**
 * Shared set-up for the delivery tests: an app on a fresh database (loopback targets allowed), a
 * delivery engine on the test's ManualClock, and helpers to add webhooks and record events.
 */
import { randomBytes } from 'node:crypto';
import { WebhookDeliveryJobs, type WebhookDeliveryOptions } from '../../src/webhooks/delivery/delivery.jobs.ts';
import { recordEvent, type EventType } from '../../src/webhooks/outbox.ts';
import { isoTime } from '../../src/platform/clock.ts';
import { newId } from '../../src/platform/ids.ts';
import type { TestApp } from '../support/app.ts';

/** MAILWARDEN_SECRET for the tests (required in PostgreSQL mode). */
export const TEST_SECRET = 'delivery-tests-vault-secret-0123456789abcdef';

export function standardSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

const started: WebhookDeliveryJobs[] = [];

/** Stops every engine deliveryJobs() made (their keep-alive sockets would keep the test process alive). */
export async function stopDeliveryJobs(): Promise<void> {
  await Promise.all(started.splice(0).map((jobs) => jobs.stop()));
}

export function deliveryJobs(t: TestApp, options: WebhookDeliveryOptions = {}): WebhookDeliveryJobs {
  // random 0.5: the backoff is exactly 3/4 of its base (30 s → 22.5 s, 60 s → 45 s, …).
  const jobs = new WebhookDeliveryJobs({
    db: t.testDb.db, clock: t.clock, logger: t.logger, vault: t.services.vault, resolver: t.services.resolver,
    options: { allowPrivate: true, random: () => 0.5, ...options },
  });
  started.push(jobs);
  return jobs;
}

export async function addWebhook(t: TestApp, userId: string, url: string, secret: string, events: string[] = ['email.received']): Promise<string> {
  const now = t.clock.now();
  const id = newId('webhook', now);
  await t.testDb.db.kysely.insertInto('webhooks').values({
    id, user_id: userId, url, events: JSON.stringify(events), secret_enc: t.services.vault.encrypt(secret, `webhook:${id}:secret`),
    status: 'active', description: null, disabled_reason: null, last_delivery_at: null, created_at: isoTime(now), updated_at: isoTime(now),
  }).execute();
  return id;
}

export async function emit(t: TestApp, userId: string, data: Record<string, unknown>, type: EventType = 'email.received'): Promise<string> {
  const event = await t.testDb.db.kysely.transaction().execute((trx) => recordEvent(trx, t.clock, { userId, type, data }));
  return event.id;
}

export function deliveriesOf(t: TestApp, webhookId: string) {
  return t.testDb.db.kysely.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId).orderBy('created_at').orderBy('id').execute();
}

export function webhookRow(t: TestApp, webhookId: string) {
  return t.testDb.db.kysely.selectFrom('webhooks').selectAll().where('id', '=', webhookId).executeTakeFirstOrThrow();
}
