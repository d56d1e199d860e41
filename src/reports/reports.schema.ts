/**
 * Report request and response schemas (CONTRACT.md §3.5): they validate requests, serialize responses
 * and feed OpenAPI.
 *
 * Enumerated values (type, format, sections, schedule.frequency) are plain strings here: an unknown one is
 * a 422 from the service naming the field (the issue asks for that), not a generic schema 400.
 * Defaults live in the service and are documented on each property.
 */
import { Type, type Static } from '@sinclair/typebox';
import { REPORT_FORMATS, REPORT_SECTIONS, REPORT_STATUSES, REPORT_TYPES, type ReportFormat, type ReportSection, type ReportStatus, type ReportType } from './reports.model.ts';

export const MAX_NAME_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 2000;
export const MAX_RECIPIENTS = 20;
export const MAX_HONEYPOT_FILTERS = 100;

const ScheduleBody = Type.Object(
  {
    frequency: Type.String({ maxLength: 20, description: 'daily, weekly or monthly.' }),
    day: Type.Optional(
      Type.Union([Type.Integer(), Type.String({ maxLength: 20 }), Type.Null()], {
        description: 'weekly: weekday 1–7 (1 = Monday) or its English name ("monday"); monthly: day of the month 1–31 (the last day in shorter months); daily: leave out. Default for weekly: 1 (Monday); for monthly: 1.',
      }),
    ),
    time: Type.Optional(Type.String({ maxLength: 10, description: 'Local time "HH:MM" (24-hour) the report is generated at. Default "08:00".' })),
    timezone: Type.Optional(Type.String({ maxLength: 100, description: 'IANA time zone, e.g. "Europe/Paris". Default "UTC". Across DST changes the schedule keeps its wall-clock time; a time in the spring-forward gap runs at the gap\'s end.' })),
  },
  { additionalProperties: false },
);

export const ReportCreateSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH }),
    type: Type.Optional(Type.String({ maxLength: 50, description: `One of: ${REPORT_TYPES.join(', ')}. Default custom.` })),
    description: Type.Optional(Type.Union([Type.String({ maxLength: MAX_DESCRIPTION_LENGTH }), Type.Null()], { description: 'Free text. Default null.' })),
    format: Type.Optional(Type.String({ maxLength: 10, description: `One of: ${REPORT_FORMATS.join(', ')}. Default pdf.` })),
    period: Type.Optional(
      Type.Object(
        {
          start: Type.String({ maxLength: 40, description: 'ISO-8601 date-time, or a date (that day\'s 00:00 UTC).' }),
          end: Type.String({ maxLength: 40, description: 'ISO-8601 date-time (exclusive), or a date (included whole: up to the next day\'s 00:00 UTC).' }),
        },
        {
          additionalProperties: false,
          description:
            'At most 366 days; end after start. Default by type, relative to now in the schedule\'s time zone (UTC without one): daily_digest the previous day, weekly_summary the previous 7 days, monthly_analysis the previous calendar month, compliance the previous 90 days, incident the last 24 hours, executive_summary and custom the previous 30 days. A scheduled report covers, at each run, the period that just ended (daily: previous day, weekly: previous 7 days, monthly: previous month).',
        },
      ),
    ),
    schedule: Type.Optional(Type.Union([ScheduleBody, Type.Null()], { description: 'Generate automatically. Without a schedule, creating the report queues one generation.' })),
    filters: Type.Optional(
      Type.Object(
        {
          honeypot_ids: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: MAX_HONEYPOT_FILTERS, description: 'Only mail to these honeypots (yours). Default: all.' })),
          threat_score: Type.Optional(Type.Object({ min: Type.Optional(Type.Union([Type.Number(), Type.Null()], { description: '0–100: only emails scoring at least this. Default null (all).' })) }, { additionalProperties: false })),
        },
        { additionalProperties: false },
      ),
    ),
    sections: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 20, description: `PDF parts to include, any of: ${REPORT_SECTIONS.join(', ')}. Default: all (executive_summary: summary, timeline, threats, recommendations).` })),
    recipients: Type.Optional(Type.Array(Type.String({ maxLength: 254 }), { maxItems: MAX_RECIPIENTS, description: 'E-mail addresses the file is sent to after each generation (attached up to 5 MB, else a download link). Default none. (Extension: not in the API overview.)' })),
  },
  { additionalProperties: false },
);
export type ReportCreateBody = Static<typeof ReportCreateSchema>;

// ---- responses ----

const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

const reportProperties = {
  id: Type.String({ examples: ['report_01jp2x7k9m3n4p5q6r7s8t9v0w'] }),
  report_id: Type.String({ description: 'The same as id.' }),
  name: Type.String(),
  type: Type.Unsafe<ReportType>(Type.String({ enum: [...REPORT_TYPES] })),
  description: Type.Union([Type.String(), Type.Null()]),
  format: Type.Unsafe<ReportFormat>(Type.String({ enum: [...REPORT_FORMATS] })),
  period: Type.Object({ start: Timestamp, end: Type.String({ format: 'date-time', description: 'Exclusive.' }) }, { description: 'The period of the last (or next) generation: [start, end) in UTC.' }),
  schedule: Type.Union([
    Type.Object({ frequency: Type.String(), day: Type.Union([Type.Integer(), Type.Null()]), time: Type.String(), timezone: Type.String() }),
    Type.Null(),
  ]),
  filters: Type.Object({ honeypot_ids: Type.Array(Type.String()), threat_score: Type.Object({ min: Type.Union([Type.Number(), Type.Null()]) }) }),
  sections: Type.Array(Type.Unsafe<ReportSection>(Type.String({ enum: [...REPORT_SECTIONS] }))),
  recipients: Type.Array(Type.String()),
  status: Type.Unsafe<ReportStatus>(Type.String({ enum: [...REPORT_STATUSES], description: 'pending (not generated yet), generating (queued or running), ready, failed (see error; POST /generate retries).' })),
  error: Type.Union([Type.String(), Type.Null()], { description: 'Why the last generation failed; null otherwise.' }),
  file_size: Type.Union([Type.Integer(), Type.Null()], { description: 'Bytes of the last generated file.' }),
  generated_at: NullableTimestamp,
  next_run_at: Type.Union([Timestamp, Type.Null()], { description: 'When the schedule next generates it; null without a schedule.' }),
  download_url: Type.Union([Type.String(), Type.Null()], { description: 'Path of the download while status is ready.' }),
  created_at: Timestamp,
  updated_at: Timestamp,
};

export const ReportSchema = Type.Object(reportProperties);
export const ReportPartialSchema = Type.Partial(Type.Object(reportProperties));

export const GenerateAcceptedSchema = Type.Object({
  id: Type.String(),
  status: Type.Literal('generating'),
  estimated_completion: Type.String({ format: 'date-time', description: 'When the file should be ready (from the last generation time).' }),
});

export const DeletedSchema = Type.Object({ id: Type.String(), deleted: Type.Literal(true) });
