/**
 * Filesystem helpers.
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * Creates `dir` and its missing parents one level at a time, then checks it is writable. Throws the
 * system error (with `code`) on failure. Avoids `mkdirSync(…, {recursive: true})`, which spins
 * forever on paths under special filesystems such as /proc.
 */
export function ensureWritableDir(dir: string): void {
  const missing: string[] = [];
  let current = path.resolve(dir);
  while (!fs.existsSync(current)) {
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const level of missing) fs.mkdirSync(level);
  if (!fs.statSync(dir).isDirectory()) throw Object.assign(new Error(`${dir} is not a directory`), { code: 'ENOTDIR' });
  fs.accessSync(dir, fs.constants.W_OK);
}
