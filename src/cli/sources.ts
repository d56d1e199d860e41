/**
 * The messages of what a person points a command at: an .eml file, a directory of them (searched
 * recursively, in name order so a second run sees the same order), or an mbox file (recognised by
 * its first `From ` line, whatever its name). One message is read at a time.
 */
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from './args.ts';
import { readMbox } from './mbox.ts';

export interface SourceMessage {
  /** For people: the file, or `file.mbox#12` (1-based) for a message in an mbox. */
  label: string;
  /** 0-based position within the source. */
  index: number;
  /** The raw message (CRLF line endings), or null when it is larger than the limit. */
  raw: Buffer | null;
  size: number;
  /** The mbox `From ` line's sender, when there is one. */
  envelopeFrom: string | null;
  /** Where reading resumes after this message: its index + 1 and, in an mbox, the next byte offset. */
  resume: ResumePoint;
}

export interface ResumePoint {
  index: number;
  /** mbox only: byte offset of the next message's `From ` line (or the file's size after the last). */
  offset: number | null;
}

export interface MessageSource {
  kind: 'mbox' | 'files';
  path: string;
  /** Messages in a directory or file list; null for an mbox (known only once read). */
  count: number | null;
  /** Bytes of the mbox, for progress by bytes; null otherwise. */
  bytes: number | null;
  /** Messages from `from` on (the start by default). `onBytes` reports mbox bytes read. */
  messages(from?: ResumePoint, onBytes?: (position: number) => void): AsyncGenerator<SourceMessage>;
}

/** File names analysed or imported from a directory. */
const MESSAGE_FILE = /\.(eml|msg|txt)$/i;

async function isMbox(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(5);
    const { bytesRead } = await handle.read(head, 0, 5, 0);
    return bytesRead === 5 && head.toString('latin1') === 'From ';
  } finally {
    await handle.close();
  }
}

async function listFiles(dir: string, into: string[]): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await listFiles(full, into);
    else if (entry.isFile() && MESSAGE_FILE.test(entry.name)) into.push(full);
  }
}

/** LF or CRLF line endings → CRLF, as SMTP stores mail (the same message gives the same SHA-256 either way). */
export function toCrlf(raw: Buffer): Buffer {
  if (!raw.includes(0x0a)) return raw;
  const parts: Buffer[] = [];
  let start = 0;
  for (let lf = raw.indexOf(0x0a); lf !== -1; lf = raw.indexOf(0x0a, start)) {
    const end = lf > 0 && raw[lf - 1] === 0x0d ? lf - 1 : lf;
    parts.push(raw.subarray(start, end), Buffer.from('\r\n'));
    start = lf + 1;
  }
  parts.push(raw.subarray(start));
  return Buffer.concat(parts);
}

function fileSource(path: string, files: string[], maxBytes: number): MessageSource {
  return {
    kind: 'files',
    path,
    count: files.length,
    bytes: null,
    async *messages(from) {
      for (let index = from?.index ?? 0; index < files.length; index++) {
        const file = files[index]!;
        const size = (await stat(file)).size;
        const raw = size > maxBytes ? null : toCrlf(await readFile(file));
        yield { label: file, index, raw, size: raw?.length ?? size, envelopeFrom: null, resume: { index: index + 1, offset: null } };
      }
    },
  };
}

function mboxSource(path: string, bytes: number, maxBytes: number): MessageSource {
  return {
    kind: 'mbox',
    path,
    count: null,
    bytes,
    async *messages(from, onBytes) {
      for await (const message of readMbox(path, { maxBytes, startOffset: from?.offset ?? 0, startIndex: from?.index ?? 0, onBytes })) {
        yield {
          label: `${path}#${message.index + 1}`,
          index: message.index,
          raw: message.raw,
          size: message.size,
          envelopeFrom: message.envelopeFrom,
          resume: { index: message.index + 1, offset: message.next },
        };
      }
    },
  };
}

/**
 * The messages at `paths`: several files or directories are read in turn as one list (an mbox must be
 * given alone). Messages over `maxBytes` come with `raw: null`.
 */
export async function openSource(paths: readonly string[], maxBytes: number): Promise<MessageSource> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info === null) throw new UsageError(`${path}: no such file or directory.`);
    if (info.isDirectory()) await listFiles(path, files);
    else if (await isMbox(path)) {
      if (paths.length > 1) throw new UsageError(`${path} is an mbox file; give it on its own (one mbox per run).`);
      return mboxSource(path, info.size, maxBytes);
    } else files.push(path);
  }
  return fileSource(paths.join(', '), files, maxBytes);
}
