/**
 * What a send attempt came to, from nodemailer's result or error:
 * - `accepted`: the server took the message (250 to the end of DATA);
 * - `rejected`: a 5xx answer (RCPT, MAIL, DATA or the end of data) → a hard bounce (soft for a full mailbox);
 * - `deferred`: a 4xx answer → retried later, a soft bounce once the attempts run out;
 * - `uncertain`: the connection was lost after the message body started to go out, without an answer:
 *   the server may have queued it, so it is never sent again;
 * - `auth`: the server refused the login (or asked for one);
 * - `connection`: no answer before the message went out (refused, timeout, TLS, DNS) → retried later.
 */
import { SendFailure } from './transports.ts';

export type SendOutcome =
  | { kind: 'accepted'; response: string }
  | { kind: 'rejected'; code: number; response: string }
  | { kind: 'deferred'; code: number; response: string }
  | { kind: 'uncertain'; response: string }
  | { kind: 'auth'; response: string }
  | { kind: 'connection'; response: string };

interface MailerError {
  code?: string;
  command?: string;
  response?: string;
  responseCode?: number;
  message?: string;
}

/** Reply codes that mean "log in first / login refused" wherever they come. */
const AUTH_CODES = new Set([530, 534, 535, 538]);

/** Classifies a failed send (the SendFailure from SmtpTransports, or any error). */
export function outcomeOfFailure(failure: unknown): SendOutcome {
  const dataStarted = failure instanceof SendFailure ? failure.dataStarted : false;
  const error = (failure instanceof SendFailure ? failure.cause : failure) as MailerError | null;
  const code = typeof error?.responseCode === 'number' ? error.responseCode : null;
  const response = (error?.response ?? error?.message ?? String(failure)).trim();
  if (error?.code === 'EAUTH' || (code !== null && AUTH_CODES.has(code))) return { kind: 'auth', response };
  if (code !== null && code >= 500) return { kind: 'rejected', code, response };
  if (code !== null && code >= 400) return { kind: 'deferred', code, response };
  // No answer from the server: what matters is whether the body had started to go out.
  if (dataStarted) return { kind: 'uncertain', response: `connection lost after the message was sent, before the server answered (${response})` };
  return { kind: 'connection', response };
}
