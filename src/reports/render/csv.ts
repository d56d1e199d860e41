/**
 * CSV reports: one row per captured email in the period and filters, oldest first.
 *
 * Format: RFC 4180 — comma-separated, CRLF line ends, a header row, a field quoted when it holds a
 * comma, quote, CR or LF (quotes doubled). UTF-8 without a byte-order mark.
 * Spreadsheet safety: a text cell starting with `=`, `+`, `-`, `@`, tab or CR is prefixed with `'` so a
 * spreadsheet shows it instead of running it as a formula (OWASP "CSV injection").
 * Memory: rows are read from the database in pages of PAGE_ROWS by keyset (received_at, id) and
 * written as they come, so a report over millions of emails holds one page at a time.
 *
 * Columns (COLUMNS below): id, received_at, honeypot_id, honeypot_address, from_address, from_name, to,
 * subject, message_id, size, threat_score, malware_score, spam_score, phishing_score, reputation_score,
 * classification, threat_type, analysis_status, attachment_count, campaign_id, transport, origin_ip,
 * origin_country, origin_asn, origin_as_org. Empty cell = no value (e.g. scores before analysis).
 */
import { sql, type Kysely } from 'kysely';
import type { Period } from '../../analytics/types.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { ReportFilters } from '../reports.model.ts';

/** Rows per database read. */
export const PAGE_ROWS = 1000;

const COLUMNS = [
  'id', 'received_at', 'honeypot_id', 'honeypot_address', 'from_address', 'from_name', 'to', 'subject', 'message_id', 'size',
  'threat_score', 'malware_score', 'spam_score', 'phishing_score', 'reputation_score', 'classification', 'threat_type', 'analysis_status',
  'attachment_count', 'campaign_id', 'transport', 'origin_ip', 'origin_country', 'origin_asn', 'origin_as_org',
] as const;

type Cell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: formula-safe, then quoted when needed. Numbers are written as they are. */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The threat type of one email (glossary of src/analytics/types.ts). */
function threatType(row: { threat_score: number | null; malware_score: number | null; phishing_score: number | null; spam_score: number | null }): string | null {
  if (row.threat_score === null) return null;
  const m = row.malware_score ?? 0;
  const p = row.phishing_score ?? 0;
  const s = row.spam_score ?? 0;
  if (m >= 40 && m >= p && m >= s) return 'malware';
  if (p >= 40 && p >= s) return 'phishing';
  if (s >= 40) return 'spam';
  return 'clean';
}

const num = (value: number | string | null): number | null => (value === null ? null : Number(value));

function readPage(db: Kysely<Database>, userId: string, period: Period, filters: ReportFilters, after: { at: string; id: string } | null) {
  let query = db.selectFrom('emails')
    .leftJoin('honeypots', 'honeypots.id', 'emails.honeypot_id')
    .select([
      'emails.id', 'emails.received_at', 'emails.honeypot_id', 'honeypots.email_address as honeypot_address', 'emails.from_address', 'emails.from_name',
      'emails.to_addresses', 'emails.subject', 'emails.message_id', 'emails.size', 'emails.threat_score', 'emails.malware_score', 'emails.spam_score',
      'emails.phishing_score', 'emails.reputation_score', 'emails.classification', 'emails.analysis_status', 'emails.attachment_count',
      'emails.campaign_id', 'emails.transport', 'emails.origin_ip', 'emails.origin_country', 'emails.origin_asn', 'emails.origin_as_org',
    ])
    .where('emails.user_id', '=', userId)
    .where('emails.received_at', '>=', period.start)
    .where('emails.received_at', '<', period.end);
  if (filters.honeypot_ids.length > 0) query = query.where('emails.honeypot_id', 'in', filters.honeypot_ids);
  if (filters.threat_score.min !== null) query = query.where('emails.threat_score', '>=', filters.threat_score.min);
  if (after !== null) {
    // A row-value comparison (both engines) lets the (user_id, received_at, id) index seek straight to the next page.
    query = query.where(sql<boolean>`(emails.received_at, emails.id) > (${after.at}, ${after.id})`);
  }
  return query.orderBy('emails.received_at').orderBy('emails.id').limit(PAGE_ROWS).execute();
}

/** The CSV as a stream of chunks (one per page of emails). */
export async function* renderCsv(db: Kysely<Database>, userId: string, period: Period, filters: ReportFilters): AsyncGenerator<Uint8Array> {
  yield Buffer.from(csvLine(COLUMNS));
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const rows = await readPage(db, userId, period, filters, after);
    if (rows.length === 0) return;
    let chunk = '';
    for (const r of rows) {
      const scores = { threat_score: num(r.threat_score), malware_score: num(r.malware_score), phishing_score: num(r.phishing_score), spam_score: num(r.spam_score) };
      chunk += csvLine([
        r.id, r.received_at, r.honeypot_id, r.honeypot_address, r.from_address, r.from_name, r.to_addresses, r.subject, r.message_id, num(r.size),
        scores.threat_score, scores.malware_score, scores.spam_score, scores.phishing_score, num(r.reputation_score), r.classification, threatType(scores),
        r.analysis_status, num(r.attachment_count), r.campaign_id, r.transport, r.origin_ip, r.origin_country, num(r.origin_asn), r.origin_as_org,
      ]);
    }
    yield Buffer.from(chunk);
    if (rows.length < PAGE_ROWS) return;
    const last = rows[rows.length - 1]!;
    after = { at: last.received_at, id: last.id };
  }
}
