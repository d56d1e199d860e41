/**
 * Structured JSON logs (pino). One logger per process, created by the entry point and passed in.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Without a destination, logs go to stdout through a 4 KiB buffer written asynchronously (one write
 * per several lines rather than one per request); the server calls `logger.flush()` on shutdown. Fatal paths
 * (start-up errors) go through the CLI's own stderr writes, not this buffer.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'mailwarden', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Mailbox passwords (`smtp_pass`, `imap_pass`, a client's `auth.pass`) are never logged on purpose; this is the safety net.
      redact: {
        paths: ['req.headers.authorization', 'password', '*.password', 'key', 'token', 'pass', '*.pass', 'smtp_pass', 'imap_pass', '*.smtp_pass', '*.imap_pass'],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination({ dest: 1, sync: false, minLength: 4096 }),
  );
}
