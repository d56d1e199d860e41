/**
 * Benchmark: the threat analyser over the phishing corpus (../shared/corpus/phishing, ~1,500 real
 * messages, mean ≈ 48 KB) in the worker-thread pool with every core, as the worker role and
 * `mailwarden analyze` run it. One warm-up pass (thread start, module load, JIT) is not counted; then
 * three measured passes, reporting the median messages/s (with the slowest and fastest pass), the
 * per-message latency p50/p99 (inside the worker) over all passes, and the peak RSS of the process
 * (main thread plus workers, sampled every 50 ms). Offline: no DNS, so no SPF/DKIM/DMARC.
 * Skipped with a JSON note when the corpus is absent.
 *
 *   npx node bench/analysis.bench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AnalysisPool } from '../src/analysis/pool.ts';
import { neutralise } from '../eval/corpus.ts';
import { quantile, report } from './support.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PHISHING_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'corpus', 'phishing');

export async function run(): Promise<void> {
  if (!fs.existsSync(PHISHING_DIR)) {
    process.stdout.write(`${JSON.stringify({ name: 'analysis_throughput', skipped: true, note: `corpus not found at ${PHISHING_DIR}` })}\n`);
    return;
  }
  const raws = fs.readdirSync(PHISHING_DIR).filter((f) => f.endsWith('.eml')).sort().map((f) => neutralise(fs.readFileSync(path.join(PHISHING_DIR, f))));
  const meanKb = raws.reduce((sum, r) => sum + r.length, 0) / raws.length / 1024;
  const threads = Number(process.env.BENCH_ANALYSIS_THREADS ?? os.availableParallelism());
  const pool = new AnalysisPool({ size: threads, settings: { dnsServers: null, budgetMs: 10_000 } });
  try {
    await Promise.all(raws.map((raw) => pool.analyze(raw, null)));
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const rates: number[] = [];
    const latencies: number[] = [];
    for (let pass = 0; pass < 3; pass++) {
      const started = performance.now();
      const results = await Promise.all(raws.map((raw) => pool.analyze(raw, null)));
      rates.push(Math.round(raws.length / ((performance.now() - started) / 1000)));
      latencies.push(...results.map((r) => r.durationMs));
    }
    clearInterval(sampler);
    rates.sort((a, b) => a - b);
    const workload = `${raws.length} phishing-corpus messages (mean ${meanKb.toFixed(1)} KB), ${threads} worker threads, offline, median of 3 passes`;
    report({ name: 'analysis_throughput', value: rates[1]!, unit: 'messages/s', slowest: rates[0], fastest: rates[2], target: '>= 450', workload });
    report({ name: 'analysis_latency_p50', value: Math.round(quantile(latencies, 0.5) * 10) / 10, unit: 'ms', workload });
    report({ name: 'analysis_latency_p99', value: Math.round(quantile(latencies, 0.99) * 10) / 10, unit: 'ms', workload });
    report({ name: 'analysis_peak_rss', value: Math.round(peakRss / 1024 / 1024), unit: 'MiB', workload });
  } finally {
    await pool.close();
  }
}

if (import.meta.main) await run();
