/**
 * Where an interrupted `mailwarden import` resumes: one small JSON file per (archive, honeypot) in
 * DATA_DIR/imports/, rewritten atomically (write + rename) as messages are committed. It only ever
 * records a position whose messages — and all before it — are committed, so resuming never skips one.
 * It is an accelerator, not the guarantee: duplicates are also found in the database.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ResumePoint } from './sources.ts';

export interface ImportCounts {
  imported: number;
  duplicates: number;
  too_large: number;
  failed: number;
}

interface StateFile {
  source: string;
  honeypot_id: string;
  /** Archive size and modification time: a changed archive starts over (its positions mean nothing). */
  size: number;
  mtime_ms: number;
  resume: ResumePoint;
  counts: ImportCounts;
  updated_at: string;
}

export class ImportState {
  readonly file: string;
  private readonly identity: Pick<StateFile, 'source' | 'honeypot_id' | 'size' | 'mtime_ms'>;

  constructor(dataDir: string, paths: readonly string[], honeypotId: string) {
    const source = paths.map((p) => resolve(p)).join('\n');
    const info = paths.length === 1 ? statSync(paths[0]!) : null;
    this.identity = { source, honeypot_id: honeypotId, size: info?.isFile() ? info.size : 0, mtime_ms: info?.isFile() ? Math.floor(info.mtimeMs) : 0 };
    const key = createHash('sha256').update(`${source}\n${honeypotId}`).digest('hex').slice(0, 24);
    this.file = join(dataDir, 'imports', `${key}.json`);
  }

  /** The saved position and counts, or null when there is none for this archive as it is now. */
  load(): { resume: ResumePoint; counts: ImportCounts } | null {
    let saved: StateFile;
    try {
      saved = JSON.parse(readFileSync(this.file, 'utf8')) as StateFile;
    } catch {
      return null;
    }
    const same = saved.source === this.identity.source && saved.honeypot_id === this.identity.honeypot_id
      && saved.size === this.identity.size && saved.mtime_ms === this.identity.mtime_ms;
    return same ? { resume: saved.resume, counts: saved.counts } : null;
  }

  save(resume: ResumePoint, counts: ImportCounts): void {
    mkdirSync(join(this.file, '..'), { recursive: true });
    const state: StateFile = { ...this.identity, resume, counts, updated_at: new Date().toISOString() };
    writeFileSync(`${this.file}.tmp`, JSON.stringify(state));
    renameSync(`${this.file}.tmp`, this.file);
  }

  clear(): void {
    rmSync(this.file, { force: true });
  }
}
