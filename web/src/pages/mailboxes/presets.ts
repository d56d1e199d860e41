/**
 * Provider presets for "Add a mailbox": the published SMTP/IMAP hosts and ports, and whether the
 * provider needs an app password (accounts with two-step sign-in refuse the normal password over
 * SMTP/IMAP).
 */
export type Security = 'tls' | 'starttls';

export interface ProviderPreset {
  id: string;
  label: string;
  smtp: { host: string; port: number; security: Security };
  imap: { host: string; port: number; security: Security };
  /** Shown under the password when set: how to get the password this provider accepts. */
  passwordHint?: string;
}

export const PRESETS: ProviderPreset[] = [
  {
    id: 'gmail', label: 'Gmail / Google Workspace',
    smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' }, imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
    passwordHint: 'Gmail needs an app password: turn on 2-Step Verification, then create one at myaccount.google.com/apppasswords. Your normal password is refused. Workspace admins must allow IMAP.',
  },
  {
    id: 'outlook', label: 'Outlook / Microsoft 365',
    smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' }, imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
    passwordHint: 'Microsoft 365: an administrator must enable "Authenticated SMTP" for this mailbox. With multi-factor sign-in, use an app password (account.microsoft.com → Security).',
  },
  {
    id: 'yahoo', label: 'Yahoo Mail',
    smtp: { host: 'smtp.mail.yahoo.com', port: 465, security: 'tls' }, imap: { host: 'imap.mail.yahoo.com', port: 993, security: 'tls' },
    passwordHint: 'Yahoo needs an app password: Account security → Generate app password. Your normal password is refused.',
  },
  {
    id: 'zoho', label: 'Zoho Mail',
    smtp: { host: 'smtp.zoho.com', port: 465, security: 'tls' }, imap: { host: 'imap.zoho.com', port: 993, security: 'tls' },
    passwordHint: 'Zoho: enable IMAP access in Settings → Mail accounts; with two-factor sign-in, create an application-specific password. EU accounts use smtp.zoho.eu / imap.zoho.eu.',
  },
  {
    id: 'fastmail', label: 'Fastmail',
    smtp: { host: 'smtp.fastmail.com', port: 465, security: 'tls' }, imap: { host: 'imap.fastmail.com', port: 993, security: 'tls' },
    passwordHint: 'Fastmail needs an app password with IMAP and SMTP access: Settings → Privacy & Security → App passwords.',
  },
  {
    id: 'icloud', label: 'iCloud Mail',
    smtp: { host: 'smtp.mail.me.com', port: 587, security: 'starttls' }, imap: { host: 'imap.mail.me.com', port: 993, security: 'tls' },
    passwordHint: 'iCloud needs an app-specific password: appleid.apple.com → Sign-In and Security → App-Specific Passwords.',
  },
  {
    id: 'custom', label: 'Other (custom server)',
    smtp: { host: '', port: 587, security: 'starttls' }, imap: { host: '', port: 993, security: 'tls' },
  },
];

/** The usual security for a port: implicit TLS on 465/993, STARTTLS otherwise (the server's own default). */
export function securityForPort(port: number): Security {
  return port === 465 || port === 993 ? 'tls' : 'starttls';
}
