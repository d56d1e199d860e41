/**
 * Evasion tricks a filter sees in the message's form rather than its words:
 * - header encoded-words that escape plain ASCII letters (`=?UTF-8?Q?=50=61=79=50=61=6C?=` for
 *   "PayPal"): mail programs only encode what needs it, so this exists to hide words from filters;
 * - an encrypted attachment (zip, Office, PDF) whose password the message itself gives: the
 *   encryption protects nothing from the reader, only from scanners (the Emotet/QakBot delivery).
 */
import type { Finding } from '../types.ts';

export const EVASION_WEIGHTS = {
  header_excess_encoding: { spam: 8, phishing: 6 },
  attachment_password_in_body: { phishing: 15, malware: 25 },
} as const;

/** Attachment findings that mean "encrypted, scanners cannot look inside". */
const ENCRYPTED_ATTACHMENT_TYPES = new Set(['archive_encrypted', 'office_encrypted', 'pdf_encrypted']);

/** Header lines of the raw message examined: From and Subject, unfolded. */
const ENCODED_HEADERS = /^(from|subject)$/i;
/** Escaped ASCII letters in one header's encoded-words before it counts. */
const MIN_ESCAPED_LETTERS = 4;

export function headerEncodingFindings(rawHead: string): Finding[] {
  const end = rawHead.search(/\r?\n\r?\n/);
  const block = (end < 0 ? rawHead : rawHead.slice(0, end)).slice(0, 64 * 1024).replace(/\r?\n[ \t]+/g, ' ');
  const escapedIn: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0 || !ENCODED_HEADERS.test(line.slice(0, colon).trim())) continue;
    if (escapesPlainLetters(line.slice(colon + 1))) escapedIn.push(line.slice(0, colon).trim());
  }
  if (escapedIn.length === 0) return [];
  return [{
    type: 'header_excess_encoding',
    description: `The ${escapedIn.join(' and ')} header hex-escapes ordinary letters (=?…?Q?=50=61…?=) that need no encoding, so word filters cannot read it; mail programs do not write headers this way.`,
    points: { ...EVASION_WEIGHTS.header_excess_encoding },
  }];
}

/** Q-encoded words where most escapes are plain ASCII letters. */
function escapesPlainLetters(value: string): boolean {
  let letters = 0;
  let escapes = 0;
  for (const word of value.matchAll(/=\?[^?\s]{1,40}\?[Qq]\?([^?\s]{0,2000})\?=/g)) {
    for (const hex of word[1]!.matchAll(/=([0-9A-Fa-f]{2})/g)) {
      escapes++;
      const code = parseInt(hex[1]!, 16);
      if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) letters++;
    }
  }
  return letters >= MIN_ESCAPED_LETTERS && letters * 2 >= escapes;
}

/**
 * "Password: 123", "use a senha: 123", "Senha do PDF 123": a password word, at most a few words, then
 * a short token after a colon or one with a digit. Text is lower-cased and accent-free (normaliseForMatching).
 */
const PASSWORD_GIVEN = /(?:^|[^a-z])(password|passwort|kennwort|senha|contrasena|clave|mot de passe|wachtwoord|parola|haslo|sifre|pwd)(?:[^\n:=.]{0,24}?)(?:[:=]\s*["'«]?([^\s"'»]{2,24})|\s([a-z]*\d[^\s]{0,23}))/;

/** The phrase giving a password, or null. */
export function passwordGiven(normalisedText: string): string | null {
  const match = PASSWORD_GIVEN.exec(normalisedText.slice(0, 20_000));
  return match ? match[0].trim().slice(0, 60) : null;
}

/** An encrypted attachment plus its password in the message: one finding naming both. */
export function attachmentPasswordFindings(attachmentFindings: readonly Finding[], normalisedText: string): Finding[] {
  const encrypted = attachmentFindings.find((f) => ENCRYPTED_ATTACHMENT_TYPES.has(f.type));
  if (encrypted === undefined) return [];
  const phrase = passwordGiven(normalisedText);
  if (phrase === null) return [];
  return [{
    type: 'attachment_password_in_body',
    description: `An attachment is encrypted and the message gives its password ("${phrase}"): the encryption keeps scanners out, not the reader, a common way to deliver malware and phishing documents.`,
    points: { ...EVASION_WEIGHTS.attachment_password_in_body },
  }];
}
