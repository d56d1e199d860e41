/**
 * The content linter: rejects drafts that look like spam before they are sent. Warm-up mail builds a
 * sender's reputation only if it reads like ordinary correspondence; shouting, lure words, money
 * signs, stacked punctuation and links are what content filters score, so none of them may appear.
 * Every draft the built-in writer can produce passes (test/warmup/content-lint.test.ts); an LLM-written
 * draft that fails falls back to the built-in writer.
 */
import type { Draft } from '../types.ts';

export interface LintProblem {
  /** Which rule: `all_caps`, `lure`, `punctuation`, `link`, `markup`, `empty`, `length`. */
  rule: string;
  field: 'subject' | 'text' | 'html';
  /** What was found, for a person. */
  message: string;
}

/** Lure words and phrases (whole words, any case). */
const LURES = [
  'urgent', 'urgently', 'act now', 'act immediately', 'immediate action', 'verify your account', 'verify your identity',
  'confirm your account', 'account suspended', 'suspended account', 'unusual activity', 'password', 'passcode', 'login details',
  'winner', 'you won', 'you have won', 'congratulations you', 'prize', 'free', 'for free', 'risk-free', 'no cost',
  'click here', 'click below', 'click the link', 'limited time', 'offer expires', 'last chance', 'final notice',
  'guarantee', 'guaranteed', 'cash', 'bitcoin', 'crypto', 'gift card', 'wire transfer', 'bank details', 'credit card',
  'payment overdue', 'overdue payment', 'pay now', 'unsubscribe', 'dear friend', 'dear customer', 'lottery', 'casino',
  'viagra', 'loan', 'earn money', 'make money', 'double your', 'no obligation', 'special promotion', 'order now', 'buy now',
];
const LURE_PATTERN = new RegExp(`(?<![\\w-])(${LURES.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|')})(?![\\w-])`, 'i');

/** Acronyms that are fine in capitals (business shorthand); anything else of four or more capitals is shouting. */
const ALLOWED_CAPS = new Set(['EMEA', 'APAC', 'LATAM', 'HTML', 'JSON', 'UTC', 'SaaS', 'NASA', 'UNICEF', 'OKRS', 'KPIS']);

const LINK_PATTERN = /\bhttps?:\/\/|\bwww\.|\b[a-z0-9-]+\.(com|net|org|io|co|biz|info|xyz|top|ly)\/|\bmailto:/i;
const MARKUP_PATTERN = /<a\b|\bhref\s*=|<img\b|\bsrc\s*=|<script\b|<iframe\b|<form\b|<style\b|url\s*\(|<link\b/i;

function capsWords(value: string): string[] {
  return (value.match(/\b[A-Z][A-Z0-9]{3,}\b/g) ?? []).filter((word) => /[A-Z]{4,}/.test(word) && !ALLOWED_CAPS.has(word));
}

/** Text of an HTML body without tags and with entities decoded enough to read the words. */
function htmlWords(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

function lintWords(field: LintProblem['field'], value: string, problems: LintProblem[]): void {
  const caps = capsWords(value);
  if (caps.length > 0) problems.push({ rule: 'all_caps', field, message: `words in capitals: ${caps.slice(0, 5).join(', ')}` });
  const lure = LURE_PATTERN.exec(value);
  if (lure !== null) problems.push({ rule: 'lure', field, message: `lure wording: "${lure[0]}"` });
  if (/[!?]{2,}|\.{4,}|\${2,}|[€£$]\s*\d/.test(value)) problems.push({ rule: 'punctuation', field, message: 'stacked punctuation or money amounts' });
  const exclamations = (value.match(/!/g) ?? []).length;
  if (exclamations > (field === 'subject' ? 0 : 2)) problems.push({ rule: 'punctuation', field, message: `${exclamations} exclamation marks` });
  if (LINK_PATTERN.test(value)) problems.push({ rule: 'link', field, message: 'contains a link' });
}

/** Problems with a draft (an empty list means it may be sent). */
export function lintDraft(draft: Draft): LintProblem[] {
  const problems: LintProblem[] = [];
  const subject = draft.subject.trim();
  if (subject === '') problems.push({ rule: 'empty', field: 'subject', message: 'the subject is empty' });
  if (subject.length > 120) problems.push({ rule: 'length', field: 'subject', message: `the subject is ${subject.length} characters long` });
  const letters = subject.replace(/[^A-Za-z]/g, '');
  if (letters.length >= 6 && letters.replace(/[^A-Z]/g, '').length / letters.length > 0.5) {
    problems.push({ rule: 'all_caps', field: 'subject', message: 'the subject is mostly capitals' });
  }
  lintWords('subject', subject, problems);
  if (draft.text.trim() === '') problems.push({ rule: 'empty', field: 'text', message: 'the text body is empty' });
  lintWords('text', draft.text, problems);
  if (draft.html.trim() === '') problems.push({ rule: 'empty', field: 'html', message: 'the HTML body is empty' });
  if (MARKUP_PATTERN.test(draft.html)) problems.push({ rule: 'markup', field: 'html', message: 'links, images, scripts, forms or remote content in the HTML' });
  lintWords('html', htmlWords(draft.html), problems);
  return problems;
}
