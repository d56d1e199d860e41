/**
 * Running Mailwarden (or a fixture server) as a real child process, for end-to-end tests and
 * benchmarks: started with a clean environment, ready once its log prints a line matching `ready`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface StartedProcess {
  child: ChildProcess;
  /** The first capture group of `ready` in the log (e.g. a port or URL). */
  ready: string;
}

export function startProcess(args: string[], env: Record<string, string>, ready: RegExp): Promise<StartedProcess> {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const match = ready.exec(out);
      if (match) {
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume(); // keep draining the log so the process never blocks on a full pipe
        resolve({ child, ready: match[1]! });
      }
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before it was ready: ${err}${out.slice(-2000)}`)));
  });
}

/** `mailwarden serve --role smtp` on a free port; resolves with the port it listens on. */
export async function startSmtpProcess(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const started = await startProcess(['bin/mailwarden.js', 'serve', '--role', 'smtp'], { ...env, SMTP_PORT: '0', LOG_LEVEL: 'info' }, /"smtp_port":(\d+)/);
  return { child: started.child, port: Number(started.ready) };
}

/** SIGTERM, and wait for the exit. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
