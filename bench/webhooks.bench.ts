/**
 * Benchmark: webhook deliveries per second to a fast local receiver (an HTTP server on loopback that
 * answers 200 at once), SQLite mode, the worker loop as `serve` runs it (WEBHOOK_CONCURRENCY 32).
 * The queue is filled first (events fanned out to every webhook by recordEvent), then timed until
 * every delivery is recorded as succeeded. Two workloads:
 * - 32 endpoints: deliveries to different webhooks run in parallel (target ≥ 1,000/s);
 * - 1 endpoint: deliveries to one webhook are sent one after another (event order), so this is the
 *   sequential round trip: claim, sign, POST, record.
 * Then event-to-delivery latency p50/p99 with events committed at 100/s (see measureLatency), and
 * capture-to-delivery latency with mail captured at 100/s and analysed on the way (measureCaptureLatency).
 *
 *   npx node bench/webhooks.bench.ts
 */
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.ts';
import { isoTime, systemClock } from '../src/platform/clock.ts';
import { migrate, openDatabase, type Db } from '../src/platform/db/index.ts';
import { newId } from '../src/platform/ids.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createServices } from '../src/services.ts';
import { WebhookDeliveryJobs } from '../src/webhooks/delivery/delivery.jobs.ts';
import { recordEvent } from '../src/webhooks/outbox.ts';
import { quantile, report } from './support.ts';

const EVENTS_FAN_OUT = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 200);
const EVENTS_SINGLE = Number(process.env.BENCH_WEBHOOK_EVENTS_SINGLE ?? 1000);

async function measure(db: Db, dataDir: string, endpoints: number, events: number): Promise<void> {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', WEBHOOK_ALLOW_PRIVATE: 'true' });
  const logger = createLogger('silent');
  const services = createServices({ config, db, clock: systemClock, logger });
  const user = await services.users.create({ email: `bench-${endpoints}-${Date.now()}@example.test`, plan: 'pro', role: 'user' });
  const total = endpoints * events;
  let received = 0;
  let allReceived: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allReceived = resolve));
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.end('ok');
      if (++received === total) allReceived();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  try {
    const now = Date.now();
    for (let i = 0; i < endpoints; i++) {
      const id = newId('webhook', now);
      await db.kysely.insertInto('webhooks').values({
        id, user_id: user.id, url, events: JSON.stringify(['email.received']), secret_enc: services.vault.encrypt(`whsec_${Buffer.alloc(32, i).toString('base64')}`, `webhook:${id}:secret`),
        status: 'active', description: null, disabled_reason: null, last_delivery_at: null, created_at: isoTime(now), updated_at: isoTime(now),
      }).execute();
    }
    for (let n = 0; n < events; n += 100) {
      await db.kysely.transaction().execute(async (trx) => {
        for (let k = n; k < Math.min(events, n + 100); k++) {
          await recordEvent(trx, systemClock, { userId: user.id, type: 'email.received', data: { email_id: `email_${k}`, subject: 'Bench', threat_score: 42, honeypot_id: 'honeypot_x' } });
        }
      });
    }
    const jobs = new WebhookDeliveryJobs({ db, clock: systemClock, logger, vault: services.vault, resolver: services.resolver, options: { allowPrivate: true } });
    const started = performance.now();
    jobs.start();
    await done;
    await jobs.stop();
    const seconds = (performance.now() - started) / 1000;
    const succeeded = await db.kysely.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'succeeded').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    report({
      name: `webhooks.deliveries_per_second.${endpoints === 1 ? 'one_endpoint' : `${endpoints}_endpoints`}`,
      value: Math.round(total / seconds),
      unit: 'deliveries/s',
      engine: db.engine,
      endpoints,
      deliveries: total,
      recorded_succeeded: Number(succeeded.n),
      concurrency: config.webhookDelivery.concurrency,
      workload: 'queue pre-filled; signed POST to a loopback receiver answering 200 at once; timed until every delivery is received and recorded',
    });
  } finally {
    server.close();
    services.mailer.close();
  }
}

/**
 * Event-to-delivery latency: events committed at `perSecond` (as the analysis of captured mail writes
 * them, with notify() after the commit as services.ts does), from the commit to the receiver reading
 * the request. Excludes capture and analysis time.
 */
async function measureLatency(db: Db, dataDir: string, perSecond: number, seconds: number): Promise<void> {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', WEBHOOK_ALLOW_PRIVATE: 'true' });
  const logger = createLogger('silent');
  const services = createServices({ config, db, clock: systemClock, logger });
  const user = await services.users.create({ email: `bench-latency-${Date.now()}@example.test`, plan: 'pro', role: 'user' });
  const total = perSecond * seconds;
  const committedAt = new Map<string, number>();
  const latencies: number[] = [];
  let allReceived: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allReceived = resolve));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const arrived = performance.now();
      res.end('ok');
      const { id } = JSON.parse(Buffer.concat(chunks).toString()) as { id: string };
      latencies.push(arrived - committedAt.get(id)!);
      if (latencies.length === total) allReceived();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const id = newId('webhook', Date.now());
  await db.kysely.insertInto('webhooks').values({
    id, user_id: user.id, url, events: JSON.stringify(['email.received']), secret_enc: services.vault.encrypt(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, `webhook:${id}:secret`),
    status: 'active', description: null, disabled_reason: null, last_delivery_at: null, created_at: isoTime(Date.now()), updated_at: isoTime(Date.now()),
  }).execute();
  const jobs = new WebhookDeliveryJobs({ db, clock: systemClock, logger, vault: services.vault, resolver: services.resolver, options: { allowPrivate: true } });
  jobs.start();
  try {
    const started = performance.now();
    for (let n = 0; n < total; n++) {
      const due = started + (n * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const event = await db.kysely.transaction().execute((trx) => recordEvent(trx, systemClock, { userId: user.id, type: 'email.received', data: { email_id: `email_${n}` } }));
      committedAt.set(event.id, performance.now());
      jobs.notify();
    }
    await done;
    for (const [q, name] of [[0.5, 'p50'], [0.99, 'p99']] as const) {
      report({
        name: `webhooks.event_to_delivery_ms.${name}`, value: Math.round(quantile(latencies, q) * 10) / 10, unit: 'ms', engine: db.engine, events: total, per_second: perSecond,
        workload: 'one endpoint; event committed (notify() after commit) until the loopback receiver has read the request; excludes capture and analysis',
      });
    }
  } finally {
    await jobs.stop();
    server.close();
    services.mailer.close();
  }
}

/** A small phishing-like message, different per n (so campaign clustering does real work). */
function capturedMessage(n: number): Buffer {
  return Buffer.from([
    `From: "Account Security" <alerts@secure-login-${n % 17}.example>`,
    'To: trap@traps.bench',
    `Subject: Action required: confirm your account ${n}`,
    `Message-ID: <bench-${n}-${Date.now()}@secure-login.example>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<p>Dear customer, your mailbox will be suspended. <a href="http://login-verify-${n % 5}.example/confirm?id=${n}">Verify now</a> within 24 hours.</p>`,
    '',
  ].join('\r\n'));
}

/**
 * Capture-to-delivery latency: messages captured at `perSecond` through the ingest pipeline (the one
 * SMTP and HTTP ingest use), analysed by the analysis workers, their `email.received` events delivered
 * to a loopback receiver; from the ingest's acknowledgement to the receiver reading the request.
 */
async function measureCaptureLatency(db: Db, dataDir: string, perSecond: number, seconds: number): Promise<void> {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', WEBHOOK_ALLOW_PRIVATE: 'true', HONEYPOT_DOMAINS: 'traps.bench', ANALYSIS_AUTH_CHECKS: 'false' });
  const logger = createLogger('silent');
  const services = createServices({ config, db, clock: systemClock, logger });
  const user = await services.users.create({ email: `bench-capture-${Date.now()}@example.test`, plan: 'pro', role: 'user' });
  const honeypot = await services.honeypots.create(user.id, { email_address: `trap-${Date.now()}@traps.bench` });
  const total = perSecond * seconds;
  const acknowledgedAt = new Map<string, number>();
  const arrivedAt = new Map<string, number>();
  let allReceived: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allReceived = resolve));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const arrived = performance.now();
      res.end('ok');
      const { data } = JSON.parse(Buffer.concat(chunks).toString()) as { data: { email: { id: string } } };
      // Keyed by email: a delivery can arrive before the ingest's promise callback has recorded its ack time.
      if (!arrivedAt.has(data.email.id)) arrivedAt.set(data.email.id, arrived);
      if (arrivedAt.size === total) allReceived();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const id = newId('webhook', Date.now());
  await db.kysely.insertInto('webhooks').values({
    id, user_id: user.id, url, events: JSON.stringify(['email.received']), secret_enc: services.vault.encrypt(`whsec_${Buffer.alloc(32, 9).toString('base64')}`, `webhook:${id}:secret`),
    status: 'active', description: null, disabled_reason: null, last_delivery_at: null, created_at: isoTime(Date.now()), updated_at: isoTime(Date.now()),
  }).execute();
  services.analysis.start();
  services.webhookDelivery.start();
  const envelope = { transport: 'smtp' as const, mailFrom: 'bounce@secure-login.example', clientIp: '203.0.113.9', clientPort: 40000, helo: 'mx.secure-login.example', tls: false, serverName: 'mx.traps.bench' };
  try {
    const started = performance.now();
    const ingests: Array<Promise<void>> = [];
    for (let n = 0; n < total; n++) {
      const due = started + (n * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const raw = capturedMessage(n);
      ingests.push(services.ingest.ingest((async function* () { yield raw; })(), envelope, [{ honeypotId: honeypot.id, userId: user.id }], { maxBytes: 1 << 20 })
        .then((result) => void acknowledgedAt.set(result.emailIds[0]!, performance.now())));
    }
    await Promise.all(ingests);
    await done;
    const latencies = [...arrivedAt].map(([emailId, arrived]) => arrived - acknowledgedAt.get(emailId)!);
    for (const [q, name] of [[0.5, 'p50'], [0.99, 'p99']] as const) {
      report({
        name: `webhooks.capture_to_delivery_ms.${name}`, value: Math.round(quantile(latencies, q)), unit: 'ms', engine: db.engine, emails: total, per_second: perSecond,
        analysis_threads: config.analysis.threads,
        workload: 'captured through the ingest pipeline at a steady rate, analysed (auth checks off: no DNS), email.received signed and POSTed to a loopback receiver; from the ingest acknowledgement to the receiver reading the request',
      });
    }
  } finally {
    await services.analysis.stop();
    await services.webhookDelivery.stop();
    server.close();
    services.mailer.close();
  }
}

export async function run(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailwarden-bench-webhooks-'));
  try {
    const db = await openDatabase({ databaseUrl: undefined, databasePoolSize: 5, dataDir });
    try {
      await migrate(db);
      await measure(db, dataDir, 32, EVENTS_FAN_OUT);
      await measure(db, dataDir, 1, EVENTS_SINGLE);
      await measureLatency(db, dataDir, 100, 10);
      await measureCaptureLatency(db, dataDir, 100, 10);
    } finally {
      await db.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) await run();
