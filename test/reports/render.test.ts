/**
 * Renderers on their own: the PDF read back with pdftotext (real figures, sections honoured, empty
 * data handled, untrusted text made drawable), and CSV cell quoting and formula safety.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvCell, csvLine } from '../../src/reports/render/csv.ts';
import { formatPeriod } from '../../src/reports/render/dates.ts';
import { pdfText } from '../../src/reports/render/pdf/layout.ts';
import { renderPdf, type ReportMeta } from '../../src/reports/render/pdf/index.ts';
import { REPORT_SECTIONS, type ReportSection } from '../../src/reports/reports.model.ts';
import { busySummary, emptySummary } from './fixtures.ts';
import { parseCsv, pdfPages, pdfToText } from './support.ts';
import type { PeriodSummary } from '../../src/analytics/types.ts';

const META: ReportMeta = { name: 'Daily threat digest', typeLabel: 'Daily digest', description: 'Everything the honeypots caught yesterday.', timeZone: 'UTC' };

async function pdf(summary: PeriodSummary, sections: readonly ReportSection[] = REPORT_SECTIONS, meta: ReportMeta = META): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of renderPdf(summary, meta, sections)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

test('the PDF shows the period, key figures with their change, and every section\'s data', async () => {
  const bytes = await pdf(busySummary());
  const text = pdfToText(bytes);
  assert.match(text, /Daily threat digest/);
  assert.match(text, /11 Mar 2026 \(UTC\)/);
  assert.match(text, /Generated 12 Mar 2026 08:00 UTC/);
  assert.match(text, /EMAILS CAPTURED/);
  assert.match(text, /1,284/);
  assert.match(text, /\+16\.5% vs previous/);
  assert.match(text, /-21\.2% vs previous/, 'malware went down');
  assert.match(text, /Mailwarden captured 1,284 emails across 7 honeypots \(up 16\.5% on the previous period\)/);
  assert.match(text, /Phishing\s+227\s+17\.7%/, 'the donut legend');
  assert.match(text, /security-alert@paypa1-secure\.com\s+paypa1-secure\.com\s+142\s+94/);
  assert.match(text, /203\.0\.113\.7\s+RU\s+AS64500\s+Example Bulletproof Hosting Ltd\s+210\s+94/);
  assert.match(text, /Russia \(RU\)\s+402\s+190\s+40\.7%/);
  assert.match(text, /Your PayPal account has been limited/);
  assert.match(text, /Block the sender domain paypa1-secure\.com/);
  assert.match(text, /HIGH/);
  const pages = pdfPages(bytes);
  assert.ok(pages >= 2 && pages <= 5, `${pages} pages`);
  assert.match(text, new RegExp(`Page ${pages} of ${pages}`));
});

test('only the chosen sections appear', async () => {
  const text = pdfToText(await pdf(busySummary(), ['summary', 'recommendations']));
  assert.match(text, /Executive summary/);
  assert.match(text, /Recommendations/);
  for (const heading of ['Activity over time', 'Threat breakdown', 'Top senders', 'Geography', 'New campaigns', 'Notable indicators']) {
    assert.ok(!text.includes(heading), heading);
  }
});

test('a period without mail says so instead of drawing empty charts', async () => {
  const bytes = await pdf(emptySummary());
  const text = pdfToText(bytes);
  assert.match(text, /No mail captured in this period\./);
  assert.ok(!text.includes('Top senders'));
  assert.equal(pdfPages(bytes), 1);
});

test('text the standard fonts cannot draw is replaced, not dropped silently or crashing the render', async () => {
  assert.equal(pdfText('Ünïcode – “quotes” €5'), 'Ünïcode – “quotes” €5');
  assert.equal(pdfText('Ваш аккаунт 🔒\u0000x'), '??? ??????? ?x');
  const summary = busySummary();
  summary.top_senders[0]!.address = 'поддержка@пример.рф';
  summary.new_campaigns[0]!.representative_subject = '🔥'.repeat(500);
  const text = pdfToText(await pdf(summary));
  assert.match(text, /\?+@\?+\.\?\?/);
});

test('periods read as local whole days where they are', () => {
  assert.equal(formatPeriod({ start: '2026-03-11T23:00:00.000Z', end: '2026-03-12T23:00:00.000Z' }, 'Europe/Paris'), '12 Mar 2026 (Europe/Paris)');
  assert.equal(formatPeriod({ start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' }), '1 Mar 2026 – 31 Mar 2026 (UTC)');
  assert.equal(formatPeriod({ start: '2026-03-11T14:30:15.000Z', end: '2026-03-12T14:30:15.000Z' }), '11 Mar 2026 14:30 UTC – 12 Mar 2026 14:30 UTC');
});

test('CSV cells follow RFC 4180 and cannot run as spreadsheet formulas', () => {
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\r\nlines'), '"two\r\nlines"');
  for (const dangerous of ['=1+1', '+1', '-2', '@SUM(A1)', '\tx']) assert.equal(csvCell(dangerous)[0] === '"' ? csvCell(dangerous)[1] : csvCell(dangerous)[0], '\'', dangerous);
  assert.equal(csvCell('=HYPERLINK("http://evil","x")'), '"\'=HYPERLINK(""http://evil"",""x"")"');
  assert.equal(csvCell(-3), '-3', 'numbers are numbers');
  assert.equal(csvCell(null), '');
  const line = csvLine(['id', 'a "b", c', null, 42]);
  assert.ok(line.endsWith('\r\n'));
  assert.deepEqual(parseCsv(line), [['id', 'a "b", c', '', '42']]);
});
