/**
 * Captured-email response schemas (CONTRACT.md §3.3): they serialize responses and feed OpenAPI.
 * Item schemas are `Type.Partial` so `?fields=` responses (any subset) serialize.
 */
import { Type } from '@sinclair/typebox';
import { ANALYSIS_STATUSES, CLASSIFICATIONS } from './emails.list.ts';

const NullableString = (description?: string) => Type.Union([Type.String(), Type.Null()], description === undefined ? {} : { description });
const NullableInteger = (description: string) => Type.Union([Type.Integer(), Type.Null()], { description });
const scoreDescription = '0–100; null while analysis_status is pending.';

export const EmailListItemSchema = Type.Object({
  id: Type.String({ description: 'email_…' }),
  honeypot_id: Type.String(),
  received_at: Type.String({ format: 'date-time' }),
  from: NullableString('The From address (or display name when there is no address); null when the message has no From.'),
  to: Type.String({ description: 'The To addresses, comma-separated.' }),
  subject: NullableString(),
  message_id: NullableString(),
  size: Type.Integer({ description: 'Raw message size in bytes.' }),
  threat_score: NullableInteger(scoreDescription),
  malware_score: NullableInteger(scoreDescription),
  spam_score: NullableInteger(scoreDescription),
  phishing_score: NullableInteger(scoreDescription),
  reputation_score: NullableInteger(scoreDescription),
  classification: Type.Union([Type.Unsafe<string>(Type.String({ enum: [...CLASSIFICATIONS] })), Type.Null()], { description: 'null while pending.' }),
  attachment_count: Type.Integer(),
  analysis_status: Type.Unsafe<string>(Type.String({ enum: [...ANALYSIS_STATUSES], description: '`pending` until the analysis has run.' })),
});

export const AttachmentSchema = Type.Object({
  id: Type.String({ description: 'att_…' }),
  filename: NullableString('As the message named it (never trusted).'),
  size: Type.Integer(),
  content_type: Type.String({ description: 'Sniffed from the bytes; the type the download is served with.' }),
  declared_content_type: NullableString('What the message claimed.'),
  sha256: Type.String(),
  disposition: Type.String(),
  content_id: NullableString(),
  sha1: NullableString('null until analysed.'),
  md5: NullableString('null until analysed.'),
  malware_detected: Type.Union([Type.Boolean(), Type.Null()], { description: 'null until analysed.' }),
  threat_name: NullableString(),
});

const HeadersSchema = Type.Object({
  from: NullableString(),
  to: NullableString(),
  cc: NullableString(),
  reply_to: NullableString(),
  subject: NullableString(),
  message_id: NullableString(),
  date: NullableString('The Date header, ISO-8601 UTC.'),
  received_spf: NullableString('SPF result evaluated by Mailwarden from the SMTP session (pass, fail, softfail, neutral, none, temperror, permerror, not_checked); null until analysed. Headers written by other servers are never trusted.'),
  dkim: NullableString('DKIM result evaluated by Mailwarden; null until analysed.'),
  dmarc: NullableString('DMARC result evaluated by Mailwarden; null until analysed.'),
});

const SmtpSchema = Type.Object({
  server: Type.String(),
  ip_address: NullableString(),
  port: Type.Union([Type.Integer(), Type.Null()]),
  tls: Type.Boolean(),
  helo: NullableString(),
  mail_from: NullableString(),
  transport: Type.String({ description: 'smtp or http (POST /v1/emails).' }),
  country: NullableString(),
  city: NullableString(),
  asn: Type.Union([Type.Integer(), Type.String(), Type.Null()]),
});

const ThreatAnalysisSchema = Type.Union([
  Type.Object({
    overall_score: Type.Union([Type.Integer(), Type.Null()]),
    malware_score: Type.Union([Type.Integer(), Type.Null()]),
    spam_score: Type.Union([Type.Integer(), Type.Null()]),
    phishing_score: Type.Union([Type.Integer(), Type.Null()]),
    reputation_score: Type.Union([Type.Integer(), Type.Null()]),
    classification: NullableString(),
    indicators: Type.Array(Type.Object({ type: Type.String(), description: Type.String(), weight: Type.Number() })),
  }),
  Type.Null(),
], { description: 'null while analysis_status is pending.' });

const WarningSchema = Type.Object({ code: Type.String(), message: Type.String(), count: Type.Integer() });

export const EmailDetailSchema = Type.Object({
  ...EmailListItemSchema.properties,
  headers: HeadersSchema,
  body: Type.Object({ text: NullableString(), html: NullableString() }),
  attachments: Type.Array(AttachmentSchema),
  smtp: SmtpSchema,
  authentication: Type.Union([Type.Object({
    spf: Type.String(), dkim: Type.String(), dkim_domain: NullableString(), dmarc: Type.String(), dmarc_policy: NullableString(), arc: Type.String(),
  }), Type.Null()], { description: 'SPF/DKIM/DMARC/ARC as evaluated by Mailwarden (not_checked without SMTP session facts or with ANALYSIS_AUTH_CHECKS=false); null until analysed.' }),
  threat_analysis: ThreatAnalysisSchema,
  iocs: Type.Object({
    urls: Type.Array(Type.String(), { description: 'Defanged (hxxps://evil[.]example): safe to display and copy.' }),
    domains: Type.Array(Type.String(), { description: 'Defanged.' }),
    ips: Type.Array(Type.String(), { description: 'Defanged.' }),
    hashes: Type.Array(Type.String(), { description: 'SHA-256 of attachments and of files inside archives.' }),
    raw: Type.Object({ urls: Type.Array(Type.String()), domains: Type.Array(Type.String()), ips: Type.Array(Type.String()) }, { description: 'The same IOCs refanged, for blocklists.' }),
  }),
  campaign_id: NullableString(),
  analysis_error: NullableString('Why analysis failed (analysis_status failed).'),
  parse_warnings: Type.Array(WarningSchema, { description: 'What the parser could not read exactly as written (malformed MIME is stored, never refused).' }),
});

export const EmailListItemPartialSchema = Type.Partial(EmailListItemSchema);
export const EmailDetailPartialSchema = Type.Partial(EmailDetailSchema);

export const IngestResultSchema = Type.Object({
  ids: Type.Array(Type.String(), { description: 'One new email per receiving honeypot.' }),
  sha256: Type.String({ description: 'SHA-256 of the raw message.' }),
  size: Type.Integer(),
});

export const DeletedSchema = Type.Object({ id: Type.String(), deleted: Type.Literal(true) });
