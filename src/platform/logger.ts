/**
 * Structured JSON logs (pino). One logger per process, created by the entry point and passed in.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'mailwarden', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: ['req.headers.authorization', 'password', '*.password', 'key', 'token'], censor: '[redacted]' },
    },
    destination,
  );
}
