/**
 * Shared set-up for the captured-email tests: an app receiving mail for one domain, users with keys
 * and honeypots, a small MIME builder, and ingest through the real pipeline.
 */
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { InboundEnvelope } from '../../src/emails/ingest.service.ts';
import { bearer, createTestApp, type TestApp } from '../support/app.ts';
import { zipArchive } from '../fixtures/mime/generate.ts';

export const DOMAIN = 'traps.example';
export const MAX_BYTES = 25 * 1024 * 1024;

export interface Response {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  body: any;
  raw: LightMyRequestResponse;
}

export type Caller = (method: string, url: string, payload?: unknown, headers?: Record<string, string>) => Promise<Response>;

export function callerFor(t: TestApp, key: string): Caller {
  return async (method, url, payload, headers = {}) => {
    const raw = await t.app.inject({
      method: method as 'GET',
      url,
      headers: { ...bearer(key), ...headers },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
    const json = (raw.headers['content-type'] ?? '').toString().startsWith('application/json');
    return { status: raw.statusCode, body: json && raw.body !== '' ? raw.json() : raw.body, raw };
  };
}

export interface Tenant {
  id: string;
  key: string;
  call: Caller;
  /** Active honeypots: id and address. */
  honeypots: Array<{ id: string; address: string }>;
}

export async function emailsTestApp(): Promise<TestApp> {
  return createTestApp({ env: { HONEYPOT_DOMAINS: DOMAIN } });
}

let tenantCounter = 0;

/** An enterprise user (no rate limits) with emails + honeypots read/write and `honeypotCount` active honeypots. */
export async function createTenant(t: TestApp, honeypotCount = 1): Promise<Tenant> {
  const user = await t.createUser('enterprise');
  const key = await t.createKey(user.id, ['emails:read', 'emails:write', 'honeypots:read', 'honeypots:write']);
  const call = callerFor(t, key);
  tenantCounter += 1;
  const honeypots: Tenant['honeypots'] = [];
  for (let i = 0; i < honeypotCount; i++) {
    const address = `trap${tenantCounter}-${i}-${randomBytes(3).toString('hex')}@${DOMAIN}`;
    const res = await call('POST', '/v1/honeypots', { email_address: address, purpose: 'trap' });
    if (res.status !== 201) throw new Error(`honeypot create failed: ${res.raw.body}`);
    honeypots.push({ id: res.body.data.id, address });
  }
  return { id: user.id, key, call, honeypots };
}

export interface AttachmentSpec {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface MessageSpec {
  from?: string;
  to: string;
  cc?: string;
  subject?: string;
  text?: string;
  html?: string;
  attachments?: AttachmentSpec[];
  extraHeaders?: string[];
}

function base64Lines(content: Buffer): string {
  return (content.toString('base64').match(/.{1,76}/g) ?? ['']).join('\r\n');
}

/** A well-formed RFC 5322 message; multipart/mixed when it has attachments or HTML. */
export function buildMessage(spec: MessageSpec): Buffer {
  const boundary = `b_${randomBytes(6).toString('hex')}`;
  const head = [
    `From: ${spec.from ?? 'Attacker <attacker@evil.example>'}`,
    `To: ${spec.to}`,
    ...(spec.cc === undefined ? [] : [`Cc: ${spec.cc}`]),
    `Subject: ${spec.subject ?? 'Hello'}`,
    `Message-ID: <${randomBytes(8).toString('hex')}@evil.example>`,
    'Date: Thu, 12 Mar 2026 14:00:00 +0000',
    'MIME-Version: 1.0',
    ...(spec.extraHeaders ?? []),
  ];
  const attachments = spec.attachments ?? [];
  if (attachments.length === 0 && spec.html === undefined) {
    return Buffer.from([...head, 'Content-Type: text/plain; charset=utf-8', '', spec.text ?? 'Body text.', ''].join('\r\n'));
  }
  const parts = [[`Content-Type: text/plain; charset=utf-8`, '', spec.text ?? 'Body text.'].join('\r\n')];
  if (spec.html !== undefined) parts.push(['Content-Type: text/html; charset=utf-8', '', spec.html].join('\r\n'));
  for (const a of attachments) {
    parts.push([
      `Content-Type: ${a.contentType}; name="${a.filename}"`,
      `Content-Disposition: attachment; filename="${a.filename}"`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(a.content),
    ].join('\r\n'));
  }
  const body = parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('') + `--${boundary}--\r\n`;
  return Buffer.from([...head, `Content-Type: multipart/mixed; boundary="${boundary}"`, '', body].join('\r\n'));
}

/** A minimal valid ZIP archive holding one stored (uncompressed) file. */
export function zipBytes(name = 'a.txt', content = Buffer.from('zip content')): Buffer {
  return zipArchive(name, content);
}

export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export const SMTP_ENVELOPE: InboundEnvelope = {
  transport: 'smtp',
  mailFrom: 'bounce@evil.example',
  clientIp: '203.0.113.7',
  clientPort: 40123,
  helo: 'mail.evil.example',
  tls: true,
  serverName: 'mx.test',
};

/** A source yielding `bytes` in chunks, like a socket. */
export async function* chunked(bytes: Buffer, size = 4096): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Ingests through the real capture pipeline, as the SMTP server does; the rows stay `pending`. */
export function ingestPending(t: TestApp, raw: Buffer, targets: Array<{ honeypotId: string; userId: string }>, envelope: InboundEnvelope = SMTP_ENVELOPE) {
  return t.services.ingest.ingest(chunked(raw), envelope, targets, { maxBytes: MAX_BYTES });
}

/** Captures like the SMTP server, then runs the analysis job (bodies, attachments and scores stored), as the worker does. */
export async function ingest(t: TestApp, raw: Buffer, targets: Array<{ honeypotId: string; userId: string }>, envelope: InboundEnvelope = SMTP_ENVELOPE) {
  const result = await ingestPending(t, raw, targets, envelope);
  await t.services.analysis.drain();
  return result;
}

export async function countRows(t: TestApp, table: 'emails' | 'email_attachments' | 'blob_gc_queue', userId?: string): Promise<number> {
  let query = t.testDb.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n'));
  if (userId !== undefined && table !== 'blob_gc_queue') query = query.where('user_id', '=', userId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Whether the blob store holds content (file in SQLite mode, rows in PostgreSQL mode). */
export async function blobExists(t: TestApp, sha256: string): Promise<boolean> {
  return (await t.services.blobs.stat(sha256)) !== undefined;
}

/** Moves time past the blob collector's grace period (1 hour) so unreferenced blobs may go. */
export function passGracePeriod(t: TestApp): void {
  t.clock.advance(2 * 60 * 60 * 1000);
}
