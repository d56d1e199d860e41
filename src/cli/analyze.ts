/**
 * `mailwarden analyze PATH... [--json]`: analyses `.eml` files (directories are searched recursively)
 * without a server or database, on every core, and prints scores, classification, indicators and IOCs.
 * With `--json`, one JSON line per message including its `file`. Offline: SPF/DKIM/DMARC need the SMTP
 * session and DNS, so they are not evaluated here.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { defangedIocs, type AnalysisResult } from '../analysis/analyzer.ts';
import { AnalysisPool } from '../analysis/pool.ts';
import { UsageError } from './args.ts';

export interface AnalyzeCommandOptions {
  json: boolean;
  /** Worker threads; default all cores. */
  threads?: number;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

async function* emlFiles(path: string): AsyncGenerator<string> {
  const info = await stat(path).catch(() => null);
  if (info === null) throw new UsageError(`${path}: no such file or directory.`);
  if (info.isFile()) {
    yield path;
    return;
  }
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) yield* emlFiles(full);
    else if (entry.isFile() && /\.(eml|msg|txt)$/i.test(entry.name)) yield full;
  }
}

export async function analyzeCommand(paths: readonly string[], options: AnalyzeCommandOptions): Promise<number> {
  if (paths.length === 0) throw new UsageError('Usage: mailwarden analyze PATH... [--json]  (files or directories of .eml files)');
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = options.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  const pool = new AnalysisPool({ size: options.threads, settings: { dnsServers: null } });
  const window: Array<{ file: string; result: Promise<AnalysisResult | Error> }> = [];
  const counts = new Map<string, number>();
  let failures = 0;
  const flush = async () => {
    const head = window.shift()!;
    const result = await head.result;
    if (result instanceof Error) {
      failures++;
      err(`${head.file}: could not analyse: ${result.message}`);
      return;
    }
    counts.set(result.scores.classification, (counts.get(result.scores.classification) ?? 0) + 1);
    out(options.json ? JSON.stringify(jsonLine(head.file, result)) : humanBlock(head.file, result));
  };
  try {
    for (const path of paths) {
      for await (const file of emlFiles(path)) {
        const result = readFile(file).then((raw) => pool.analyze(raw, null)).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
        window.push({ file, result });
        if (window.length >= pool.size * 4) await flush();
      }
    }
    while (window.length > 0) await flush();
  } finally {
    await pool.close();
  }
  if (!options.json) {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    err(`${total} analysed${failures > 0 ? `, ${failures} failed` : ''}: ${['CRITICAL', 'THREAT', 'SUSPICIOUS', 'LOW_RISK', 'CLEAN'].map((c) => `${c} ${counts.get(c) ?? 0}`).join(', ')}`);
  }
  return failures > 0 ? 1 : 0;
}

function jsonLine(file: string, result: AnalysisResult) {
  return {
    file,
    ...result.scores,
    indicators: result.indicators,
    iocs: defangedIocs(result.iocs),
    attachments: result.attachments,
    fingerprint: result.fingerprint,
    truncated: result.truncated,
    duration_ms: result.durationMs,
  };
}

function humanBlock(file: string, result: AnalysisResult): string {
  const s = result.scores;
  const iocs = defangedIocs(result.iocs);
  const lines = [
    `${file}`,
    `  ${s.classification}  threat ${s.threat_score}  phishing ${s.phishing_score}  spam ${s.spam_score}  malware ${s.malware_score}  reputation ${s.reputation_score}`,
    ...result.indicators.slice(0, 10).map((i) => `  ${String(i.weight).padStart(4)}  ${i.type}: ${i.description}`),
  ];
  if (result.indicators.length > 10) lines.push(`        … ${result.indicators.length - 10} more indicators (use --json)`);
  for (const kind of ['urls', 'domains', 'ips', 'hashes'] as const) {
    if (iocs[kind].length > 0) lines.push(`  ${kind}: ${iocs[kind].slice(0, 5).join('  ')}${iocs[kind].length > 5 ? `  (+${iocs[kind].length - 5})` : ''}`);
  }
  return lines.join('\n');
}
