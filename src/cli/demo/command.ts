/**
 * `mailwarden demo`: sample data like a staging environment (see `mailwarden demo --help`).
 *
 *   account (user, key, 10 honeypots; reused when present)
 *   → the 100 sample messages of demo/ for this seed, minus those the user already holds (by Message-ID)
 *   → sent over SMTP: to an SMTP server started here on a free loopback port (default), or to a
 *     running server (`--smtp HOST:PORT`)
 *   → wait until every one is analysed (by the worker started here, or by the running server's)
 *   → summary: classifications per sample kind, campaigns.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig, type Config } from '../../config.ts';
import { systemClock } from '../../platform/clock.ts';
import { createLogger } from '../../platform/logger.ts';
import { createServices, type Services } from '../../services.ts';
import { DEFAULT_SEED, generateDemoMessages, writeDemoMessages, type DemoMessage } from '../../../demo/generate.ts';
import { parseArgs, UsageError } from '../args.ts';
import { withDatabase } from '../database.ts';
import { Progress, type CliIO } from '../output.ts';
import { startSmtp } from '../serve.ts';
import { DemoRepo, type DemoEmailRow } from './demo.repo.ts';
import { parseSmtpTarget, sendDemoMessages, type SmtpTarget } from './send.ts';
import { ensureDemoAccount, type DemoAccount } from './setup.ts';
import { campaignLine, summarize, summaryTable } from './summary.ts';

/** Honeypot domain when HONEYPOT_DOMAINS is empty. */
const FALLBACK_DOMAIN = 'example.com';
/** Seconds to wait for the analysis of every message. Default 300. */
const DEFAULT_TIMEOUT_S = 300;
/** How often the analysis progress is read from the database (ms). */
const POLL_MS = 250;

interface DemoOptions {
  json: boolean;
  smtp: SmtpTarget | null;
  seed: number;
  out: string | null;
  timeoutMs: number;
  rotateKey: boolean;
}

function readOptions(argv: readonly string[]): DemoOptions {
  const { positionals, options } = parseArgs(argv, ['smtp', 'seed', 'out', 'timeout'], ['json', 'rotate-key']);
  if (positionals.length > 0) throw new UsageError(`mailwarden demo takes no arguments (got "${positionals[0]}"); see mailwarden demo --help.`);
  const seed = options.seed === undefined ? DEFAULT_SEED : Number(options.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError('--seed must be a whole number of 0 or more.');
  const timeout = options.timeout === undefined ? DEFAULT_TIMEOUT_S : Number(options.timeout);
  if (!(timeout > 0)) throw new UsageError('--timeout must be a number of seconds above 0.');
  let smtp: SmtpTarget | null;
  try {
    smtp = options.smtp === undefined ? null : parseSmtpTarget(options.smtp);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { json: options.json === 'true', smtp, seed, out: options.out ?? null, timeoutMs: timeout * 1000, rotateKey: options['rotate-key'] === 'true' };
}

export async function demoCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const options = readOptions(argv);
  const loaded = loadConfig(io.env);
  const domains = loaded.honeypotDomains.length > 0 ? loaded.honeypotDomains : [FALLBACK_DOMAIN];
  if (loaded.honeypotDomains.length === 0) io.err(`HONEYPOT_DOMAINS is empty: the demo honeypots use ${FALLBACK_DOMAIN}. Set HONEYPOT_DOMAINS to the domains whose MX points here for real mail.`);
  // The demo's own SMTP server listens on a free loopback port, whatever SMTP_PORT says.
  const config: Config = { ...loaded, honeypotDomains: domains, smtpHost: '127.0.0.1', smtpPort: 0 };
  const startedAt = Date.now();
  return withDatabase(config, async (db) => {
    const logger = createLogger('warn', process.stderr);
    const services = createServices({ config, db, clock: systemClock, logger });
    const repo = new DemoRepo(db);
    const account = await ensureDemoAccount(services, repo, { domains, rotateKey: options.rotateKey });
    const messages = await generateDemoMessages({ seed: options.seed, domains, now: new Date() });
    if (options.out !== null) writeDemoMessages(messages, options.out);
    const present = new Set((await repo.emailsWithMessageIds(account.user.id, messages.map((m) => m.messageId))).map((r) => r.message_id));
    const missing = messages.filter((m) => !present.has(m.messageId));
    if (present.size > 0) io.err(`${present.size} of the ${messages.length} demo emails are already there; sending the other ${missing.length}.`);
    // Default: this process runs the SMTP server and the analysis worker while it needs them.
    const local = options.smtp === null ? await startLocalRoles(config, services) : null;
    let rows: DemoEmailRow[];
    let sent: number;
    try {
      const target = options.smtp ?? { host: '127.0.0.1', port: local!.port };
      if (missing.length > 0) io.err(local === null
        ? `Sending ${missing.length} emails to ${target.host}:${target.port}; that server's worker analyses them.`
        : `Sending ${missing.length} emails through the SMTP server started here on 127.0.0.1:${target.port}; the analysis runs here too.`);
      sent = await deliver(missing, target, io);
      rows = await waitForAnalysis(repo, account.user.id, messages, options.timeoutMs, io);
    } finally {
      await local?.stop();
    }
    const summary = summarize(messages, rows);
    const seconds = (Date.now() - startedAt) / 1000;
    if (options.json) {
      io.out(JSON.stringify({ ...describeAccount(account, config), emails_sent: sent, emails_total: rows.length, summary, seconds: Number(seconds.toFixed(1)) }));
    } else {
      printHuman(io, account, config, sent, summary, seconds);
    }
    return rows.length === messages.length ? 0 : 1;
  });
}

/** The SMTP server on a free loopback port and the analysis worker, for the duration of the demo. */
async function startLocalRoles(config: Config, services: Services): Promise<{ port: number; stop(): Promise<void> }> {
  const smtp = await startSmtp(config, services, createLogger('warn', process.stderr));
  services.analysis.start();
  return {
    port: smtp.port,
    async stop() {
      await smtp.server.close();
      await services.analysis.stop();
    },
  };
}

async function deliver(messages: readonly DemoMessage[], target: SmtpTarget, io: CliIO): Promise<number> {
  if (messages.length === 0) return 0;
  const progress = new Progress(io, { verb: 'sent', every: 25 });
  const outcome = await sendDemoMessages(messages, target, (done) => progress.update(done, done / messages.length));
  progress.finish();
  for (const failure of outcome.failed.slice(0, 5)) io.err(`  ${failure.name}: not accepted: ${failure.error}`);
  if (outcome.failed.length > 0) io.err(`${outcome.failed.length} emails were not accepted by the SMTP server (first reasons above).`);
  return outcome.sent;
}

/** Polls until every demo email the user holds is analysed (or failed); the timeout says what to check. */
async function waitForAnalysis(repo: DemoRepo, userId: string, messages: readonly DemoMessage[], timeoutMs: number, io: CliIO): Promise<DemoEmailRow[]> {
  const ids = messages.map((m) => m.messageId);
  const progress = new Progress(io, { verb: 'analysed', every: 25, rate: false });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await repo.emailsWithMessageIds(userId, ids);
    const done = rows.filter((r) => r.analysis_status !== 'pending').length;
    progress.update(done, done / Math.max(1, rows.length));
    if (done === rows.length) {
      progress.finish();
      return rows;
    }
    if (Date.now() > deadline) {
      progress.finish();
      throw new Error(`${rows.length - done} of ${rows.length} demo emails are still waiting for analysis after ${Math.round(timeoutMs / 1000)} s. Is the server's worker role running (mailwarden serve)? Run mailwarden demo again later to see the summary, or raise --timeout.`);
    }
    await sleep(POLL_MS);
  }
}

function describeAccount(account: DemoAccount, config: Config) {
  return {
    user: { id: account.user.id, email: account.user.email, plan: account.user.plan },
    api_key: account.apiKey,
    key_id: account.keyId,
    base_url: config.publicUrl,
    honeypots: account.honeypots.map(({ created: _created, ...honeypot }) => honeypot),
  };
}

function printHuman(io: CliIO, account: DemoAccount, config: Config, sent: number, summary: ReturnType<typeof summarize>, seconds: number): void {
  io.out(`Demo user: ${account.user.email} (plan ${account.user.plan}${account.user.created ? ', created' : ', existing'})`);
  if (account.apiKey !== null) io.out(`API key (shown only now; every Threat and Deliverability scope): ${account.apiKey}`);
  else io.out(`API key: ${account.keyId} (created earlier and shown then; --rotate-key prints a new one)`);
  const created = account.honeypots.filter((h) => h.created).length;
  io.out(`Honeypots: ${account.honeypots.length} (${created} created): ${account.honeypots.map((h) => h.email_address).join(', ')}`);
  io.out(`Emails sent over SMTP: ${sent}; analysed: ${Object.values(summary.by_classification).reduce((a, b) => a + b, 0)} in ${seconds.toFixed(1)} s`);
  io.out('');
  io.out(summaryTable(summary));
  io.out('');
  io.out(campaignLine(summary));
  io.out(`Try: curl -H "Authorization: Bearer <key>" '${config.publicUrl}/v1/emails?threat_score=gt:50&sort=threat_score:desc'  (with mailwarden serve running)`);
}
