/**
 * The warm-up sender (sender.jobs.ts) and its wiring from the configuration. The feature factory
 * (src/warmup/index.ts) calls `createWarmupSender`; the worker role starts it, tests call `runDue()`.
 */
import type { MailboxConnectionConfig, WarmupConfig } from '../../config.ts';
import { WarmupSender, type WarmupSenderDeps } from './sender.jobs.ts';

export { WarmupSender, type WarmupSenderDeps, type WarmupSenderOptions } from './sender.jobs.ts';
export { outcomeOfFailure, type SendOutcome } from './outcome.ts';

export interface WarmupSenderConfig {
  warmup: Pick<WarmupConfig, 'sendConcurrency' | 'sendMaxAttempts' | 'sendRetryMinutes' | 'authRetryMinutes' | 'checkDelaySeconds' | 'smtpIdleSeconds'>;
  mailboxes: Pick<MailboxConnectionConfig, 'connectTimeoutMs' | 'allowPrivateHosts'>;
  /** CA certificates trusted for mailbox servers (Node's set plus MAILBOX_TLS_CA_FILE), or undefined for Node's set. */
  ca: string[] | undefined;
}

export function createWarmupSender(deps: WarmupSenderDeps, config: WarmupSenderConfig): WarmupSender {
  const { warmup, mailboxes } = config;
  return new WarmupSender(deps, {
    concurrency: warmup.sendConcurrency,
    maxAttempts: warmup.sendMaxAttempts,
    retryBaseMs: warmup.sendRetryMinutes * 60_000,
    authRetryMs: warmup.authRetryMinutes * 60_000,
    checkDelayMs: warmup.checkDelaySeconds * 1_000,
    smtp: { timeoutMs: mailboxes.connectTimeoutMs, ca: config.ca, allowPrivateHosts: mailboxes.allowPrivateHosts, idleMs: warmup.smtpIdleSeconds * 1_000 },
  });
}
