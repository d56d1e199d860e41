/**
 * The JavaScript example of the Threat API's documentation (seeds/004, "JavaScript SDK Example") runs
 * unchanged against a real server, with only the import's package name, the base URL and the key
 * filled in, as its own Node process: it lists emails with threat_score > 50 that real mail produced
 * (ingested over HTTP, analysed by the real pipeline) and creates the honeypot.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { REPO_ROOT } from '../support/processes.ts';
import { cleanMessage, phishingMessage, startSdkServer, trapAddress, type SdkServer } from './support.ts';

/** The example as the documentation prints it (kept as text: it is data here, and not lint-clean by design). */
const EXAMPLE = fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'seed-example.js.txt'), 'utf8');
/** The documentation itself, beside the repository (present in CI and on developer machines). */
const SEED = path.join(REPO_ROOT, '..', 'shared', 'seeds', '004_708df619e1e2acdc.txt');

let server: SdkServer;

before(async () => {
  server = await startSdkServer();
});
after(() => server.close());

test('the checked-in example is the documentation\'s, character for character', { skip: !fs.existsSync(SEED) && 'the seeds folder is not beside this checkout' }, () => {
  const seed = fs.readFileSync(SEED, 'utf8');
  const start = seed.indexOf("import Smailander from '@smailander/sdk';");
  const end = seed.indexOf('Python SDK Example', start);
  assert.ok(start >= 0 && end > start, 'the JavaScript SDK Example is in the seed');
  assert.equal(EXAMPLE.trim(), seed.slice(start, end).trim());
});

test('the documented example lists real emails with threat_score > 50 and creates the honeypot', async () => {
  const { client, key } = await server.tenant(['emails:read', 'emails:write', 'honeypots:read', 'honeypots:write']);
  const trap = await client.honeypots.create({ email_address: trapAddress(), purpose: 'trap' });
  for (let i = 0; i < 3; i++) await client.emails.ingest(phishingMessage(trap.email_address, `Account limited #${i}`));
  await client.emails.ingest(cleanMessage(trap.email_address));
  await server.t.services.analysis.drain();

  const program = `${EXAMPLE
    .replace("'@smailander/sdk'", "'@mailwarden/sdk'")
    .replace("'https://api.smailander.com/v1'", JSON.stringify(server.baseUrl))
    .replace("'YOUR_API_KEY'", JSON.stringify(key))}\nconsole.log(JSON.stringify({ emails, honeypot }));\n`;
  // Asynchronously: the server answering the example runs in this process.
  const run = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', program], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  const { emails, honeypot } = JSON.parse(run.stdout) as {
    emails: { data: Array<{ threat_score: number; subject: string }>; pagination: { limit: number; total: number } };
    honeypot: { id: string; email_address: string; purpose: string; status: string };
  };
  assert.equal(emails.data.length, 3, 'the three phishing messages, not the clean note');
  assert.equal(emails.pagination.limit, 10);
  for (const email of emails.data) {
    assert.ok(email.threat_score > 50, `threat_score ${email.threat_score}`);
    assert.match(email.subject, /Account limited/);
  }
  assert.match(honeypot.id, /^honeypot_/);
  assert.equal(honeypot.email_address, 'test@company.com');
  assert.equal(honeypot.purpose, 'monitoring');
  assert.equal(honeypot.status, 'active');
});
