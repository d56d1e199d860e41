/**
 * Hostile input: zip bombs (ratio, lying sizes, overlapping entries), a 100-level nested archive,
 * corrupt zip/CFB/PDF/images, a 20 MB attachment, a spent budget, ClamAV that is down or silent,
 * and mutated fixtures. Each must finish fast, never throw, and say what was not inspected.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ClamdScanner, inspectAttachments } from '../../src/analysis/attachments/index.ts';
import { budgetOf } from '../../src/analysis/types.ts';
import { windowsExecutable } from '../fixtures/mime/generate.ts';
import { buildCfb, macroDocument } from '../fixtures/attachments/cfb.ts';
import { attachment, docx, pdfWithHiddenJavaScript } from '../fixtures/attachments/documents.ts';
import { qrPng } from '../fixtures/attachments/qr.ts';
import { description, inspect, prng } from '../fixtures/attachments/support.ts';
import { buildZip, nestedZip, overlappingZip } from '../fixtures/attachments/zip.ts';

const MIB = 1024 * 1024;

describe('zip bombs', () => {
  it('flags a 64 MiB entry packed at over 1000:1 from its declared sizes, without inflating it', async () => {
    const zeros = new Uint8Array(64 * MIB);
    const bomb = buildZip([{ name: 'data.bin', data: zeros }]);
    assert.ok(bomb.length < 128 * 1024);
    const outcome = await inspect([await attachment('bomb.zip', bomb)]);
    assert.deepEqual(outcome.types, ['archive_bomb']);
    assert.match(description(outcome, 'archive_bomb'), /ratio above 100:1/);
    assert.ok(outcome.cuts.some((c) => /decompression bomb, contents not extracted/.test(c)));
    assert.ok(outcome.ms < 500, `${outcome.ms} ms`);
  });

  it('catches an entry that inflates beyond the size it declares, stopping right there', async () => {
    const liar = buildZip([{ name: 'small.txt', data: new Uint8Array(20 * MIB), declaredSize: 100 }]);
    const outcome = await inspect([await attachment('liar.zip', liar)]);
    assert.deepEqual(outcome.types, ['archive_bomb']);
    assert.match(description(outcome, 'archive_bomb'), /inflates to more than the 100 bytes its archive declares/);
    assert.ok(outcome.ms < 500, `${outcome.ms} ms`);
  });

  it('flags overlapping entries (a non-recursive bomb) and a declared total above the cap', async () => {
    const overlapping = await inspect([await attachment('o.zip', overlappingZip(50, new Uint8Array(100 * 1024)))]);
    assert.deepEqual(overlapping.types, ['archive_bomb']);
    assert.match(description(overlapping, 'archive_bomb'), /overlap/);
    // 1,100 entries of just under 1 MiB each: no single ratio is checked, the total is above 1 GiB.
    const declared = await inspect([await attachment('big.zip', buildZip(Array.from({ length: 1100 }, (_, i) => ({ name: `f${i}`, data: Buffer.from('x'), method: 0 as const, declaredSize: MIB - 1 }))))]);
    assert.match(description(declared, 'archive_bomb'), /declare \d+ bytes in total/);
  });
});

describe('deep and damaged containers', () => {
  it('stops a 100-level nested archive at the depth limit, says so, and finishes fast', async () => {
    const deep = nestedZip(100, 'payload.exe', windowsExecutable());
    const outcome = await inspect([await attachment('deep.zip', deep)]);
    assert.deepEqual(outcome.types, ['archive_too_deep']);
    assert.match(description(outcome, 'archive_too_deep'), /nested 5 levels deep, beyond the 5 levels/);
    assert.ok(outcome.cuts.some((c) => /archive nested deeper than 5 levels, not opened/.test(c)));
    assert.ok(outcome.ms < 1000, `${outcome.ms} ms`);
    const shallow = await inspect([await attachment('deep.zip', nestedZip(4, 'payload.exe', windowsExecutable()))]);
    assert.deepEqual(shallow.types, ['archive_executable']);
    const limited = await inspect([await attachment('deep.zip', nestedZip(4, 'payload.exe', windowsExecutable()))], { maxArchiveDepth: 2 });
    assert.deepEqual(limited.types, ['archive_too_deep']);
  });

  it('reports corrupt zips and survives damaged CFB, PDF and image data', async () => {
    const zip = buildZip([{ name: 'a.txt', data: Buffer.from('hello world') }]);
    const truncated = await inspect([await attachment('t.zip', zip.subarray(0, zip.length - 30))]);
    assert.ok(truncated.types.includes('archive_corrupt'), truncated.types.join(','));
    const doc = macroDocument('Attribute VB_Name = "x"\r\nSub AutoOpen()\r\nEnd Sub\r\n');
    const damaged = [
      await attachment('d.doc', doc.subarray(0, 1500)),
      await attachment('p.pdf', pdfWithHiddenJavaScript().subarray(0, 300)),
      await attachment('q.png', qrPng('https://evil.example/').subarray(0, 400), { inline: true }),
      await attachment('r.zip', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 0xff)])),
    ];
    const outcome = await inspect(damaged);
    assert.equal(outcome.verdicts.length, 4);
  });

  it('ends CFB chains that loop and directories that point at themselves', async () => {
    const doc = Buffer.from(macroDocument('Attribute VB_Name = "x"\r\nSub AutoOpen()\r\nEnd Sub\r\n'));
    const fatStart = 512;
    for (let i = 0; i < 128; i++) doc.writeUInt32LE(i, fatStart + i * 4); // every sector points at itself
    const outcome = await inspect([await attachment('loop.doc', doc)]);
    assert.ok(outcome.ms < 1000);
    const selfRef = Buffer.from(buildCfb([{ name: 'a', data: Buffer.alloc(10) }, { name: 'b', data: Buffer.alloc(10) }]));
    const directory = selfRef.indexOf(Buffer.from('R\0o\0o\0t\0', 'latin1'));
    selfRef.writeUInt32LE(0, directory + 76); // root's child is the root
    await inspect([await attachment('self.doc', selfRef)]);
  });

  it('caps the entries listed per archive and says how many were left', async () => {
    const many = buildZip(Array.from({ length: 3000 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from('x'), method: 0 as const })));
    const outcome = await inspect([await attachment('many.zip', many)]);
    assert.ok(outcome.cuts.some((c) => /only the first 2000 of 3000 archive entries/.test(c)), outcome.cuts.join('\n'));
  });

  it('scans the first 16 MiB of a 20 MB attachment and says the rest was not', async () => {
    const random = prng(3);
    const big = Buffer.alloc(20 * 1000 * 1000);
    for (let i = 0; i < big.length; i += 4) big.writeUInt32LE((random() * 0x100000000) >>> 0, i);
    big.write('%PDF-1.7\n', 0, 'latin1');
    big.write('/S /URI /URI (https://late.example/x)', 18 * MIB, 'latin1');
    const outcome = await inspect([await attachment('huge.pdf', big)]);
    assert.ok(outcome.cuts.some((c) => /huge\.pdf: only the first 16777216 bytes of the PDF were scanned/.test(c)), outcome.cuts.join('\n'));
    assert.deepEqual(outcome.iocs.urls, []);
    assert.ok(outcome.ms < 3000, `${outcome.ms} ms`);
  });
});

describe('pathological text', () => {
  it('scans inputs built to make naive patterns quadratic in linear time', async () => {
    const cases = [
      await attachment('a.html', `<script>var s = '${"\\'".repeat(500_000)}</script>`),
      await attachment('b.pdf', `%PDF-1.4\n${'/URI ('.repeat(200_000)}`),
      await attachment('c.pdf', `%PDF-1.4\n${'<< /Type /ObjStm /Filter /FlateDecode >>stream\n'.repeat(3000)}`),
      await attachment('d.rar', Buffer.concat([Buffer.from('Rar!\x1a\x07\x00', 'latin1'), Buffer.alloc(8 * MIB, 0x61)])),
      await attachment(`${' '.repeat(30_000)}x`, 'padding'),
      await attachment(`invoice.pdf${' '.repeat(30_000)}.exe`, windowsExecutable()),
      await attachment('e.docx', docx([{ name: 'word/_rels/document.xml.rels', data: Buffer.from('<Relationship '.repeat(70_000)) }])),
      await attachment('f.svg', `<svg xmlns="http://www.w3.org/2000/svg"><script>${'data:application/'.repeat(50_000)}</script></svg>`),
    ];
    const outcome = await inspect(cases);
    assert.ok(outcome.ms < 2000, `${outcome.ms} ms`);
    assert.match(description(outcome, 'attachment_double_extension'), /"invoice\.pdf +…/);
  });
});

describe('the time budget', () => {
  it('inspects nothing once the budget is spent but still returns every verdict with its hashes', async () => {
    const budget = budgetOf(0);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const report = await inspectAttachments([await attachment('a.exe', windowsExecutable()), await attachment('b.doc', macroDocument('x'))], budget);
    assert.deepEqual(report.findings, []);
    assert.equal(report.verdicts.length, 2);
    assert.ok(report.verdicts.every((v) => v.sha1.length === 40 && v.md5.length === 32));
    assert.deepEqual(budget.cuts, ['attachments: 2 of 2 not inspected (time budget spent)']);
  });
});

describe('mutated fixtures', () => {
  it('never throws on randomly damaged archives, documents and images (60 rounds of 5; FUZZ_ROUNDS=N for more)', async () => {
    const random = prng(99);
    const seeds = [
      buildZip([{ name: 'a/b.exe', data: windowsExecutable() }, { name: 'c.zip', data: buildZip([{ name: 'd.js', data: Buffer.from('x') }]) }]),
      macroDocument('Attribute VB_Name = "x"\r\nSub AutoOpen()\r\nEnd Sub\r\n'),
      docx([{ name: 'word/vbaProject.bin', data: macroDocument('x') }]),
      pdfWithHiddenJavaScript(),
      qrPng('https://evil.example/q'),
    ];
    const names = ['a.zip', 'b.doc', 'c.docx', 'd.pdf', 'e.png'];
    for (let round = 0; round < Number(process.env.FUZZ_ROUNDS ?? 60); round++) {
      const list = [];
      for (const [index, seed] of seeds.entries()) {
        const mutated = Buffer.from(seed);
        const flips = 1 + Math.floor(random() * 20);
        for (let f = 0; f < flips; f++) mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
        const cut = random() < 0.3 ? Math.floor(random() * mutated.length) : mutated.length;
        list.push(await attachment(names[index]!, mutated.subarray(0, cut)));
      }
      const outcome = await inspect(list);
      assert.equal(outcome.verdicts.length, seeds.length);
      assert.deepEqual(outcome.cuts.filter((c) => /unexpected error/.test(c)), []);
    }
  });
});

describe('ClamAV failures', () => {
  let dir: string;
  let silent: net.Server;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mailwarden-clamd-'));
    // A peer that accepts the connection and never answers: the timeout must end the scan.
    silent = net.createServer((socket) => socket.on('data', () => undefined));
    await new Promise<void>((resolve) => silent.listen(path.join(dir, 'silent.sock'), resolve));
  });
  after(async () => {
    await new Promise((resolve) => silent.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('records an unreachable clamd as a cut and keeps the static verdicts', async () => {
    const clamd = new ClamdScanner({ socketPath: path.join(dir, 'missing.sock'), timeoutMs: 2000 });
    const outcome = await inspect([await attachment('a.exe', windowsExecutable())], { clamd });
    assert.deepEqual(outcome.types, ['attachment_executable']);
    assert.ok(outcome.cuts.some((c) => /ClamAV scan of "a\.exe" failed: Cannot reach ClamAV at .*missing\.sock/.test(c)), outcome.cuts.join('\n'));
    assert.equal(outcome.verdicts[0]?.malwareDetected, false);
  });

  it('ends a scan clamd never answers at the timeout, or earlier when the budget runs out', async () => {
    const clamd = new ClamdScanner({ socketPath: path.join(dir, 'silent.sock'), timeoutMs: 300 });
    const timedOut = await inspect([await attachment('a.txt', 'hello')], { clamd });
    assert.ok(timedOut.cuts.some((c) => /did not answer within 300 ms/.test(c)), timedOut.cuts.join('\n'));
    const patient = new ClamdScanner({ socketPath: path.join(dir, 'silent.sock'), timeoutMs: 60_000 });
    const started = performance.now();
    const budgeted = await inspect([await attachment('a.txt', 'hello')], { clamd: patient }, 400);
    assert.ok(performance.now() - started < 5000);
    assert.ok(budgeted.cuts.includes('ClamAV scan: abandoned, the time budget ran out first'), budgeted.cuts.join('\n'));
  });
});
