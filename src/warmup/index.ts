/**
 * Wiring of the warm-up engine (src/warmup/types.ts has the glossary): the day planner, the sender, the
 * recipient side, the stats roll-up, the safety rules, and the API service. `createServices` calls
 * `createWarmupFeature`; the worker role calls `start()`, tests call each job's `runDue()`.
 * Nothing here connects to anything until a job runs.
 */
import type { Config } from '../config.ts';
import { mailboxDnsFrom, type ResolveRecords } from '../mailboxes/mailbox-dns.ts';
import type { MailboxesService } from '../mailboxes/mailboxes.service.ts';
import { isoTime, type Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db/index.ts';
import type { Logger } from '../platform/logger.ts';
import { trustedCas } from '../platform/tls-trust.ts';
import type { Vault } from '../platform/vault.ts';
import { BuiltinContentWriter } from './content/index.ts';
import { WarmupPlanner } from './planning/planner.ts';
import { createWarmupReceiver, type WarmupReceiver } from './receiving/index.ts';
import { WarmupSafety } from './safety.ts';
import { createWarmupSender, type WarmupSender } from './sending/index.ts';
import { WarmupStatsRollup } from './stats/rollup.ts';
import type { ContentWriter } from './types.ts';
import { WarmupRepo } from './warmup.repo.ts';
import { WarmupService } from './warmup.service.ts';

export interface WarmupFeature {
  /** `/api/v1/warmup` and `/api/v1/stats`. */
  service: WarmupService;
  planner: WarmupPlanner;
  sender: WarmupSender;
  receiver: WarmupReceiver;
  rollup: WarmupStatsRollup;
  /** The safety rules (`MailboxEvents`) the sender and the receiver report to. */
  safety: WarmupSafety;
  writer: ContentWriter;
  /** A mailbox was deleted: sends and rows planned to it are cancelled (its own rows and plans went with it). */
  mailboxDeleted(mailboxId: string): Promise<void>;
  /** Starts every warm-up job (worker role). */
  start(): void;
  stop(): Promise<void>;
}

export interface WarmupFeatureDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  vault: Vault;
  config: Pick<Config, 'warmup' | 'mailboxes'>;
  /** The project's resolver (A/AAAA/MX) for mailbox hosts. */
  resolve: ResolveRecords;
  mailboxes: MailboxesService;
  /** Default: the built-in generator (src/warmup/content/). */
  writer?: ContentWriter;
}

export function createWarmupFeature(deps: WarmupFeatureDeps): WarmupFeature {
  const { db, clock, logger, vault, config } = deps;
  const writer = deps.writer ?? new BuiltinContentWriter();
  const dns = mailboxDnsFrom(deps.resolve);
  const ca = trustedCas(config.mailboxes.tlsCaFile, 'MAILBOX_TLS_CA_FILE');
  const safety = new WarmupSafety({ db, clock, logger }, { maxAuthFailures: config.warmup.maxAuthFailures });
  const planner = new WarmupPlanner(
    { db, clock, logger },
    { minGapMinutes: config.warmup.minGapMinutes, variancePercent: config.warmup.volumeVariancePercent, pairCooldownDays: config.warmup.pairCooldownDays },
  );
  const sender = createWarmupSender({ db, clock, logger, vault, dns, events: safety, writer }, { warmup: config.warmup, mailboxes: config.mailboxes, ca });
  const receiver = createWarmupReceiver({ db, clock, logger, vault, dns, events: safety, writer }, { warmup: config.warmup, mailboxes: config.mailboxes, ca });
  const rollup = new WarmupStatsRollup({ db, clock, logger });
  const repo = new WarmupRepo(db);
  const service = new WarmupService({ mailboxes: deps.mailboxes, repo, planner, writer, clock, logger });
  const jobs = [planner, sender, receiver, rollup];
  return {
    service,
    planner,
    sender,
    receiver,
    rollup,
    safety,
    writer,
    async mailboxDeleted(mailboxId) {
      const cancelled = await repo.cancelOrphans(isoTime(clock.now()), mailboxId);
      if (cancelled > 0) logger.info({ mailbox_id: mailboxId, cancelled }, `${cancelled} planned warm-up message(s) to a deleted mailbox cancelled.`);
    },
    start() {
      for (const job of jobs) job.start();
    },
    async stop() {
      for (const job of jobs) await job.stop();
    },
  };
}
