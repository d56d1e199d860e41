/**
 * How `GET /v1/emails` plugs into the shared list machinery (CONTRACT.md §1.4): every top-level field
 * of §3.3 is filterable and sortable; `date_range` applies to `received_at`.
 *
 * Indexed sorts (0005_emails.ts): id, received_at, threat/malware/spam/phishing scores, subject, size.
 * Sorting by another field works but sorts the user's matching rows (slower on large mailboxes).
 */
import type { ListResource } from '../http/list-query.ts';

export const CLASSIFICATIONS = ['CLEAN', 'LOW_RISK', 'SUSPICIOUS', 'THREAT', 'CRITICAL'] as const;
/** `pending` until the analysis (issue 5) stores its result. */
export const ANALYSIS_STATUSES = ['pending', 'complete', 'failed'] as const;

/** Top-level (list item) fields, in output order. */
export const EMAIL_LIST_FIELDS = [
  'id', 'honeypot_id', 'received_at', 'from', 'to', 'subject', 'message_id', 'size',
  'threat_score', 'malware_score', 'spam_score', 'phishing_score', 'reputation_score',
  'classification', 'attachment_count', 'analysis_status',
] as const;

/** Extra fields of the detail view (`GET /v1/emails/:id`). */
export const EMAIL_DETAIL_FIELDS = [
  'headers', 'authentication', 'body', 'attachments', 'smtp', 'threat_analysis', 'iocs', 'campaign_id', 'analysis_error', 'parse_warnings',
] as const;

/** The columns a list page reads: never the bodies or headers. */
export const EMAIL_LIST_COLUMNS = [
  'id', 'honeypot_id', 'received_at', 'from_address', 'to_addresses', 'subject', 'message_id', 'size',
  'threat_score', 'malware_score', 'spam_score', 'phishing_score', 'reputation_score',
  'classification', 'attachment_count', 'analysis_status',
] as const;

const score = { type: 'integer', sortable: true, nullable: true } as const;

export const emailsResource: ListResource = {
  name: 'emails',
  table: 'emails',
  fields: {
    id: { column: 'id', type: 'string', sortable: true },
    honeypot_id: { column: 'honeypot_id', type: 'string', sortable: true },
    received_at: { column: 'received_at', type: 'timestamp', sortable: true },
    from: { column: 'from_address', type: 'string', sortable: true, nullable: true },
    to: { column: 'to_addresses', type: 'string', sortable: true },
    subject: { column: 'subject', type: 'string', sortable: true, nullable: true },
    message_id: { column: 'message_id', type: 'string', sortable: true, nullable: true },
    size: { column: 'size', type: 'integer', sortable: true },
    threat_score: { column: 'threat_score', ...score },
    malware_score: { column: 'malware_score', ...score },
    spam_score: { column: 'spam_score', ...score },
    phishing_score: { column: 'phishing_score', ...score },
    reputation_score: { column: 'reputation_score', ...score },
    classification: { column: 'classification', type: 'enum', values: CLASSIFICATIONS, sortable: true, nullable: true },
    attachment_count: { column: 'attachment_count', type: 'integer', sortable: true },
    analysis_status: { column: 'analysis_status', type: 'enum', values: ANALYSIS_STATUSES, sortable: true },
  },
  selectable: EMAIL_LIST_FIELDS,
  timestampField: 'received_at',
};

/** `?fields=` on a single email may also name the detail fields. */
export const emailDetailResource: ListResource = {
  ...emailsResource,
  selectable: [...EMAIL_LIST_FIELDS, ...EMAIL_DETAIL_FIELDS],
};
