/**
 * Issue 7, done when: a scheduled daily digest generates itself from real captured mail and downloads
 * as PDF, CSV and JSON; the PDF one is e-mailed (attached) to its recipients through the relay.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { buildMessage, ingest, type Response } from '../emails/support.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import type { TestApp } from '../support/app.ts';
import { createReportTenant, parseCsv, pdfToText, reportsTestApp, type ReportTenant } from './support.ts';

let sink: SmtpSink;
let t: TestApp;
let tenant: ReportTenant;
const ids: Record<'pdf' | 'csv' | 'json', string> = { pdf: '', csv: '', json: '' };
/** Emails captured on 12 March (local day in Europe/Paris), the day the first run covers. */
const inPeriod: string[] = [];

const SCHEDULE = { frequency: 'daily', time: '06:00', timezone: 'Europe/Paris' };

async function capture(spec: { from: string; subject: string; text: string; honeypot?: number }): Promise<string> {
  const honeypot = tenant.honeypots[spec.honeypot ?? 0]!;
  const raw = buildMessage({ from: spec.from, to: honeypot.address, subject: spec.subject, text: spec.text });
  const result = await ingest(t, raw, [{ honeypotId: honeypot.id, userId: tenant.id }]);
  return result.emailIds[0]!;
}

before(async () => {
  sink = await startSmtpSink();
  t = await reportsTestApp({ SMTP_RELAY_URL: sink.url, PUBLIC_URL: 'https://mw.example.test' });
  tenant = await createReportTenant(t, 2);

  // The day before the period (counted in the previous period only).
  t.clock.set('2026-03-11T12:00:00.000Z');
  await capture({ from: 'News <news@shop.example>', subject: 'Weekly offers', text: 'Our offers this week.' });
  // Inside the period: 12 March, local time.
  t.clock.set('2026-03-12T09:15:00.000Z');
  inPeriod.push(await capture({
    from: 'PayPal Security <security@paypa1-secure.example>',
    subject: 'Your account has been limited',
    text: 'Dear customer, verify your password now at http://paypa1-secure.example/login or your account will be suspended within 24 hours.',
  }));
  inPeriod.push(await capture({ from: 'Bob <bob@sender.example>', subject: '=SUM(A1:A9) "quoted", subject', text: 'Hello there.', honeypot: 1 }));
  t.clock.set('2026-03-12T22:30:00.000Z'); // 23:30 in Paris: still 12 March there
  inPeriod.push(await capture({ from: 'Bob <bob@sender.example>', subject: 'Again', text: 'Hello again.' }));
  // After the period (13 March in Paris), not in the first run.
  t.clock.set('2026-03-12T23:30:00.000Z');
  await capture({ from: 'Late <late@sender.example>', subject: 'Too late', text: 'After midnight in Paris.' });

  t.clock.set('2026-03-12T23:40:00.000Z');
  for (const format of ['pdf', 'csv', 'json'] as const) {
    const res = await tenant.reports('POST', '/v1/reports', {
      name: `Daily digest (${format})`,
      type: 'daily_digest',
      format,
      schedule: SCHEDULE,
      ...(format === 'pdf' ? { recipients: ['soc-lead@example.test'] } : {}),
    });
    assert.equal(res.status, 201, res.raw.body);
    ids[format] = res.body.data.id;
  }
});

after(async () => {
  await t.close();
  await sink.close();
});

test('a scheduled report waits for its time, and shows when that is', async () => {
  const res = await tenant.reports('GET', `/v1/reports/${ids.pdf}`);
  assert.equal(res.body.data.status, 'pending');
  // 06:00 in Paris on 13 March is 05:00 UTC (CET, before the switch to summer time).
  assert.equal(res.body.data.next_run_at, '2026-03-13T05:00:00.000Z');
  assert.deepEqual(res.body.data.period, { start: '2026-03-11T23:00:00.000Z', end: '2026-03-12T23:00:00.000Z' });
  const run = await t.services.reports.jobs.run();
  assert.equal(run.fired, 0);
  assert.equal(run.generated, 0);
  assert.equal((await tenant.reports('GET', `/v1/reports/${ids.pdf}`)).body.data.status, 'pending');
  assert.equal((await tenant.reports('GET', `/v1/reports/${ids.pdf}/download`)).status, 409);
});

test('once the clock passes the schedule, every format is generated for the day that ended', async () => {
  t.clock.set('2026-03-13T05:00:20.000Z');
  const run = await t.services.reports.jobs.run();
  assert.deepEqual(run, { fired: 3, generated: 3, failed: 0, mailed: 1 });
  for (const id of Object.values(ids)) {
    const report = (await tenant.reports('GET', `/v1/reports/${id}`)).body.data;
    assert.equal(report.status, 'ready', JSON.stringify(report));
    assert.equal(report.error, null);
    assert.ok(report.file_size > 0);
    assert.equal(report.generated_at, '2026-03-13T05:00:20.000Z');
    assert.equal(report.next_run_at, '2026-03-14T05:00:00.000Z');
    assert.deepEqual(report.period, { start: '2026-03-11T23:00:00.000Z', end: '2026-03-12T23:00:00.000Z' });
  }
});

function download(id: string): Promise<Response> {
  return tenant.reports('GET', `/v1/reports/${id}/download`);
}

test('the PDF downloads as an attachment and shows the real figures', async () => {
  const res = await download(ids.pdf);
  assert.equal(res.status, 200);
  assert.equal(res.raw.headers['content-type'], 'application/pdf');
  assert.match(String(res.raw.headers['content-disposition']), /^attachment; filename="daily-digest-pdf-2026-03-11\.pdf"$/);
  const bytes = res.raw.rawPayload;
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const text = pdfToText(bytes);
  assert.match(text, /Daily digest \(pdf\)/);
  assert.match(text, /Daily digest\s+·\s+12 Mar 2026 \(Europe\/Paris\)/);
  assert.match(text, /Mailwarden captured 3 emails across 2 honeypots \(up 200\.0% on the previous period\)/);
  assert.match(text, /security@paypa1-secure\.example/);
  assert.match(text, /bob@sender\.example\s+sender\.example\s+2/);
  for (const heading of ['Executive summary', 'Activity over time', 'Threat breakdown', 'Top senders', 'Recommendations']) assert.ok(text.includes(heading), heading);
  assert.match(text, /Page 1 of \d/);
});

test('the CSV lists one row per email of the period, spreadsheet-safe', async () => {
  const res = await download(ids.csv);
  assert.equal(res.status, 200);
  assert.equal(res.raw.headers['content-type'], 'text/csv; charset=utf-8');
  const rows = parseCsv(res.raw.body);
  const header = rows[0]!;
  assert.deepEqual(header.slice(0, 4), ['id', 'received_at', 'honeypot_id', 'honeypot_address']);
  const body = rows.slice(1);
  assert.deepEqual(body.map((r) => r[0]), inPeriod);
  const subject = header.indexOf('subject');
  assert.equal(body[1]![subject], '\'=SUM(A1:A9) "quoted", subject');
  const score = header.indexOf('threat_score');
  assert.ok(body.every((r) => /^\d+$/.test(r[score]!)), 'every email was analysed and scored');
  assert.equal(body[0]![header.indexOf('origin_ip')], '203.0.113.7');
});

test('the JSON is the period summary, agreeing with the CSV', async () => {
  const res = await download(ids.json);
  assert.equal(res.status, 200);
  assert.match(String(res.raw.headers['content-type']), /^application\/json/);
  const summary = JSON.parse(res.raw.body);
  assert.deepEqual(summary.period, { start: '2026-03-11T23:00:00.000Z', end: '2026-03-12T23:00:00.000Z' });
  assert.equal(summary.totals.emails, 3);
  assert.equal(summary.previous_totals.emails, 1);
  assert.equal(summary.totals.honeypots_hit, 2);
  assert.equal(summary.totals.unique_senders, 2);
  assert.equal(summary.top_senders[0].address, 'bob@sender.example');
});

test('the PDF was e-mailed to its recipients as an attachment', async () => {
  const mail = await sink.waitFor((m) => m.to.includes('soc-lead@example.test'));
  const parsed = await simpleParser(mail.raw);
  assert.equal(parsed.subject, '[Mailwarden] Daily digest (pdf) – 12 Mar 2026 (Europe/Paris)');
  assert.equal(parsed.attachments.length, 1);
  const [file] = parsed.attachments;
  assert.equal(file!.filename, 'daily-digest-pdf-2026-03-11.pdf');
  assert.equal(file!.contentType, 'application/pdf');
  const downloaded = (await download(ids.pdf)).raw.rawPayload;
  assert.ok(file!.content.equals(downloaded), 'the attachment is the downloadable file');
  assert.match(parsed.text ?? '', /https:\/\/mw\.example\.test\/v1\/reports\/report_\w+\/download/);
  assert.equal(sink.messages.filter((m) => m.to.includes('soc-lead@example.test')).length, 1, 'sent once');
});

test('the next day runs again for the next day, replacing the file', async () => {
  const before = (await tenant.reports('GET', `/v1/reports/${ids.json}`)).body.data;
  t.clock.set('2026-03-14T05:01:00.000Z');
  const run = await t.services.reports.jobs.run();
  assert.equal(run.fired, 3);
  const report = (await tenant.reports('GET', `/v1/reports/${ids.json}`)).body.data;
  assert.deepEqual(report.period, { start: '2026-03-12T23:00:00.000Z', end: '2026-03-13T23:00:00.000Z' });
  assert.equal(report.next_run_at, '2026-03-15T05:00:00.000Z');
  assert.notEqual(report.generated_at, before.generated_at);
  const summary = JSON.parse((await download(ids.json)).raw.body);
  assert.equal(summary.totals.emails, 1, 'the mail captured after midnight in Paris');
});
