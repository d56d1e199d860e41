/**
 * Mail that Mailwarden sends on its own behalf (sign-in links, later alert notifications).
 *
 * Two implementations behind one interface:
 * - `SmtpRelayMailer` hands each message to the relay in `SMTP_RELAY_URL` (nodemailer);
 * - `LogMailer` writes the message to the log at `info` level, so a single-machine install with no
 *   relay can still sign in (the operator copies the link from the log).
 */
import nodemailer from 'nodemailer';
import type { Logger } from '../logger.ts';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface OutgoingMail {
  /** One address, or several separated by commas. */
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Files to attach (reports); keep them small, the whole message is held in memory. Default none. */
  attachments?: MailAttachment[];
}

export interface Mailer {
  /** `relay` when mail leaves through SMTP, `log` when it is only written to the log. */
  readonly kind: 'relay' | 'log';
  /** Resolves once the relay accepted the message (or it was logged). */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** How long to wait for the relay at each step before giving up (ms). */
const RELAY_TIMEOUT_MS = 15_000;

export class SmtpRelayMailer implements Mailer {
  readonly kind = 'relay';
  private readonly transport;
  private readonly from: string;

  constructor(relayUrl: string, from: string) {
    this.from = from;
    const url = new URL(relayUrl);
    const secure = url.protocol === 'smtps:';
    this.transport = nodemailer.createTransport({
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
      // smtps:// is TLS from the first byte; smtp:// upgrades with STARTTLS when the relay offers it.
      secure,
      auth: url.username === '' ? undefined : { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
      connectionTimeout: RELAY_TIMEOUT_MS,
      greetingTimeout: RELAY_TIMEOUT_MS,
      socketTimeout: RELAY_TIMEOUT_MS,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, attachments: mail.attachments });
  }

  close(): void {
    this.transport.close();
  }
}

export class LogMailer implements Mailer {
  readonly kind = 'log';
  private readonly logger: Logger;
  constructor(logger: Logger) {
    this.logger = logger;
  }

  async send(mail: OutgoingMail): Promise<void> {
    const attachments = mail.attachments?.map((a) => `${a.filename} (${a.content.length} bytes)`);
    this.logger.info({ mail_to: mail.to, subject: mail.subject, attachments }, `Mail not sent (SMTP_RELAY_URL is unset); its text follows:\n${mail.text}`);
  }

  close(): void {}
}

export function createMailer(config: { smtpRelayUrl: string | undefined; mailFrom: string }, logger: Logger): Mailer {
  return config.smtpRelayUrl === undefined ? new LogMailer(logger) : new SmtpRelayMailer(config.smtpRelayUrl, config.mailFrom);
}
