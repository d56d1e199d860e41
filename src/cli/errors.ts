/**
 * Turning a command's failure into one message a person can act on, and its exit status:
 * 2 for a usage or configuration mistake, 1 for everything else.
 */
import { ConfigError } from '../config.ts';
import { DatabaseOpenError } from '../platform/db/index.ts';
import { DomainError } from '../platform/errors.ts';
import { VaultKeyError } from '../platform/vault.ts';
import { UsageError } from './args.ts';

/** What to check for the usual reasons a database does not answer. */
function databaseHint(reason: string): string {
  if (/ECONNREFUSED/.test(reason)) return 'is PostgreSQL running, and listening on that host and port?';
  if (/ENOTFOUND|EAI_AGAIN/.test(reason)) return 'check the host name in DATABASE_URL.';
  if (/ETIMEDOUT|timeout/i.test(reason)) return 'the server did not answer: check the host, the port and any firewall between.';
  if (/password authentication failed|no pg_hba\.conf entry|role .* does not exist/i.test(reason)) return 'check the user and password in DATABASE_URL, and pg_hba.conf.';
  if (/database .* does not exist/i.test(reason)) return 'create it (createdb NAME) or fix the database name in DATABASE_URL.';
  return 'check DATABASE_URL.';
}

/**
 * "DATABASE_URL unreachable: connect ECONNREFUSED 127.0.0.1:5432 — is PostgreSQL running…?" for a
 * PostgreSQL that does not answer; other database problems keep their own message.
 */
export function describeDatabaseError(error: DatabaseOpenError): string {
  const match = /^Cannot connect to PostgreSQL at (\S+): ([\s\S]*)$/.exec(error.message);
  if (match === null) return error.message;
  const reason = match[2]!.trim() || 'no answer';
  return `DATABASE_URL unreachable (${match[1]}): ${reason} — ${databaseHint(reason)}`;
}

/** Writes the failure to `err` and returns the exit status. */
export function reportCliError(error: unknown, err: (line: string) => void): number {
  if (error instanceof ConfigError || error instanceof UsageError) {
    err(`mailwarden: ${error.message}`);
    return 2;
  }
  if (error instanceof DatabaseOpenError) {
    err(`mailwarden: ${describeDatabaseError(error)}`);
    return 1;
  }
  if (error instanceof DomainError || error instanceof VaultKeyError) {
    err(`mailwarden: ${error.message}`);
    return 1;
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    err(`mailwarden: the port is already in use (${(error as Error).message}); set PORT or SMTP_PORT to a free port.`);
    return 1;
  }
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    err(`mailwarden: ${(error as Error).message}`);
    return 1;
  }
  err(`mailwarden: unexpected error: ${(error as Error).message}`);
  return 1;
}
