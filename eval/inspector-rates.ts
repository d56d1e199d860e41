/**
 * How often each finding of the link and sender inspectors fires per labelled set, and their
 * throughput (extract + inspect, parsing excluded), single-threaded.
 *
 *   node eval/inspector-rates.ts [--limit N] [--sets phishing,ham-modern] [--show TYPE]
 *
 * `--show TYPE` prints the descriptions of that finding on the phishing set only: the legitimate sets
 * hold real people's names and addresses, which are never printed. Messages are neutralised as in
 * `npm run eval` (eval/corpus.ts).
 */
import { parseMessage } from '../src/emails/parsing/index.ts';
import { extractLinks, inspectLinks } from '../src/analysis/links/index.ts';
import { inspectSender } from '../src/analysis/sender/index.ts';
import { budgetOf, type Finding } from '../src/analysis/types.ts';
import { defaultSets, readSet } from './corpus.ts';

interface Options {
  limit: number;
  sets: string[];
  show: string | null;
}

function readOptions(argv: string[]): Options {
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  return {
    limit: Number(value('--limit') ?? Infinity),
    sets: (value('--sets') ?? 'phishing,ham-modern').split(','),
    show: value('--show') ?? null,
  };
}

interface SetRates {
  messages: number;
  fired: Map<string, number>;
  inspectMs: number;
  truncated: number;
}

async function rateSet(name: string, options: Options): Promise<SetRates | null> {
  const set = defaultSets().find((s) => s.name === name);
  if (!set) return null;
  const rates: SetRates = { messages: 0, fired: new Map(), inspectMs: 0, truncated: 0 };
  for (const sample of readSet(set, options.limit)) {
    const parsed = await parseMessage(sample.raw);
    const started = performance.now();
    const budget = budgetOf(10_000);
    const extracted = extractLinks({ text: parsed.text, html: parsed.html }, budget);
    const sender = inspectSender({ headers: parsed.headers, from: parsed.from, replyTo: parsed.replyTo, envelopeFrom: null, helo: null, clientIp: null });
    const links = inspectLinks(extracted.links, { senderDomain: sender.senderDomain }, budget);
    rates.inspectMs += performance.now() - started;
    rates.messages++;
    if (budget.cuts.length > 0) rates.truncated++;
    const findings: Finding[] = [...sender.findings, ...links.findings];
    for (const type of new Set(findings.map((f) => f.type))) rates.fired.set(type, (rates.fired.get(type) ?? 0) + 1);
    if (options.show && set.label === 'phishing') {
      for (const f of findings) if (f.type === options.show) console.log(`${sample.file}: ${f.description}`);
    }
  }
  return rates;
}

function percent(n: number, of: number): string {
  return of === 0 ? '-' : `${((100 * n) / of).toFixed(1)}%`;
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const results = new Map<string, SetRates>();
  for (const name of options.sets) {
    const rates = await rateSet(name, options);
    if (rates) results.set(name, rates);
    else console.error(`Set ${name} not found; known sets: ${defaultSets().map((s) => s.name).join(', ')}.`);
  }
  const types = [...new Set([...results.values()].flatMap((r) => [...r.fired.keys()]))].sort();
  const names = [...results.keys()];
  console.log(['finding'.padEnd(36), ...names.map((n) => n.padStart(12))].join(' '));
  for (const type of types) {
    console.log([type.padEnd(36), ...names.map((n) => percent(results.get(n)!.fired.get(type) ?? 0, results.get(n)!.messages).padStart(12))].join(' '));
  }
  for (const [name, r] of results) {
    const perSecond = r.inspectMs === 0 ? 0 : (r.messages * 1000) / r.inspectMs;
    console.log(JSON.stringify({ name: `inspector_throughput_${name}`, value: Math.round(perSecond), unit: 'messages/s', messages: r.messages, truncated: r.truncated, workload: 'extractLinks + inspectSender + inspectLinks, one thread, parsing excluded' }));
  }
}

await main();
