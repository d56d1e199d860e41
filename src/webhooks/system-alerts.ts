/**
 * `system.alert` events that are not about a webhook's own failures (those are raised by the delivery
 * engine): a honeypot suspended, and storage nearly full. Each is written with recordEvent inside the
 * transaction of its cause, so the alert and the change commit together. `data.alert` names the kind.
 */
import fs from 'node:fs';
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../platform/clock.ts';
import type { Database } from '../platform/db/schema.ts';
import type { HoneypotsSuspensionHook } from '../honeypots/honeypots.repo.ts';
import { recordEvent } from './outbox.ts';

/** The honeypots repo's suspension hook: one `honeypot.suspended` alert per honeypot newly suspended. */
export function honeypotSuspendedAlerts(clock: Clock): HoneypotsSuspensionHook {
  return async (trx: Transaction<Database>, userId, suspended) => {
    for (const honeypot of suspended) {
      await recordEvent(trx, clock, {
        userId,
        type: 'system.alert',
        // Not to the honeypot's own alert URL: its alerts concern the mail it captures.
        data: {
          alert: 'honeypot.suspended',
          honeypot_id: honeypot.id,
          email_address: honeypot.email_address,
          message: `Honeypot ${honeypot.email_address} was suspended: its mail is refused (550) until its status is set back to active.`,
        },
      });
    }
  };
}

/** How often one user is told about the same full disk (ms): once a day while it stays full. */
const STORAGE_ALERT_REPEAT_MS = 24 * 60 * 60_000;

export interface StorageAlertsDeps {
  db: { kysely: Kysely<Database> };
  clock: Clock;
  /** The directory whose file system is watched (DATA_DIR: the SQLite file, blobs, temporary files). */
  dataDir: string;
  /** Alert at or above this share of the file system used, in percent (`STORAGE_ALERT_PERCENT`). */
  thresholdPercent: number;
}

/**
 * Raises `storage.nearly_full` for every administrator (every user when there is none) when the file
 * system holding DATA_DIR is at least `thresholdPercent` full, at most once a day per user. The worker
 * runs it on a timer. Returns the alerts written.
 */
export class StorageAlerts {
  private readonly deps: StorageAlertsDeps;
  constructor(deps: StorageAlertsDeps) {
    this.deps = deps;
  }

  /** Used share of the file system holding DATA_DIR, in percent (one decimal), as the unprivileged user sees it. */
  async usedPercent(): Promise<number> {
    const stats = await fs.promises.statfs(this.deps.dataDir);
    // bavail, not bfree: the blocks reserved for root are not ours to fill.
    const usable = stats.bavail + (stats.blocks - stats.bfree);
    return usable === 0 ? 0 : Math.round(((stats.blocks - stats.bfree) / usable) * 1000) / 10;
  }

  async runDue(): Promise<number> {
    const used = await this.usedPercent();
    if (used < this.deps.thresholdPercent) return 0;
    const { db, clock } = this.deps;
    const now = clock.now();
    const since = new Date(now - STORAGE_ALERT_REPEAT_MS).toISOString();
    return db.kysely.transaction().execute(async (trx) => {
      const admins = await trx.selectFrom('users').select('id').where('role', '=', 'admin').execute();
      const recipients = admins.length > 0 ? admins : await trx.selectFrom('users').select('id').execute();
      const told = new Set((await trx.selectFrom('events').select('user_id').where('type', '=', 'system.alert')
        .where('created_at', '>=', since).where('data', 'like', '%"alert":"storage.nearly_full"%').execute()).map((r) => r.user_id));
      let written = 0;
      for (const { id } of recipients) {
        if (told.has(id)) continue;
        await recordEvent(trx, clock, {
          userId: id,
          type: 'system.alert',
          data: {
            alert: 'storage.nearly_full',
            used_percent: used,
            threshold_percent: this.deps.thresholdPercent,
            message: `The disk holding Mailwarden's data directory is ${used}% full (alert threshold ${this.deps.thresholdPercent}%). Free space or lower EMAIL_RETENTION_DAYS before new mail can no longer be stored.`,
          },
        });
        written += 1;
      }
      return written;
    });
  }
}
