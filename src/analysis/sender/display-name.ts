/**
 * What a From display name claims: a brand, an e-mail address, an organisation or role.
 * Names are folded first (marks and invisible characters removed, full-width letters made ASCII), so
 * `Aܿmܿaܿzܿon Sܿeܿrܿvicܿe` reads as `amazon service`.
 */
import { BRANDS, type Brand } from './brands.ts';
import { foldText } from './confusables.ts';
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
  }
  return null;
}

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
