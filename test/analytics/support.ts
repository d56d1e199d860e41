/**
 * A small world of captured mail for the analytics tests, ingested through the real pipeline (capture,
 * analysis, hooks): SMTP mail from public addresses in the US (8.8.8.8, Google) and the UK
 * (81.2.69.160), HTTP-posted mail whose Received chain starts at RIPE NCC in the Netherlands
 * (193.0.6.139), malware (EICAR), one pending email, mail in the previous period, and another tenant.
 * Expected figures are computed here from the stored rows by the glossary, independently of the SQL.
 */
import type { InboundEnvelope } from '../../src/emails/ingest.service.ts';
import { EICAR } from '../../src/analysis/attachments/eicar.ts';
import type { TestApp } from '../support/app.ts';
import { buildMessage, callerFor, createTenant, ingest, ingestPending, SMTP_ENVELOPE, type Caller, type Tenant } from '../emails/support.ts';

export const US_ENVELOPE: InboundEnvelope = { ...SMTP_ENVELOPE, clientIp: '8.8.8.8', helo: 'mail.bulk-sender.example', mailFrom: 'bounce@bulk-sender.example' };
export const GB_ENVELOPE: InboundEnvelope = { ...SMTP_ENVELOPE, clientIp: '81.2.69.160', helo: 'mx.uk-news.example', mailFrom: 'news@uk-news.example' };

export interface World {
  a: Tenant & { analytics: Caller };
  b: Tenant & { analytics: Caller };
}

export function malware(to: string, i: number): Buffer {
  return buildMessage({
    from: 'Invoices <billing@invoice-desk.example>', to, subject: `Invoice ${1000 + i} overdue`,
    text: 'Please see the attached invoice and pay today.',
    attachments: [{ filename: `invoice${i}.com`, contentType: 'application/octet-stream', content: Buffer.from(EICAR, 'latin1') }],
  });
}

export function newsletter(to: string, i: number): Buffer {
  return buildMessage({
    from: 'UK News <news@uk-news.example>', to, subject: `Weekly digest ${i}`,
    text: `Here is this week's roundup of gardening news, number ${i}. Thanks for reading.`,
  });
}

/** A message posted over HTTP whose Received chain starts at a public address (RIPE NCC, NL). */
export function relayed(to: string): Buffer {
  return buildMessage({
    from: 'Sender <someone@ripe-sender.example>', to, subject: 'Forwarded copy',
    text: 'A forwarded message.',
    extraHeaders: [
      'Received: from relay.internal (relay.internal [10.0.0.5]) by mx.forwarder.example (Postfix) with ESMTP id A1; Tue, 10 Mar 2026 11:00:02 +0000',
      'Received: from mail.ripe-sender.example (mail.ripe-sender.example [193.0.6.139]) by relay.internal (Postfix) with ESMTP id B2; Tue, 10 Mar 2026 11:00:00 +0000',
    ],
  });
}

/**
 * Timeline (UTC): 2026-03-07 one newsletter (previous period); 2026-03-10 10:00 three malware from the
 * US to A's first honeypot, 10:30 two newsletters from the UK to A's second, 11:00 one posted over HTTP;
 * 2026-03-11 09:15 one malware for B; 2026-03-11 16:45 one newsletter left pending for A.
 */
export async function seedWorld(t: TestApp): Promise<World> {
  const a = await createTenant(t, 2);
  const b = await createTenant(t, 1);
  const analyticsOf = async (tenant: Tenant) => callerFor(t, await t.createKey(tenant.id, ['analytics:read']));
  const world: World = { a: { ...a, analytics: await analyticsOf(a) }, b: { ...b, analytics: await analyticsOf(b) } };
  const [h0, h1] = a.honeypots;
  const target = (tenant: Tenant, h: { id: string }) => [{ honeypotId: h.id, userId: tenant.id }];

  t.clock.set('2026-03-07T08:00:00.000Z');
  await ingest(t, newsletter(h1!.address, 0), target(a, h1!), GB_ENVELOPE);
  t.clock.set('2026-03-10T10:00:00.000Z');
  for (let i = 0; i < 3; i++) await ingest(t, malware(h0!.address, i), target(a, h0!), US_ENVELOPE);
  t.clock.set('2026-03-10T10:30:00.000Z');
  for (let i = 1; i <= 2; i++) await ingest(t, newsletter(h1!.address, i), target(a, h1!), GB_ENVELOPE);
  t.clock.set('2026-03-10T11:00:00.000Z');
  const posted = await a.call('POST', `/v1/emails?honeypot_id=${h1!.id}`, relayed(h1!.address).toString('latin1'), { 'content-type': 'message/rfc822' });
  if (posted.status !== 201) throw new Error(`HTTP ingest failed: ${posted.raw.body}`);
  await t.services.analysis.drain();
  t.clock.set('2026-03-11T09:15:00.000Z');
  await ingest(t, malware(b.honeypots[0]!.address, 9), target(b, b.honeypots[0]!), US_ENVELOPE);
  t.clock.set('2026-03-11T16:45:00.000Z');
  await ingestPending(t, newsletter(h0!.address, 7), target(a, h0!), GB_ENVELOPE);
  t.clock.set('2026-03-12T12:00:00.000Z');
  return world;
}

export interface Expected {
  emails: number;
  analysed: number;
  threats: number;
  malware: number;
  phishing: number;
  spam: number;
  clean: number;
  avg_threat_score: number | null;
  honeypots_hit: number;
  classification: Record<string, number>;
  histogram: number[];
}

type Row = { honeypot_id: string; threat_score: number | null; malware_score: number | null; phishing_score: number | null; spam_score: number | null; classification: string | null };

/** Figures of the user's emails received in [start, end), by the glossary, from the rows themselves. */
export async function expectedFigures(t: TestApp, userId: string, start: string, end: string): Promise<Expected> {
  const rows: Row[] = await t.testDb.db.kysely.selectFrom('emails')
    .select(['honeypot_id', 'threat_score', 'malware_score', 'phishing_score', 'spam_score', 'classification'])
    .where('user_id', '=', userId).where('received_at', '>=', start).where('received_at', '<', end).execute();
  const analysed = rows.filter((r) => r.threat_score !== null);
  const type = (r: Row) => {
    const m = r.malware_score ?? 0, p = r.phishing_score ?? 0, s = r.spam_score ?? 0;
    if (m >= 40 && m >= p && m >= s) return 'malware';
    if (p >= 40 && p >= s) return 'phishing';
    return s >= 40 ? 'spam' : 'clean';
  };
  const count = (f: (r: Row) => boolean) => analysed.filter(f).length;
  const classification: Record<string, number> = { CLEAN: 0, LOW_RISK: 0, SUSPICIOUS: 0, THREAT: 0, CRITICAL: 0 };
  for (const r of analysed) classification[r.classification!]! += 1;
  const histogram = Array<number>(10).fill(0);
  for (const r of analysed) histogram[Math.min(9, Math.floor(r.threat_score! / 10))]! += 1;
  const sum = analysed.reduce((s, r) => s + r.threat_score!, 0);
  return {
    emails: rows.length,
    analysed: analysed.length,
    threats: count((r) => r.classification === 'THREAT' || r.classification === 'CRITICAL'),
    malware: count((r) => type(r) === 'malware'),
    phishing: count((r) => type(r) === 'phishing'),
    spam: count((r) => type(r) === 'spam'),
    clean: count((r) => type(r) === 'clean'),
    avg_threat_score: analysed.length === 0 ? null : Math.round((sum / analysed.length) * 10) / 10,
    honeypots_hit: new Set(rows.map((r) => r.honeypot_id)).size,
    classification,
    histogram,
  };
}

/** Every rollup row of the user, zero rows dropped, in a stable order (to compare with a rebuild). */
export async function rollupSnapshot(t: TestApp, userId: string): Promise<unknown[]> {
  const k = t.testDb.db.kysely;
  const daily = await k.selectFrom('analytics_daily').selectAll().where('user_id', '=', userId).where('emails', '>', 0).orderBy('day').execute();
  const hourly = await k.selectFrom('analytics_hourly').selectAll().where('user_id', '=', userId).where('emails', '>', 0).orderBy('hour').orderBy('honeypot_id').execute();
  const geo = await k.selectFrom('analytics_geo_daily').selectAll().where('user_id', '=', userId).where('emails', '>', 0).orderBy('day').orderBy('country_code').orderBy('asn').execute();
  return [daily, hourly, geo];
}
