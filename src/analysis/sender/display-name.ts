/**
 * What a From display name claims: a brand, an e-mail address, an organisation or role.
 * Names are folded first (marks and invisible characters removed, full-width letters made ASCII), so
 * `Aܿmܿaܿzܿon Sܿeܿrܿvicܿe` reads as `amazon service`.
 */
import { BRANDS, type Brand } from './brands.ts';
import { foldText, skeleton } from './confusables.ts';
import { AFFIX_WORDS, ORGANISATION_WORDS } from './lists.ts';

/** Small words allowed around an ambiguous brand name ("the", "your", Portuguese/Spanish articles). */
const FILLER = new Set(['the', 'your', 'de', 'do', 'da', 'del', 'la', 'le', 'el', 'of', 'and', 'for', 'from', 'via']);

/** Lower-case words of a display name, punctuation and dots removed (`&` and `+` kept, as in AT&T and Disney+). */
export function nameWords(name: string): string[] {
  return foldText(name)
    .replace(/[^\p{L}\p{N}&+]+/gu, ' ')
    .split(' ')
    .filter(Boolean);
}

/**
 * The brand a display name invokes, or null. Unambiguous brands count anywhere in the name
 * ("Microsoft account team"); ambiguous ones (Chase, Target, UPS) only when every other word is a
 * service or filler word ("Chase Online Banking"), so "Chase Miller" is a person.
 */
export function brandInDisplayName(name: string): Brand | null {
  const words = nameWords(name);
  if (words.length === 0) return null;
  const joined = ' ' + words.join(' ') + ' ';
  for (const { brand, phrase } of ALIASES) {
    if (!joined.includes(phrase)) continue;
    if (!brand.ambiguous) return brand;
    const rest = joined.replace(phrase, ' ').split(' ').filter(Boolean);
    if (rest.every((w) => FILLER.has(w) || ORGANISATION_WORDS.has(w) || AFFIX_WORDS.has(w))) return brand;
    // "Hiba from Ledger", "Tom at Chase": a person speaking for the company names the company.
    if (SPEAKING_FOR.some((word) => joined.endsWith(` ${word}${phrase}`))) return brand;
  }
  return null;
}

/** Words joining a person's name to the organisation they write for ("via" is list rewriting, not this). */
const SPEAKING_FOR = ['from', 'at', 'de', 'von', 'van', 'da', 'do'];

/** Brand aliases in the same word form as nameWords gives (`booking.com` → ` booking com `). */
const ALIASES: ReadonlyArray<{ brand: Brand; phrase: string }> = BRANDS.flatMap((brand) =>
  brand.aliases.map((alias) => ({ brand, phrase: ' ' + nameWords(alias).join(' ') + ' ' })),
);

/** The first e-mail address written inside a display name, lower case, or null. */
export function addressInDisplayName(name: string): string | null {
  const match = /[\w.+-]+@(?:[\w-]+\.)+[a-z]{2,}/i.exec(foldText(name));
  return match ? match[0].toLowerCase() : null;
}

/** A word that makes a display name an organisation or role rather than a person, or null. */
export function organisationWord(name: string): string | null {
  for (const word of nameWords(name)) if (ORGANISATION_WORDS.has(word)) return word;
  return null;
}

/** Brand aliases as skeletons (`microsoft` → `mlcrosoft`), for names that imitate a brand. */
const SKELETON_ALIASES: ReadonlyArray<{ brand: Brand; phrase: string }> = BRANDS.flatMap((brand) =>
  brand.aliases.map((alias) => ({ brand, phrase: ' ' + nameWords(alias).map(skeleton).join(' ') + ' ' })),
);

/**
 * A letter put in for another that looks like it: a Cyrillic/Greek/other-script letter among Latin
 * ones, a digit inside letters, or a capital I inside a lower-case word (`Iedger`, `PayPaI`). Plain
 * lower-case spellings do not count, so a person called "Appie" is not taken for Apple.
 */
function hasImitatingLetter(word: string): boolean {
  if (mixesLatinWithOtherScript(word)) return true;
  if (/[a-z][0-9]+[a-z]/i.test(word)) return true;
  return /^I[a-z]{2,}|[a-z]I/.test(word);
}

/** Latin letters and letters of another alphabet in one word. */
function mixesLatinWithOtherScript(word: string): boolean {
  const letters = [...word].filter((ch) => /\p{L}/u.test(ch));
  const latin = letters.filter((ch) => /\p{Script=Latin}/u.test(ch)).length;
  return latin > 0 && latin < letters.length;
}

/**
 * The brand a display name imitates with look-alike letters (`MetaМask` with a Cyrillic М, `Iedger`,
 * `Amaz0n`), or null. A name that spells the brand plainly is brandInDisplayName's case, not this.
 */
export function brandImitatedInDisplayName(name: string): Brand | null {
  const original = name.normalize('NFKC').replace(/[^\p{L}\p{N}&+]+/gu, ' ').split(' ').filter(Boolean);
  if (!original.some(hasImitatingLetter) || brandInDisplayName(name) !== null) return null;
  const skeletons = nameWords(name).map(skeleton);
  const joined = ' ' + skeletons.join(' ') + ' ';
  for (const { brand, phrase } of SKELETON_ALIASES) {
    if (!joined.includes(phrase)) continue;
    if (!brand.ambiguous) return brand;
    const rest = joined.replace(phrase, ' ').split(' ').filter(Boolean);
    if (rest.every((w) => FILLER_SKELETONS.has(w))) return brand;
  }
  return null;
}

const FILLER_SKELETONS: ReadonlySet<string> = new Set([...FILLER, ...ORGANISATION_WORDS, ...AFFIX_WORDS].map(skeleton));

/** The first word of a display name that mixes Latin letters with another alphabet's (`aᥴcount`), or null. */
export function mixedScriptWord(name: string): string | null {
  for (const word of name.normalize('NFC').split(/[^\p{L}\p{M}]+/u)) {
    if (word.length >= 3 && mixesLatinWithOtherScript(word)) return word;
  }
  return null;
}
