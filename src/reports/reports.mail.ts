/**
 * The e-mail that carries a generated report to its recipients: the file attached when small enough
 * (`content` given), otherwise a download link (which needs an API key with reports:read).
 */
import type { OutgoingMail } from '../platform/mail/mailer.ts';
import { CONTENT_TYPES, reportFilename, type ReportRow } from './reports.model.ts';
import { formatPeriod } from './render/dates.ts';
import type { Schedule } from './time/schedule.ts';

function kilobytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function reportMail(row: ReportRow, content: Buffer | null, publicUrl: string): OutgoingMail {
  const recipients = JSON.parse(row.recipients) as string[];
  const timeZone = row.schedule === null ? 'UTC' : (JSON.parse(row.schedule) as Schedule).timezone;
  const period = formatPeriod({ start: row.period_start, end: row.period_end }, timeZone);
  const filename = reportFilename(row);
  const size = kilobytes(Number(row.file_size));
  const link = `${publicUrl}/v1/reports/${row.id}/download`;
  const intro = `Mailwarden generated the report "${row.name}" for ${period}.`;
  const body = content === null
    ? `${intro}\n\nThe file (${filename}, ${size}) is too large to attach. Download it with an API key that has the reports:read permission:\n\n  curl -H "Authorization: Bearer $MAILWARDEN_API_KEY" -o ${filename} ${link}\n`
    : `${intro}\n\nThe file is attached (${filename}, ${size}). It can also be downloaded at ${link} with an API key that has the reports:read permission.\n`;
  return {
    to: recipients.join(', '),
    subject: `[Mailwarden] ${row.name} – ${period}`,
    text: `${body}\nYou receive this because your address is among the report's recipients; ask the report's owner to remove it (or delete the report) to stop these messages.\n`,
    ...(content === null ? {} : { attachments: [{ filename, content, contentType: CONTENT_TYPES[row.format] }] }),
  };
}
