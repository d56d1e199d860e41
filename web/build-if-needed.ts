/**
 * `npm start` runs this first: builds the dashboard into web/dist when it is missing or older than
 * its sources, so a fresh checkout serves the dashboard with no extra step. Exits non-zero (with the
 * reason) only when a build was needed and failed; the server itself does not depend on it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { build as viteBuild } from 'vite';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const builtIndex = path.join(webDir, 'dist', 'index.html');

/** Newest modification time (ms) of the files under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function needsBuild(): boolean {
  if (!fs.existsSync(builtIndex)) return true;
  const built = fs.statSync(builtIndex).mtimeMs;
  const sources = Math.max(newestMtime(path.join(webDir, 'src')), newestMtime(path.join(webDir, 'public')), fs.statSync(path.join(webDir, 'index.html')).mtimeMs);
  return sources > built;
}

if (needsBuild()) {
  process.stderr.write('Building the dashboard (web/dist)…\n');
  let build: typeof viteBuild;
  try {
    ({ build } = await import('vite'));
  } catch {
    process.stderr.write('The dashboard is not built and Vite is not installed (install dev dependencies with `npm ci`); the API will run without the dashboard.\n');
    process.exit(0);
  }
  await build({ root: webDir, configFile: path.join(webDir, 'vite.config.ts'), logLevel: 'warn' });
}
