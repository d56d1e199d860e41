/**
 * The warm-up receiving side (receiver.jobs.ts) and its wiring from the configuration. The feature
 * factory (src/warmup/index.ts) calls `createWarmupReceiver`; the worker role starts it, tests call
 * `runDue()`.
 */
import type { MailboxConnectionConfig, WarmupConfig } from '../../config.ts';
import type { MailboxDns } from '../../mailboxes/verification/verifier.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Vault } from '../../platform/vault.ts';
import type { ContentWriter, MailboxEvents } from '../types.ts';
import { WarmupReceiver, receiverOptionsFrom } from './receiver.jobs.ts';

export { WarmupReceiver, RECEIVER_DEFAULTS, receiverOptionsFrom, type ReceiverDeps, type ReceiverOptions } from './receiver.jobs.ts';

export interface WarmupReceiverDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  vault: Vault;
  /** The project's resolver for IMAP host names. */
  dns: MailboxDns;
  events: MailboxEvents;
  writer: ContentWriter;
}

export interface WarmupReceiverConfig {
  warmup: WarmupConfig;
  mailboxes: Pick<MailboxConnectionConfig, 'connectTimeoutMs' | 'allowPrivateHosts'>;
  /** CA certificates trusted for mailbox servers (Node's set plus MAILBOX_TLS_CA_FILE), or undefined for Node's set. */
  ca: string[] | undefined;
}

export function createWarmupReceiver(deps: WarmupReceiverDeps, config: WarmupReceiverConfig): WarmupReceiver {
  const { db, clock, logger, vault, dns, events, writer } = deps;
  return new WarmupReceiver(
    { db, clock, logger, events, writer, imap: { vault, dns, options: { timeoutMs: config.mailboxes.connectTimeoutMs, ca: config.ca, allowPrivateHosts: config.mailboxes.allowPrivateHosts } } },
    { ...receiverOptionsFrom(config.warmup), leaseMs: Math.max(10 * 60_000, config.mailboxes.connectTimeoutMs * 8) },
  );
}
