/**
 * Findings → scores. Each category's points are summed and squashed into 0–100 with a saturating
 * curve, so a pile of weak evidence cannot exceed what a few strong findings say, and credit
 * (negative points) can only pull a score towards 0.
 *
 *   score = round(100 × (1 − e^(−points / SCALE)))   for points > 0, else 0
 *
 * SCALE = 40 points: 10 points → 22, 25 → 46, 40 → 63, 60 → 78, 100 → 92.
 *
 * The overall threat score is the strongest of malware and phishing, with spam counting at 70 %
 * (unwanted, rarely dangerous) and a bad reputation adding a little; a malware hit on an attachment
 * forces CRITICAL (CONTRACT.md §3.3).
 */
import type { Finding, ScoreCategory } from './types.ts';

const SCALE = 40;

export type Classification = 'CLEAN' | 'LOW_RISK' | 'SUSPICIOUS' | 'THREAT' | 'CRITICAL';

export interface Scores {
  threat_score: number;
  malware_score: number;
  spam_score: number;
  phishing_score: number;
  reputation_score: number;
  classification: Classification;
}

export interface Indicator {
  type: string;
  description: string;
  /** The finding's largest points in any category (negative for credit). */
  weight: number;
}

export function categoryPoints(findings: readonly Finding[]): Record<ScoreCategory, number> {
  const totals: Record<ScoreCategory, number> = { phishing: 0, spam: 0, malware: 0, reputation: 0 };
  for (const finding of findings) {
    for (const [category, points] of Object.entries(finding.points)) totals[category as ScoreCategory] += points ?? 0;
  }
  return totals;
}

export function squash(points: number): number {
  if (points <= 0) return 0;
  return Math.min(100, Math.round(100 * (1 - Math.exp(-points / SCALE))));
}

export function classify(score: number): Classification {
  if (score >= 80) return 'CRITICAL';
  if (score >= 60) return 'THREAT';
  if (score >= 40) return 'SUSPICIOUS';
  if (score >= 20) return 'LOW_RISK';
  return 'CLEAN';
}

export function scoreFindings(findings: readonly Finding[], malwareDetected: boolean): Scores {
  const points = categoryPoints(findings);
  const malware = malwareDetected ? 100 : squash(points.malware);
  const phishing = squash(points.phishing);
  const spam = squash(points.spam);
  const reputation = squash(points.reputation);
  const strongest = Math.max(malware, phishing, Math.round(spam * 0.7));
  const threat = malwareDetected ? Math.max(90, strongest) : Math.min(100, strongest + Math.round(reputation * 0.1));
  return {
    threat_score: threat,
    malware_score: malware,
    spam_score: spam,
    phishing_score: phishing,
    reputation_score: reputation,
    classification: malwareDetected ? 'CRITICAL' : classify(threat),
  };
}

/** Findings as the API's indicators, strongest first. */
export function toIndicators(findings: readonly Finding[]): Indicator[] {
  return findings
    .map((f) => {
      const values = Object.values(f.points).map((v) => v ?? 0);
      const weight = values.reduce((best, v) => (Math.abs(v) > Math.abs(best) ? v : best), 0);
      return { type: f.type, description: f.description, weight };
    })
    .sort((a, b) => b.weight - a.weight);
}
