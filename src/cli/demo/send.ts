/**
 * Sends the demo messages over SMTP, as outside senders would: one connection per message with the
 * sender's own EHLO name and envelope sender, STARTTLS when offered (the server's certificate is
 * usually self-signed, so it is not verified: this is sample mail on a loopback or lab server).
 */
import nodemailer from 'nodemailer';
import type { DemoMessage } from '../../../demo/generate.ts';

export interface SmtpTarget {
  host: string;
  port: number;
}

export interface SendOutcome {
  sent: number;
  failed: Array<{ name: string; error: string }>;
}

/** Messages in flight at once; well under the server's per-IP connection limit (default 20). Default 4. */
const DEFAULT_CONCURRENCY = 4;
/** Limit for connecting and for each SMTP reply, in ms. */
const SMTP_TIMEOUT_MS = 15_000;

/** "HOST:PORT" → target; throws a readable error for anything else. */
export function parseSmtpTarget(value: string): SmtpTarget {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(value.trim());
  const port = match === null ? NaN : Number(match[2]);
  if (match === null || port < 1 || port > 65535) throw new Error(`--smtp must be HOST:PORT, e.g. 127.0.0.1:2525 (got "${value}").`);
  return { host: match[1]!, port };
}

async function sendOne(message: DemoMessage, target: SmtpTarget): Promise<void> {
  const transport = nodemailer.createTransport({
    host: target.host,
    port: target.port,
    secure: false,
    name: message.helo,
    tls: { rejectUnauthorized: false },
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  try {
    await transport.sendMail({ envelope: { from: message.envelopeFrom, to: [message.recipient] }, raw: message.raw });
  } finally {
    transport.close();
  }
}

export async function sendDemoMessages(messages: readonly DemoMessage[], target: SmtpTarget, onSent: (done: number) => void, concurrency = DEFAULT_CONCURRENCY): Promise<SendOutcome> {
  const outcome: SendOutcome = { sent: 0, failed: [] };
  let next = 0;
  const worker = async () => {
    while (next < messages.length) {
      const message = messages[next++]!;
      try {
        await sendOne(message, target);
        outcome.sent++;
      } catch (error) {
        outcome.failed.push({ name: message.name, error: (error as Error).message });
      }
      onSent(outcome.sent + outcome.failed.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, messages.length) }, worker));
  return outcome;
}
