/**
 * Shared pieces of the mailbox tests: the environment they run with and a create body.
 */
import type { TestApp } from '../support/app.ts';
import { bearer } from '../support/app.ts';

export const TEST_SECRET = 'mailbox-tests-secret-0123456789abcdef0123456789';

/**
 * MAILWARDEN_SECRET is required on PostgreSQL. DNS goes to a loopback port nothing answers (ECONNREFUSED
 * at once), so no test lookup ever leaves the machine.
 */
export const MAILBOX_TEST_ENV: Record<string, string> = {
  MAILWARDEN_SECRET: TEST_SECRET,
  DNS_SERVERS: '127.0.0.1:9',
};

export const SMTP_PASS = 'smtp-Secret-Pa55word!';
export const IMAP_PASS = 'imap-Secret-Pa55word?';

export function mailboxBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    email: 'hello@acme.com',
    smtp_host: 'smtp.gmail.com',
    smtp_port: 587,
    smtp_user: 'hello@acme.com',
    smtp_pass: SMTP_PASS,
    imap_host: 'imap.gmail.com',
    imap_port: 993,
    imap_user: 'hello@acme.com',
    imap_pass: IMAP_PASS,
    ...overrides,
  };
}

export async function createMailbox(t: TestApp, key: string, overrides: Record<string, unknown> = {}) {
  const response = await t.app.inject({ method: 'POST', url: '/api/v1/mailboxes', headers: bearer(key), payload: mailboxBody(overrides) });
  return { response, body: response.json() as Record<string, unknown> };
}

export async function getMailbox(t: TestApp, key: string, id: string) {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1/mailboxes/${id}`, headers: bearer(key) });
  return { response, body: response.json() as Record<string, unknown> };
}
