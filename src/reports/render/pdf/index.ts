/**
 * PDF reports (pdfkit, built-in Helvetica): a title block, then the chosen sections in their fixed
 * order (reports.model.ts REPORT_SECTIONS), page numbers on every page. Returns the document as a
 * byte stream; pages are buffered (a report is a few pages) so the footers can say "Page n of N".
 */
import PDFDocument from 'pdfkit';
import type { PeriodSummary } from '../../../analytics/types.ts';
import type { ReportSection } from '../../reports.model.ts';
import type { ReportMeta } from './overview-sections.ts';
import { campaignsSection, geographySection, indicatorsSection, infrastructureSection, recommendationsSection, sendersSection } from './detail-sections.ts';
import { Cursor, PAGE, stampFooters } from './layout.ts';
import { summarySection, threatsSection, timelineSection, titleBlock } from './overview-sections.ts';

export type { ReportMeta } from './overview-sections.ts';

const SECTIONS: Record<ReportSection, (cursor: Cursor, summary: PeriodSummary, meta: ReportMeta) => void> = {
  summary: summarySection,
  timeline: timelineSection,
  threats: threatsSection,
  senders: sendersSection,
  infrastructure: infrastructureSection,
  geography: geographySection,
  campaigns: campaignsSection,
  indicators: indicatorsSection,
  recommendations: recommendationsSection,
};

export function renderPdf(summary: PeriodSummary, meta: ReportMeta, sections: readonly ReportSection[]): AsyncIterable<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    bufferPages: true,
    // The bottom margin is small on purpose: the layout keeps content above its own line (CONTENT_BOTTOM)
    // and the footer sits below it; a larger margin would make pdfkit open a page for the footer.
    margins: { top: PAGE.margin, left: PAGE.margin, right: PAGE.margin, bottom: 8 },
    info: { Title: meta.name, Author: 'Mailwarden', Subject: `${meta.typeLabel}, ${summary.period.start} to ${summary.period.end}`, Creator: 'Mailwarden' },
  });
  const cursor = new Cursor(doc);
  titleBlock(cursor, summary, meta);
  if (summary.totals.emails === 0) {
    // Nothing to chart or list: the key figures (all zero, against the previous period) and one notice.
    if (sections.includes('summary')) summarySection(cursor, summary);
    else cursor.paragraph('No mail captured in this period.');
    cursor.paragraph('The honeypots in this report received no mail between the start and the end of the period, so there are no charts, senders, origins or campaigns to show. Check that the honeypot addresses are published where spammers harvest them and that their domains\' MX records point at this server.', { size: 9, color: '#616e7c' });
  } else {
    for (const section of sections) SECTIONS[section](cursor, summary, meta);
  }
  stampFooters(doc, `${meta.name}  ·  ${summary.period.start.slice(0, 10)}`);
  doc.end();
  return doc as unknown as AsyncIterable<Uint8Array>;
}
