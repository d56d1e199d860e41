/**
 * A real Mailwarden server for the SDK tests: the app on a fresh database (SQLite, or PostgreSQL with
 * DATABASE_URL_TEST) listening on a loopback port, so the SDK talks HTTP exactly as it would to a
 * deployed server. Mail for `company.com` and `traps.example` is accepted (the seed example creates
 * `test@company.com`); webhooks may target loopback; DNS goes to a port nothing answers.
 */
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import Mailwarden from '@mailwarden/sdk';
import { createTestApp, type TestApp } from '../support/app.ts';

export const TRAP_DOMAIN = 'traps.example';

export interface SdkServer {
  t: TestApp;
  /** The Threat API root, e.g. `http://127.0.0.1:41234/v1`. */
  baseUrl: string;
  /** A new enterprise user (no rate limits) and a client holding a key with `permissions`. */
  tenant(permissions?: string[], plan?: string): Promise<{ userId: string; key: string; client: Mailwarden }>;
  close(): Promise<void>;
}

export async function startSdkServer(env: Record<string, string> = {}): Promise<SdkServer> {
  const t = await createTestApp({
    env: {
      HONEYPOT_DOMAINS: `company.com,${TRAP_DOMAIN}`,
      WEBHOOK_ALLOW_PRIVATE: 'true',
      MAILWARDEN_SECRET: 'sdk-tests-vault-secret-0123456789abcdef0123',
      DNS_SERVERS: '127.0.0.1:9',
      ...env,
    },
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}/v1`;
  return {
    t,
    baseUrl,
    async tenant(permissions = ['read', 'write'], plan = 'enterprise') {
      const user = await t.createUser(plan);
      const key = await t.createKey(user.id, permissions);
      return { userId: user.id, key, client: new Mailwarden({ apiKey: key, baseUrl }) };
    },
    close: () => t.close(),
  };
}

/** A unique honeypot address on the test domain. */
export function trapAddress(label = 'trap'): string {
  return `${label}-${randomBytes(4).toString('hex')}@${TRAP_DOMAIN}`;
}

/** A credential-phishing message the analyser scores high (look-alike sender, lure, mismatched link). */
export function phishingMessage(to: string, subject = 'Action required: your account has been limited'): string {
  return [
    'From: "PayPal Security" <service@paypa1-secure-login.example>',
    `To: ${to}`,
    `Subject: ${subject}`,
    `Message-ID: <${randomBytes(8).toString('hex')}@paypa1-secure-login.example>`,
    'Date: Thu, 12 Mar 2026 14:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Dear customer, we noticed unusual activity. Verify your account within 24 hours or it will be suspended: https://paypa1-secure-login.example/signin',
    '--b1',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Dear customer, we noticed unusual activity.</p><p><a href="http://192.0.2.55/paypal/login.php">https://www.paypal.com/signin</a></p>',
    '--b1--',
    '',
  ].join('\r\n');
}

/** A plain note from a colleague, scored clean; with an attachment when `attachment` is given. */
export function cleanMessage(to: string, attachment?: { filename: string; content: string }): string {
  const head = [
    'From: Ana <ana@colleague.example>',
    `To: ${to}`,
    'Subject: Notes from Tuesday',
    `Message-ID: <${randomBytes(8).toString('hex')}@colleague.example>`,
    'Date: Thu, 12 Mar 2026 14:00:00 +0000',
    'MIME-Version: 1.0',
  ];
  const text = 'Hi, here are the notes from our meeting on Tuesday. Talk soon, Ana';
  if (attachment === undefined) return [...head, 'Content-Type: text/plain; charset=utf-8', '', text, ''].join('\r\n');
  return [
    ...head,
    'Content-Type: multipart/mixed; boundary="m1"',
    '',
    '--m1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '--m1',
    `Content-Type: text/plain; name="${attachment.filename}"`,
    `Content-Disposition: attachment; filename="${attachment.filename}"`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(attachment.content).toString('base64'),
    '--m1--',
    '',
  ].join('\r\n');
}
