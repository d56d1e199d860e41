/**
 * Request and response schemas of `/api/v1/mailboxes` (CONTRACT.md §2, seed "Mailboxes"). The response
 * schemas also serialise: a field not listed here (a password column, say) can never reach a client.
 */
import { Type, type Static } from '@sinclair/typebox';

const Port = (description: string) => Type.Integer({ minimum: 1, maximum: 65535, description });
const Host = (description: string) => Type.String({ minLength: 1, maxLength: 255, description });
const Security = (description: string) => Type.Optional(Type.Union([Type.Literal('tls'), Type.Literal('starttls')], { description }));
const Password = (description: string) => Type.String({ maxLength: 1024, description });
const User = (description: string) => Type.Optional(Type.String({ maxLength: 320, description }));

export const MailboxCreateSchema = Type.Object(
  {
    email: Type.String({ maxLength: 320, description: 'The mailbox address, e.g. hello@acme.com.' }),
    smtp_host: Host('SMTP server name or IP address, e.g. smtp.gmail.com.'),
    smtp_port: Port('SMTP port: 587 (STARTTLS) or 465 (TLS) usually.'),
    smtp_user: User('SMTP login. Default: the email address.'),
    smtp_pass: Password('SMTP password or app password. Stored encrypted, never returned.'),
    smtp_security: Security('tls (TLS from the first byte) or starttls. Default: tls on port 465, starttls otherwise.'),
    imap_host: Host('IMAP server name or IP address, e.g. imap.gmail.com.'),
    imap_port: Port('IMAP port: 993 (TLS) or 143 (STARTTLS) usually.'),
    imap_user: User('IMAP login. Default: the email address.'),
    imap_pass: Password('IMAP password or app password. Stored encrypted, never returned.'),
    imap_security: Security('tls or starttls. Default: tls on port 993, starttls otherwise.'),
  },
  { additionalProperties: false },
);
export type MailboxCreateBody = Static<typeof MailboxCreateSchema>;

const Status = Type.Union([Type.Literal('active'), Type.Literal('paused'), Type.Literal('error')], {
  description: 'active, paused, or error (a login failed; see connection_error).',
});
const Verification = Type.Union([Type.Literal('verifying'), Type.Literal('verified'), Type.Literal('failed')], {
  description: 'The background login check: verifying until both logins were tried.',
});
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const MailboxListItemSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  provider: Type.String({ description: 'gmail, outlook, yahoo, zoho, icloud, fastmail, aol, proton, yandex, gmx or custom.' }),
  status: Status,
  health_score: Type.Number(),
  daily_limit: Type.Integer(),
  warmup_day: Type.Integer(),
  created_at: Type.String({ format: 'date-time' }),
});

export const MailboxListSchema = Type.Object({ mailboxes: Type.Array(MailboxListItemSchema) });

const DnsRecordStatus = Type.String({ description: 'pass, fail, missing, or unknown (not checked yet, or the lookup failed).' });
const ServerSchema = Type.Object({
  host: Type.String(),
  port: Type.Integer(),
  security: Type.String(),
  user: Type.String(),
});

export const MailboxDetailSchema = Type.Object({
  ...MailboxListItemSchema.properties,
  warmup_started_at: Nullable(Type.String({ format: 'date-time' })),
  dns_status: Type.Object({ spf: DnsRecordStatus, dkim: DnsRecordStatus, dmarc: DnsRecordStatus }),
  dns_checked_at: Nullable(Type.String({ format: 'date-time' })),
  connection_error: Nullable(Type.String()),
  verification: Verification,
  verified_at: Nullable(Type.String({ format: 'date-time' })),
  smtp: ServerSchema,
  imap: Type.Object({
    ...ServerSchema.properties,
    folders: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()], {
      description: 'Folder paths found at verification by role: inbox, junk, sent, drafts, trash, archive.',
    }),
  }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const MailboxCreatedSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  status: Status,
  message: Type.String(),
  verification: Verification,
});

export const MailboxDeletedSchema = Type.Object({
  success: Type.Boolean(),
  id: Type.String(),
  message: Type.String(),
});

export const ErrorSchema = Type.Object({ error: Type.String() });
export const MailboxIdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
