/**
 * The worker-thread pool (a stuck worker is replaced, its message rejected, the next one served) and
 * `mailwarden analyze` (JSON lines with the file, human output, exit codes).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { AnalysisCrashed, AnalysisPool } from '../../src/analysis/pool.ts';
import { analyzeCommand } from '../../src/cli/analyze.ts';
import { letter } from '../fixtures/mime/generate.ts';
const PHISH = letter(['From: "Microsoft 365" <alerts@m365-mailbox-quota.example>', 'Subject: Your mailbox is full'], [
  'Dear user, your mailbox storage is full and incoming messages were held.',
  'Verify your account within 24 hours to keep receiving mail: https://bit.ly/3xYzAbc',
]);
const CLEAN = letter(['From: Ana <ana@colleague.example>', 'Subject: Lunch'], ['Shall we have lunch on Thursday at the usual place?']);

describe('analysis pool', () => {
  test('a worker past the hard timeout is stopped, its message rejects and a fresh worker takes its place', async () => {
    const pool = new AnalysisPool({ size: 1, settings: { dnsServers: null }, hardTimeoutMs: 1 });
    try {
      await assert.rejects(pool.analyze(PHISH, null), AnalysisCrashed);
      await assert.rejects(pool.analyze(CLEAN, null), /took longer than 1 ms/);
      assert.equal(pool.size, 1);
    } finally {
      await pool.close();
    }
    // The same messages on a pool with the default timeout are analysed, concurrently and in order.
    const healthy = new AnalysisPool({ size: 1, settings: { dnsServers: null } });
    try {
      const results = await Promise.all([healthy.analyze(PHISH, null), healthy.analyze(CLEAN, null)]);
      assert.ok(results[0]!.scores.phishing_score > results[1]!.scores.phishing_score);
    } finally {
      await healthy.close();
    }
  });

  test('a closed pool refuses work with a clear error', async () => {
    const pool = new AnalysisPool({ size: 1, settings: { dnsServers: null } });
    await pool.close();
    await assert.rejects(pool.analyze(CLEAN, null), /closed/);
  });
});

describe('mailwarden analyze', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mw-analyze-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'nested'));
  writeFileSync(join(dir, 'a-phish.eml'), PHISH);
  writeFileSync(join(dir, 'nested', 'b-clean.eml'), CLEAN);
  writeFileSync(join(dir, 'notes.md'), 'not mail');

  test('--json prints one line per message with its file, scores, indicators and defanged IOCs', async () => {
    const out: string[] = [];
    const code = await analyzeCommand([dir], { json: true, threads: 1, out: (l) => out.push(l), err: () => {} });
    assert.equal(code, 0);
    assert.equal(out.length, 2);
    const [phish, clean] = out.map((l) => JSON.parse(l));
    assert.equal(phish.file, join(dir, 'a-phish.eml'));
    assert.equal(clean.file, join(dir, 'nested', 'b-clean.eml'));
    assert.ok(phish.phishing_score > clean.phishing_score);
    assert.ok(phish.indicators.some((i: { type: string }) => i.type === 'url_shortener_link'));
    assert.ok(phish.iocs.urls.some((u: string) => u.startsWith('hxxps://bit[.]ly')), JSON.stringify(phish.iocs.urls));
    assert.equal(clean.classification, 'CLEAN');
  });

  test('human output names the file, the classification and the reasons; a missing path is a usage error', async () => {
    const out: string[] = [];
    const err: string[] = [];
    await analyzeCommand([join(dir, 'a-phish.eml')], { json: false, threads: 1, out: (l) => out.push(l), err: (l) => err.push(l) });
    assert.match(out[0]!, /a-phish\.eml/);
    assert.match(out[0]!, /phishing \d+/);
    assert.match(err.at(-1)!, /1 analysed/);
    await assert.rejects(analyzeCommand([join(dir, 'nope')], { json: true, threads: 1 }), /no such file/);
  });
});
