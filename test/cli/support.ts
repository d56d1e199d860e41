/**
 * Running `mailwarden` for CLI tests: as a child process (the real entry point, exit status and
 * streams) or a command function in-process with its output captured.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { CliIO } from '../../src/cli/output.ts';
import { REPO_ROOT } from '../support/processes.ts';
import type { TestDb } from '../support/db.ts';

export const BIN = path.join(REPO_ROOT, 'bin', 'mailwarden.js');
/** PostgreSQL mode needs a vault key for anything encrypted; the value is only for tests. */
const TEST_SECRET = 'cli-test-vault-secret-0123456789abcdef0123';

/** Environment for a command against the test's database. */
export function cliEnv(testDb: TestDb, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATA_DIR: testDb.dataDir,
    ...(testDb.databaseUrl === undefined ? {} : { DATABASE_URL: testDb.databaseUrl, MAILWARDEN_SECRET: TEST_SECRET }),
    LOG_LEVEL: 'warn',
    ANALYSIS_AUTH_CHECKS: 'false',
    ANALYSIS_THREADS: '2',
    ...extra,
  };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `mailwarden ...args` to completion with only `env` (and PATH) set. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      if (code === null) reject(error);
      else resolve({ code, stdout, stderr });
    });
  });
}

/** Starts `mailwarden ...args` and resolves once its stderr matches `when` (the process keeps running). */
export function startCliUntil(args: string[], env: Record<string, string>, when: RegExp): Promise<{ child: ChildProcess; exit: Promise<CliRun> }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exit = new Promise<CliRun>((resolve) => child.once('exit', (code, signal) => resolve({ code: code ?? (signal === null ? -1 : 128), stdout, stderr })));
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (when.test(stderr)) resolve({ child, exit });
    });
    void exit.then((run) => reject(new Error(`mailwarden ${args.join(' ')} exited (${run.code}) before its output matched ${when}: ${run.stderr}${run.stdout}`)));
  });
}

/** A CliIO that records every line; stderr is not a terminal. */
export function captureIO(env: Record<string, string>): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line), redraw: () => {}, errIsTTY: false, env };
}
