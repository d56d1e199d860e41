/**
 * `mailwarden serve --role worker` has no listening socket and its loops' timers do not hold the
 * process open: it must still run until a signal, then stop cleanly.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { startProcess } from '../support/processes.ts';

describe('serve --role worker', () => {
  it('keeps running until SIGTERM, then exits 0', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-serve-worker-'));
    try {
      const { child } = await startProcess(['bin/mailwarden.js', 'serve', '--role', 'worker'], { DATA_DIR: dataDir, LOG_LEVEL: 'info' }, /(Mailwarden is running)/);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const early = await Promise.race([exited.then(() => 'exited'), delay(1500).then(() => 'running')]);
      assert.equal(early, 'running', 'the worker process stayed up');
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
