/**
 * `mailwarden import`: an mbox into a honeypot through the ingest pipeline (counts, rows, stored
 * bytes), duplicates skipped on a second run and across formats, resuming after an interruption,
 * and the errors a person meets (unknown honeypot, missing file).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { importCommand } from '../../src/cli/import.ts';
import { loadConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { captureIO, cliEnv, runCli, startCliUntil } from './support.ts';

const DOMAIN = 'traps.example.com';

function letter(n: number, body = `Message number ${n}. ${'Filler text for a realistic size. '.repeat(30)}`): string {
  return [`From: Sender ${n} <sender${n}@mailer${n % 7}.example>`, `To: archive@${DOMAIN}`, `Subject: Archived message ${n}`, `Message-ID: <archived-${n}@mailer.example>`, '', body, ''].join('\n');
}

function writeMbox(file: string, letters: string[]): void {
  writeFileSync(file, letters.map((l) => `From sender@mailer.example Mon Mar  9 10:00:00 2026\n${l.replace(/^(>*From )/gm, '>$1')}\n`).join(''));
}

describe('mailwarden import', () => {
  let testDb: TestDb;
  let services: Services;
  let env: Record<string, string>;
  let honeypotId: string;
  let userId: string;

  before(async () => {
    testDb = await createTestDb();
    env = cliEnv(testDb, { HONEYPOT_DOMAINS: DOMAIN });
    const config = loadConfig(env);
    services = createServices({ config, db: testDb.db, clock: new ManualClock('2026-03-12T10:00:00.000Z'), logger: createLogger('silent') });
    const user = await services.users.create({ email: 'importer@example.com', plan: 'pro' });
    userId = user.id;
    honeypotId = (await services.honeypots.create(user.id, { email_address: `archive@${DOMAIN}` })).id;
    await services.honeypots.create(user.id, { email_address: `paused@${DOMAIN}`, status: 'inactive' });
  });
  after(() => testDb.cleanup());

  async function storedCount(): Promise<number> {
    const row = await testDb.db.kysely.selectFrom('emails').select((eb) => eb.fn.countAll<number>().as('n')).where('honeypot_id', '=', honeypotId).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  test('imports an mbox, stores each message as captured mail, and skips everything on a second run', async () => {
    const file = join(testDb.dataDir, 'small.mbox');
    const letters = Array.from({ length: 20 }, (_, i) => letter(i));
    letters.push(letter(3)); // the same message twice in one archive
    letters.push(letter(99, 'Line one\nFrom the desk of the sender: this line was escaped in the mbox.'));
    writeMbox(file, letters);
    const io = captureIO(env);
    assert.equal(await importCommand([file, '--honeypot', `Archive@${DOMAIN}`, '--json'], io), 0);
    const result = JSON.parse(io.stdout[0]!) as Record<string, unknown>;
    assert.deepEqual({ imported: result.imported, duplicates: result.duplicates, failed: result.failed, interrupted: result.interrupted }, { imported: 21, duplicates: 1, failed: 0, interrupted: false });
    assert.equal(await storedCount(), 21);

    const row = await testDb.db.kysely.selectFrom('emails').selectAll().where('message_id', '=', '<archived-99@mailer.example>').executeTakeFirstOrThrow();
    assert.deepEqual([row.user_id, row.analysis_status, row.subject, row.smtp_mail_from], [userId, 'pending', 'Archived message 99', 'sender@mailer.example']);
    const chunks: Buffer[] = [];
    for await (const chunk of await services.blobs.open(row.raw_sha256)) chunks.push(chunk as Buffer);
    assert.match(Buffer.concat(chunks).toString(), /\r\nLine one\r\nFrom the desk of the sender/);

    // Again, and the same mail as .eml files (LF line endings): nothing new.
    const again = captureIO(env);
    await importCommand([file, '--honeypot', `archive@${DOMAIN}`, '--json'], again);
    assert.deepEqual(pick(JSON.parse(again.stdout[0]!)), { imported: 0, duplicates: 22 });
    const emlDir = join(testDb.dataDir, 'eml');
    mkdirSync(emlDir);
    letters.slice(0, 5).forEach((l, i) => writeFileSync(join(emlDir, `${i}.eml`), l));
    const eml = captureIO(env);
    await importCommand([emlDir, '--honeypot', `archive@${DOMAIN}`, '--json'], eml);
    assert.deepEqual(pick(JSON.parse(eml.stdout[0]!)), { imported: 0, duplicates: 5 });
    assert.equal(await storedCount(), 21);
    // A finished import leaves no resume state behind.
    assert.deepEqual(readdirSync(join(testDb.dataDir, 'imports')), []);
  });

  test('an interrupted import resumes where it stopped and stores every message once', async () => {
    const before = await storedCount();
    const file = join(testDb.dataDir, 'large.mbox');
    const total = 600;
    writeMbox(file, Array.from({ length: total }, (_, i) => letter(1000 + i)));
    const args = ['import', file, '--honeypot', `archive@${DOMAIN}`, '--json', '--concurrency', '2'];
    const { child, exit } = await startCliUntil(args, env, /^100 read/m);
    child.kill('SIGINT');
    const first = await exit;
    assert.equal(first.code, 130, first.stderr);
    const stopped = JSON.parse(first.stdout) as { imported: number; interrupted: boolean };
    assert.equal(stopped.interrupted, true);
    assert.ok(stopped.imported >= 100 && stopped.imported < total, `first run imported ${stopped.imported}`);
    assert.equal(readdirSync(join(testDb.dataDir, 'imports')).length, 1);

    const second = await runCli(args, env);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, new RegExp(`Resuming the import into archive@${DOMAIN.replace(/\./g, '\\.')} at message ${stopped.imported + 1} `));
    const resumed = JSON.parse(second.stdout) as { imported: number; duplicates: number; resumed_at: number };
    // The counts cover the whole archive, the interrupted run included.
    assert.deepEqual([resumed.resumed_at, resumed.imported, resumed.duplicates], [stopped.imported, total, 0]);
    assert.equal(await storedCount(), before + total);
    assert.equal(existsSync(join(testDb.dataDir, 'imports')) ? readdirSync(join(testDb.dataDir, 'imports')).length : 0, 0);
  });

  test('an unknown or inactive honeypot and a missing archive are explained', async () => {
    const file = join(testDb.dataDir, 'small.mbox');
    await assert.rejects(importCommand([file, '--honeypot', `nobody@${DOMAIN}`], captureIO(env)), /No honeypot nobody@traps\.example\.com on this server\. List the honeypots with GET \/v1\/honeypots .* create one with POST \/v1\/honeypots/);
    await assert.rejects(importCommand([file, '--honeypot', `paused@${DOMAIN}`], captureIO(env)), /is inactive; only active honeypots receive mail/);
    const missing = await runCli(['import', join(testDb.dataDir, 'nope.mbox'), '--honeypot', `archive@${DOMAIN}`], env);
    assert.deepEqual([missing.code, missing.stderr.trim()], [2, `mailwarden: ${join(testDb.dataDir, 'nope.mbox')}: no such file or directory.`]);
    const noHoneypot = await runCli(['import', file], env);
    assert.deepEqual([noHoneypot.code, noHoneypot.stderr.trim()], [2, 'mailwarden: Missing --honeypot.']);
  });
});

function pick(result: Record<string, unknown>) {
  return { imported: result.imported, duplicates: result.duplicates };
}
