/**
 * SMTP ingest: messages accepted and committed per second by a real `mailwarden serve --role smtp`
 * process, 16 concurrent client connections sending the phishing corpus (`../shared/corpus/phishing`,
 * mean ≈ 23 KB; generated 23 KB messages when it is absent), each message answered 250 only after its
 * row and raw blob are committed. Also the server's peak RSS, and the RSS growth of a fresh server
 * receiving one 25 MB message. SQLite always; PostgreSQL too when BENCH_DATABASE_URL is set.
 * Targets (issue 4): ≥ 1,000 msg/s in SQLite mode; 25 MB message RSS growth ≤ 64 MB.
 * Also the server's CPU time per message, which other load on the machine disturbs less than the rate.
 *
 * Knobs: BENCH_SMTP_MESSAGES (6000), BENCH_SMTP_PROCESSES (1), BENCH_SMTP_SKIP_LARGE=1 (no 25 MB run),
 * BENCH_NODE_OPTIONS (given to the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { systemClock } from '../src/platform/clock.ts';
import { migrate, openDatabase, sqliteFile } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createServices } from '../src/services.ts';
import { largeAttachmentMessage, lines, message } from '../test/fixtures/mime/generate.ts';
import { startSmtpProcess, stopProcess } from '../test/support/processes.ts';
import { dataLines, openSmtpDialog } from '../test/support/smtp-dialog.ts';
import { createScratchDatabase } from '../test/support/postgres.ts';
import { report } from './support.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus', 'phishing');
const CONNECTIONS = 16;
const MESSAGES = Number(process.env.BENCH_SMTP_MESSAGES ?? 6_000);
/** SMTP server processes on the one database, the connections spread over them. */
const PROCESSES = Number(process.env.BENCH_SMTP_PROCESSES ?? 1);
const DOMAIN = 'bench.example.test';
const ADDRESS = `trap@${DOMAIN}`;

/** Resident and peak resident memory of a process, in MiB (Linux /proc). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function loadMessages(): { messages: Buffer[]; source: string } {
  if (fs.existsSync(CORPUS)) {
    const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.eml')).sort();
    return { messages: files.map((f) => dataLines(fs.readFileSync(path.join(CORPUS, f)))), source: `phishing corpus (${files.length} messages)` };
  }
  const messages = Array.from({ length: 200 }, (_, i) => dataLines(message([`X-Seq: ${i}`], lines(`message ${i}`, 'x'.repeat(23_000)))));
  return { messages, source: 'generated 23 KB messages (corpus absent)' };
}

async function prepare(env: Record<string, string>): Promise<void> {
  const config = loadConfig(env);
  const db = await openDatabase(config);
  try {
    await migrate(db);
    const services = createServices({ config, db, clock: systemClock, logger: createLogger('silent') });
    const user = await services.users.create({ email: `bench-${Date.now()}@example.test`, plan: 'pro' });
    await services.honeypots.create(user.id, { email_address: ADDRESS });
  } finally {
    await db.close();
  }
}

/**
 * One connection sending messages until none are left; counts the 250s. `pipelined`: MAIL FROM,
 * RCPT TO and DATA go out together and their replies are read after (RFC 2920 PIPELINING, which the
 * server offers and Postfix and Exim use); else each command waits for its reply.
 */
async function sender(port: number, next: () => Buffer | null, counts: { ok: number; failed: number }, pipelined = false): Promise<void> {
  const dialog = await openSmtpDialog(port);
  try {
    await dialog.send('EHLO bench.test');
    for (let raw = next(); raw !== null; raw = next()) {
      if (pipelined) {
        dialog.write(`MAIL FROM:<load@origin.test>\r\nRCPT TO:<${ADDRESS}>\r\nDATA\r\n`);
        for (let reply = 0; reply < 3; reply++) await dialog.reply();
      } else {
        await dialog.send('MAIL FROM:<load@origin.test>');
        await dialog.send(`RCPT TO:<${ADDRESS}>`);
        await dialog.send('DATA');
      }
      dialog.write(raw);
      if ((await dialog.reply()).startsWith('250')) counts.ok++;
      else counts.failed++;
    }
  } finally {
    dialog.close();
  }
}

async function measure(mode: string, env: Record<string, string>): Promise<void> {
  await prepare(env);
  const { messages, source } = loadMessages();
  const meanKb = messages.reduce((sum, m) => sum + m.length, 0) / messages.length / 1024;
  const servers: Array<Awaited<ReturnType<typeof startSmtpProcess>>> = [];
  for (let i = 0; i < PROCESSES; i++) servers.push(await startSmtpProcess(env));
  const server = servers[0]!;
  try {
    // Warm-up (JIT, caches), then the measured run.
    let warm = 0;
    await Promise.all(Array.from({ length: CONNECTIONS }, (_, c) => sender(servers[c % servers.length]!.port, () => (warm < 300 ? messages[warm++ % messages.length]! : null), { ok: 0, failed: 0 })));
    // SQLite: the largest the WAL grows under this load (the checkpointing thread resets it past 64 MiB).
    const walFile = mode === 'sqlite' ? `${sqliteFile(env.DATA_DIR!)}-wal` : null;
    let peakWal = 0;
    const walSampler = setInterval(() => {
      if (walFile !== null && fs.existsSync(walFile)) peakWal = Math.max(peakWal, fs.statSync(walFile).size);
    }, 100);
    for (const pipelined of [false, true]) {
      let sent = 0;
      const counts = { ok: 0, failed: 0 };
      const cpuBefore = servers.reduce((sum, s) => sum + cpuMsOf(s.child.pid!), 0);
      const clientCpuBefore = process.cpuUsage();
      const started = performance.now();
      await Promise.all(Array.from({ length: CONNECTIONS }, (_, c) => sender(servers[c % servers.length]!.port, () => (sent < MESSAGES ? messages[sent++ % messages.length]! : null), counts, pipelined)));
      const seconds = (performance.now() - started) / 1000;
      const cpuMs = servers.reduce((sum, s) => sum + cpuMsOf(s.child.pid!), 0) - cpuBefore;
      const clientCpu = process.cpuUsage(clientCpuBefore);
      const name = `smtp_ingest_${mode}${pipelined ? '_pipelined' : ''}`;
      const dialogue = pipelined ? 'MAIL FROM, RCPT TO and DATA pipelined (RFC 2920, as Postfix sends them)' : 'each command waits for its reply';
      const workload = `${counts.ok} messages from the ${source}, mean ${meanKb.toFixed(1)} KB, ${CONNECTIONS} connections, ${dialogue}, 250 after commit`;
      report({ name: `${name}_msgs_per_s`, value: Math.round(counts.ok / seconds), unit: 'msg/s', failed: counts.failed, target: mode === 'sqlite' ? '>= 1000' : undefined, workload });
      report({ name: `${name}_server_cpu_per_msg`, value: Number((cpuMs / counts.ok).toFixed(2)), unit: 'ms', workload });
      // The sending side runs on the same two cores: its share bounds what the server can get.
      report({ name: `${name}_client_cpu_per_msg`, value: Number(((clientCpu.user + clientCpu.system) / 1000 / counts.ok).toFixed(2)), unit: 'ms', workload });
    }
    clearInterval(walSampler);
    if (walFile !== null) report({ name: `smtp_ingest_${mode}_peak_wal`, value: Math.round(peakWal / 1024 / 1024), unit: 'MiB', workload: `both runs above, sampled every 100 ms; reset past 64 MiB` });
    report({ name: `smtp_ingest_${mode}_peak_rss`, value: Math.round(memoryOf(server.child.pid!).peak), unit: 'MiB', workload: `both runs above (${MESSAGES} messages each) on one server` });
  } finally {
    for (const s of servers) await stopProcess(s.child);
  }
  if (process.env.BENCH_SMTP_SKIP_LARGE === '1') return;

  // One 25 MB message into a fresh server: how much does its memory grow?
  const big = dataLines(largeAttachmentMessage(25 * 1000 * 1000).raw);
  const fresh = await startSmtpProcess(env);
  try {
    let once = false;
    await sender(fresh.port, () => (once ? null : ((once = true), dataLines(message([], lines('warm-up'))))), { ok: 0, failed: 0 });
    const baseline = memoryOf(fresh.child.pid!).rss;
    const counts = { ok: 0, failed: 0 };
    let sentBig = false;
    await sender(fresh.port, () => (sentBig ? null : ((sentBig = true), big)), counts);
    const after = memoryOf(fresh.child.pid!);
    report({
      name: `smtp_25mb_message_${mode}_rss_growth`,
      value: Math.round(after.peak - baseline),
      unit: 'MiB',
      stored: counts.ok === 1,
      target: '<= 64',
      workload: `one ${(big.length / 1e6).toFixed(1)} MB message (24 MB base64 attachment); peak RSS minus RSS before it`,
    });
  } finally {
    await stopProcess(fresh.child);
  }
}

export async function run(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailwarden-smtp-bench-'));
  try {
    await measure('sqlite', { DATA_DIR: dataDir, HONEYPOT_DOMAINS: DOMAIN, ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}) });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  if (process.env.BENCH_DATABASE_URL) {
    const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailwarden-smtp-bench-pg-'));
    const scratch = await createScratchDatabase(process.env.BENCH_DATABASE_URL, 'mw_smtp_bench');
    try {
      await measure('postgres', { DATA_DIR: pgDir, HONEYPOT_DOMAINS: DOMAIN, DATABASE_URL: scratch.url, MAILWARDEN_SECRET: 'bench-secret-0123456789abcdef0123456789' });
    } finally {
      await scratch.drop();
      fs.rmSync(pgDir, { recursive: true, force: true });
    }
  }
}

if (import.meta.main) await run();
