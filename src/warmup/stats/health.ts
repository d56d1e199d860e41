/**
 * The health score (0–100) of a mailbox, from what its warm-up mail did over the last 7 local days, and
 * the reasons it moved. Pure: the roll-up (rollup.ts) gathers the inputs.
 *
 * How it is made (every number here is a documented choice):
 * - **Inbox placement** is the base: 100 × placement, where each located message counts 1 in the inbox,
 *   0.8 in Promotions, 0 in spam or missing. Day weights fall with age, 0.8^age (today 1, a week ago
 *   0.26), so a mailbox that recovers shows it within days.
 * - **Prior**: PRIOR_MESSAGES pseudo-messages placed in the inbox are added to the located ones, so with
 *   little data the score stays near 100 ("nothing bad observed yet", where every mailbox starts) and
 *   moves as evidence accumulates. Below MIN_SAMPLE located messages the score is not `confident`.
 * - **Bounces**: up to 40 points, 400 × the weighted bounce rate (1 % → 4, 5 % → 20), the rate shrunk
 *   toward zero by PRIOR_MESSAGES clean sends so one bounce in three sends is not a catastrophe.
 * - **Blacklists**: 15 points for the first listing of the sending IP or domain, 5 per further list, at
 *   most 30.
 * - **DNS authentication**: SPF or DKIM failing or missing 8 points each, DMARC 5; `unknown` (the lookup
 *   failed, or not checked yet) costs nothing.
 * The score is clamped to 0–100 and rounded to one decimal. `reasons` lists what cost points, largest
 * first (the API shows the top three), each with its impact in points (negative).
 */

export interface DayFigures {
  /** Days before the scored date (0 = that date). */
  age: number;
  sent: number;
  bounced: number;
  inbox: number;
  spam: number;
  promotions: number;
  missing: number;
}

export interface HealthInput {
  days: DayFigures[];
  /** SPF/DKIM/DMARC statuses: pass, fail, missing, unknown (null: never checked). */
  dns: { spf: string | null; dkim: string | null; dmarc: string | null };
  /** Names of the blacklists listing the sending IP or the domain at the last scan. */
  blacklists: string[];
  domain: string;
}

export interface HealthReason {
  code: string;
  message: string;
  /** Points this reason costs (≤ 0). */
  impact: number;
}

export interface Health {
  score: number;
  confident: boolean;
  reasons: HealthReason[];
  /** Located messages (any folder or missing) in the window. */
  sample: number;
}

export const MIN_SAMPLE = 20;
export const PRIOR_MESSAGES = 10;
const DAY_DECAY = 0.8;
const PROMOTIONS_CREDIT = 0.8;

const DNS_PENALTY = { spf: 8, dkim: 8, dmarc: 5 } as const;

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${round1((100 * part) / whole)}%`;
}

export function healthScore(input: HealthInput): Health {
  let wLocated = 0;
  let wGood = 0;
  let wSpam = 0;
  let wMissing = 0;
  let wPromo = 0;
  let wSent = 0;
  let wBounced = 0;
  const raw = { located: 0, spam: 0, missing: 0, promotions: 0, sent: 0, bounced: 0 };
  for (const d of input.days) {
    const w = DAY_DECAY ** d.age;
    const located = d.inbox + d.spam + d.promotions + d.missing;
    wLocated += w * located;
    wGood += w * (d.inbox + PROMOTIONS_CREDIT * d.promotions);
    wSpam += w * d.spam;
    wMissing += w * d.missing;
    wPromo += w * d.promotions;
    wSent += w * d.sent;
    wBounced += w * d.bounced;
    raw.located += located;
    raw.spam += d.spam;
    raw.missing += d.missing;
    raw.promotions += d.promotions;
    raw.sent += d.sent;
    raw.bounced += d.bounced;
  }
  const denominator = wLocated + PRIOR_MESSAGES;
  const reasons: HealthReason[] = [];
  const add = (code: string, impact: number, message: string) => {
    if (impact > 0.05) reasons.push({ code, impact: -round1(impact), message });
  };
  add('spam_placement', (100 * wSpam) / denominator, `${raw.spam} of ${raw.located} located warm-up messages (${percent(raw.spam, raw.located)}) landed in spam over the last 7 days.`);
  add('missing', (100 * wMissing) / denominator, `${raw.missing} of ${raw.located} warm-up messages (${percent(raw.missing, raw.located)}) were never found in the recipient's mailbox.`);
  add('promotions', (100 * (1 - PROMOTIONS_CREDIT) * wPromo) / denominator, `${raw.promotions} of ${raw.located} warm-up messages were filed under Promotions rather than the primary inbox.`);

  const bounceRate = wBounced / (wSent + PRIOR_MESSAGES);
  add('bounces', Math.min(40, 400 * bounceRate), `${raw.bounced} of ${raw.sent} warm-up messages bounced (${percent(raw.bounced, raw.sent)}) over the last 7 days.`);

  const lists = input.blacklists.length;
  if (lists > 0) {
    add('blacklisted', Math.min(30, 15 + 5 * (lists - 1)), `The sending IP or ${input.domain} is listed on ${lists} blacklist(s): ${input.blacklists.join(', ')}.`);
  }
  for (const record of ['spf', 'dkim', 'dmarc'] as const) {
    const status = input.dns[record];
    if (status === 'fail' || status === 'missing') {
      const what = status === 'missing' ? 'has no' : 'has a failing';
      add(`${record}_${status}`, DNS_PENALTY[record], `${input.domain} ${what} ${record.toUpperCase()} record; fix it in DNS (see GET /api/v1/dns).`);
    }
  }

  const placement = (wGood + PRIOR_MESSAGES) / denominator;
  const penalties = reasons.filter((r) => !['spam_placement', 'missing', 'promotions'].includes(r.code)).reduce((sum, r) => sum - r.impact, 0);
  const score = round1(Math.min(100, Math.max(0, 100 * placement - penalties)));
  reasons.sort((a, b) => a.impact - b.impact);
  const confident = raw.located >= MIN_SAMPLE;
  if (!confident) {
    reasons.push({
      code: 'small_sample',
      impact: 0,
      message: `Only ${raw.located} warm-up message(s) located in the last 7 days; the score leans on the starting assumption until ${MIN_SAMPLE}.`,
    });
  }
  return { score, confident, reasons, sample: raw.located };
}
