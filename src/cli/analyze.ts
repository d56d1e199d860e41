/**
 * `mailwarden analyze PATH… [--json] [--csv FILE] [--threads N]`: analyses .eml files, directories
 * of them (recursively) and mbox files without a server or database, on every core, and prints each
 * message's scores, classification, indicators and IOCs, then a summary table. With `--json`, one JSON
 * line per message including its `file` (the summary then goes to stderr only). `--csv FILE` writes
 * one row per message. Progress is on stderr. Offline: SPF/DKIM/DMARC need the SMTP session and DNS,
 * so they are not evaluated here.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { defangedIocs, type AnalysisResult } from '../analysis/analyzer.ts';
import { AnalysisPool } from '../analysis/pool.ts';
import { parseHeaderBlock, type MessageHeaders } from '../emails/parsing/index.ts';
import { UsageError } from './args.ts';
import { csvRecord, formatTable, processIO, Progress, type CliIO } from './output.ts';
import { openSource, type SourceMessage } from './sources.ts';

export interface AnalyzeCommandOptions {
  json: boolean;
  /** Worker threads; default all cores. */
  threads?: number;
  /** Write one CSV row per message to this file. Default: no CSV. */
  csv?: string;
  /** Where output goes; default stdout/stderr (`out`/`err` override just those). */
  io?: CliIO;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/** Largest message analysed, in bytes (as the SMTP server's default limit); bigger ones are reported and skipped. */
const MAX_MESSAGE_BYTES = 26_214_400;
const CLASSIFICATIONS = ['CRITICAL', 'THREAT', 'SUSPICIOUS', 'LOW_RISK', 'CLEAN'] as const;
const CSV_HEADER = ['file', 'message_id', 'from', 'subject', 'classification', 'threat_score', 'phishing_score', 'spam_score', 'malware_score', 'reputation_score', 'indicators', 'urls', 'error'];

interface Pending {
  message: SourceMessage;
  result: Promise<{ result: AnalysisResult; headers: MessageHeaders } | Error>;
}

export async function analyzeCommand(paths: readonly string[], options: AnalyzeCommandOptions): Promise<number> {
  if (paths.length === 0) throw new UsageError('Usage: mailwarden analyze PATH… [--json] [--csv FILE]  (.eml files, directories, mbox files; see mailwarden analyze --help)');
  const base = options.io ?? processIO();
  const io: CliIO = { ...base, out: options.out ?? base.out, err: options.err ?? base.err, errIsTTY: options.err === undefined && base.errIsTTY };
  const source = await openSource(paths, MAX_MESSAGE_BYTES);
  const csv = options.csv === undefined ? null : await openCsv(options.csv);
  const pool = new AnalysisPool({ size: options.threads, settings: { dnsServers: null } });
  const progress = new Progress(io, { verb: 'analysed' });
  const counts = new Map<string, number>();
  let failures = 0;
  let bytesRead = 0;
  let done = 0;
  const window: Pending[] = [];
  const settle = async () => {
    const head = window.shift()!;
    const outcome = await head.result;
    done++;
    if (outcome instanceof Error) {
      failures++;
      io.err(`${head.message.label}: could not analyse: ${outcome.message}`);
      csv?.write(`${csvRecord([head.message.label, null, null, null, null, null, null, null, null, null, null, null, outcome.message])}\n`);
    } else {
      const { result, headers } = outcome;
      counts.set(result.scores.classification, (counts.get(result.scores.classification) ?? 0) + 1);
      io.out(options.json ? JSON.stringify(jsonLine(head.message.label, result)) : humanBlock(head.message.label, result));
      csv?.write(`${csvRecord(csvFields(head.message.label, result, headers))}\n`);
    }
    progress.update(done, source.count !== null ? done / Math.max(1, source.count) : source.bytes ? bytesRead / source.bytes : null);
  };
  try {
    for await (const message of source.messages(undefined, (position) => (bytesRead = position))) {
      window.push({ message, result: analyseOne(pool, message) });
      if (window.length >= pool.size * 4) await settle();
    }
    while (window.length > 0) await settle();
  } finally {
    progress.finish();
    await pool.close();
    if (csv !== null) await new Promise<void>((resolve, reject) => csv.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (!options.json && total > 0) io.out(`\n${summaryTable(counts, total)}`);
  const seconds = progress.elapsedSeconds;
  io.err(`${total} analysed${failures > 0 ? `, ${failures} failed` : ''} in ${seconds.toFixed(1)} s (${(total / Math.max(0.001, seconds)).toFixed(1)}/s): ${CLASSIFICATIONS.map((c) => `${c} ${counts.get(c) ?? 0}`).join(', ')}${csv === null ? '' : `; CSV written to ${options.csv}`}`);
  return failures > 0 ? 1 : 0;
}

async function analyseOne(pool: AnalysisPool, message: SourceMessage): Promise<{ result: AnalysisResult; headers: MessageHeaders } | Error> {
  try {
    if (message.raw === null) return new Error(`${message.size} bytes, over the ${MAX_MESSAGE_BYTES}-byte limit; skipped`);
    const headers = parseHeaderBlock(message.raw);
    return { result: await pool.analyze(message.raw, null), headers };
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

async function openCsv(file: string): Promise<WriteStream> {
  const stream = createWriteStream(file);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error) => reject(new UsageError(`Cannot write the CSV file ${file}: ${error.message}`)));
  });
  stream.write(`${csvRecord(CSV_HEADER)}\n`);
  return stream;
}

function csvFields(file: string, result: AnalysisResult, headers: MessageHeaders): Array<string | number | null> {
  const s = result.scores;
  const from = headers.from === null ? null : headers.from.address || headers.from.name;
  return [
    file, headers.messageId, from, headers.subject, s.classification, s.threat_score, s.phishing_score, s.spam_score, s.malware_score, s.reputation_score,
    result.indicators.map((i) => i.type).join(' '), defangedIocs(result.iocs).urls.slice(0, 10).join(' '), null,
  ];
}

export function summaryTable(counts: ReadonlyMap<string, number>, total: number): string {
  const rows: Array<[string, number, string]> = CLASSIFICATIONS.map((c) => [c, counts.get(c) ?? 0, `${Math.round(((counts.get(c) ?? 0) * 100) / Math.max(1, total))} %`]);
  rows.push(['total', total, '100 %']);
  return formatTable(['classification', 'messages', 'share'], rows);
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
