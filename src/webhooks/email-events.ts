/**
 * Events from captured mail: the analysis hook that, in the transaction storing an analysis, puts the
 * emails into their campaign and writes their events to the outbox (webhooks/outbox.ts):
 *
 * - `email.received` for every analysed email; for a `leak-detection` honeypot's first email ever
 *   stored, `data.leak = {honeypot_id, email_address}` says which address leaked;
 * - `threat.detected` when the honeypot's alerts are enabled and `threat_score >= alerts.threat_threshold`,
 *   with the top indicators;
 * - `pattern.detected` once per campaign, when it reaches the pattern threshold or a second honeypot.
 *
 * Alert e-mails (`alerts.email_notifications`) are sent after the commit, best effort: a relay failure
 * is logged as a warning and the mail is not retried (the events and their webhook deliveries are the
 * durable record; the e-mail is a courtesy).
 */
import type { AfterCommit, AnalysisHook } from '../analysis/analysis.jobs.ts';
import type { AnalysisResult } from '../analysis/analyzer.ts';
import type { ClaimedEmail } from '../analysis/analysis.repo.ts';
import type { CampaignsService } from '../campaigns/campaigns.service.ts';
import { toEmailListItem } from '../emails/emails.model.ts';
import type { Clock } from '../platform/clock.ts';
import type { DbExecutor } from '../platform/db/index.ts';
import type { Logger } from '../platform/logger.ts';
import type { Mailer, OutgoingMail } from '../platform/mail/mailer.ts';
import { recordEvent } from './outbox.ts';

/** Indicators carried by a threat.detected event, heaviest first. */
const TOP_INDICATORS = 5;

export interface EmailEventsDeps {
  campaigns: CampaignsService;
  clock: Clock;
  logger: Logger;
  mailer: Mailer;
  /** Base URL of the server, for links in alert e-mails (PUBLIC_URL). */
  publicUrl: string;
}

type EmailFacts = Awaited<ReturnType<typeof loadEmails>>[number];
type HoneypotFacts = Awaited<ReturnType<typeof loadHoneypots>>[number];

export function emailEventsHook(deps: EmailEventsDeps): AnalysisHook {
  return async (trx, rows, result) => {
    const emails = await loadEmails(trx, rows);
    const honeypots = new Map((await loadHoneypots(trx, rows)).map((h) => [h.id, h]));
    const mails: OutgoingMail[] = [];
    for (const [userId, own] of groupByUser(emails)) {
      const assignment = await deps.campaigns.assign(trx, { userId, emails: own }, result);
      for (const email of own) {
        const honeypot = honeypots.get(email.honeypot_id);
        if (honeypot === undefined) continue;
        const mail = await recordEmailEvents(trx, deps, email, honeypot, assignment.campaign.id, result);
        if (mail !== null) mails.push(mail);
      }
      if (assignment.patternDetected) {
        const { campaign } = assignment;
        await recordEvent(trx, deps.clock, {
          userId,
          type: 'pattern.detected',
          honeypotId: own[0]?.honeypot_id ?? null,
          data: { campaign: { ...campaign, latest_email_ids: own.map((e) => e.id) } },
        });
      }
    }
    return mails.length === 0 ? undefined : sendAll(deps, mails);
  };
}

async function recordEmailEvents(
  trx: DbExecutor, deps: EmailEventsDeps, email: EmailFacts, honeypot: HoneypotFacts, campaignId: string, result: AnalysisResult,
): Promise<OutgoingMail | null> {
  const item = { ...toEmailListItem(email), campaign_id: campaignId };
  const honeypotRef = { id: honeypot.id, email_address: honeypot.email_address, purpose: honeypot.purpose };
  const leak = honeypot.purpose === 'leak-detection' && (await isFirstEmail(trx, email))
    ? { honeypot_id: honeypot.id, email_address: honeypot.email_address }
    : undefined;
  await recordEvent(trx, deps.clock, {
    userId: email.user_id, type: 'email.received', honeypotId: honeypot.id,
    data: { email: item, honeypot: honeypotRef, ...(leak === undefined ? {} : { leak }) },
  });
  const score = result.scores.threat_score;
  if (honeypot.alerts_enabled !== 1 || score < honeypot.alerts_threat_threshold) return null;
  const indicators = [...result.indicators].sort((a, b) => b.weight - a.weight).slice(0, TOP_INDICATORS);
  await recordEvent(trx, deps.clock, {
    userId: email.user_id, type: 'threat.detected', honeypotId: honeypot.id,
    data: { email: item, honeypot: honeypotRef, threshold: honeypot.alerts_threat_threshold, indicators, ...(leak === undefined ? {} : { leak }) },
  });
  return honeypot.alerts_email_notifications === 1 ? alertMail(deps.publicUrl, honeypot, item, indicators) : null;
}

function alertMail(publicUrl: string, honeypot: HoneypotFacts, email: ReturnType<typeof toEmailListItem>, indicators: ReadonlyArray<{ description: string }>): OutgoingMail {
  const lines = [
    `Mailwarden scored a message to your honeypot ${honeypot.email_address} at ${email.threat_score}/100 (${email.classification}); your alert threshold is ${honeypot.alerts_threat_threshold}.`,
    '',
    `From:     ${email.from ?? '(none)'}`,
    `Subject:  ${email.subject ?? '(none)'}`,
    `Received: ${email.received_at}`,
    '',
    ...(indicators.length === 0 ? [] : ['Why:', ...indicators.map((i) => `- ${i.description}`), '']),
    `Details: ${publicUrl.replace(/\/$/, '')}/v1/emails/${email.id}`,
    'Turn these e-mails off with PATCH /v1/honeypots/:id {"alerts": {"email_notifications": false}}.',
  ];
  return { to: honeypot.owner_email, subject: `[Mailwarden] ${email.classification} message to ${honeypot.email_address}`, text: lines.join('\n') };
}

function sendAll(deps: EmailEventsDeps, mails: readonly OutgoingMail[]): AfterCommit {
  return async () => {
    for (const mail of mails) {
      try {
        await deps.mailer.send(mail);
      } catch (error) {
        deps.logger.warn({ err: error, to: mail.to }, 'Could not send a threat alert e-mail (best effort, not retried); the threat.detected event and its webhook deliveries are unaffected. Check SMTP_RELAY_URL.');
      }
    }
  };
}

function loadEmails(trx: DbExecutor, rows: readonly ClaimedEmail[]) {
  return trx.selectFrom('emails')
    .select(['id', 'user_id', 'honeypot_id', 'received_at', 'from_address', 'from_name', 'to_addresses', 'subject', 'message_id', 'size',
      'threat_score', 'malware_score', 'spam_score', 'phishing_score', 'reputation_score', 'classification', 'attachment_count', 'analysis_status'])
    .where('id', 'in', rows.map((r) => r.id))
    .orderBy('id')
    .execute();
}

function loadHoneypots(trx: DbExecutor, rows: readonly ClaimedEmail[]) {
  return trx.selectFrom('honeypots')
    .innerJoin('users', 'users.id', 'honeypots.user_id')
    .select(['honeypots.id', 'honeypots.email_address', 'honeypots.purpose', 'honeypots.alerts_enabled', 'honeypots.alerts_threat_threshold',
      'honeypots.alerts_email_notifications', 'users.email as owner_email'])
    .where('honeypots.id', 'in', [...new Set(rows.map((r) => r.honeypot_id))])
    .execute();
}

function groupByUser(emails: readonly EmailFacts[]): Map<string, EmailFacts[]> {
  const groups = new Map<string, EmailFacts[]>();
  for (const email of emails) {
    const group = groups.get(email.user_id);
    if (group === undefined) groups.set(email.user_id, [email]);
    else group.push(email);
  }
  return groups;
}

/**
 * Is this the honeypot's earliest stored email? Decided by receipt time (then id), not by analysis
 * order, so two messages analysed at once cannot both claim it. If the user deletes every email of the
 * honeypot, the next one counts as first again: deliberate, the address is evidently still circulating.
 */
async function isFirstEmail(trx: DbExecutor, email: EmailFacts): Promise<boolean> {
  const earlier = await trx.selectFrom('emails').select('id')
    .where('user_id', '=', email.user_id)
    .where('honeypot_id', '=', email.honeypot_id)
    .where((eb) => eb.or([
      eb('received_at', '<', email.received_at),
      eb.and([eb('received_at', '=', email.received_at), eb('id', '<', email.id)]),
    ]))
    .limit(1)
    .executeTakeFirst();
  return earlier === undefined;
}
