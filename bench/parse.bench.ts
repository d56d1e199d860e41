/**
 * Benchmark: the MIME parser (src/emails/parsing). Prints one JSON line per figure.
 *
 * - Throughput over the phishing corpus (../shared/corpus/phishing, ~1,500 real messages): every
 *   message parsed from memory, one at a time, after one warm-up pass; messages/s and MB/s of raw
 *   input, plus CPU milliseconds per message. Skipped with a JSON note when the corpus is absent.
 * - One generated 25 MB message whose bulk is one base64 attachment: wall time, and the peak RSS
 *   growth over the RSS before parsing (sampled every 5 ms), parsed from a file stream (how stored
 *   mail is read back) and from an in-memory Buffer (the Buffer itself not counted). Each runs in a
 *   fresh child process (with --expose-gc, collected before measuring), so neither inherits the
 *   other's heap.
 *
 *   npx node bench/parse.bench.ts
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMessage } from '../src/emails/parsing/index.ts';
import { largeAttachmentMessage } from '../test/fixtures/mime/generate.ts';
import { report } from './support.ts';

const THIS_FILE = fileURLToPath(import.meta.url);
const REPO_ROOT = path.resolve(path.dirname(THIS_FILE), '..');
/** Set in the child process that measures one large-message case: the message file and the source kind. */
const CHILD_FILE_ENV = 'PARSE_BENCH_LARGE_FILE';
const CHILD_SOURCE_ENV = 'PARSE_BENCH_LARGE_SOURCE';
const PHISHING_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'corpus', 'phishing');
const LARGE_MESSAGE_BYTES = 25_000_000;
const RSS_SAMPLE_MS = 5;

function note(name: string, message: string): void {
  process.stdout.write(`${JSON.stringify({ name, skipped: true, note: message })}\n`);
}

async function benchCorpus(): Promise<void> {
  if (!fs.existsSync(PHISHING_DIR)) {
    note('parse_phishing_corpus', `corpus not found at ${PHISHING_DIR}; throughput not measured`);
    return;
  }
  const messages = fs.readdirSync(PHISHING_DIR).filter((f) => f.endsWith('.eml')).sort().map((f) => fs.readFileSync(path.join(PHISHING_DIR, f)));
  const bytes = messages.reduce((sum, m) => sum + m.length, 0);
  for (const raw of messages) await parseMessage(raw);
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  for (const raw of messages) await parseMessage(raw);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const workload = `${messages.length} phishing corpus messages (${(bytes / 1e6).toFixed(1)} MB, mean ${Math.round(bytes / messages.length / 1000)} KB) parsed one at a time from memory, after a warm-up pass`;
  report({ name: 'parse_phishing_msgs_per_s', value: Math.round(messages.length / seconds), unit: 'msg/s', workload });
  report({ name: 'parse_phishing_mb_per_s', value: Number((bytes / 1e6 / seconds).toFixed(1)), unit: 'MB/s', workload });
  report({ name: 'parse_phishing_cpu_per_msg', value: Number(((cpu.user + cpu.system) / 1000 / messages.length).toFixed(2)), unit: 'ms', workload });
}

interface LargeResult {
  ms: number;
  rssGrowthMb: number;
  attachmentBytes: number;
}

/** In the child: parses the message file from the given source kind while sampling RSS; prints the result. */
async function measureLargeInChild(file: string, kind: string): Promise<void> {
  const source = kind === 'buffer' ? fs.readFileSync(file) : undefined;
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, RSS_SAMPLE_MS);
  const started = performance.now();
  const parsed = await parseMessage(source ?? fs.createReadStream(file));
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const result: LargeResult = { ms, rssGrowthMb: (peak - before) / 1e6, attachmentBytes: parsed.attachments[0]?.size ?? 0 };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function measureLarge(file: string, kind: 'file' | 'buffer'): LargeResult {
  const output = execFileSync(process.execPath, ['--expose-gc', THIS_FILE], {
    env: { ...process.env, [CHILD_FILE_ENV]: file, [CHILD_SOURCE_ENV]: kind },
    encoding: 'utf8',
  });
  return JSON.parse(output.trim().split('\n').at(-1)!) as LargeResult;
}

async function benchLargeMessage(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailwarden-parse-bench-'));
  try {
    const file = path.join(dir, 'large.eml');
    const { raw, attachment } = largeAttachmentMessage(LARGE_MESSAGE_BYTES);
    fs.writeFileSync(file, raw);
    const workload = `one ${(raw.length / 1e6).toFixed(1)} MB message: a text part and one base64 attachment (${(attachment.length / 1e6).toFixed(1)} MB decoded, returned in memory)`;
    for (const kind of ['file', 'buffer'] as const) {
      const result = measureLarge(file, kind);
      const how = kind === 'file' ? 'read from a file stream' : 'already in memory (the Buffer not counted)';
      report({ name: `parse_25mb_from_${kind}_ms`, value: Math.round(result.ms), unit: 'ms', workload: `${workload}, ${how}` });
      report({ name: `parse_25mb_from_${kind}_rss_growth`, value: Math.round(result.rssGrowthMb), unit: 'MB', workload: `${workload}, ${how}; peak RSS over RSS before` });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  await benchLargeMessage();
  await benchCorpus();
}

const childFile = process.env[CHILD_FILE_ENV];
if (childFile) await measureLargeInChild(childFile, process.env[CHILD_SOURCE_ENV] ?? 'file');
else if (import.meta.main) await run();
