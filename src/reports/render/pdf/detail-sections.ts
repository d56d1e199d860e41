/**
 * The detail sections of a PDF report: senders, infrastructure (IPs and ASNs), geography, new
 * campaigns, notable indicators and recommendations. Each says so plainly when it has no data.
 */
import type { PeriodSummary, Recommendation } from '../../../analytics/types.ts';
import { barList } from './charts.ts';
import { formatDateTime } from '../dates.ts';
import { COLORS, CONTENT_WIDTH, FONT, PAGE, formatCount, pdfText, type Cursor } from './layout.ts';
import type { ReportMeta } from './overview-sections.ts';
import { table } from './table.ts';

const NO_MAIL = 'No mail captured in this period.';
const score = (value: number | null) => (value === null ? '–' : String(value));

export function sendersSection(cursor: Cursor, summary: PeriodSummary): void {
  cursor.heading('Top senders', 120);
  if (summary.top_senders.length === 0) return cursor.empty(summary.totals.emails === 0 ? NO_MAIL : 'No sender addresses in this period.');
  table(cursor, [
    { header: 'Sender address', width: 46 },
    { header: 'Domain', width: 26 },
    { header: 'Emails', width: 12, align: 'right' },
    { header: 'Max score', width: 12, align: 'right' },
  ], summary.top_senders.map((s) => [s.address, s.domain ?? '–', formatCount(s.emails), score(s.max_threat_score)]));
  if (summary.top_sender_domains.length > 0) {
    cursor.subheading('Top sender domains', 60);
    table(cursor, [
      { header: 'Domain', width: 60 },
      { header: 'Emails', width: 20, align: 'right' },
      { header: 'Threats', width: 20, align: 'right' },
    ], summary.top_sender_domains.map((d) => [d.domain, formatCount(d.emails), formatCount(d.threats)]));
  }
}

export function infrastructureSection(cursor: Cursor, summary: PeriodSummary): void {
  cursor.heading('Sending infrastructure', 120);
  if (summary.top_ips.length === 0 && summary.top_asns.length === 0) {
    return cursor.empty(summary.totals.emails === 0 ? NO_MAIL : 'No origin addresses were recorded for this period\'s mail.');
  }
  if (summary.top_ips.length > 0) {
    cursor.subheading('Top sending IP addresses', 60);
    table(cursor, [
      { header: 'IP address', width: 30 },
      { header: 'Country', width: 9 },
      { header: 'ASN', width: 11 },
      { header: 'Network', width: 28 },
      { header: 'Emails', width: 10, align: 'right' },
      { header: 'Max score', width: 12, align: 'right' },
    ], summary.top_ips.map((ip) => [ip.ip, ip.country_code, ip.asn === null ? '–' : `AS${ip.asn}`, ip.as_org ?? '–', formatCount(ip.emails), score(ip.max_threat_score)]));
  }
  if (summary.top_asns.length > 0) {
    const rows = summary.top_asns.slice(0, 10);
    cursor.subheading('Top autonomous systems (emails)', rows.length * 18);
    barList(cursor.doc, { x: PAGE.margin, y: cursor.y, width: CONTENT_WIDTH, height: rows.length * 18 }, rows.map((a) => ({
      label: `AS${a.asn} ${a.as_org ?? ''}`.trim(), value: a.emails, color: COLORS.accent,
    })), 220);
    cursor.y += rows.length * 18 + 12;
  }
}

export function geographySection(cursor: Cursor, summary: PeriodSummary): void {
  cursor.heading('Geography', 140);
  const countries = summary.geography;
  if (countries.length === 0) return cursor.empty(summary.totals.emails === 0 ? NO_MAIL : 'No origin countries were recorded for this period\'s mail.');
  const shown = countries.slice(0, 10);
  barList(cursor.doc, { x: PAGE.margin, y: cursor.y, width: CONTENT_WIDTH, height: shown.length * 18 }, shown.map((c) => ({
    label: `${c.country_name} (${c.country_code})`, value: c.emails, color: COLORS.emails,
  })), 180);
  cursor.y += shown.length * 18 + 10;
  const total = countries.reduce((sum, c) => sum + c.emails, 0);
  table(cursor, [
    { header: 'Country', width: 46 },
    { header: 'Emails', width: 18, align: 'right' },
    { header: 'Threats', width: 18, align: 'right' },
    { header: 'Share', width: 18, align: 'right' },
  ], countries.map((c) => [`${c.country_name} (${c.country_code})`, formatCount(c.emails), formatCount(c.threats), total === 0 ? '0%' : `${((c.emails / total) * 100).toFixed(1)}%`]));
}

export function campaignsSection(cursor: Cursor, summary: PeriodSummary, meta: ReportMeta): void {
  cursor.heading('New campaigns', 80);
  if (summary.new_campaigns.length === 0) return cursor.empty(summary.totals.emails === 0 ? NO_MAIL : 'No new campaign was first seen in this period.');
  table(cursor, [
    { header: 'Representative subject', width: 40 },
    { header: 'First seen', width: 22 },
    { header: 'Messages', width: 12, align: 'right' },
    { header: 'Honeypots', width: 13, align: 'right' },
    { header: 'Max score', width: 13, align: 'right' },
  ], summary.new_campaigns.map((c) => [c.representative_subject ?? '(no subject)', formatDateTime(c.first_seen, meta.timeZone), formatCount(c.message_count), formatCount(c.honeypot_count), score(c.max_threat_score)]));
}

export function indicatorsSection(cursor: Cursor, summary: PeriodSummary): void {
  cursor.heading('Notable indicators', 80);
  if (summary.notable_indicators.length === 0) return cursor.empty(summary.totals.emails === 0 ? NO_MAIL : 'No indicator stood out in this period.');
  table(cursor, [
    { header: 'Indicator', width: 22 },
    { header: 'Example', width: 64 },
    { header: 'Emails', width: 14, align: 'right' },
  ], summary.notable_indicators.map((i) => [i.type, i.description, formatCount(i.emails)]));
}

const PRIORITY_COLORS: Record<Recommendation['priority'], string> = { high: COLORS.up, medium: COLORS.spam, low: COLORS.accent };

export function recommendationsSection(cursor: Cursor, summary: PeriodSummary): void {
  cursor.heading('Recommendations', 60);
  if (summary.recommendations.length === 0) {
    return cursor.empty(summary.totals.emails === 0 ? NO_MAIL : 'Nothing in this period calls for action beyond keeping the honeypots running.');
  }
  const { doc } = cursor;
  const textX = PAGE.margin + 62;
  const textWidth = CONTENT_WIDTH - 62;
  for (const rec of summary.recommendations) {
    const action = pdfText(rec.action);
    const reason = pdfText(rec.reason);
    doc.font(FONT.bold).fontSize(10);
    const actionHeight = doc.heightOfString(action, { width: textWidth });
    doc.font(FONT.regular).fontSize(9);
    const reasonHeight = doc.heightOfString(reason, { width: textWidth });
    cursor.need(actionHeight + reasonHeight + 12);
    doc.roundedRect(PAGE.margin, cursor.y, 50, 14, 3).fillColor(PRIORITY_COLORS[rec.priority]).fill();
    doc.font(FONT.bold).fontSize(7.5).fillColor('#ffffff').text(rec.priority.toUpperCase(), PAGE.margin, cursor.y + 3.5, { width: 50, align: 'center', lineBreak: false });
    doc.font(FONT.bold).fontSize(10).fillColor(COLORS.ink).text(action, textX, cursor.y + 1, { width: textWidth });
    doc.font(FONT.regular).fontSize(9).fillColor(COLORS.muted).text(reason, textX, cursor.y + actionHeight + 3, { width: textWidth });
    cursor.y += actionHeight + reasonHeight + 12;
  }
}
