/**
 * Benchmark: warm-up sends per second through the harness's loopback Postfix (submission, STARTTLS +
 * AUTH) with the sender's pooled connections (one per mailbox, kept open between messages): the six
 * harness mailboxes each send BENCH_WARMUP_SENDS (default 50) messages, all due at once, through
 * `WarmupSender.runDue()` (claims, content writing, SMTP, outcome rows; SQLite). Reference measured in
 * the same run: the same kind of message sent one connection per message (connect, STARTTLS, AUTH,
 * send, quit), which is what pooling saves. The delivered messages are deleted again over IMAP.
 * Skipped (with a message) when the harness is not running.
 *
 *   npx node bench/warmup-send.bench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { systemClock } from '../src/platform/clock.ts';
import { migrate, openDatabase } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/logger.ts';
import { Vault } from '../src/platform/vault.ts';
import { BuiltinContentWriter, correspondentFor } from '../src/warmup/content/index.ts';
import { WarmupSender } from '../src/warmup/sending/index.ts';
import { harnessCa, harnessPassword, loadHarness, type Harness } from '../test/support/harness.ts';
import { insertMailbox, insertRow, insertUser, RecordingEvents } from '../test/warmup/sending-support.ts';
import { report } from './support.ts';

const PER_MAILBOX = Number(process.env.BENCH_WARMUP_SENDS ?? 50);
const REFERENCE_SENDS = 30;
const TOKEN_PREFIX = 'wt_bench_';
const ADDRESSES = ['user1@alpha.test', 'user2@alpha.test', 'user1@beta.test', 'user2@beta.test', 'user1@gamma.test', 'user2@gamma.test'];

async function pooledRun(harness: Harness): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailwarden-bench-send-'));
  const db = await openDatabase({ databaseUrl: undefined, databasePoolSize: 1, dataDir });
  const vault = new Vault(() => 'bench-warmup-send-secret-0123456789abcdef0123');
  try {
    await migrate(db);
    const now = new Date().toISOString();
    const userId = await insertUser(db, now);
    const ids: string[] = [];
    for (const address of ADDRESSES) {
      ids.push(await insertMailbox(db, vault, { userId, email: address, host: harness.host, port: harness.ports.submission, security: 'starttls', pass: harnessPassword(harness, address) }, now));
    }
    for (let i = 0; i < PER_MAILBOX; i++) {
      for (let m = 0; m < ADDRESSES.length; m++) {
        const to = (m + 1 + (i % (ADDRESSES.length - 1))) % ADDRESSES.length;
        await insertRow(db, { userId, mailboxId: ids[m]!, recipientMailboxId: ids[to]!, recipientEmail: ADDRESSES[to]!, scheduledAt: now, tokenPrefix: TOKEN_PREFIX });
      }
    }
    const sender = new WarmupSender(
      { db, clock: systemClock, logger: createLogger('silent'), vault, dns: { addresses: async () => [harness.host], mx: async () => [] }, events: new RecordingEvents(), writer: new BuiltinContentWriter() },
      { concurrency: 8, smtp: { timeoutMs: 5_000, ca: [harnessCa(harness).toString()], allowPrivateHosts: true } },
    );
    const started = performance.now();
    const handled = await sender.runDue();
    const seconds = (performance.now() - started) / 1000;
    await sender.stop();
    const accepted = await db.kysely.selectFrom('warmup_emails').select((eb) => eb.fn.countAll<number>().as('n')).where('smtp_outcome', '=', 'accepted').executeTakeFirstOrThrow();
    const workload = `${ADDRESSES.length} mailboxes × ${PER_MAILBOX} messages through Postfix submission (STARTTLS + AUTH), one pooled connection per mailbox, sender concurrency 8; ${handled} handled, ${Number(accepted.n)} accepted; SQLite`;
    report({ name: 'warmup_send_pooled_rate', value: Number((handled / seconds).toFixed(1)), unit: 'messages/s', workload });
    report({ name: 'warmup_send_pooled_duration', value: Number(seconds.toFixed(2)), unit: 's', workload });
  } finally {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Reference: a new connection (STARTTLS + AUTH) for every message, six senders in parallel. */
async function unpooledReference(harness: Harness): Promise<void> {
  const writer = new BuiltinContentWriter();
  const ca = [harnessCa(harness).toString()];
  const perSender = Math.ceil(REFERENCE_SENDS / ADDRESSES.length);
  const started = performance.now();
  await Promise.all(
    ADDRESSES.map(async (from, m) => {
      for (let i = 0; i < perSender; i++) {
        const to = ADDRESSES[(m + 1) % ADDRESSES.length]!;
        const transport = nodemailer.createTransport({ host: harness.host, port: harness.ports.submission, secure: false, requireTLS: true, tls: { ca }, auth: { user: from, pass: harnessPassword(harness, from) } });
        const draft = writer.newMessage(i * 7919 + m, correspondentFor(from), correspondentFor(to));
        await transport.sendMail({ from, to, subject: draft.subject, text: draft.text, html: draft.html, headers: { 'X-Warmup-Token': `${TOKEN_PREFIX}ref${m}-${i}` } });
        transport.close();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sent = perSender * ADDRESSES.length;
  report({ name: 'warmup_send_unpooled_reference_rate', value: Number((sent / seconds).toFixed(1)), unit: 'messages/s', workload: `${sent} messages, one connection (STARTTLS + AUTH) per message, 6 senders in parallel` });
}

/** Deletes every message this benchmark delivered (its tokens share a prefix; IMAP header search matches substrings). */
async function cleanUp(harness: Harness): Promise<void> {
  for (const address of ADDRESSES) {
    const client = new ImapFlow({ host: harness.host, port: harness.ports.imap, secure: false, doSTARTTLS: true, tls: { ca: [harnessCa(harness).toString()] }, auth: { user: address, pass: harnessPassword(harness, address) }, logger: false });
    client.on('error', () => {});
    await client.connect();
    const lock = await client.getMailboxLock('INBOX');
    try {
      await client.noop();
      const uids = await client.search({ header: { 'x-warmup-token': TOKEN_PREFIX } }, { uid: true });
      if (uids && uids.length > 0) await client.messageDelete(uids, { uid: true });
    } finally {
      lock.release();
      await client.logout();
    }
  }
}

export async function run(): Promise<void> {
  const harness = loadHarness();
  if (harness === null) {
    process.stderr.write('warm-up send bench skipped: the mail/DNS harness is not running; start it as root with `bash test/harness/start.sh`.\n');
    return;
  }
  try {
    await pooledRun(harness);
    await unpooledReference(harness);
  } finally {
    // Postfix delivers asynchronously; give the queue a moment before deleting.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await cleanUp(harness);
  }
}

if (import.meta.main) await run();
