/**
 * The SDK source type-checks in a browser environment (DOM and ES2022 libraries, no Node types), so
 * it uses nothing Node-only: fetch, Headers, AbortSignal, URL, TextEncoder and Web Crypto only.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../support/processes.ts';

test('packages/sdk type-checks with browser libraries and without @types/node', async () => {
  const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = await promisify(execFile)(process.execPath, [tsc, '-p', path.join(REPO_ROOT, 'packages', 'sdk', 'tsconfig.json')], { cwd: REPO_ROOT, encoding: 'utf8' }).then(
    (r) => ({ code: 0, output: r.stdout + r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
  );
  assert.equal(result.code, 0, `tsc -p packages/sdk/tsconfig.json failed:\n${result.output}`);
});
