/**
 * Hostile input through the whole analyser: every malformed case of the capture fuzz set is analysed
 * without a crash, and the expensive cases (zip bomb, 100-level nested archive, 20 MB HTML body,
 * pathological regex-like text) finish inside the time budget, saying what was cut short when they
 * were.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { Analyzer } from '../../src/analysis/analyzer.ts';
import { base64Lines, lines, message, zipArchive } from '../fixtures/mime/generate.ts';
import { HOSTILE } from '../fixtures/mime/hostile.ts';

const BUDGET_MS = 2_000;
const analyzer = new Analyzer({ budgetMs: BUDGET_MS });

function withAttachment(filename: string, content: Buffer): Buffer {
  return message(['Content-Type: multipart/mixed; boundary="z"'], lines(
    '--z', 'Content-Type: text/plain', '', 'see attached', '--z',
    `Content-Type: application/octet-stream; name="${filename}"`, `Content-Disposition: attachment; filename="${filename}"`, 'Content-Transfer-Encoding: base64', '',
    base64Lines(content), '--z--',
  ));
}

/** A zip holding one deflated entry of `size` zero bytes (a classic bomb: KBs in, hundreds of MB out). */
function zipBomb(size: number): Buffer {
  const data = deflateRawSync(Buffer.alloc(size), { level: 9 });
  const name = Buffer.from('zeros.bin');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(0, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  const centralOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

async function timed(raw: Buffer) {
  const started = performance.now();
  const result = await analyzer.analyze(raw, null);
  return { result, ms: performance.now() - started };
}

describe('hostile input through the analyser', () => {
  for (const entry of HOSTILE) {
    test(`${entry.name}: analysed without a crash`, async () => {
      const { result, ms } = await timed(entry.raw());
      assert.ok(result.scores.threat_score >= 0 && result.scores.threat_score <= 100);
      assert.ok(ms < BUDGET_MS * 2, `${ms} ms`);
    });
  }

  test('a zip bomb is not inflated and says so', async () => {
    const { result, ms } = await timed(withAttachment('invoice.zip', zipBomb(200 * 1024 * 1024)));
    assert.ok(ms < BUDGET_MS * 2, `${ms} ms`);
    assert.ok(result.indicators.some((i) => /bomb|ratio|not inspected|too large/i.test(`${i.type} ${i.description}`)), result.indicators.map((i) => i.type).join(','));
  });

  test('a 100-level nested archive stops at the depth limit and says so', async () => {
    let archive = zipArchive('payload.exe', Buffer.from('MZ fake executable'));
    for (let level = 0; level < 100; level++) archive = zipArchive(`level${level}.zip`, archive);
    const { result, ms } = await timed(withAttachment('nested.zip', archive));
    assert.ok(ms < BUDGET_MS * 2, `${ms} ms`);
    assert.ok(result.indicators.some((i) => /depth|nest/i.test(`${i.type} ${i.description}`) || /depth|nest/i.test(result.truncated.join(' '))), result.indicators.map((i) => i.type).join(','));
  });

  test('a 20 MB HTML body finishes inside the budget', async () => {
    const html = `<html><body>${'<div style="display:none">hidden <a href="https://x.example/a">y</a></div>'.repeat(280_000)}</body></html>`;
    const { result, ms } = await timed(message(['Content-Type: text/html; charset=utf-8'], html));
    assert.ok(html.length > 20_000_000);
    assert.ok(ms < BUDGET_MS * 3, `${ms} ms`);
    assert.ok(result.scores.threat_score >= 0);
  });

  test('pathological regex-like text finishes fast', async () => {
    const text = `${'a'.repeat(50_000)}!${'verify your account '.repeat(5_000)}${'(((((((((('.repeat(10_000)}${'http://'.repeat(20_000)}`;
    const { ms } = await timed(message(['Subject: ' + 'a'.repeat(5000) + '!'.repeat(5000)], text));
    assert.ok(ms < BUDGET_MS, `${ms} ms`);
  });

  test('a time budget that runs out is named in an indicator and the message is still scored', async () => {
    const tight = new Analyzer({ budgetMs: 1 });
    const html = '<p>x</p>'.repeat(200_000);
    const result = await tight.analyze(message(['Content-Type: text/html'], html), null);
    const truncated = result.indicators.find((i) => i.type === 'analysis_truncated');
    assert.ok(truncated, result.indicators.map((i) => i.type).join(','));
    assert.match(truncated.description, /not completed/);
  });
});
