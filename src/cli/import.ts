/**
 * `mailwarden import PATH… --honeypot ADDRESS`: loads an archive (mbox, .eml files, directories)
 * into a honeypot through the capture pipeline SMTP and POST /v1/emails use (EmailIngest: blob,
 * header fields, one committed row, then the analysis queue), so the worker analyses the messages
 * like any captured mail.
 *
 * - Duplicates: a message the honeypot already holds — same Message-ID and same SHA-256 of its bytes
 *   (CRLF line endings, as SMTP stores them) — is skipped. Comparing both keeps distinct messages that
 *   reuse a Message-ID (common in spam) and still recognises the same mail exported twice.
 * - Resuming: the position after the last committed message is saved in DATA_DIR/imports/ (see
 *   import-state.ts); the next run starts there unless `--restart`. A finished import removes it.
 * - Interruption (SIGINT/SIGTERM): no new message starts, those in flight finish, the position is
 *   saved, and the command exits 130.
 */
import { createHash } from 'node:crypto';
import { loadConfig, type Config } from '../config.ts';
import { parseHeaderBlock } from '../emails/parsing/index.ts';
import type { InboundEnvelope } from '../emails/ingest.service.ts';
import { systemClock } from '../platform/clock.ts';
import { createLogger } from '../platform/logger.ts';
import { createServices, type Services } from '../services.ts';
import { parseArgs, required, UsageError } from './args.ts';
import { withDatabase } from './database.ts';
import { ImportRepo } from './import.repo.ts';
import { ImportState, type ImportCounts } from './import-state.ts';
import { Progress, type CliIO } from './output.ts';
import { openSource, type ResumePoint, type SourceMessage } from './sources.ts';

/** Messages stored at once (their commits share transactions). Default 4. */
const DEFAULT_CONCURRENCY = 4;
/** The resume position is written at most this often (ms), and at the end. */
const SAVE_INTERVAL_MS = 1000;

type Outcome = 'imported' | 'duplicates' | 'too_large' | 'failed';

interface Target {
  honeypotId: string;
  userId: string;
  address: string;
}

export interface ImportCommandOptions {
  /** Aborting stops reading; messages in flight finish and the position is saved. */
  signal?: AbortSignal;
}

export async function importCommand(argv: readonly string[], io: CliIO, options: ImportCommandOptions = {}): Promise<number> {
  const { positionals: paths, options: flags } = parseArgs(argv, ['honeypot', 'concurrency'], ['json', 'restart']);
  if (paths.length === 0) throw new UsageError('Usage: mailwarden import PATH… --honeypot ADDRESS [--json] [--restart]  (see mailwarden import --help)');
  const address = required(flags, 'honeypot').trim().toLowerCase();
  const concurrency = flags.concurrency === undefined ? DEFAULT_CONCURRENCY : Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError('--concurrency must be a whole number from 1 to 64.');
  const config = loadConfig(io.env);
  const source = await openSource(paths, config.smtp.maxMessageBytes);
  return withDatabase(config, async (db) => {
    const services = createServices({ config, db, clock: systemClock, logger: createLogger('warn') });
    const target = await findTarget(services, address);
    const state = new ImportState(config.dataDir, paths, target.honeypotId);
    const saved = flags.restart === 'true' ? null : state.load();
    if (saved !== null) io.err(`Resuming the import into ${address} at message ${saved.resume.index + 1} (${saved.counts.imported} imported before).`);
    const run = new ImportRun({ services, repo: new ImportRepo(db), config, target, state, io, counts: saved?.counts ?? zeroCounts() });
    const interrupted = await run.execute(source.messages(saved?.resume), concurrency, saved?.resume ?? { index: 0, offset: null }, options.signal, source);
    const counts = run.counts;
    const result = { source: paths.join(', '), honeypot: address, honeypot_id: target.honeypotId, ...counts, resumed_at: saved === null ? null : saved.resume.index, interrupted, seconds: Number(run.seconds.toFixed(2)) };
    if (flags.json === 'true') io.out(JSON.stringify(result));
    else io.out(`${interrupted ? 'Interrupted' : 'Done'}: ${counts.imported} imported, ${counts.duplicates} duplicates skipped, ${counts.too_large} too large, ${counts.failed} failed (${run.seconds.toFixed(1)} s${counts.imported > 0 ? `, ${(run.processed / Math.max(0.001, run.seconds)).toFixed(0)} messages/s` : ''}).${interrupted ? ' Run the same command again to continue.' : counts.imported > 0 ? ' The worker of a running server analyses them (or the next mailwarden serve).' : ''}`);
    return interrupted ? 130 : counts.failed > 0 ? 1 : 0;
  });
}

async function* once(bytes: Buffer): AsyncGenerator<Uint8Array> {
  yield bytes;
}

function zeroCounts(): ImportCounts {
  return { imported: 0, duplicates: 0, too_large: 0, failed: 0 };
}

async function findTarget(services: Services, address: string): Promise<Target> {
  const honeypot = await services.honeypots.findForDelivery(address);
  if (honeypot === undefined) {
    throw new UsageError(`No honeypot ${address} on this server. List the honeypots with GET /v1/honeypots (or mailwarden demo for sample ones); create one with POST /v1/honeypots {"email_address": "${address}"} — its domain must be in HONEYPOT_DOMAINS.`);
  }
  if (honeypot.status !== 'active') throw new UsageError(`Honeypot ${address} is ${honeypot.status}; only active honeypots receive mail. Activate it with PATCH /v1/honeypots/${honeypot.id} {"status": "active"}.`);
  return { honeypotId: honeypot.id, userId: honeypot.user_id, address };
}

interface ImportRunDeps {
  services: Services;
  repo: ImportRepo;
  config: Config;
  target: Target;
  state: ImportState;
  io: CliIO;
  counts: ImportCounts;
}

class ImportRun {
  readonly counts: ImportCounts;
  /** Messages handled in this run (any outcome). */
  processed = 0;
  private readonly deps: ImportRunDeps;
  private readonly progress: Progress;
  /** Digests being stored right now: the same message twice in one archive is stored once. */
  private readonly inFlight = new Set<string>();
  private savedAt = 0;

  constructor(deps: ImportRunDeps) {
    this.deps = deps;
    this.counts = deps.counts;
    this.progress = new Progress(deps.io, { verb: 'read' });
  }

  get seconds(): number {
    return this.progress.elapsedSeconds;
  }

  /** Imports until the source ends or `signal` aborts; true when interrupted. */
  async execute(messages: AsyncGenerator<SourceMessage>, concurrency: number, start: ResumePoint, signal: AbortSignal | undefined, source: { count: number | null; bytes: number | null }): Promise<boolean> {
    const window: Array<{ message: SourceMessage; outcome: Promise<Outcome> }> = [];
    let committed = start;
    let bytesRead = 0;
    const settle = async () => {
      const head = window.shift()!;
      this.counts[await head.outcome]++;
      this.processed++;
      committed = head.message.resume;
      this.saveEvery(committed);
      const fraction = source.count !== null ? committed.index / Math.max(1, source.count) : source.bytes ? (committed.offset ?? bytesRead) / source.bytes : null;
      this.progress.update(committed.index, fraction, `${this.counts.imported} imported, ${this.counts.duplicates} duplicates`);
    };
    let interrupted = false;
    try {
      for await (const message of messages) {
        if (signal?.aborted) {
          interrupted = true;
          break;
        }
        bytesRead = message.resume.offset ?? 0;
        window.push({ message, outcome: this.importOne(message) });
        if (window.length >= concurrency) await settle();
      }
      while (window.length > 0) await settle();
    } finally {
      this.progress.finish();
      while (window.length > 0) await settle().catch(() => {});
    }
    if (interrupted) this.deps.state.save(committed, this.counts);
    else this.deps.state.clear();
    return interrupted;
  }

  private saveEvery(resume: ResumePoint): void {
    if (Date.now() - this.savedAt < SAVE_INTERVAL_MS) return;
    this.savedAt = Date.now();
    this.deps.state.save(resume, this.counts);
  }

  private async importOne(message: SourceMessage): Promise<Outcome> {
    const { services, repo, target, io } = this.deps;
    if (message.raw === null) {
      io.err(`${message.label}: ${message.size} bytes, over SMTP_MAX_MESSAGE_BYTES (${this.deps.config.smtp.maxMessageBytes}); skipped.`);
      return 'too_large';
    }
    const sha256 = createHash('sha256').update(message.raw).digest('hex');
    if (this.inFlight.has(sha256)) return 'duplicates';
    this.inFlight.add(sha256);
    try {
      const headers = parseHeaderBlock(message.raw);
      if (await repo.holds(target.userId, target.honeypotId, headers.messageId, sha256)) return 'duplicates';
      await services.ingest.ingest(once(message.raw), this.envelope(message), [{ honeypotId: target.honeypotId, userId: target.userId }], { maxBytes: this.deps.config.smtp.maxMessageBytes });
      return 'imported';
    } catch (error) {
      io.err(`${message.label}: not imported: ${(error as Error).message}`);
      return 'failed';
    } finally {
      this.inFlight.delete(sha256);
    }
  }

  /** Archived mail has no SMTP session: recorded like POST /v1/emails, with the mbox sender as MAIL FROM. */
  private envelope(message: SourceMessage): InboundEnvelope {
    return { transport: 'http', mailFrom: message.envelopeFrom, clientIp: null, clientPort: null, helo: null, tls: false, serverName: this.deps.config.smtp.hostname };
  }
}
