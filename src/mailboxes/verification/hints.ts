/**
 * Turns what nodemailer/imapflow/Node raise on a failed login into `connection_error`: the server's own
 * answer (or the network error), followed by a hint a person can act on. Passwords never appear: only
 * server replies and error texts are quoted, and neither library puts credentials in them.
 */
import type { Provider } from '../provider.ts';

export type Protocol = 'SMTP' | 'IMAP';

export interface FailureContext {
  protocol: Protocol;
  host: string;
  port: number;
  security: 'tls' | 'starttls';
  provider: Provider;
  timeoutMs: number;
}

/** The parts of a library error we read (nodemailer, imapflow and Node errors all fit). */
interface LoginError {
  code?: string;
  originalCode?: string;
  message?: string;
  reason?: string;
  response?: unknown;
  responseCode?: number;
  responseText?: string;
  authenticationFailed?: boolean;
  command?: string;
}

const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ETIMEOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'DEADLINE']);

const APP_PASSWORD_HINTS: Partial<Record<Provider, string>> = {
  gmail:
    'Google accepts only an app password for SMTP/IMAP (Google Account → Security → 2-Step Verification → App passwords), not the account password; IMAP must also be enabled in Gmail settings.',
  outlook:
    'Microsoft has disabled password (basic) login for IMAP and SMTP on most accounts: use an app password (Microsoft account → Security → Advanced security options), or for Microsoft 365 ask an administrator to enable Authenticated SMTP and IMAP for this mailbox; otherwise the mailbox needs OAuth.',
  yahoo: 'Yahoo needs an app password (Account Info → Account security → Generate app password); the account password does not work for SMTP/IMAP.',
  aol: 'AOL needs an app password (Account Security → Generate app password); the account password does not work for SMTP/IMAP.',
  icloud: 'iCloud needs an app-specific password (account.apple.com → Sign-In and Security → App-Specific Passwords); the user name is the full iCloud address.',
  zoho: 'Zoho needs an application-specific password when two-factor authentication is on, and IMAP access must be enabled in Zoho Mail settings.',
  fastmail: 'Fastmail needs an app password (Settings → Privacy & Security → Manage app passwords) with SMTP and IMAP access.',
  yandex: 'Yandex needs an app password (Yandex ID → Security → App passwords) and IMAP enabled in Yandex Mail settings.',
};

function serverAnswer(error: LoginError): string | undefined {
  // An IMAP answer starts with the command's tag (`4 NO [AUTHENTICATIONFAILED] …`): meaningless to a person.
  if (typeof error.response === 'string' && error.response.trim() !== '') return error.response.trim().replace(/^[A-Za-z0-9.]+ (?=(NO|BAD|BYE)\b)/, '');
  if (error.responseText !== undefined && error.responseText.trim() !== '') return error.responseText.trim();
  return undefined;
}

function isAuthFailure(error: LoginError): boolean {
  if (error.authenticationFailed === true || error.code === 'EAUTH') return true;
  return /^AUTH/i.test(error.command ?? '') && (error.responseCode ?? 0) >= 500;
}

function authHint(answer: string, context: FailureContext): string {
  if (/SmtpClientAuthentication is disabled|5\.7\.139/i.test(answer)) {
    return 'Authenticated SMTP is disabled for this Microsoft 365 mailbox or tenant: an administrator must enable it (Microsoft 365 admin centre → user → Mail → Manage email apps → Authenticated SMTP), or the mailbox needs OAuth.';
  }
  if (/application-specific password|5\.7\.9\b|app password/i.test(answer)) {
    return APP_PASSWORD_HINTS[context.provider] ?? 'The server wants an app password: create one in the account\'s security settings and use it instead of the account password.';
  }
  return (
    APP_PASSWORD_HINTS[context.provider] ??
    'Check the user name and password (most servers want the full address as the user name); if the account uses two-factor authentication, create an app password and use that.'
  );
}

function tlsModeHint(context: FailureContext): string {
  const field = `${context.protocol.toLowerCase()}_security`;
  const tlsPort = context.protocol === 'SMTP' ? 465 : 993;
  const starttlsPort = context.protocol === 'SMTP' ? 587 : 143;
  return context.security === 'tls'
    ? `Port ${context.port} does not speak TLS from the first byte, it probably expects STARTTLS: set ${field} to "starttls" (as on port ${starttlsPort}), or use port ${tlsPort} with "tls".`
    : `If port ${context.port} expects TLS from the first byte (as ${tlsPort} does), set ${field} to "tls"; for STARTTLS use port ${starttlsPort}.`;
}

function describeCause(error: LoginError, context: FailureContext): { answer: string; hint: string } {
  const code = error.originalCode ?? error.code ?? '';
  const message = (error.message ?? String(error)).trim();
  const answer = serverAnswer(error);
  const where = `${context.host}:${context.port}`;

  if (isAuthFailure(error)) return { answer: answer ?? message, hint: authHint(answer ?? message, context) };
  if (CERTIFICATE_CODES.has(code) || /certificate|altnames/i.test(message)) {
    return {
      answer: `TLS certificate not trusted: ${error.reason ?? message.replace(/; if the root CA is installed locally.*$/, '')}`,
      hint: `Connect with the host name the server's certificate is issued for, or have its administrator install a valid certificate. Mailwarden never sends passwords over an unverified connection; an operator with a private CA can trust it with MAILBOX_TLS_CA_FILE.`,
    };
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|packet length too long|unknown protocol|http request/i.test(`${error.reason ?? ''} ${message}`)) {
    return { answer: `TLS handshake failed (${error.reason ?? message})`, hint: tlsModeHint(context) };
  }
  if (/STARTTLS/i.test(message) || (code === 'ETLS' && context.security === 'starttls')) {
    return {
      answer: answer ?? message,
      hint: `The server on ${where} does not offer STARTTLS, and Mailwarden does not send passwords unencrypted: use its TLS port (${context.protocol === 'SMTP' ? 465 : 993}) with ${context.protocol.toLowerCase()}_security "tls".`,
    };
  }
  if (code === 'ECONNREFUSED') {
    return {
      answer: `connection refused by ${where}`,
      hint: `Nothing accepts connections there: check the host and port (SMTP is usually 587 with STARTTLS or 465 with TLS; IMAP 993 with TLS or 143 with STARTTLS).`,
    };
  }
  if (TIMEOUT_CODES.has(code)) {
    const seconds = Math.round(context.timeoutMs / 100) / 10;
    const greeting = /greeting|socket timeout/i.test(message);
    return {
      answer: `${greeting ? 'connected, but no greeting' : 'no answer'} from ${where} within ${seconds} s`,
      hint: greeting
        ? tlsModeHint(context)
        : 'Check the host and port, and that this server may open outgoing connections to that port (hosting providers often block 25, 465 and 587).',
    };
  }
  if (code === 'ENOTFOUND' || code === 'EDNS' || code === 'ENODATA') {
    return { answer: `${context.host} does not resolve to an address`, hint: 'Check the spelling of the host name.' };
  }
  if (code === 'ECONNRESET' || code === 'ECONNECTION' || code === 'EConnectionClosed' || code === 'NoConnection') {
    return {
      answer: answer ?? `${where} closed the connection (${message})`,
      hint: 'The server may refuse connections from this machine\'s IP address or limit login attempts; check its logs or try again later.',
    };
  }
  return { answer: answer ?? message, hint: 'Check the host, port, security mode, user name and password.' };
}

/** One sentence pair for `connection_error`, e.g. `SMTP login to smtp.x.com:587 failed: 535 … — Check the …`. */
export function describeLoginFailure(error: unknown, context: FailureContext): string {
  const { answer, hint } = describeCause((error ?? {}) as LoginError, context);
  return `${context.protocol} login to ${context.host}:${context.port} failed: ${answer.replace(/\s+/g, ' ').trim()} — ${hint}`;
}
