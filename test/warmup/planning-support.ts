/**
 * Shared pieces of the planner, API and stats tests: mailbox rows written straight to the database
 * (verified and active, as the network needs), and a tiny content writer.
 */
import { randomUUID } from 'node:crypto';
import { NEW_MAILBOX_DEFAULTS, type MailboxRow } from '../../src/mailboxes/mailboxes.model.ts';
import type { Db } from '../../src/platform/db/index.ts';
import { decodeSends, sendTime } from '../../src/warmup/planning/planned-sends.ts';
import { PlanStore } from '../../src/warmup/planning/plans.repo.ts';
import { IdSource } from '../../src/platform/time-ordered-ids.ts';
import type { ContentWriter } from '../../src/warmup/types.ts';

/** Subjects from the seed: enough to see that the planner stores `subjectFor(seed)`. */
export const testWriter: ContentWriter = {
  subjectFor: (seed) => `Test thread ${seed}`,
  newMessage: (seed) => ({ subject: `Test thread ${seed}`, text: 'Hello', html: '<p>Hello</p>' }),
  reply: (_seed, _from, _to, parent) => ({ subject: `Re: ${parent.subject}`, text: 'Thanks', html: '<p>Thanks</p>' }),
};

export async function insertUser(db: Db, id = `user_${randomUUID().slice(0, 8)}`): Promise<string> {
  const now = new Date().toISOString();
  await db.kysely.insertInto('users').values({ id, email: `${id}@example.test`, name: null, plan: 'pro', role: 'user', created_at: now, updated_at: now }).execute();
  return id;
}

export async function insertMailbox(db: Db, userId: string, email: string, overrides: Partial<MailboxRow> = {}): Promise<MailboxRow> {
  const now = '2026-03-01T00:00:00.000Z';
  const domain = email.split('@')[1]!;
  const row = {
    id: randomUUID(), user_id: userId, email, domain, provider: 'custom', status: 'active',
    ...NEW_MAILBOX_DEFAULTS, warmup_started_at: null, paused_reason: null,
    smtp_host: 'smtp.example.test', smtp_port: 587, smtp_security: 'starttls', smtp_user: email, smtp_pass: 'v1.unused',
    imap_host: 'imap.example.test', imap_port: 993, imap_security: 'tls', imap_user: email, imap_pass: 'v1.unused',
    imap_folders: null, sending_ip: null, connection_error: null,
    verify_state: 'verified', verify_lease_until: null, verify_attempts: 1, verified_at: now,
    dns_spf: null, dns_dkim: null, dns_dmarc: null, dns_checked_at: null, dns_refresh_at: null,
    created_at: now, updated_at: now,
    ...overrides,
  } as MailboxRow;
  await db.kysely.insertInto('mailboxes').values(row).execute();
  return row;
}

/** A small network: `perDomain` mailboxes on each of `domains` domains. */
export async function insertNetwork(db: Db, userId: string, domains: string[], perDomain = 2, overrides: Partial<MailboxRow> = {}): Promise<MailboxRow[]> {
  const rows: MailboxRow[] = [];
  for (const domain of domains) for (let i = 1; i <= perDomain; i += 1) rows.push(await insertMailbox(db, userId, `user${i}@${domain}`, overrides));
  return rows;
}

/**
 * Every row, after turning every planned send into its row as the sender does when each comes due
 * (plans.repo.ts): what the planner planned, in the form it is sent.
 */
export async function plannedRows(db: Db) {
  await new PlanStore(db).materialiseDue(Date.parse('2100-01-01T00:00:00.000Z'), { subjectFor: testWriter.subjectFor, ids: new IdSource() });
  return db.kysely.selectFrom('warmup_emails').selectAll().orderBy('scheduled_at').execute();
}

/**
 * Every send still to go out, without changing anything: those in the day plans (not rows yet) and
 * the `scheduled` rows.
 */
export async function scheduledSends(db: Db): Promise<Array<{ mailbox_id: string; recipient_mailbox_id: string | null; scheduled_at: string }>> {
  const plans = await db.kysely.selectFrom('warmup_plans').selectAll().execute();
  const planned = plans.flatMap((p) => decodeSends(p.sends).map((s) => ({ mailbox_id: p.mailbox_id, recipient_mailbox_id: s.recipientId, scheduled_at: sendTime(s) })));
  const rows = await db.kysely.selectFrom('warmup_emails').select(['mailbox_id', 'recipient_mailbox_id', 'scheduled_at']).where('status', '=', 'scheduled').execute();
  return [...planned, ...rows];
}
