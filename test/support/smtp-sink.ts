/**
 * A real SMTP server on loopback (smtp-server, the library our inbound server is built on) that keeps
 * every message it receives, for tests of the mail Mailwarden sends. It requires AUTH when given
 * credentials, so tests prove the relay URL's user and password are used.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SunkMessage {
  from: string;
  to: string[];
  /** The AUTH user the client logged in as, if any. */
  user: string | undefined;
  raw: string;
}

export interface SmtpSink {
  /** smtp://user:pass@127.0.0.1:<port> for SMTP_RELAY_URL. */
  url: string;
  messages: SunkMessage[];
  /**
   * Resolves with the first message matching `match`, among those received from index `since`
   * (default 0: already received or still to come). Rejects after `timeoutMs` (default 5 s).
   */
  waitFor(match: (message: SunkMessage) => boolean, options?: { since?: number; timeoutMs?: number }): Promise<SunkMessage>;
  close(): Promise<void>;
}

export async function startSmtpSink(credentials = { user: 'relay-user', pass: 'relay-pass' }): Promise<SmtpSink> {
  const messages: SunkMessage[] = [];
  const waiters: Array<{ match: (m: SunkMessage) => boolean; resolve: (m: SunkMessage) => void }> = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.pass) return callback(null, { user: auth.username });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const message: SunkMessage = {
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          raw: Buffer.concat(chunks).toString('utf8'),
        };
        messages.push(message);
        for (const waiter of [...waiters]) {
          if (waiter.match(message)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(message);
          }
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${credentials.user}:${credentials.pass}@127.0.0.1:${port}`,
    messages,
    waitFor(match, { since = 0, timeoutMs = 5_000 } = {}) {
      const found = messages.slice(since).find(match);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('No matching message reached the SMTP sink in time')), timeoutMs);
        waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A mail's text with quoted-printable soft line breaks and `=3D` undone (enough for our own ASCII mail). */
export function mailText(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
}

/** The sign-in token in a sign-in mail. */
export function tokenFromMail(raw: string): string {
  const text = mailText(raw);
  const match = /token=(mwl_[A-Za-z0-9_-]{43})/.exec(text);
  if (match === null) throw new Error('No sign-in token in the mail');
  return match[1]!;
}
