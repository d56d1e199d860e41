/**
 * The webhook delivery engine (worker role): claims due deliveries (delivery.repo.ts: oldest pending
 * per target only, leased), POSTs each signed event to its target (a webhook, or a honeypot's own
 * alert URL) and records the outcome (retry.ts): delivered, retried later, or failed. A target (webhook
 * or honeypot alert URL) whose attempts fail `maxFailures` times in a row is disabled, its pending
 * deliveries are cancelled and a `system.alert` event is recorded — all in the transaction that records
 * the failing attempt.
 *
 * At-least-once: a worker that dies mid-request leaves its claim to expire (`leaseMs`), after which
 * the delivery is attempted again; receivers de-duplicate on the event id (`webhook-id`).
 *
 * Latency: `notify()` after committing new events skips the poll wait in this process; other
 * processes find them within `pollMs`.
 */
import { BackgroundLoop } from '../../platform/jobs/background-loop.ts';
import { isoTime, type Clock } from '../../platform/clock.ts';
import type { Db, DbExecutor } from '../../platform/db/index.ts';
import type { DnsResolver } from '../../platform/dns/index.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Vault } from '../../platform/vault.ts';
import { InvalidInput } from '../../platform/errors.ts';
import { alertSecretContext } from '../../honeypots/alert-secrets.ts';
import { trustedCas } from '../../platform/tls-trust.ts';
import { recordEvent } from '../outbox.ts';
import { RefusedWebhookAddress, resolveTarget } from '../url-safety.ts';
import { DeliveryRepo, type AttemptRecord, type ClaimedDelivery, type DeliveryEvent, type HoneypotTargetRow, type WebhookTargetRow } from './delivery.repo.ts';
import { createAgents, postJson } from './http-post.ts';
import { backoffMs, retryAfterMs, RETRY_WINDOW_MS, verdictFor, type Verdict } from './retry.ts';
import { deliveryBody, deliveryHeaders } from './signing.ts';

export interface WebhookDeliveryOptions {
  /** Deliver to loopback/private addresses (`WEBHOOK_ALLOW_PRIVATE`). Default false. */
  allowPrivate?: boolean;
  /** Whole-request limit in ms (`WEBHOOK_TIMEOUT_MS`). Default 10,000. */
  timeoutMs?: number;
  /** Connection set-up limit in ms (`WEBHOOK_CONNECT_TIMEOUT_MS`). Default 5,000. */
  connectTimeoutMs?: number;
  /** Consecutive failed attempts that disable a webhook (`WEBHOOK_MAX_FAILURES`). Default 20. */
  maxFailures?: number;
  /** Deliveries in flight at once in this process (`WEBHOOK_CONCURRENCY`). Default 32. */
  concurrency?: number;
  /** Milliseconds a claim is held before another worker may retry it. Default timeoutMs + 60,000. */
  leaseMs?: number;
  /** Milliseconds between polls when idle. Default 250 (one indexed query; keeps event-to-delivery latency low across processes). */
  pollMs?: number;
  /** Jitter source, [0, 1). Default Math.random. */
  random?: () => number;
  /** PEM file of extra CAs for https receivers (`WEBHOOK_TLS_CA_FILE`). Default: Node's CA set only. */
  tlsCaFile?: string;
}

export interface WebhookDeliveryDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  vault: Pick<Vault, 'decrypt'>;
  resolver: Pick<DnsResolver, 'query'>;
  options?: WebhookDeliveryOptions;
}

/** Who receives a delivery: failures are counted, and the target disabled, per owner. */
type TargetOwner = { kind: 'webhook'; id: string } | { kind: 'honeypot'; id: string };

/** Where one delivery goes and how it is signed, or why it is cancelled. */
type Target = { url: string; secret: string | null; owner: TargetOwner } | { cancel: string };

interface Batch {
  events: Map<string, DeliveryEvent>;
  webhooks: Map<string, WebhookTargetRow>;
  honeypots: Map<string, HoneypotTargetRow>;
}

export class WebhookDeliveryJobs {
  private readonly deps: WebhookDeliveryDeps;
  private readonly repo: DeliveryRepo;
  private readonly options: Required<Omit<WebhookDeliveryOptions, 'leaseMs' | 'tlsCaFile'>> & { leaseMs: number };
  private readonly agents;
  private readonly inFlight = new Set<Promise<void>>();
  /**
   * Claims for the free slots every `pollMs` once started, and at once on `notify()` — which every
   * finished delivery calls, so a freed slot (and the target's next delivery) is used straight away.
   */
  private readonly loop: BackgroundLoop<void>;
  private readonly commitQueue: Array<{ work: (trx: DbExecutor) => Promise<void>; resolve: () => void; reject: (error: unknown) => void }> = [];
  private committing = false;

  constructor(deps: WebhookDeliveryDeps) {
    this.deps = deps;
    this.repo = new DeliveryRepo(deps.db);
    const o = deps.options ?? {};
    const timeoutMs = o.timeoutMs ?? 10_000;
    this.options = {
      allowPrivate: o.allowPrivate ?? false,
      timeoutMs,
      connectTimeoutMs: o.connectTimeoutMs ?? 5_000,
      maxFailures: o.maxFailures ?? 20,
      concurrency: o.concurrency ?? 32,
      leaseMs: o.leaseMs ?? timeoutMs + 60_000,
      pollMs: o.pollMs ?? 250,
      random: o.random ?? Math.random,
    };
    this.agents = createAgents(this.options.concurrency, trustedCas(o.tlsCaFile, 'WEBHOOK_TLS_CA_FILE'));
    this.loop = new BackgroundLoop(() => this.claimFreeSlots(), {
      intervalMs: this.options.pollMs,
      logger: deps.logger,
      failure: 'Could not claim webhook deliveries (database unavailable?); retrying shortly. Pending deliveries stay queued.',
    });
  }

  /** New deliveries were committed, or a slot was freed: claim now instead of at the next poll (when started). */
  notify(): void {
    this.loop.notify();
  }

  start(): void {
    this.loop.start();
  }

  /** Stops claiming, lets the requests in flight finish (each bounded by timeoutMs) and records them. */
  async stop(): Promise<void> {
    await this.loop.stop();
    await Promise.allSettled([...this.inFlight]);
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** Claims one batch (up to `concurrency`), delivers it and records the outcomes; returns how many were claimed. */
  async drainOnce(): Promise<number> {
    const started = await this.claimAndStart(this.options.concurrency);
    await Promise.all(started);
    return started.length;
  }

  /** Delivers until nothing is due at the clock's current time (tests, the CLI). */
  async drain(): Promise<number> {
    let total = 0;
    for (let handled = await this.drainOnce(); handled > 0; handled = await this.drainOnce()) total += handled;
    return total;
  }

  /** Fills the free slots (deliveries are not awaited: each calls notify() when it finishes). */
  private async claimFreeSlots(): Promise<void> {
    const free = this.options.concurrency - this.inFlight.size;
    if (free > 0) await this.claimAndStart(free);
  }

  private async claimAndStart(limit: number): Promise<Array<Promise<void>>> {
    const now = this.deps.clock.now();
    const claimed = await this.repo.claim(limit, isoTime(now), isoTime(now + this.options.leaseMs));
    if (claimed.length === 0) return [];
    const batch: Batch = {
      events: await this.repo.events(claimed.map((c) => c.event_id)),
      webhooks: await this.repo.webhooks(claimed.flatMap((c) => (c.webhook_id === null ? [] : [c.webhook_id]))),
      honeypots: await this.repo.honeypots(claimed.flatMap((c) => (c.honeypot_id === null ? [] : [c.honeypot_id]))),
    };
    return claimed.map((delivery) => {
      const work = this.deliver(delivery, batch).catch((error: unknown) => {
        this.deps.logger.error({ err: error, delivery_id: delivery.id }, 'Could not record a webhook delivery attempt; its claim will expire and it will be attempted again.');
      });
      const tracked = work.finally(() => {
        this.inFlight.delete(tracked);
        this.notify(); // a slot is free, and the target's next delivery may now be eligible
      });
      this.inFlight.add(tracked);
      return tracked;
    });
  }

  private async deliver(delivery: ClaimedDelivery, batch: Batch): Promise<void> {
    const event = batch.events.get(delivery.event_id);
    let target: Target;
    try {
      target = this.targetOf(delivery, batch);
    } catch (error) {
      // The secret cannot be decrypted (MAILWARDEN_SECRET changed?): retried like a failed attempt.
      const message = error instanceof Error ? error.message : String(error);
      await this.record(delivery, ownerOf(delivery), { statusCode: null, latencyMs: null, error: `not sent: the signing secret could not be decrypted: ${message}` }, 'retry', null);
      return;
    }
    if (event === undefined || 'cancel' in target) {
      const reason = event === undefined ? 'the event no longer exists' : (target as { cancel: string }).cancel;
      await this.inTransaction(async (trx) => {
        await this.repo.recordAttempt(trx, delivery, { statusCode: null, latencyMs: null, error: reason }, { status: 'cancelled', atIso: isoTime(this.deps.clock.now()) });
      });
      return;
    }
    const { attempt, verdict, retryAfter } = await this.attempt(event, target);
    await this.record(delivery, target.owner, attempt, verdict, retryAfter);
  }

  /**
   * Group commit: outcomes that finish while a commit is under way are written together in the next
   * transaction, so a busy worker pays one commit (one WAL sync on SQLite) per group, not per delivery.
   * If a group's transaction fails, its outcomes are retried one transaction each, so one bad write
   * cannot lose the others.
   */
  private inTransaction(work: (trx: DbExecutor) => Promise<void>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.commitQueue.push({ work, resolve, reject });
      if (!this.committing) void this.commitQueued();
    });
  }

  private async commitQueued(): Promise<void> {
    this.committing = true;
    while (this.commitQueue.length > 0) {
      const group = this.commitQueue.splice(0);
      try {
        await this.repo.transaction(async (trx) => {
          for (const item of group) await item.work(trx);
        });
        for (const item of group) item.resolve();
      } catch (error) {
        if (group.length === 1) group[0]!.reject(error);
        else {
          for (const item of group) await this.repo.transaction((trx) => item.work(trx)).then(item.resolve, item.reject);
        }
      }
    }
    this.committing = false;
  }

  private targetOf(delivery: ClaimedDelivery, batch: Batch): Target {
    if (delivery.webhook_id !== null) {
      const webhook = batch.webhooks.get(delivery.webhook_id);
      if (webhook === undefined) return { cancel: 'the webhook was deleted' };
      if (webhook.status !== 'active') return { cancel: 'the webhook is disabled' };
      return { url: webhook.url, secret: this.deps.vault.decrypt(webhook.secret_enc, `webhook:${webhook.id}:secret`), owner: { kind: 'webhook', id: webhook.id } };
    }
    const honeypot = batch.honeypots.get(delivery.honeypot_id ?? '');
    if (honeypot === undefined) return { cancel: 'the honeypot was deleted' };
    if (honeypot.alerts_enabled !== 1 || !honeypot.alerts_webhook_url) return { cancel: "the honeypot's alerts or alert URL were turned off" };
    if (honeypot.alerts_webhook_disabled_at !== null) return { cancel: "the honeypot's alert URL was disabled after repeated failures" };
    // A null secret signs with an empty key (see signing.ts): the receiver gets the headers, not proof.
    const secret = honeypot.alerts_webhook_secret_enc !== null
      ? this.deps.vault.decrypt(honeypot.alerts_webhook_secret_enc, alertSecretContext(honeypot.user_id))
      : honeypot.alerts_webhook_secret;
    return { url: honeypot.alerts_webhook_url, secret, owner: { kind: 'honeypot', id: honeypot.id } };
  }

  /** One HTTP attempt, with the address check repeated now (DNS may have changed since creation). */
  private async attempt(event: DeliveryEvent, target: { url: string; secret: string | null }): Promise<{ attempt: AttemptRecord; verdict: Verdict; retryAfter: number | null }> {
    let address: string;
    let url: URL;
    try {
      const resolved = await resolveTarget(target.url, this.deps.resolver, { allowPrivate: this.options.allowPrivate });
      address = resolved.addresses.find((a) => !a.includes(':')) ?? resolved.addresses[0]!;
      url = new URL(target.url);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A refused address or an invalid URL will not fix itself; a failed lookup may.
      const final = error instanceof RefusedWebhookAddress || error instanceof InvalidInput;
      return { attempt: { statusCode: null, latencyMs: null, error: `not sent: ${message}` }, verdict: final ? 'final' : 'retry', retryAfter: null };
    }
    const body = deliveryBody(event);
    const headers = deliveryHeaders(target.secret, event.id, Math.floor(this.deps.clock.now() / 1000), body);
    const result = await postJson({
      url, address, headers, body, connectTimeoutMs: this.options.connectTimeoutMs, timeoutMs: this.options.timeoutMs, agents: this.agents,
    });
    return {
      attempt: { statusCode: result.statusCode, latencyMs: result.latencyMs, error: result.error },
      verdict: verdictFor(result.statusCode),
      retryAfter: retryAfterMs(result.retryAfter, this.deps.clock.now()),
    };
  }

  /** Writes the attempt and its consequences (failure counters, disabling, system.alert) in one transaction. */
  private async record(delivery: ClaimedDelivery, owner: TargetOwner, attempt: AttemptRecord, verdict: Verdict, retryAfter: number | null): Promise<void> {
    const { clock, logger } = this.deps;
    const now = clock.now();
    const nowIso = isoTime(now);
    const firstAttempt = delivery.first_attempt_at === null ? now : Date.parse(delivery.first_attempt_at);
    const givingUp = verdict === 'retry' && now - firstAttempt >= RETRY_WINDOW_MS;
    const error = givingUp ? `${attempt.error ?? 'failed'}; gave up after retrying for 24 hours (${delivery.attempt} attempts)` : attempt.error;
    const next = verdict === 'delivered'
      ? { status: 'succeeded' as const, atIso: nowIso }
      : verdict === 'final' || givingUp
        ? { status: 'failed' as const, atIso: nowIso }
        : { status: 'pending' as const, nextAttemptAtIso: isoTime(now + (retryAfter ?? backoffMs(delivery.attempt, this.options.random))) };
    await this.inTransaction(async (trx) => {
      if (!(await this.repo.recordAttempt(trx, delivery, { ...attempt, error }, next))) return;
      if (verdict === 'delivered') {
        if (owner.kind === 'webhook') await this.repo.markWebhookDelivered(trx, owner.id, nowIso);
        else await this.repo.markHoneypotDelivered(trx, owner.id);
        return;
      }
      await this.countFailure(trx, delivery, owner, error, nowIso);
    });
    if (next.status === 'failed') {
      logger.warn({ delivery_id: delivery.id, event_id: delivery.event_id, webhook_id: delivery.webhook_id, honeypot_id: delivery.honeypot_id, attempt: delivery.attempt },
        `A webhook delivery failed for good: ${error ?? 'failed'}`);
    }
  }

  /**
   * Counts a failed attempt against its target; at `maxFailures` in a row the target is disabled, its
   * queue cancelled and a `system.alert` recorded (to the user's webhooks, never to the failing URL).
   */
  private async countFailure(trx: DbExecutor, delivery: ClaimedDelivery, owner: TargetOwner, error: string | null, nowIso: string): Promise<void> {
    const { clock, logger } = this.deps;
    const webhook = owner.kind === 'webhook';
    const counted = webhook ? await this.repo.countWebhookFailure(trx, owner.id) : await this.repo.countHoneypotFailure(trx, owner.id);
    if (counted === undefined || !counted.active || counted.failureCount < this.options.maxFailures) return;
    const what = webhook ? 'the webhook' : "the honeypot's alert URL";
    const reason = `Disabled after ${counted.failureCount} consecutive failed delivery attempts (WEBHOOK_MAX_FAILURES=${this.options.maxFailures}); the last one: ${error ?? 'failed'}. ` +
      (webhook ? 'Fix the receiver, then enable the webhook again.' : 'Fix the receiver, then set alerts.webhook_url (or enable alerts) again to resume.');
    const disabled = webhook ? await this.repo.disableWebhook(trx, owner.id, reason, nowIso) : await this.repo.disableHoneypotAlertUrl(trx, owner.id, reason, nowIso);
    if (!disabled) return;
    const subject = webhook ? { alert: 'webhook.disabled', webhook_id: owner.id } : { alert: 'honeypot_alert_url.disabled', honeypot_id: owner.id };
    await recordEvent(trx, clock, {
      userId: delivery.user_id,
      type: 'system.alert',
      data: { ...subject, message: reason, failure_count: counted.failureCount, last_error: error },
    });
    logger.warn({ ...subject, user_id: delivery.user_id, failure_count: counted.failureCount }, `Disabled ${what}: ${reason}`);
  }
}

function ownerOf(delivery: ClaimedDelivery): TargetOwner {
  return delivery.webhook_id !== null ? { kind: 'webhook', id: delivery.webhook_id } : { kind: 'honeypot', id: delivery.honeypot_id ?? '' };
}
