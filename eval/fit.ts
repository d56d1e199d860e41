/**
 * Fits calibration factors (src/analysis/calibration.ts) from an evaluation dump:
 *   npm run eval -- --dump /tmp/dump.jsonl && node eval/fit.ts /tmp/dump.jsonl phishing|spam
 *
 * Logistic regression (L2, non-negative weights, projected gradient descent) of "positive vs
 * legitimate" on each finding type's points in the category; the weights are rescaled so positives keep
 * their average points, and printed as factors relative to the current points. Types listed in
 * CLAMPED never grow (corpus artefacts, see ../shared/corpus/README.md). 5-fold cross-validated AUC is
 * printed next to the training AUC to show over-fitting. The output is advice: a person copies the
 * factors they accept into calibration.ts.
 */
import { readFileSync } from 'node:fs';
import { rocAuc } from './metrics.ts';

const [dumpPath, category = 'phishing'] = process.argv.slice(2);
if (!dumpPath) throw new Error('usage: node eval/fit.ts DUMP.jsonl phishing|spam');

/** Finding types that separate the corpora for reasons unrelated to maliciousness: factor ≤ 1. */
const CLAMPED = new Set([
  'html_only', 'base64_html', 'return_path_domain_mismatch', 'message_id_domain_mismatch', 'received_helo_mismatch',
  'received_helo_ip_literal', 'received_delay', 'received_many_hops', 'received_forged', 'undisclosed_recipients', 'no_message_id',
  'spam_marketing', 'subject_exclamations', 'fake_reply',
]);

interface Row { set: string; label: string; breakdown?: Array<{ type: string; points: Record<string, number> }> }
const rows = readFileSync(dumpPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row).filter((r) => r.breakdown);
const positiveLabel = category === 'spam' ? 'spam' : 'phishing';
const data = rows.filter((r) => r.label === positiveLabel || r.label === 'legitimate');
const types = [...new Set(data.flatMap((r) => r.breakdown!.filter((f) => (f.points[category] ?? 0) > 0).map((f) => f.type)))].sort();
const X = data.map((r) => {
  const x = new Float64Array(types.length);
  for (const f of r.breakdown!) {
    const i = types.indexOf(f.type);
    if (i >= 0) x[i]! += (f.points[category] ?? 0) / 10;
  }
  return x;
});
const y = data.map((r) => (r.label === positiveLabel ? 1 : 0));

function train(indices: number[], lambda = 0.02, iterations = 1500, rate = 0.5): { w: Float64Array; b: number } {
  const w = new Float64Array(types.length).fill(0.5);
  let b = -2;
  const weightPos = indices.length / (2 * indices.filter((i) => y[i] === 1).length);
  const weightNeg = indices.length / (2 * indices.filter((i) => y[i] === 0).length);
  for (let it = 0; it < iterations; it++) {
    const grad = new Float64Array(types.length);
    let gradB = 0;
    for (const i of indices) {
      const x = X[i]!;
      let z = b;
      for (let j = 0; j < x.length; j++) z += w[j]! * x[j]!;
      const p = 1 / (1 + Math.exp(-z));
      const err = (p - y[i]!) * (y[i] === 1 ? weightPos : weightNeg);
      for (let j = 0; j < x.length; j++) if (x[j] !== 0) grad[j]! += err * x[j]!;
      gradB += err;
    }
    for (let j = 0; j < w.length; j++) w[j] = Math.max(0, w[j]! - rate * (grad[j]! / indices.length + lambda * w[j]!));
    b -= rate * gradB / indices.length;
  }
  return { w, b };
}

const score = (w: Float64Array, i: number) => X[i]!.reduce((sum, v, j) => sum + v * w[j]!, 0);
const all = data.map((_, i) => i);
const current = all.map((i) => X[i]!.reduce((a, b) => a + b, 0));
const { w } = train(all);
const fitted = all.map((i) => score(w, i));
const aucOf = (scores: number[], idx: number[]) => rocAuc(idx.filter((i) => y[i] === 1).map((i) => scores[i]!), idx.filter((i) => y[i] === 0).map((i) => scores[i]!));

const cvScores = new Array<number>(data.length).fill(0);
for (let fold = 0; fold < 5; fold++) {
  const test = all.filter((i) => i % 5 === fold);
  const model = train(all.filter((i) => i % 5 !== fold));
  for (const i of test) cvScores[i] = score(model.w, i);
}

const meanPositive = (scores: number[]) => all.filter((i) => y[i] === 1).reduce((s, i) => s + scores[i]!, 0) / all.filter((i) => y[i] === 1).length;
const scale = meanPositive(current) / meanPositive(fitted);
console.log(`${category}: ${data.length} messages, ${types.length} finding types`);
console.log(`AUC with current points ${aucOf(current, all).toFixed(4)}; fitted (train) ${aucOf(fitted, all).toFixed(4)}; fitted (5-fold CV) ${aucOf(cvScores, all).toFixed(4)}`);
const factors: Record<string, number> = {};
for (const [j, type] of types.entries()) {
  let factor = Math.round(w[j]! * scale * 100) / 100;
  if (CLAMPED.has(type)) factor = Math.min(1, factor);
  factors[type] = factor;
}
const presence = (type: string, label: number) => {
  const j = types.indexOf(type);
  const idx = all.filter((i) => y[i] === label);
  return ((100 * idx.filter((i) => X[i]![j]! > 0).length) / idx.length).toFixed(1);
};
for (const type of types) console.log(`${type.padEnd(36)} factor ${String(factors[type]).padStart(5)}   in positives ${presence(type, 1).padStart(5)} %   in legitimate ${presence(type, 0).padStart(5)} %`);
console.log(JSON.stringify(Object.fromEntries(Object.entries(factors).map(([t, f]) => [t, { [category]: f }]))));
