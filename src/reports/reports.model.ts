/**
 * The report object (CONTRACT.md §3.5) and the vocabulary it uses: types, formats, statuses and the
 * section names a PDF report can include.
 *
 * Status: `pending` — never generated yet (a generation is queued, or the first scheduled run has not
 * come); `generating` — a generation is queued or running (POST /generate answers with it at once);
 * `ready` — the file can be downloaded; `failed` — the last generation failed, `error` says why, and
 * POST /generate retries.
 */
import type { ReportsTable } from '../platform/db/schema.ts';
import type { Selectable } from 'kysely';
import type { Schedule } from './time/schedule.ts';

export const REPORT_TYPES = ['daily_digest', 'weekly_summary', 'monthly_analysis', 'executive_summary', 'compliance', 'incident', 'custom'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export const REPORT_FORMATS = ['pdf', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_STATUSES = ['pending', 'generating', 'ready', 'failed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * Parts of a PDF report, in the order they appear:
 * - `summary`: executive summary — key figures with their change against the previous period;
 * - `timeline`: emails and threats over time (chart);
 * - `threats`: threat breakdown — threat types (donut), classifications and threat scores (bars);
 * - `senders`: top sender addresses and sender domains;
 * - `infrastructure`: top sending IPs and autonomous systems (ASNs);
 * - `geography`: countries of origin;
 * - `campaigns`: campaigns first seen in the period;
 * - `indicators`: the most frequent analysis indicators;
 * - `recommendations`: what to do, following from the data.
 * CSV reports list emails and JSON reports carry the whole summary, whatever the sections.
 */
export const REPORT_SECTIONS = ['summary', 'timeline', 'threats', 'senders', 'infrastructure', 'geography', 'campaigns', 'indicators', 'recommendations'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

/** Sections when the request names none: an executive summary is the short version; every other type gets all. */
export function defaultSections(type: ReportType): ReportSection[] {
  if (type === 'executive_summary') return ['summary', 'timeline', 'threats', 'recommendations'];
  return [...REPORT_SECTIONS];
}

export interface ReportFilters {
  honeypot_ids: string[];
  threat_score: { min: number | null };
}

// A type alias, not an interface, so it is a Record<string, unknown> for pickFields.
export type Report = {
  id: string;
  report_id: string;
  name: string;
  type: ReportType;
  description: string | null;
  format: ReportFormat;
  period: { start: string; end: string };
  schedule: Schedule | null;
  filters: ReportFilters;
  sections: ReportSection[];
  recipients: string[];
  status: ReportStatus;
  error: string | null;
  file_size: number | null;
  generated_at: string | null;
  next_run_at: string | null;
  download_url: string | null;
  created_at: string;
  updated_at: string;
};

export const REPORT_FIELDS: ReadonlyArray<keyof Report> = [
  'id', 'report_id', 'name', 'type', 'description', 'format', 'period', 'schedule', 'filters', 'sections', 'recipients', 'status', 'error',
  'file_size', 'generated_at', 'next_run_at', 'download_url', 'created_at', 'updated_at',
];

export type ReportRow = Selectable<ReportsTable>;

export function toReport(row: ReportRow): Report {
  return {
    id: row.id,
    report_id: row.id,
    name: row.name,
    type: row.type as ReportType,
    description: row.description,
    format: row.format,
    period: { start: row.period_start, end: row.period_end },
    schedule: row.schedule === null ? null : (JSON.parse(row.schedule) as Schedule),
    filters: JSON.parse(row.filters) as ReportFilters,
    sections: JSON.parse(row.sections) as ReportSection[],
    recipients: JSON.parse(row.recipients) as string[],
    status: row.status,
    error: row.error,
    file_size: row.file_size === null ? null : Number(row.file_size),
    generated_at: row.generated_at,
    next_run_at: row.next_run_at,
    download_url: row.status === 'ready' ? `/v1/reports/${row.id}/download` : null,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** `<name as a slug>-<period start date>.<format>`, ASCII only, e.g. `daily-digest-2026-03-11.pdf`. */
export function reportFilename(row: Pick<ReportRow, 'name' | 'period_start' | 'format'>): string {
  const slug = row.name.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase().slice(0, 60) || 'report';
  return `${slug}-${row.period_start.slice(0, 10)}.${row.format}`;
}
