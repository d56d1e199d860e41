/**
 * Recommendations that follow from a period's data. Each rule names what to do and the figures that
 * make it worth doing; rules that find nothing add nothing (a quiet period gets no advice).
 */
import type { HoneypotNeedingAlerts } from './summary.repo.ts';
import type { IndicatorCount, IpCount, PeriodTotals, Recommendation } from './types.ts';

export interface RecommendationInput {
  totals: PeriodTotals;
  previous: PeriodTotals;
  topSenderDomains: Array<{ domain: string; emails: number; threats: number }>;
  topIps: Array<IpCount & { threats: number }>;
  indicators: IndicatorCount[];
  honeypotsWithoutAlerts: HoneypotNeedingAlerts[];
}

/** Threats from one sender domain or IP before blocking it is advised. Default 3. */
export const BLOCK_THRESHOLD = 3;
/** At most this many block recommendations of each kind. */
const MAX_BLOCKS = 3;
const MACRO_TYPES = new Set(['macro_auto_exec', 'macro_document']);

export function recommend(input: RecommendationInput): Recommendation[] {
  const out: Recommendation[] = [];
  const { totals } = input;
  const priorityFor = (threats: number): Recommendation['priority'] => (totals.threats > 0 && threats * 4 >= totals.threats ? 'high' : 'medium');

  for (const d of input.topSenderDomains.filter((x) => x.threats >= BLOCK_THRESHOLD).slice(0, MAX_BLOCKS)) {
    out.push({ priority: priorityFor(d.threats), action: `Block the sender domain ${d.domain}`, reason: `${d.threats} of the ${totals.threats} threats in the period came from it (${d.emails} emails in all).` });
  }
  for (const ip of input.topIps.filter((x) => x.threats >= BLOCK_THRESHOLD).slice(0, MAX_BLOCKS)) {
    const where = ip.as_org !== null ? ` (${ip.as_org}, AS${ip.asn}, ${ip.country_code})` : ip.country_code !== 'ZZ' ? ` (${ip.country_code})` : '';
    out.push({ priority: priorityFor(ip.threats), action: `Block the sending IP ${ip.ip}${where}`, reason: `${ip.threats} threats in the period were sent from it (${ip.emails} emails in all).` });
  }
  for (const h of input.honeypotsWithoutAlerts) {
    out.push({ priority: 'high', action: `Enable alerts on the honeypot ${h.email_address}`, reason: `It received ${h.threats} threat${h.threats === 1 ? '' : 's'} in the period and nobody was alerted.` });
  }
  const macros = input.indicators.filter((i) => MACRO_TYPES.has(i.type)).reduce((max, i) => Math.max(max, i.emails), 0);
  if (macros > 0) {
    out.push({ priority: 'high', action: 'Investigate the macro-enabled attachments and block Office macros from the internet on your endpoints', reason: `${macros} threat${macros === 1 ? '' : 's'} carried Office documents with macros.` });
  }
  if (totals.malware > 0) {
    out.push({ priority: 'medium', action: 'Add the malware hashes of this period to your endpoint and mail-gateway block lists', reason: `${totals.malware} email${totals.malware === 1 ? ' was' : 's were'} classified as malware.` });
  }
  if (totals.phishing > 0 && totals.phishing * 2 >= totals.threats && totals.threats > 0) {
    out.push({ priority: 'medium', action: 'Warn staff about the phishing lures seen this period and check the linked domains in your web filter', reason: `Phishing was the main threat type: ${totals.phishing} emails.` });
  }
  if (input.previous.threats > 0 && totals.threats >= input.previous.threats * 1.5 && totals.threats - input.previous.threats >= 10) {
    out.push({ priority: 'medium', action: 'Review the new campaigns and senders behind the rise in threats', reason: `Threats rose from ${input.previous.threats} to ${totals.threats} against the previous period.` });
  }
  const rank = { high: 0, medium: 1, low: 2 } as const;
  return out.sort((a, b) => rank[a.priority] - rank[b.priority]);
}
