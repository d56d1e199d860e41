/**
 * The first sections of a PDF report: the title block, the executive summary (key figures with their
 * change against the previous period, and a plain-language summary), the timeline chart and the threat
 * breakdown charts.
 */
import type { PeriodSummary, PeriodTotals } from '../../../analytics/types.ts';
import { wallClock } from '../../time/zoned.ts';
import { formatDateTime, formatPeriod } from '../dates.ts';
import { barList, columnChart, donutChart, timeSeriesChart } from './charts.ts';
import {
  CLASSIFICATION_COLORS, COLORS, CONTENT_WIDTH, FONT, PAGE, formatChange, formatCount, fitText, type Cursor,
} from './layout.ts';

export interface ReportMeta {
  name: string;
  /** Human label of the report type, e.g. "Daily digest". */
  typeLabel: string;
  /** IANA zone the period and times are shown in (the schedule's; UTC without one). */
  timeZone: string;
  description: string | null;
}

/** The dark band at the top of page 1: name, type, period, generation time. */
export function titleBlock(cursor: Cursor, summary: PeriodSummary, meta: ReportMeta): void {
  const { doc } = cursor;
  const height = 112;
  doc.rect(0, 0, PAGE.width, height).fillColor(COLORS.band).fill();
  doc.font(FONT.bold).fontSize(9).fillColor('#9fb3c8').text('MAILWARDEN  ·  THREAT INTELLIGENCE REPORT', PAGE.margin, 26, { characterSpacing: 1, lineBreak: false });
  doc.font(FONT.bold).fontSize(22).fillColor('#ffffff').text(fitText(doc.font(FONT.bold).fontSize(22), meta.name, CONTENT_WIDTH), PAGE.margin, 42, { lineBreak: false });
  doc.font(FONT.regular).fontSize(10).fillColor('#d9e2ec');
  doc.text(`${meta.typeLabel}  ·  ${formatPeriod(summary.period, meta.timeZone)}`, PAGE.margin, 74, { lineBreak: false });
  doc.fontSize(8.5).fillColor('#9fb3c8').text(`Generated ${formatDateTime(summary.generated_at, meta.timeZone)}  ·  compared with ${formatPeriod(summary.previous_period, meta.timeZone)}`, PAGE.margin, 90, { lineBreak: false });
  cursor.y = height + 22;
  if (meta.description !== null && meta.description.trim() !== '') {
    cursor.paragraph(meta.description, { color: COLORS.muted, font: FONT.italic, size: 9.5 });
    cursor.gap(4);
  }
  const filters: string[] = [];
  if (summary.filters.honeypot_ids.length > 0) filters.push(`${summary.filters.honeypot_ids.length} selected honeypot(s)`);
  if (summary.filters.min_threat_score !== null) filters.push(`threat score of at least ${summary.filters.min_threat_score}`);
  if (filters.length > 0) cursor.paragraph(`Filtered to: ${filters.join('; ')}.`, { color: COLORS.muted, size: 9 });
}

interface Kpi {
  label: string;
  key: keyof PeriodTotals;
  /** An increase is bad news (red), a decrease good news (green); otherwise neutral. */
  risk: boolean;
  format?: (value: number | null) => string;
}

const KPIS: Kpi[] = [
  { label: 'Emails captured', key: 'emails', risk: false },
  { label: 'Threats', key: 'threats', risk: true },
  { label: 'Phishing', key: 'phishing', risk: true },
  { label: 'Malware', key: 'malware', risk: true },
  { label: 'Spam', key: 'spam', risk: true },
  { label: 'Avg threat score', key: 'avg_threat_score', risk: true, format: (v) => (v === null ? 'n/a' : v.toFixed(1)) },
  { label: 'Unique senders', key: 'unique_senders', risk: false },
  { label: 'New campaigns', key: 'new_campaigns', risk: true },
];

function kpiCard(cursor: Cursor, x: number, y: number, width: number, kpi: Kpi, summary: PeriodSummary): void {
  const { doc } = cursor;
  const value = summary.totals[kpi.key];
  const change = summary.changes[kpi.key];
  doc.roundedRect(x, y, width, 58, 4).lineWidth(0.8).strokeColor(COLORS.rule).stroke();
  doc.font(FONT.regular).fontSize(8).fillColor(COLORS.muted);
  doc.text(fitText(doc, kpi.label.toUpperCase(), width - 18), x + 9, y + 8, { width: width - 18, lineBreak: false });
  const shown = kpi.format ? kpi.format(value) : formatCount(value ?? 0);
  doc.font(FONT.bold).fontSize(18).fillColor(COLORS.ink).text(shown, x + 9, y + 20, { width: width - 18, lineBreak: false });
  const color = change === null || change === 0 || !kpi.risk ? COLORS.muted : change > 0 ? COLORS.up : COLORS.down;
  // A small triangle shows the direction (the standard fonts have no arrow glyphs).
  const ty = y + 46;
  if (change !== null && change !== 0) {
    if (change > 0) doc.polygon([x + 9, ty + 6], [x + 13, ty], [x + 17, ty + 6]);
    else doc.polygon([x + 9, ty], [x + 13, ty + 6], [x + 17, ty]);
    doc.fillColor(color).fill();
  }
  doc.font(FONT.regular).fontSize(7.5).fillColor(color).text(formatChange(change, Number(value ?? 0)), x + (change !== null && change !== 0 ? 20 : 9), ty - 1, { width: width - 26, lineBreak: false });
}

function share(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((part / whole) * 100).toFixed(1)}%`;
}

/** Plain-language summary of the period, from the figures alone. */
export function narrative(summary: PeriodSummary): string[] {
  const t = summary.totals;
  if (t.emails === 0) return ['No mail captured in this period.'];
  const change = summary.changes.emails;
  const trend = change === null ? '' : change === 0 ? ', the same as the previous period' : ` (${change > 0 ? 'up' : 'down'} ${Math.abs(change).toFixed(1)}% on the previous period)`;
  const lines = [
    `Mailwarden captured ${formatCount(t.emails)} email${t.emails === 1 ? '' : 's'} across ${formatCount(t.honeypots_hit)} honeypot${t.honeypots_hit === 1 ? '' : 's'}${trend}, from ${formatCount(t.unique_senders)} sender address${t.unique_senders === 1 ? '' : 'es'} and ${formatCount(t.unique_ips)} IP address${t.unique_ips === 1 ? '' : 'es'}.`,
    `${formatCount(t.threats)} (${share(t.threats, t.emails)}) were classified as threats (THREAT or CRITICAL)${t.avg_threat_score === null ? '' : ` and the average threat score was ${t.avg_threat_score.toFixed(1)}`}. By dominant score, ${formatCount(t.phishing)} were phishing, ${formatCount(t.malware)} malware and ${formatCount(t.spam)} spam.`,
  ];
  if (t.new_campaigns > 0) lines.push(`${formatCount(t.new_campaigns)} new campaign${t.new_campaigns === 1 ? ' was' : 's were'} first seen in this period.`);
  const top = summary.geography.find((c) => c.country_code !== 'ZZ');
  if (top !== undefined) lines.push(`Most mail with a known origin came from ${top.country_name} (${formatCount(top.emails)}).`);
  return lines;
}

export function summarySection(cursor: Cursor, summary: PeriodSummary): void {
  cursor.heading('Executive summary', 150);
  const gap = 8;
  const width = (CONTENT_WIDTH - 3 * gap) / 4;
  for (let row = 0; row < 2; row++) {
    cursor.need(66);
    for (let col = 0; col < 4; col++) kpiCard(cursor, PAGE.margin + col * (width + gap), cursor.y, width, KPIS[row * 4 + col]!, summary);
    cursor.y += 66;
  }
  cursor.gap(6);
  for (const line of narrative(summary)) cursor.paragraph(line);
  cursor.gap(8);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Bucket starts in the report's zone: "06:00" for hours, "12 Mar" for days. */
function bucketLabel(iso: string, granularity: 'hour' | 'day', timeZone: string): string {
  const w = wallClock(Date.parse(iso), timeZone);
  return granularity === 'hour' ? `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}` : `${w.day} ${MONTHS[w.month - 1]}`;
}

export function timelineSection(cursor: Cursor, summary: PeriodSummary, meta: ReportMeta): void {
  const zone = meta.timeZone === 'UTC' ? 'UTC' : meta.timeZone;
  cursor.heading(`Activity over time (${summary.time_series.granularity === 'hour' ? 'per hour' : 'per day'}, ${zone})`, 190);
  const buckets = summary.time_series.buckets;
  if (summary.totals.emails === 0 || buckets.length === 0) return cursor.empty('No mail captured in this period.');
  const labels = buckets.map((b) => bucketLabel(b.start, summary.time_series.granularity, meta.timeZone));
  timeSeriesChart(cursor.doc, { x: PAGE.margin, y: cursor.y, width: CONTENT_WIDTH, height: 180 }, labels, [
    { label: 'Emails', color: COLORS.emails, values: buckets.map((b) => b.emails), area: true },
    { label: 'Threats', color: COLORS.threats, values: buckets.map((b) => b.threats) },
    { label: 'Phishing', color: COLORS.spam, values: buckets.map((b) => b.phishing) },
  ]);
  cursor.y += 196;
}

export function threatsSection(cursor: Cursor, summary: PeriodSummary): void {
  cursor.heading('Threat breakdown', 300);
  if (summary.totals.emails === 0) return cursor.empty('No mail captured in this period.');
  const { doc } = cursor;
  const types = summary.threat_types;
  cursor.subheading('Threat types (dominant score of each analysed email)', 130);
  donutChart(doc, { x: PAGE.margin, y: cursor.y, width: 300, height: 120 }, [
    { label: 'Phishing', value: types.phishing, color: COLORS.phishing },
    { label: 'Malware', value: types.malware, color: COLORS.malware },
    { label: 'Spam', value: types.spam, color: COLORS.spam },
    { label: 'Clean', value: types.clean, color: COLORS.clean },
  ], 'analysed');
  const classes = summary.classification;
  doc.font(FONT.bold).fontSize(8.5).fillColor(COLORS.ink).text('Classification', PAGE.margin + 310, cursor.y + 4, { lineBreak: false });
  barList(doc, { x: PAGE.margin + 310, y: cursor.y + 20, width: CONTENT_WIDTH - 310, height: 95 }, (['CLEAN', 'LOW_RISK', 'SUSPICIOUS', 'THREAT', 'CRITICAL'] as const).map((c) => ({
    label: c.replace('_', ' ').toLowerCase().replace(/^./, (s) => s.toUpperCase()), value: classes[c], color: CLASSIFICATION_COLORS[c]!,
  })), 66);
  cursor.y += 132;
  cursor.subheading('Threat score distribution', 120);
  columnChart(doc, { x: PAGE.margin, y: cursor.y, width: CONTENT_WIDTH, height: 110 }, summary.score_histogram.map((h, i) => ({
    label: h.range, value: h.emails, color: i >= 8 ? CLASSIFICATION_COLORS.CRITICAL! : i >= 6 ? CLASSIFICATION_COLORS.THREAT! : i >= 4 ? CLASSIFICATION_COLORS.SUSPICIOUS! : i >= 2 ? CLASSIFICATION_COLORS.LOW_RISK! : CLASSIFICATION_COLORS.CLEAN!,
  })));
  cursor.y += 118;
  const pending = summary.totals.emails - Object.values(classes).reduce((a, b) => a + b, 0);
  if (pending > 0) cursor.paragraph(`${formatCount(pending)} email(s) were not analysed yet when the report was generated and appear in the totals only.`, { color: COLORS.muted, size: 8.5 });
  cursor.gap(6);
}
