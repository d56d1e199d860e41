/**
 * The MIME parser over the real-mail corpus in ../shared/corpus (phishing and ham-modern): every
 * message parses without throwing and satisfies the result's invariants. Skipped, with a message,
 * where the corpus is not present.
 *
 * The corpus holds real people's data: failures name only the file and the invariant, never an
 * address or any content.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMessage, type ParsedMessage, type ParseWarningCode } from '../../src/emails/parsing/index.ts';
import { StructureScanner } from '../../src/emails/parsing/structure-scanner.ts';
import { resolveLimits } from '../../src/emails/parsing/types.ts';
import { WarningList } from '../../src/emails/parsing/warnings.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS = path.resolve(REPO_ROOT, '..', 'shared', 'corpus');
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Warnings raised when a limit changed what mailparser saw; otherwise the body must pass unchanged. */
const LIMIT_WARNINGS = new Set<ParseWarningCode>(['header_line_too_long', 'headers_too_large', 'too_many_parts', 'nesting_too_deep', 'message_too_large', 'no_headers', 'malformed_header']);

/** The invariants every parsed message must satisfy; returns the names of those it breaks. */
function brokenInvariants(raw: Buffer, parsed: ParsedMessage): string[] {
  const broken: string[] = [];
  const codes = new Set(parsed.warnings.map((w) => w.code));
  if (parsed.from === null && !codes.has('missing_from')) broken.push('no from and no missing_from warning');
  if (parsed.size !== raw.length) broken.push('size differs from the input length');
  if (parsed.date !== null && !ISO_UTC.test(parsed.date)) broken.push('date is not ISO-8601 UTC');
  for (const attachment of parsed.attachments) {
    if (attachment.size !== attachment.content.length) broken.push('attachment size differs from its content length');
    if (attachment.sha256 !== createHash('sha256').update(attachment.content).digest('hex')) broken.push('attachment sha256 does not match its content');
    if (!attachment.sniffedContentType.includes('/')) broken.push('attachment sniffed type is not a MIME type');
  }
  if (JSON.stringify({ ...parsed, attachments: parsed.attachments.map((a) => ({ ...a, content: null })) }).includes('\\u0000')) {
    broken.push('a string field contains NUL');
  }
  for (const warning of parsed.warnings) if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(warning.code) || warning.message.length < 10) broken.push('malformed warning');
  if (![...codes].some((code) => LIMIT_WARNINGS.has(code)) && !bodyPassesUnchanged(raw)) broken.push('scanner changed the body of an ordinary message');
  return broken;
}

/** The structure scanner hands mailparser the message body (after the top-level header block) byte for byte. */
function bodyPassesUnchanged(raw: Buffer): boolean {
  const scanner = new StructureScanner(resolveLimits(), new WarningList());
  const passed = Buffer.concat([...scanner.push(raw), ...scanner.end()]);
  const bodyOf = (bytes: Buffer): Buffer => {
    const crlf = bytes.indexOf('\r\n\r\n');
    const lf = bytes.indexOf('\n\n');
    const end = crlf !== -1 && (lf === -1 || crlf < lf) ? crlf + 4 : lf !== -1 ? lf + 2 : bytes.length;
    return bytes.subarray(end);
  };
  return bodyOf(passed).equals(bodyOf(raw));
}

for (const set of ['phishing', 'ham-modern']) {
  const dir = path.join(CORPUS, set);
  const present = fs.existsSync(dir);
  describe(`parseMessage over the ${set} corpus`, () => {
    it(`parses every message in ${set}/ and keeps the invariants`, { skip: present ? false : `corpus not found at ${dir}` }, async () => {
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
      assert.ok(files.length > 0, `${dir} holds no .eml files`);
      const failures: string[] = [];
      for (const file of files) {
        const raw = fs.readFileSync(path.join(dir, file));
        let parsed: ParsedMessage;
        try {
          parsed = await parseMessage(raw);
        } catch (err) {
          failures.push(`${file}: threw ${(err as Error).name}`);
          continue;
        }
        for (const invariant of brokenInvariants(raw, parsed)) failures.push(`${file}: ${invariant}`);
        if (parsed.warnings.some((w) => w.code === 'parse_failed' || w.code === 'parse_timeout')) failures.push(`${file}: decoding failed or timed out`);
      }
      assert.deepEqual(failures, []);
    });
  });
}
