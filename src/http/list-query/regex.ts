/**
 * `regex:` filters: a portable subset of regular-expression syntax that means the same on both engines.
 *
 * SQLite evaluates `REGEXP` with RE2 (re2js, linear time); PostgreSQL evaluates `~` with its own ARE engine.
 * The two disagree on several constructs (`\b` is a word boundary in RE2 but a backspace in ARE, `{n}` caps
 * at 1000 vs 255, case folding beyond ASCII, `\x41B`, POSIX classes, where `.` stops…), so instead of
 * passing the client's text through we scan it, accept only the subset below, and render it for each engine:
 *
 * - literals, `.`, `^`, `$`, `|`, `(…)`, `(?:…)`, `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}` (n, m ≤ 255) and lazy `?`;
 * - escaped ASCII punctuation (`\.`, `\(`, `\/`…), `\t \n \r \f \v`;
 * - `\d \w \s \D \W \S` (ASCII classes, expanded to explicit brackets), `\b \B` (ASCII word boundaries);
 * - bracket classes `[…]` / `[^…]` with ranges and the escapes above (`\D \W \S` and an unescaped `[` inside
 *   are refused);
 * - a leading `(?i)`: ASCII-only case-insensitive — we expand each ASCII letter to both cases ourselves, so
 *   neither engine's Unicode folding rules apply (the same rule as `contains`).
 *
 * Every rendered pattern starts with `(?s)`: `.` and `[^…]` match newlines, and `^`/`$` anchor only at the
 * ends of the text, on both engines. Backreferences and lookaround are refused (RE2 cannot run them, and
 * they are what makes backtracking engines exponential). The result is finally compiled with RE2 so any
 * remaining syntax error is reported as a 400.
 */
import { RE2JS } from 're2js';
import type { PortableRegex } from './types.ts';

export class RegexRejected extends Error {}

interface Range {
  lo: number;
  hi: number;
}

const DIGIT: Range[] = [{ lo: 0x30, hi: 0x39 }];
const WORD: Range[] = [{ lo: 0x30, hi: 0x39 }, { lo: 0x41, hi: 0x5a }, { lo: 0x5f, hi: 0x5f }, { lo: 0x61, hi: 0x7a }];
/** RE2's `\s`: tab, newline, form feed, carriage return, space (no vertical tab). */
const SPACE: Range[] = [{ lo: 0x09, hi: 0x0a }, { lo: 0x0c, hi: 0x0d }, { lo: 0x20, hi: 0x20 }];
const SHORTHANDS: Record<string, { ranges: Range[]; negated: boolean }> = {
  d: { ranges: DIGIT, negated: false },
  D: { ranges: DIGIT, negated: true },
  w: { ranges: WORD, negated: false },
  W: { ranges: WORD, negated: true },
  s: { ranges: SPACE, negated: false },
  S: { ranges: SPACE, negated: true },
};
/** Character escapes both engines read the same way. */
const CONTROL_ESCAPES: Record<string, number> = { t: 0x09, n: 0x0a, v: 0x0b, f: 0x0c, r: 0x0d };
const CONTROL_NAMES = new Map(Object.entries(CONTROL_ESCAPES).map(([name, code]) => [code, name]));
/** Literal outside a class only when escaped; we always emit them escaped. */
const ALWAYS_ESCAPE_OUTSIDE = new Set([']', '}']);
const ESCAPE_INSIDE_CLASS = new Set(['\\', ']', '[', '^', '-']);
const MAX_REPEAT = 255; // PostgreSQL's limit (RE2 allows 1000)

function isAsciiPunctuation(c: string): boolean {
  return /^[!-/:-@[-`{-~]$/.test(c);
}

function isAsciiLetter(c: string): boolean {
  return /^[A-Za-z]$/.test(c);
}

/** The same set with the other case of every ASCII letter added. */
function withAsciiCases(ranges: Range[]): Range[] {
  const out = [...ranges];
  for (const { lo, hi } of ranges) {
    for (const [from, to, shift] of [[0x61, 0x7a, -32], [0x41, 0x5a, 32]] as const) {
      const a = Math.max(lo, from);
      const b = Math.min(hi, to);
      if (a <= b) out.push({ lo: a + shift, hi: b + shift });
    }
  }
  return out;
}

function renderClassChar(code: number): string {
  const named = CONTROL_NAMES.get(code);
  if (named !== undefined) return `\\${named}`;
  const c = String.fromCodePoint(code);
  return ESCAPE_INSIDE_CLASS.has(c) ? `\\${c}` : c;
}

function renderRange({ lo, hi }: Range): string {
  if (lo === hi) return renderClassChar(lo);
  if (hi === lo + 1) return renderClassChar(lo) + renderClassChar(hi);
  return `${renderClassChar(lo)}-${renderClassChar(hi)}`;
}

function renderClass(ranges: Range[], negated: boolean, ignoreCase: boolean): string {
  const set = ignoreCase ? withAsciiCases(ranges) : ranges;
  return `[${negated ? '^' : ''}${set.map(renderRange).join('')}]`;
}

/** What the previous token allows a repeat operator to follow. */
type RepeatState = 'nothing' | 'atom' | 'repeated' | 'lazy';

class Scanner {
  readonly chars: string[];
  readonly ignoreCase: boolean;
  i = 0;
  sqlite = '';
  postgres = '';
  state: RepeatState = 'nothing';
  depth = 0;

  constructor(body: string, ignoreCase: boolean) {
    this.chars = Array.from(body);
    this.ignoreCase = ignoreCase;
  }

  peek(offset = 0): string | undefined {
    return this.chars[this.i + offset];
  }

  emit(both: string, postgres: string = both): void {
    this.sqlite += both;
    this.postgres += postgres;
  }

  scan(): void {
    while (this.i < this.chars.length) this.token();
    if (this.depth > 0) throw new RegexRejected('a "(" is never closed');
  }

  token(): void {
    const c = this.chars[this.i++]!;
    switch (c) {
      case '\\':
        return this.escape();
      case '[':
        return this.bracketClass();
      case '(':
        return this.openGroup();
      case ')':
        if (this.depth === 0) throw new RegexRejected('a ")" has no matching "("');
        this.depth--;
        return this.atom(')');
      case '|':
      case '^':
      case '$':
        this.emit(c);
        this.state = 'nothing';
        return;
      case '.':
        return this.atom('.');
      case '*':
      case '+':
        return this.repeat(c);
      case '?':
        if (this.state === 'repeated') {
          this.emit('?');
          this.state = 'lazy';
          return;
        }
        return this.repeat('?');
      case '{':
        return this.repeat(this.bound());
      default:
        if (this.ignoreCase && isAsciiLetter(c)) return this.atom(`[${c.toLowerCase()}${c.toUpperCase()}]`);
        return this.atom(ALWAYS_ESCAPE_OUTSIDE.has(c) ? `\\${c}` : c);
    }
  }

  atom(text: string): void {
    this.emit(text);
    this.state = 'atom';
  }

  repeat(operator: string): void {
    if (this.state === 'nothing') throw new RegexRejected(`"${operator}" has nothing to repeat`);
    if (this.state !== 'atom') throw new RegexRejected(`"${operator}" follows another repeat operator`);
    this.emit(operator);
    this.state = 'repeated';
  }

  /** After `{`: `n}`, `n,}` or `n,m}` with n ≤ m ≤ 255. */
  bound(): string {
    const rest = this.chars.slice(this.i, this.i + 9).join('');
    const m = /^(\d{1,3})(,(\d{0,3}))?\}/.exec(rest);
    if (m === null) throw new RegexRejected('"{" must start a repeat like {2}, {2,} or {1,3}; write \\{ for a literal brace');
    const min = Number(m[1]);
    const max = m[3] === undefined || m[3] === '' ? min : Number(m[3]);
    if (min > MAX_REPEAT || max > MAX_REPEAT) throw new RegexRejected(`repeat counts are limited to ${MAX_REPEAT}`);
    if (max < min) throw new RegexRejected(`invalid repeat {${m[1]}${m[2]}}`);
    this.i += m[0].length;
    return `{${m[0]}`;
  }

  openGroup(): void {
    if (this.peek() === '?') {
      if (this.peek(1) !== ':') {
        throw new RegexRejected('only (…) and (?:…) groups and a leading (?i) are supported (no lookaround, named groups or inline flags)');
      }
      this.i += 2;
      this.emit('(?:');
    } else {
      this.emit('(');
    }
    this.depth++;
    this.state = 'nothing';
  }

  escape(): void {
    const n = this.chars[this.i++];
    if (n === undefined) throw new RegexRejected('the pattern ends with a lone backslash');
    const shorthand = SHORTHANDS[n];
    if (shorthand !== undefined) return this.atom(renderClass(shorthand.ranges, shorthand.negated, this.ignoreCase));
    if (n === 'b' || n === 'B') {
      this.emit(`\\${n}`, n === 'b' ? '\\y' : '\\Y');
      this.state = 'nothing';
      return;
    }
    if (n in CONTROL_ESCAPES || isAsciiPunctuation(n)) return this.atom(`\\${n}`);
    if (/^\d$/.test(n)) throw new RegexRejected(`backreferences like \\${n} are not supported (patterns must run in linear time)`);
    throw new RegexRejected(`unsupported escape \\${n}; supported: \\d \\w \\s \\D \\W \\S \\b \\B \\t \\n \\r \\f \\v and escaped punctuation`);
  }

  /** After `[`: items up to the closing `]`; a `]` first in the class is a literal. */
  bracketClass(): void {
    const negated = this.peek() === '^';
    if (negated) this.i++;
    const ranges: Range[] = [];
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new RegexRejected('a "[" is never closed');
      if (c === ']' && !first) break;
      first = false;
      const item = this.classItem();
      if (Array.isArray(item)) {
        ranges.push(...item);
        continue;
      }
      if (this.peek() === '-' && this.peek(1) !== undefined && this.peek(1) !== ']') {
        this.i++;
        const end = this.classItem();
        if (Array.isArray(end)) throw new RegexRejected('a class shorthand like \\d cannot end a range');
        if (end < item) throw new RegexRejected('a range in [...] runs backwards');
        ranges.push({ lo: item, hi: end });
      } else {
        ranges.push({ lo: item, hi: item });
      }
    }
    this.i++; // the closing ]
    this.atom(renderClass(ranges, negated, this.ignoreCase));
  }

  /** One character (its code point) or a shorthand's ranges, inside a class. */
  classItem(): number | Range[] {
    const c = this.chars[this.i++]!;
    if (c === '[') throw new RegexRejected('write \\[ for a literal [ inside [...] (POSIX classes like [:alpha:] are not supported)');
    if (c !== '\\') return c.codePointAt(0)!;
    const n = this.chars[this.i++];
    if (n === undefined) throw new RegexRejected('the pattern ends with a lone backslash');
    const shorthand = SHORTHANDS[n];
    if (shorthand !== undefined) {
      if (shorthand.negated) throw new RegexRejected(`\\${n} cannot be used inside [...]`);
      return shorthand.ranges;
    }
    const control = CONTROL_ESCAPES[n];
    if (control !== undefined) return control;
    if (isAsciiPunctuation(n)) return n.codePointAt(0)!;
    throw new RegexRejected(`unsupported escape \\${n} inside [...]`);
  }
}

/**
 * Validates `source` (already length-checked by the caller) and renders it for both engines.
 * Throws RegexRejected with a reason for people.
 */
export function toPortableRegex(source: string): PortableRegex {
  const ignoreCase = source.startsWith('(?i)');
  const body = ignoreCase ? source.slice('(?i)'.length) : source;
  if (body === '') throw new RegexRejected('the pattern is empty');
  const scanner = new Scanner(body, ignoreCase);
  scanner.scan();
  const rendered = { source, sqlite: `(?s)${scanner.sqlite}`, postgres: `(?s)${scanner.postgres}` };
  try {
    RE2JS.compile(rendered.sqlite);
  } catch (error) {
    throw new RegexRejected((error as Error).message.replace(/^error parsing regexp: /, ''));
  }
  return rendered;
}
