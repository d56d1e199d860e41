/**
 * `mailwarden demo` end to end, as a person runs it: a child process on a fresh database starts its
 * own SMTP server and analysis worker, sends the 100 sample emails over SMTP and waits for their
 * analysis. Then the Threat API over the same database serves them with the printed key, and a second
 * run reuses everything and sends nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createServices } from '../../src/services.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { cliEnv, runCli } from './support.ts';

const DOMAIN = 'honeypots.example.com';

interface DemoJson {
  user: { id: string; email: string; plan: string };
  api_key: string | null;
  key_id: string;
  base_url: string;
  honeypots: Array<{ id: string; email_address: string; purpose: string; priority: string; tags: string[] }>;
  emails_sent: number;
  emails_total: number;
  summary: { by_classification: Record<string, number>; by_kind: Record<string, Record<string, number>>; campaigns: Array<{ emails: number; honeypots: number }> };
  seconds: number;
}

let testDb: TestDb;
let env: Record<string, string>;
before(async () => {
  testDb = await createTestDb();
  env = cliEnv(testDb, { HONEYPOT_DOMAINS: DOMAIN, PUBLIC_URL: 'http://mailwarden.test:3000' });
});
after(() => testDb.cleanup());

test('the demo sends 100 sample emails through SMTP, waits for their analysis and summarises them', async () => {
  const started = Date.now();
  const run = await runCli(['demo', '--json'], env);
  assert.equal(run.code, 0, run.stderr);
  const demo = JSON.parse(run.stdout) as DemoJson;
  const seconds = (Date.now() - started) / 1000;
  process.stderr.write(`# demo run: ${seconds.toFixed(1)} s (${demo.seconds} s inside the command)\n`);
  assert.match(run.stderr, /Sending 100 emails through the SMTP server started here on 127\.0\.0\.1:\d+/);

  assert.deepEqual([demo.user.email, demo.user.plan, demo.base_url, demo.emails_sent, demo.emails_total], [`demo@${DOMAIN}`, 'pro', 'http://mailwarden.test:3000', 100, 100]);
  assert.match(demo.api_key ?? '', /^sk_live_/);
  assert.equal(demo.honeypots.length, 10);
  assert.equal(new Set(demo.honeypots.map((h) => h.purpose)).size, 4);
  assert.ok(demo.honeypots.every((h) => h.email_address.endsWith(`@${DOMAIN}`)));

  const { by_classification: classes, by_kind: kinds, campaigns } = demo.summary;
  assert.ok(classes.CRITICAL! + classes.THREAT! >= 25, JSON.stringify(classes));
  assert.ok(classes.CLEAN! >= 25, JSON.stringify(classes));
  assert.equal(classes.FAILED, undefined);
  assert.deepEqual([kinds.eicar, kinds.macro], [{ CRITICAL: 5 }, { CRITICAL: 5 }]);
  assert.deepEqual(Object.keys(kinds.newsletter!), ['CLEAN']);
  // The campaign: the same lure to four honeypots, clustered into one campaign.
  assert.ok(campaigns.some((c) => c.emails >= 10 && c.honeypots >= 4), JSON.stringify(campaigns.slice(0, 3)));

  // EICAR is caught by the analyser's own signature (no clamd here), in a zip and as a .com.
  const eicar = await testDb.db.kysely.selectFrom('email_attachments').innerJoin('emails', 'emails.id', 'email_attachments.email_id')
    .select(['email_attachments.filename', 'email_attachments.malware_detected', 'email_attachments.threat_name', 'emails.classification'])
    .where('emails.user_id', '=', demo.user.id).where('emails.message_id', 'like', '%malware-eicar%').execute();
  assert.equal(eicar.length, 5);
  assert.ok(eicar.every((a) => a.malware_detected === 1 && a.threat_name === 'EICAR-Test-File' && a.classification === 'CRITICAL'), JSON.stringify(eicar));
  assert.ok(eicar.some((a) => a.filename?.endsWith('.zip')) && eicar.some((a) => a.filename?.endsWith('.com')));
  const smtp = await testDb.db.kysely.selectFrom('emails').select(['transport', 'smtp_ip', 'smtp_helo', 'smtp_mail_from']).where('user_id', '=', demo.user.id).where('message_id', 'like', '%newsletter-01%').executeTakeFirstOrThrow();
  assert.equal(smtp.transport, 'smtp');
  assert.match(smtp.smtp_ip ?? '', /^(::ffff:)?127\.0\.0\.1$/);
  assert.match(`${smtp.smtp_helo} ${smtp.smtp_mail_from}`, /^mta\d\.\S+\.example bounces\+\w+@\S+\.example$/);

  // The Threat API serves real emails above 50 to the printed key.
  const config = loadConfig(env);
  const logger = createLogger('silent');
  const services = createServices({ config, db: testDb.db, clock: systemClock, logger });
  const app = await buildApp({ config, db: testDb.db, clock: systemClock, logger, services, version: '0.0.0-test' });
  try {
    const response = await app.inject({ url: '/v1/emails?threat_score=gt:50&limit=100', headers: { authorization: `Bearer ${demo.api_key}` } });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json() as { data: Array<{ threat_score: number; subject: string }>; pagination: { total: number } };
    assert.ok(body.pagination.total >= 25 && body.data.every((e) => e.threat_score > 50), JSON.stringify(body.pagination));
  } finally {
    await services.analysis.stop();
    await app.close();
    services.mailer.close();
  }

  // Again: the same user, key and honeypots; nothing sent; the same summary.
  const again = await runCli(['demo', '--json'], env);
  assert.equal(again.code, 0, again.stderr);
  const second = JSON.parse(again.stdout) as DemoJson;
  assert.deepEqual([second.user.id, second.key_id, second.api_key, second.emails_sent, second.emails_total], [demo.user.id, demo.key_id, null, 0, 100]);
  assert.deepEqual(second.honeypots.map((h) => h.id), demo.honeypots.map((h) => h.id));
  assert.deepEqual(second.summary.by_classification, classes);
  assert.match(again.stderr, /100 of the 100 demo emails are already there; sending the other 0\./);
});
