/**
 * Turning rollup counters into the published figures (glossary of types.ts). Pure functions: the
 * analytics endpoints and summarizePeriod both use them, so the two cannot disagree.
 */
import type { Counters } from './counters.repo.ts';
import type { Classification, Period, ThreatType, TimeBucket } from './types.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** (current − previous) / previous × 100, one decimal; null when previous is 0 or either is null. */
export function changePercent(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return round1(((current - previous) / previous) * 100);
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Mean threat_score of analysed emails, one decimal; null when none was analysed. */
export function averageScore(c: Counters): number | null {
  return c.analysed === 0 ? null : round1(c.score_sum / c.analysed);
}

export function classificationOf(c: Counters): Record<Classification, number> {
  return { CLEAN: c.cls_clean, LOW_RISK: c.cls_low_risk, SUSPICIOUS: c.cls_suspicious, THREAT: c.cls_threat, CRITICAL: c.cls_critical };
}

export function threatTypesOf(c: Counters): Record<ThreatType, number> {
  return { malware: c.type_malware, phishing: c.type_phishing, spam: c.type_spam, clean: c.type_clean };
}

export const SCORE_RANGES = ['0-9', '10-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70-79', '80-89', '90-100'] as const;

export function scoreHistogramOf(c: Counters): Array<{ range: string; emails: number }> {
  const hist = [c.hist_0, c.hist_1, c.hist_2, c.hist_3, c.hist_4, c.hist_5, c.hist_6, c.hist_7, c.hist_8, c.hist_9];
  return SCORE_RANGES.map((range, i) => ({ range, emails: hist[i]! }));
}

/** The counter-derived part of PeriodTotals (the rest needs other queries). */
export function countedTotals(c: Counters) {
  return {
    emails: c.emails,
    threats: c.threats,
    malware: c.type_malware,
    phishing: c.type_phishing,
    spam: c.type_spam,
    clean: c.type_clean,
    avg_threat_score: averageScore(c),
  };
}

/**
 * Every bucket of the period in order, zero-filled: buckets start on whole UTC hours or days (the
 * first may start before the period does; it holds only the period's mail).
 */
export function timeBuckets(period: Period, granularity: 'hour' | 'day', byBucket: Map<string, Counters>): TimeBucket[] {
  const unit = granularity === 'hour' ? HOUR_MS : DAY_MS;
  const end = Date.parse(period.end);
  const buckets: TimeBucket[] = [];
  for (let at = Math.floor(Date.parse(period.start) / unit) * unit; at < end; at += unit) {
    const start = new Date(at).toISOString();
    const c = byBucket.get(start);
    buckets.push({ start, emails: c?.emails ?? 0, threats: c?.threats ?? 0, malware: c?.type_malware ?? 0, phishing: c?.type_phishing ?? 0, spam: c?.type_spam ?? 0 });
  }
  return buckets;
}

/** change_percent of every numeric field present in both objects. */
export function changesOf<T extends object>(current: T, previous: T): Record<keyof T, number | null> {
  const out = {} as Record<keyof T, number | null>;
  const value = (o: T, key: keyof T) => (o[key] as number | null | undefined) ?? null;
  for (const key of Object.keys(current) as Array<keyof T>) out[key] = changePercent(value(current, key), value(previous, key));
  return out;
}
