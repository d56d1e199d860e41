/**
 * What the demo reports once every message is analysed: classifications per sample kind, and the
 * campaigns the clustering found among the demo mail.
 */
import { DEMO_KINDS, type DemoKind, type DemoMessage } from '../../../demo/generate.ts';
import { formatTable } from '../output.ts';
import type { DemoEmailRow } from './demo.repo.ts';

export const CLASSIFICATIONS = ['CRITICAL', 'THREAT', 'SUSPICIOUS', 'LOW_RISK', 'CLEAN'] as const;

export interface DemoSummary {
  /** Emails per classification (`FAILED` when the analysis failed). */
  by_classification: Record<string, number>;
  by_kind: Record<string, Record<string, number>>;
  /** Campaigns with two or more demo emails, largest first. */
  campaigns: Array<{ id: string; emails: number; honeypots: number }>;
}

export function summarize(messages: readonly DemoMessage[], rows: readonly DemoEmailRow[]): DemoSummary {
  const kindOf = new Map(messages.map((m) => [m.messageId, m.kind]));
  const byClassification: Record<string, number> = Object.fromEntries(CLASSIFICATIONS.map((c) => [c, 0]));
  const byKind: Record<string, Record<string, number>> = {};
  const campaigns = new Map<string, { emails: number; honeypots: Set<string> }>();
  for (const row of rows) {
    const classification = row.classification ?? 'FAILED';
    byClassification[classification] = (byClassification[classification] ?? 0) + 1;
    const kind = kindOf.get(row.message_id ?? '') ?? 'other';
    const counts = (byKind[kind] ??= {});
    counts[classification] = (counts[classification] ?? 0) + 1;
    if (row.campaign_id !== null) {
      const campaign = campaigns.get(row.campaign_id) ?? { emails: 0, honeypots: new Set<string>() };
      campaign.emails++;
      campaign.honeypots.add(row.honeypot_id);
      campaigns.set(row.campaign_id, campaign);
    }
  }
  return {
    by_classification: byClassification,
    by_kind: byKind,
    campaigns: [...campaigns].filter(([, c]) => c.emails >= 2).map(([id, c]) => ({ id, emails: c.emails, honeypots: c.honeypots.size })).sort((a, b) => b.emails - a.emails),
  };
}

const KIND_LABELS: Record<DemoKind, string> = {
  newsletter: 'newsletters',
  transactional: 'transactional',
  personal: 'personal',
  spam: 'spam',
  phishing: 'phishing (look-alike)',
  macro: 'macro documents',
  eicar: 'EICAR',
  smuggling: 'HTML smuggling',
  qr: 'QR phishing',
  campaign: 'campaign',
};

/** The table: one row per sample kind, one column per classification, totals last. */
export function summaryTable(summary: DemoSummary): string {
  const failed = (summary.by_classification.FAILED ?? 0) > 0;
  const columns: string[] = [...CLASSIFICATIONS, ...(failed ? ['FAILED'] : [])];
  const rows = DEMO_KINDS.filter((kind) => summary.by_kind[kind] !== undefined).map((kind) => {
    const counts = summary.by_kind[kind]!;
    return [KIND_LABELS[kind], ...columns.map((c) => counts[c] ?? 0), Object.values(counts).reduce((a, b) => a + b, 0)];
  });
  const total = Object.values(summary.by_classification).reduce((a, b) => a + b, 0);
  rows.push(['total', ...columns.map((c) => summary.by_classification[c] ?? 0), total]);
  return formatTable(['sample', ...columns, 'total'], rows);
}

export function campaignLine(summary: DemoSummary): string {
  if (summary.campaigns.length === 0) return 'Campaigns: none found among the demo mail.';
  const largest = summary.campaigns[0]!;
  return `Campaigns: ${summary.campaigns.length} (largest ${largest.id}: ${largest.emails} emails across ${largest.honeypots} honeypots; GET /v1/campaigns).`;
}
