/** Report shapes as `/v1/reports` returns them, from the SDK's generated types. */
import type * as Sdk from '@mailwarden/sdk';
export type Report = Sdk.Report;

/** Types with the default period the server gives each (README "Reports"). */
export const REPORT_TYPES = [
  { value: 'daily_digest', label: 'Daily digest', period: 'the previous day' },
  { value: 'weekly_summary', label: 'Weekly summary', period: 'the previous 7 days' },
  { value: 'monthly_analysis', label: 'Monthly analysis', period: 'the previous calendar month' },
  { value: 'executive_summary', label: 'Executive summary', period: 'the previous 30 days' },
  { value: 'compliance', label: 'Compliance', period: 'the previous 90 days' },
  { value: 'incident', label: 'Incident', period: 'the last 24 hours' },
  { value: 'custom', label: 'Custom', period: 'the previous 30 days' },
] as const;

export const REPORT_FORMATS = [
  { value: 'pdf', label: 'PDF — charts and tables to read or share' },
  { value: 'csv', label: 'CSV — one row per email, for spreadsheets' },
  { value: 'json', label: 'JSON — the period summary, for scripts' },
] as const;

/** PDF sections in the order they appear (src/reports/reports.model.ts REPORT_SECTIONS). */
export const REPORT_SECTIONS = [
  { value: 'summary', label: 'Executive summary', description: 'Key figures and their change against the previous period.' },
  { value: 'timeline', label: 'Timeline', description: 'Emails and threats over time.' },
  { value: 'threats', label: 'Threat breakdown', description: 'Threat types, classifications and scores.' },
  { value: 'senders', label: 'Top senders', description: 'Sender addresses and domains.' },
  { value: 'infrastructure', label: 'Infrastructure', description: 'Sending IPs and networks (ASNs).' },
  { value: 'geography', label: 'Geography', description: 'Countries of origin.' },
  { value: 'campaigns', label: 'Campaigns', description: 'Campaigns first seen in the period.' },
  { value: 'indicators', label: 'Indicators', description: 'The most frequent analysis findings.' },
  { value: 'recommendations', label: 'Recommendations', description: 'What to do, following from the data.' },
] as const;

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export function typeLabel(type: string): string {
  return REPORT_TYPES.find((t) => t.value === type)?.label ?? type;
}
