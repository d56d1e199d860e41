/**
 * Content inspector: what the words and the shape of the message say. Lure phrases (credentials,
 * urgency, payment, prizes, advance fee, crypto, delivery, shared documents, hard-sell marketing),
 * a shouting subject, a reply that answers nothing, HTML-only mail, base64-encoded HTML, hidden text,
 * image-only mail and HTML smuggling.
 *
 * Never a signal here (corpus artefacts, see ../shared/corpus/README.md): dates, the recipient
 * address, third-party Authentication-Results, mailing-list headers, size alone.
 */
import type { Budget, Finding } from '../types.ts';
import { headerEncodingFindings } from './evasion.ts';
import { LURE_FAMILIES, normaliseForMatching } from './lexicon.ts';

export { attachmentPasswordFindings, passwordGiven, EVASION_WEIGHTS } from './evasion.ts';
export { normaliseForMatching } from './lexicon.ts';

/** Characters of body text matched against the lexicon; lures sit at the top of a message. */
const MAX_MATCH_CHARS = 20_000;

/**
 * Points per finding type. Lure families score per distinct phrase matched, capped by `max`.
 * Scale (see types.ts): weak 3–8, moderate 10–20, strong 25–40.
 */
export const CONTENT_WEIGHTS = {
  credential_lure: { per: { phishing: 10, spam: 2 }, max: 3 },
  urgency_lure: { per: { phishing: 5, spam: 3 }, max: 3 },
  payment_lure: { per: { phishing: 6, spam: 2 }, max: 3 },
  prize_lure: { per: { phishing: 6, spam: 6 }, max: 4 },
  advance_fee_lure: { per: { phishing: 7, spam: 5 }, max: 4 },
  crypto_lure: { per: { phishing: 4, spam: 4 }, max: 3 },
  delivery_lure: { per: { phishing: 5, spam: 2 }, max: 3 },
  document_lure: { per: { phishing: 5, spam: 1 }, max: 3 },
  spam_marketing: { per: { spam: 5, phishing: 1 }, max: 6 },
  generic_greeting: { per: { phishing: 8, spam: 4 }, max: 1 },
  scam_offer: { per: { spam: 8, phishing: 4 }, max: 3 },
  obfuscated_words: { phishing: 15, spam: 10 },
  body_shouting: { spam: 12, phishing: 4 },
  money_amounts: { spam: 8, phishing: 4 },
  body_exclamations: { spam: 8, phishing: 2 },
  password_field: { phishing: 30 },
  subject_shouting: { spam: 8, phishing: 4 },
  subject_exclamations: { spam: 5, phishing: 2 },
  fake_reply: { phishing: 12, spam: 8 },
  html_only: { phishing: 4, spam: 4 },
  base64_html: { phishing: 6, spam: 4 },
  hidden_text: { phishing: 10, spam: 10 },
  image_only: { phishing: 8, spam: 10 },
  html_smuggling: { phishing: 30, malware: 40 },
  no_message_id: { spam: 4, phishing: 3 },
  undisclosed_recipients: { spam: 6, phishing: 4 },
} as const;

export interface ContentInput {
  subject: string | null;
  text: string | null;
  html: string | null;
  /** Text a reader sees in the HTML (from the link inspector's HTML walk), or null when no HTML. */
  htmlVisibleText: string | null;
  hiddenTextChars: number;
  /** Password inputs in the HTML body itself. */
  passwordInputs: number;
  imageCount: number;
  smuggling: boolean;
  /** Top-level header names, lower case → value (first occurrence). */
  header: (name: string) => string | null;
  /** Latin-1 view of the raw message's first bytes, for MIME structure facts the parser does not keep. */
  rawHead: string;
}

export function inspectContent(input: ContentInput, budget: Budget): Finding[] {
  const findings: Finding[] = [];
  const bodyText = (input.text ?? input.htmlVisibleText ?? '').slice(0, MAX_MATCH_CHARS);
  const matchable = normaliseForMatching(`${input.subject ?? ''}\n${bodyText}`);
  for (const family of LURE_FAMILIES) {
    if (budget.expired()) {
      budget.cut('content lexicon');
      break;
    }
    const phrases = distinctMatches(family.patterns, matchable);
    if (phrases.length === 0) continue;
    const weight = CONTENT_WEIGHTS[family.type as keyof LureFamilyWeights];
    const counted = Math.min(phrases.length, weight.max);
    findings.push({
      type: family.type,
      description: `${family.label}: ${phrases.slice(0, 5).map((p) => `"${p}"`).join(', ')}${phrases.length > 5 ? ` and ${phrases.length - 5} more` : ''}.`,
      points: scale(weight.per, counted),
    });
  }
  findings.push(...subjectFindings(input.subject), ...bodyToneFindings(bodyText), ...structureFindings(input, bodyText), ...obfuscationFindings(`${input.subject ?? ''} ${bodyText.slice(0, 5000)}`), ...headerEncodingFindings(input.rawHead));
  return findings;
}

/**
 * Words disguised to slip past word filters: Latin mixed with Cyrillic/Greek look-alikes in one word
 * ("pаypal" with a Cyrillic а), invisible characters inside a word, or a capital I standing in for an l
 * ("waIIet"). Two such words are needed: one can be a product name.
 */
function obfuscationFindings(text: string): Finding[] {
  const odd: string[] = [];
  for (const token of text.split(/[\s.,;:!?()"'<>[\]{}]+/)) {
    if (token.length < 4 || token.length > 30) continue;
    const mixedScripts = /\p{Script=Latin}/u.test(token) && /[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(token);
    const invisible = /\p{L}(?:[\u200b-\u200d\u2060\ufeff\u00ad]|\u034f)+\p{L}/u.test(token);
    const capitalI = /^[a-z]+I+[a-z]*$/.test(token) && /[a-z]II|[a-z]I[a-z]/.test(token) && !/^[a-z]I[a-z]/.test(token);
    if (mixedScripts || invisible || capitalI) odd.push(token);
    if (odd.length >= 10) break;
  }
  if (odd.length < 2) return [];
  return [{ type: 'obfuscated_words', description: `Words are disguised with look-alike or invisible characters to slip past filters: ${odd.slice(0, 4).map((w) => `"${w.replace(/[\u200b-\u200d\u2060\ufeff\u00ad]|\u034f/g, '\u2423')}"`).join(', ')}.`, points: { ...CONTENT_WEIGHTS.obfuscated_words } }];
}

type LureFamilyWeights = Pick<typeof CONTENT_WEIGHTS, 'credential_lure' | 'urgency_lure' | 'payment_lure' | 'prize_lure' | 'advance_fee_lure' | 'crypto_lure' | 'delivery_lure' | 'document_lure' | 'spam_marketing' | 'generic_greeting' | 'scam_offer'>;

function distinctMatches(pattern: RegExp, text: string): string[] {
  const found = new Set<string>();
  pattern.lastIndex = 0;
  for (const match of text.matchAll(pattern)) {
    found.add(match[1]!.trim());
    if (found.size >= 12) break;
  }
  return [...found];
}

function scale(points: Partial<Record<string, number>>, times: number): Finding['points'] {
  const out: Finding['points'] = {};
  for (const [category, value] of Object.entries(points)) out[category as keyof Finding['points']] = value! * times;
  return out;
}

function subjectFindings(subject: string | null): Finding[] {
  if (subject === null) return [];
  const findings: Finding[] = [];
  const letters = subject.replace(/[^\p{L}]/gu, '');
  const upper = subject.replace(/[^\p{Lu}]/gu, '');
  if (letters.length >= 12 && upper.length / letters.length > 0.7) {
    findings.push({ type: 'subject_shouting', description: `The subject is written mostly in capitals: "${subject.slice(0, 80)}".`, points: { ...CONTENT_WEIGHTS.subject_shouting } });
  }
  if ((subject.match(/[!¡]/g) ?? []).length >= 2) {
    findings.push({ type: 'subject_exclamations', description: 'The subject uses several exclamation marks.', points: { ...CONTENT_WEIGHTS.subject_exclamations } });
  }
  return findings;
}

/** Hard-sell tone in the body: shouting, many exclamation marks, many money amounts. */
function bodyToneFindings(body: string): Finding[] {
  const findings: Finding[] = [];
  const words = body.match(/\p{L}{3,}/gu) ?? [];
  if (words.length >= 20) {
    const shouted = words.filter((w) => w === w.toUpperCase() && w !== w.toLowerCase()).length;
    if (shouted / words.length >= 0.3) {
      findings.push({ type: 'body_shouting', description: `${Math.round((100 * shouted) / words.length)} % of the words in the body are in capitals.`, points: { ...CONTENT_WEIGHTS.body_shouting } });
    }
  }
  const exclamations = (body.match(/!/g) ?? []).length;
  if (exclamations >= 6 && exclamations / Math.max(1, words.length) > 0.02) {
    findings.push({ type: 'body_exclamations', description: `The body uses ${exclamations} exclamation marks.`, points: { ...CONTENT_WEIGHTS.body_exclamations } });
  }
  const amounts = body.match(/(?:[$€£]\s?\d[\d,.]*|\d[\d,.]*\s?(?:usd|eur|dollars|euros|%))/giu) ?? [];
  if (amounts.length >= 4) {
    findings.push({ type: 'money_amounts', description: `The body is full of prices, sums or percentages (${amounts.slice(0, 3).join(', ')} …).`, points: { ...CONTENT_WEIGHTS.money_amounts } });
  }
  return findings;
}

function structureFindings(input: ContentInput, bodyText: string): Finding[] {
  const findings: Finding[] = [];
  const subject = input.subject ?? '';
  if (/^\s*(re|fw|fwd|aw|sv|vs|antw|wg|tr|rv|res|enc)\s*:/i.test(subject) && input.header('in-reply-to') === null && input.header('references') === null) {
    findings.push({ type: 'fake_reply', description: `The subject "${subject.slice(0, 60)}" presents the message as a reply or forward, but it answers no earlier message (no In-Reply-To or References).`, points: { ...CONTENT_WEIGHTS.fake_reply } });
  }
  if (input.html !== null && (input.text === null || input.text.trim() === '')) {
    findings.push({ type: 'html_only', description: 'The message has an HTML body and no plain-text alternative.', points: { ...CONTENT_WEIGHTS.html_only } });
  }
  if (hasBase64Html(input.rawHead)) {
    findings.push({ type: 'base64_html', description: 'The HTML body is base64-encoded, which hides its words and links from simple filters.', points: { ...CONTENT_WEIGHTS.base64_html } });
  }
  if (input.hiddenTextChars >= 200) {
    findings.push({ type: 'hidden_text', description: `The HTML hides ${input.hiddenTextChars} characters of text from the reader (invisible styling), a way to fool filters.`, points: { ...CONTENT_WEIGHTS.hidden_text } });
  }
  const visible = (input.htmlVisibleText ?? bodyText).replace(/\s+/g, ' ').trim();
  if (input.html !== null && input.imageCount > 0 && visible.length < 60) {
    findings.push({ type: 'image_only', description: `The message is images with almost no text (${visible.length} characters), so its content cannot be read by filters.`, points: { ...CONTENT_WEIGHTS.image_only } });
  }
  if (input.passwordInputs > 0) {
    findings.push({ type: 'password_field', description: 'The message itself contains a password field: legitimate mail never asks for a password inside the message.', points: { ...CONTENT_WEIGHTS.password_field } });
  }
  if (input.smuggling) {
    findings.push({ type: 'html_smuggling', description: 'The HTML contains script that assembles a file in the browser and saves it (HTML smuggling), a way to deliver malware past attachment scanning.', points: { ...CONTENT_WEIGHTS.html_smuggling } });
  }
  if (input.header('message-id') === null) {
    findings.push({ type: 'no_message_id', description: 'The message has no Message-ID, which real mail systems always add.', points: { ...CONTENT_WEIGHTS.no_message_id } });
  }
  const to = input.header('to') ?? '';
  if (/undisclosed|recipients?\s*:;|^\s*$/i.test(to)) {
    findings.push({ type: 'undisclosed_recipients', description: 'The message does not show who it was sent to (undisclosed recipients or no To), typical of bulk mail sent by Bcc.', points: { ...CONTENT_WEIGHTS.undisclosed_recipients } });
  }
  return findings;
}

/** True when a text/html part declares base64 transfer encoding (checked on the raw part headers). */
function hasBase64Html(rawHead: string): boolean {
  const pattern = /content-type:\s*text\/html/gi;
  for (const match of rawHead.matchAll(pattern)) {
    const start = Math.max(rawHead.lastIndexOf('\n\n', match.index), rawHead.lastIndexOf('\r\n\r\n', match.index), match.index - 1000);
    const endCrLf = rawHead.indexOf('\r\n\r\n', match.index);
    const endLf = rawHead.indexOf('\n\n', match.index);
    const ends = [endCrLf, endLf].filter((i) => i >= 0);
    const end = ends.length === 0 ? Math.min(rawHead.length, match.index + 1000) : Math.min(...ends);
    if (/content-transfer-encoding:\s*base64/i.test(rawHead.slice(start, end))) return true;
  }
  return false;
}
