/**
 * `npm run eval`: scores the labelled sets (see corpus.ts) with the analyser in a worker pool using
 * every core, then prints ROC AUC (phishing vs legitimate, also vs modern HTML-heavy legitimate mail on
 * its own; spam vs legitimate), the share caught at the threshold that flags 1 % of legitimate mail,
 * the confusion of classifications per set, and throughput.
 *
 * Options: --limit N (files per set), --workers N, --dump FILE (one JSON line per message with its
 * scores and indicator types, for tuning), --json (print the figures as one JSON object).
 * Offline: no DNS, so SPF/DKIM/DMARC are not evaluated here.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AnalysisPool } from '../src/analysis/pool.ts';
import type { AnalysisResult } from '../src/analysis/analyzer.ts';
import { defaultSets, readSet, type Sample } from './corpus.ts';
import { caughtAtFalsePositiveRate, rocAuc } from './metrics.ts';

const { values } = parseArgs({
  options: { limit: { type: 'string' }, workers: { type: 'string' }, dump: { type: 'string' }, json: { type: 'boolean', default: false } },
});
const limit = values.limit === undefined ? Infinity : Number(values.limit);

interface Scored {
  sample: Omit<Sample, 'raw'>;
  result: AnalysisResult | null;
  error: string | null;
  latencyMs: number;
}

async function main(): Promise<void> {
  const samples: Sample[] = [];
  for (const set of defaultSets()) {
    const before = samples.length;
    for (const sample of readSet(set, limit)) samples.push(sample);
    if (samples.length === before) process.stderr.write(`Skipping ${set.name}: nothing at ${set.dir}\n`);
  }
  const pool = new AnalysisPool({ size: values.workers === undefined ? undefined : Number(values.workers), settings: { budgetMs: 10_000, dnsServers: null } });
  let peakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const started = performance.now();
  const scored = await Promise.all(samples.map(async (sample): Promise<Scored> => {
    const t0 = performance.now();
    const { raw, ...meta } = sample;
    try {
      const result = await pool.analyze(raw, null);
      return { sample: meta, result, error: null, latencyMs: result.durationMs };
    } catch (error) {
      return { sample: meta, result: null, error: (error as Error).message, latencyMs: performance.now() - t0 };
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(rssTimer);
  await pool.close();

  if (values.dump) {
    writeFileSync(values.dump, scored.map((s) => JSON.stringify({ ...s.sample, scores: s.result?.scores, indicators: s.result?.indicators.map((i) => `${i.type}:${i.weight}`), breakdown: s.result?.breakdown, error: s.error })).join('\n') + '\n');
  }
  const report = figures(scored, seconds, peakRss, pool.size);
  if (values.json) process.stdout.write(JSON.stringify(report) + '\n');
  else printReport(report);
}

function scoresOf(scored: Scored[], predicate: (s: Scored) => boolean, key: 'phishing_score' | 'spam_score' | 'threat_score'): number[] {
  return scored.filter((s) => predicate(s) && s.result !== null).map((s) => s.result!.scores[key]);
}

function figures(scored: Scored[], seconds: number, peakRss: number, workers: number) {
  const isPhish = (s: Scored) => s.sample.label === 'phishing';
  const isSpam = (s: Scored) => s.sample.label === 'spam';
  const isLegit = (s: Scored) => s.sample.label === 'legitimate';
  const isModernLegit = (s: Scored) => s.sample.set === 'ham-modern';
  const phish = scoresOf(scored, isPhish, 'phishing_score');
  const legitPhish = scoresOf(scored, isLegit, 'phishing_score');
  const modernPhish = scoresOf(scored, isModernLegit, 'phishing_score');
  const spam = scoresOf(scored, isSpam, 'spam_score');
  const legitSpam = scoresOf(scored, isLegit, 'spam_score');
  const latencies = scored.map((s) => s.latencyMs).sort((a, b) => a - b);
  const confusion: Record<string, Record<string, number>> = {};
  for (const s of scored) {
    const row = (confusion[s.sample.set] ??= {});
    const key = s.result?.scores.classification ?? 'ERROR';
    row[key] = (row[key] ?? 0) + 1;
  }
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    messages: scored.length,
    errors: scored.filter((s) => s.error !== null).length,
    phishing_vs_legitimate_auc: round(rocAuc(phish, legitPhish)),
    phishing_vs_modern_legitimate_auc: round(rocAuc(phish, modernPhish)),
    phishing_caught_at_1pct_fp: caughtAtFalsePositiveRate(phish, legitPhish, 0.01),
    spam_vs_legitimate_auc: round(rocAuc(spam, legitSpam)),
    spam_caught_at_1pct_fp: caughtAtFalsePositiveRate(spam, legitSpam, 0.01),
    confusion,
    workers,
    messages_per_second: Math.round(scored.length / seconds),
    latency_ms: { p50: latencies[Math.floor(latencies.length * 0.5)] ?? 0, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0, max: latencies.at(-1) ?? 0 },
    peak_rss_mib: Math.round(peakRss / 1024 / 1024),
  };
}

function printReport(r: ReturnType<typeof figures>): void {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const lines = [
    `Messages: ${r.messages} (${r.errors} failed)`,
    `Phishing vs legitimate   ROC AUC ${r.phishing_vs_legitimate_auc}   (vs modern HTML-heavy legitimate only: ${r.phishing_vs_modern_legitimate_auc})`,
    `  caught at 1 % false positives: ${pct(r.phishing_caught_at_1pct_fp.caught)} (phishing_score ≥ ${r.phishing_caught_at_1pct_fp.threshold}, FP ${pct(r.phishing_caught_at_1pct_fp.falsePositives)})`,
    `Spam vs legitimate       ROC AUC ${r.spam_vs_legitimate_auc}`,
    `  caught at 1 % false positives: ${pct(r.spam_caught_at_1pct_fp.caught)} (spam_score ≥ ${r.spam_caught_at_1pct_fp.threshold})`,
    'Classification per set:',
    ...Object.entries(r.confusion).map(([set, row]) => `  ${set.padEnd(12)} ${['CLEAN', 'LOW_RISK', 'SUSPICIOUS', 'THREAT', 'CRITICAL', 'ERROR'].map((c) => `${c} ${row[c] ?? 0}`).join('  ')}`),
    `Throughput: ${r.messages_per_second} messages/s on ${r.workers} workers; latency p50 ${r.latency_ms.p50} ms, p99 ${r.latency_ms.p99} ms, max ${r.latency_ms.max} ms; peak RSS ${r.peak_rss_mib} MiB`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

await main();
