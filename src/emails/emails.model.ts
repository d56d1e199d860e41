/**
 * Captured email rows and their API shapes (CONTRACT.md §3.3).
 *
 * Analysis has not run while `analysis_status` is `pending`: scores and `classification` are null,
 * `threat_analysis` is null and `iocs` empty (issue 5 fills them). Geography of the sending IP
 * (`smtp.country/city/asn`) is not looked up yet and is null.
 */
import type { Insertable, Selectable } from 'kysely';
import type { EmailAttachmentsTable, EmailsTable } from '../platform/db/schema.ts';
import type { MessageHeaders, ParsedHeader, ParsedMessage, ParseWarning } from './parsing/index.ts';
import { defangedIocs } from '../analysis/analyzer.ts';
import type { AuthResults } from '../analysis/auth/index.ts';
import type { Indicator } from '../analysis/scoring.ts';
import { emptyIocs, type IocSet } from '../analysis/types.ts';

export type EmailRow = Selectable<EmailsTable>;
export type EmailAttachmentRow = Selectable<EmailAttachmentsTable>;
/** What ingest writes; the analysis columns start NULL (`analysis_status` pending). */
export type NewEmailRow = Insertable<EmailsTable>;
export type NewEmailAttachmentRow = Insertable<EmailAttachmentsTable>;
/** What a list page reads (see EMAIL_LIST_COLUMNS). */
export type EmailListRow = Pick<
  EmailRow,
  | 'id' | 'honeypot_id' | 'received_at' | 'from_address' | 'to_addresses' | 'subject' | 'message_id' | 'size'
  | 'threat_score' | 'malware_score' | 'spam_score' | 'phishing_score' | 'reputation_score'
  | 'classification' | 'attachment_count' | 'analysis_status'
>;

/**
 * The stored `headers` JSON: the detail's header subset. Rows stored by earlier versions also carry
 * `fields` (every top-level field); nothing reads it: the analysis reads the raw message.
 */
export interface StoredHeaders {
  from: string | null;
  to: string | null;
  cc: string | null;
  reply_to: string | null;
  subject: string | null;
  message_id: string | null;
  date: string | null;
}

function headerValue(headers: readonly ParsedHeader[], name: string): string | null {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value ?? null;
}

export function addressList(addresses: ParsedMessage['to']): string {
  return addresses.map((a) => a.address || a.name).filter((a) => a !== '').join(', ');
}

export function storedHeaders(parsed: MessageHeaders): StoredHeaders {
  const join = (list: ParsedMessage['to']) => (list.length === 0 ? null : addressList(list));
  return {
    from: headerValue(parsed.headers, 'from'),
    to: join(parsed.to),
    cc: join(parsed.cc),
    reply_to: join(parsed.replyTo),
    subject: parsed.subject,
    message_id: parsed.messageId,
    date: parsed.date,
  };
}

export function toEmailListItem(row: EmailListRow) {
  return {
    id: row.id,
    honeypot_id: row.honeypot_id,
    received_at: row.received_at,
    from: row.from_address,
    to: row.to_addresses,
    subject: row.subject,
    message_id: row.message_id,
    size: Number(row.size),
    threat_score: row.threat_score,
    malware_score: row.malware_score,
    spam_score: row.spam_score,
    phishing_score: row.phishing_score,
    reputation_score: row.reputation_score,
    classification: row.classification,
    attachment_count: row.attachment_count,
    analysis_status: row.analysis_status,
  };
}

export function toAttachment(row: EmailAttachmentRow) {
  return {
    id: row.id,
    filename: row.filename,
    size: Number(row.size),
    content_type: row.sniffed_content_type,
    declared_content_type: row.declared_content_type,
    sha256: row.sha256,
    disposition: row.disposition,
    content_id: row.content_id,
    sha1: row.sha1,
    md5: row.md5,
    /** Set by the analysis; null until then. */
    malware_detected: row.malware_detected === null ? null : row.malware_detected === 1,
    threat_name: row.threat_name,
  };
}

function threatAnalysis(row: EmailRow) {
  if (row.analysis_status !== 'complete') return null;
  return {
    overall_score: row.threat_score,
    malware_score: row.malware_score,
    spam_score: row.spam_score,
    phishing_score: row.phishing_score,
    reputation_score: row.reputation_score,
    classification: row.classification,
    indicators: row.indicators === null ? [] : (JSON.parse(row.indicators) as Indicator[]),
  };
}

/** IOCs as stored (refanged) under `raw`, and defanged in the documented arrays (safe to show and copy). */
function iocsOf(row: EmailRow) {
  const stored = row.iocs === null ? emptyIocs() : (JSON.parse(row.iocs) as IocSet);
  return { ...defangedIocs(stored), raw: { urls: stored.urls, domains: stored.domains, ips: stored.ips } };
}

/** Our own SPF/DKIM/DMARC evaluation; null until analysed. Third-party Authentication-Results are never shown as results. */
function authenticationOf(row: EmailRow): AuthResults | null {
  return row.auth_results === null ? null : (JSON.parse(row.auth_results) as AuthResults);
}

export function toEmailDetail(row: EmailRow, attachments: readonly EmailAttachmentRow[]) {
  const stored = JSON.parse(row.headers) as StoredHeaders;
  const authentication = authenticationOf(row);
  return {
    ...toEmailListItem(row),
    headers: {
      from: stored.from,
      to: stored.to,
      cc: stored.cc,
      reply_to: stored.reply_to,
      subject: stored.subject,
      message_id: stored.message_id,
      date: stored.date,
      received_spf: authentication?.spf ?? null,
      dkim: authentication?.dkim ?? null,
      dmarc: authentication?.dmarc ?? null,
    },
    authentication,
    body: { text: row.body_text, html: row.body_html },
    attachments: attachments.map(toAttachment),
    smtp: {
      server: row.smtp_server,
      ip_address: row.smtp_ip,
      port: row.smtp_port,
      tls: row.smtp_tls === 1,
      helo: row.smtp_helo,
      mail_from: row.smtp_mail_from,
      transport: row.transport,
      country: null,
      city: null,
      asn: null,
    },
    threat_analysis: threatAnalysis(row),
    iocs: iocsOf(row),
    campaign_id: row.campaign_id,
    analysis_error: row.analysis_error,
    parse_warnings: JSON.parse(row.parse_warnings) as ParseWarning[],
  };
}
