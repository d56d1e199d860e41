/**
 * ClamAV for real: starts Debian's clamd (package `clamav-daemon`) with a throwaway database holding
 * one generated MD5 signature (`.hdb`, no freshclam download), on a unix socket and a TCP port, and
 * scans through ClamdScanner and inspectAttachments. Needs only the package, no network: no
 * freshclam, no system service. Skipped when clamd is not installed, unless MAILWARDEN_CLAMD_REQUIRED=1
 * (then it fails, saying what to install).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ClamdScanner, clamdFromConfig } from '../../src/analysis/attachments/index.ts';
import { loadConfig } from '../../src/config.ts';
import { attachment } from '../fixtures/attachments/documents.ts';
import { inspect } from '../fixtures/attachments/support.ts';
import { buildZip } from '../fixtures/attachments/zip.ts';
import { freePort } from '../support/ports.ts';

const CLAMD = ['/usr/sbin/clamd', '/usr/bin/clamd', '/usr/local/sbin/clamd'].find((candidate) => existsSync(candidate)) ?? null;
const skip = CLAMD === null && process.env.MAILWARDEN_CLAMD_REQUIRED !== '1' ? 'clamd not installed (apt-get install clamav-daemon)' : false;
/** A harmless payload our own signature names; the signature is its MD5 and size. */
const PAYLOAD = Buffer.from('Mailwarden ClamAV harness payload: not malware, matched by a generated signature.\n');
const SIGNATURE = 'Mailwarden.Test.Payload';
const STARTUP_MS = 60_000;


describe('ClamAV through clamd (zINSTREAM)', { skip }, () => {
  let dir: string;
  let clamd: ChildProcess;
  let socketPath: string;
  let port: number;
  let log = '';

  before(async () => {
    if (CLAMD === null) throw new Error('clamd is not installed: apt-get install clamav-daemon (MAILWARDEN_CLAMD_REQUIRED=1 makes this a failure).');
    dir = mkdtempSync(path.join(os.tmpdir(), 'mailwarden-clamd-'));
    mkdirSync(path.join(dir, 'db'));
    writeFileSync(path.join(dir, 'db', 'mailwarden.hdb'), `${createHash('md5').update(PAYLOAD).digest('hex')}:${PAYLOAD.length}:${SIGNATURE}\n`);
    socketPath = path.join(dir, 'clamd.sock');
    port = await freePort();
    writeFileSync(path.join(dir, 'clamd.conf'), [
      `LocalSocket ${socketPath}`, `TCPSocket ${port}`, 'TCPAddr 127.0.0.1', `DatabaseDirectory ${path.join(dir, 'db')}`,
      'Foreground yes', `TemporaryDirectory ${dir}`, 'StreamMaxLength 30M', 'LogTime no', '',
    ].join('\n'));
    clamd = spawn(CLAMD, ['-c', path.join(dir, 'clamd.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    clamd.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    clamd.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const exited = new Promise<never>((_, reject) => clamd.once('exit', (code) => reject(new Error(`clamd exited with ${code}: ${log}`))));
    await Promise.race([exited, waitForPong(new ClamdScanner({ socketPath, timeoutMs: 1000 }))]);
  });

  after(async () => {
    if (clamd && clamd.exitCode === null) {
      const exited = new Promise((resolve) => clamd.once('exit', resolve));
      clamd.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Resolves once clamd answers PING (its database loaded), polling its socket. */
  async function waitForPong(scanner: ClamdScanner): Promise<void> {
    const deadline = performance.now() + STARTUP_MS;
    while (performance.now() < deadline) {
      if (existsSync(socketPath) && (await scanner.ping())) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`clamd did not answer PING within ${STARTUP_MS} ms: ${log}`);
  }

  it('names the signature of a matching attachment, over the unix socket, as a decisive finding', async () => {
    const clamdScanner = new ClamdScanner({ socketPath, timeoutMs: 10_000 });
    const outcome = await inspect([await attachment('clean.txt', 'nothing to see'), await attachment('payload.bin', PAYLOAD)], { clamd: clamdScanner });
    assert.deepEqual(outcome.verdicts.map((v) => v.threatName), [null, `${SIGNATURE}.UNOFFICIAL`]);
    assert.equal(outcome.verdicts[1]?.malwareDetected, true);
    assert.deepEqual(outcome.types, ['clamav_detection']);
    assert.match(outcome.findings[0]!.description, /ClamAV \(.*clamd\.sock\) identified "payload\.bin" as Mailwarden\.Test\.Payload\.UNOFFICIAL/);
    assert.deepEqual(outcome.cuts, []);
  });

  it('finds the payload inside a zip (clamd unpacks it) over TCP, configured through the environment', async () => {
    const scanner = clamdFromConfig(loadConfig({ CLAMD_HOST: '127.0.0.1', CLAMD_PORT: String(port), CLAMD_TIMEOUT_MS: '10000' }).clamd);
    assert.ok(scanner);
    const outcome = await inspect([await attachment('docs.zip', buildZip([{ name: 'payload.bin', data: PAYLOAD }]))], { clamd: scanner });
    assert.equal(outcome.verdicts[0]?.threatName, `${SIGNATURE}.UNOFFICIAL`);
  });

  it('scans a 20 MB attachment in chunks and answers clean', async () => {
    const scanner = new ClamdScanner({ socketPath, timeoutMs: 30_000 });
    assert.deepEqual(await scanner.scan(Buffer.alloc(20_000_000, 0x41)), { infected: false, signature: null });
  });
});
