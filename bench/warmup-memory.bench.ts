/**
 * Benchmark: memory per 1,000 active warm-up mailboxes. A real `mailwarden serve --role worker`
 * process (planner, sender, receiving side, roll-up) runs over a SQLite database holding N verified,
 * active mailboxes, each with one warm-up message due now, sent over implicit TLS to a loopback SMTP
 * server in this process; the worker keeps one pooled SMTP connection per mailbox open
 * (WARMUP_SMTP_IDLE_SECONDS=600). Its resident memory once every message is out, minus the same
 * worker's with no mailboxes, divided by N/1,000. IMAP points at a closed port (the receiving side's
 * attempts fail fast and are retried later), so this measures the engine, not a mail server's answers.
 *
 *   npx node bench/warmup-memory.bench.ts        (BENCH_MAILBOXES=…, default 1000)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, openDatabase } from '../src/platform/db/index.ts';
import { Vault } from '../src/platform/vault.ts';
import { startProcess, stopProcess } from '../test/support/processes.ts';
import { insertMailbox, insertRow, insertUser, startScriptedSmtp, type ScriptedSmtp } from '../test/warmup/sending-support.ts';
import { report } from './support.ts';
import { freePort as closedPort } from '../test/support/ports.ts';

const MAILBOXES = Number(process.env.BENCH_MAILBOXES ?? 1000);
const SECRET = 'warmup-memory-bench-secret-0123456789abcdef';
const DOMAINS = 50;

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}


async function seed(dataDir: string, count: number, smtp: ScriptedSmtp, imapPort: number): Promise<void> {
  const db = await openDatabase({ databaseUrl: undefined, databasePoolSize: 1, dataDir });
  try {
    await migrate(db);
    const vault = new Vault(() => SECRET);
    const now = new Date().toISOString();
    const userId = await insertUser(db, now);
    const mailboxes: { id: string; email: string }[] = [];
    for (let i = 0; i < count; i++) {
      const email = `m${i}@d${i % DOMAINS}.bench.test`;
      mailboxes.push({ id: await insertMailbox(db, vault, { userId, email, host: '127.0.0.1', port: smtp.port, pass: 'good-pass' }, now), email });
    }
    await db.kysely.updateTable('mailboxes').set({ imap_host: '127.0.0.1', imap_port: imapPort }).execute();
    for (let i = 0; i < count; i++) {
      const to = mailboxes[(i + 1) % count]!;
      await insertRow(db, { userId, mailboxId: mailboxes[i]!.id, recipientMailboxId: to.id, recipientEmail: to.email, scheduledAt: now, tokenPrefix: 'wt_membench_' });
    }
  } finally {
    await db.close();
  }
}

/** Starts a worker over `count` mailboxes; resolves with its RSS (MiB) once their messages are out and it settled. */
async function measureWorker(count: number, smtp: ScriptedSmtp): Promise<{ rss: number; seconds: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-bench-warmup-memory-'));
  const caFile = path.join(dataDir, 'smtp-ca.pem');
  fs.writeFileSync(caFile, smtp.cert);
  await seed(dataDir, count, smtp, await closedPort());
  const before = smtp.messages.length;
  const started = performance.now();
  const worker = await startProcess(['bin/mailwarden.js', 'serve', '--role', 'worker'], {
    DATA_DIR: dataDir,
    MAILWARDEN_SECRET: SECRET,
    MAILBOX_TLS_CA_FILE: caFile,
    MAILBOX_ALLOW_PRIVATE_HOSTS: 'true',
    WARMUP_SMTP_IDLE_SECONDS: '600',
    WARMUP_SEND_CONCURRENCY: '32',
    LOG_LEVEL: 'info',
  }, /(Mailwarden is running)/);
  try {
    const deadline = Date.now() + 300_000;
    while (smtp.messages.length - before < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const seconds = (performance.now() - started) / 1000;
    // Let the planner, the receiving side's first pass and the GC settle, then take the larger of a few readings.
    await new Promise((r) => setTimeout(r, 5_000));
    let rss = 0;
    for (let i = 0; i < 5; i++) {
      rss = Math.max(rss, rssMiB(worker.child.pid!));
      await new Promise((r) => setTimeout(r, 500));
    }
    if (smtp.messages.length - before < count) throw new Error(`only ${smtp.messages.length - before} of ${count} warm-up messages arrived in 300 s`);
    return { rss, seconds };
  } finally {
    await stopProcess(worker.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const smtp = await startScriptedSmtp();
  try {
    const empty = await measureWorker(0, smtp);
    const loaded = await measureWorker(MAILBOXES, smtp);
    const perThousand = ((loaded.rss - empty.rss) / MAILBOXES) * 1000;
    const workload = `worker process; ${MAILBOXES} active mailboxes, one message each sent over pooled TLS connections kept open (${loaded.seconds.toFixed(1)} s to send all); RSS ${loaded.rss.toFixed(0)} MiB vs ${empty.rss.toFixed(0)} MiB with none`;
    report({ name: 'warmup_memory_per_1000_mailboxes', value: Number(perThousand.toFixed(1)), unit: 'MiB', workload });
    report({ name: 'warmup_worker_rss', value: Math.round(loaded.rss), unit: 'MiB', workload });
  } finally {
    await smtp.close();
  }
}

if (import.meta.main) await run();
