/**
 * Confusable-character "skeletons": two strings that look alike to a reader get the same skeleton.
 * A small, hand-picked subset of Unicode's confusables.txt (TR39) covering what phishing domains and
 * display names actually use: Cyrillic and Greek letters that look Latin, Latin letters with marks,
 * digits standing for letters, and the ASCII pairs `rn`→`m`, `vv`→`w`, `cl`→`d`. `i`, `l`, `1` and `I`
 * all become `l` (they are the classic swap in sans-serif fonts).
 */

/** Single characters → the Latin letter they imitate. */
const CHAR_MAP: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', һ: 'h', і: 'l', ї: 'l', ј: 'j', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't',
  у: 'y', х: 'x', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', ɡ: 'g', ӏ: 'l', ү: 'y', ո: 'n', ս: 'u', օ: 'o', ց: 'g',
  // Greek
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'l', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w', ϲ: 'c', γ: 'y',
  // Latin look-alikes and IPA
  ı: 'l', ł: 'l', ƚ: 'l', ɩ: 'l', ɑ: 'a', ɒ: 'a', ß: 'b', đ: 'd', ɗ: 'd', ħ: 'h', ŋ: 'n', ø: 'o', ɵ: 'o', œ: 'oe', ſ: 'f',
  ƿ: 'p', ʋ: 'v', ʏ: 'y', ʀ: 'r', ɴ: 'n', ᴄ: 'c', ᴏ: 'o', ᴠ: 'v', ᴡ: 'w', ᴢ: 'z',
  // Digits and symbols used for letters
  '0': 'o', '1': 'l', '3': 'e', '5': 's', '@': 'a', '$': 's', '|': 'l', '!': 'l', i: 'l',
};

/** Multi-letter sequences that render like one letter; applied after the single-character map. */
const SEQUENCES: ReadonlyArray<readonly [RegExp, string]> = [
  [/rn/g, 'm'],
  [/vv/g, 'w'],
  [/cl/g, 'd'],
];

/** Invisible and formatting characters phishers sprinkle between letters. */
const INVISIBLE = /[\p{Cf}\p{Mn}\p{Me}\u034f\u115f\u1160\u3164\uffa0]/gu;

/** Lower-cased, marks and invisible characters removed, NFKC-folded (full-width → ASCII). */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(INVISIBLE, '').normalize('NFKC').toLowerCase();
}

/** The skeleton of a domain label or word: equal skeletons look alike. */
export function skeleton(text: string): string {
  let out = '';
  for (const ch of foldText(text)) out += CHAR_MAP[ch] ?? ch;
  for (const [pattern, replacement] of SEQUENCES) out = out.replace(pattern, replacement);
  return out;
}

/** Unicode script of one letter, coarsely: the scripts homograph attacks mix. */
export function scriptOf(ch: string): 'latin' | 'cyrillic' | 'greek' | 'armenian' | 'other' | null {
  if (/\p{Script=Latin}/u.test(ch)) return 'latin';
  if (/\p{Script=Cyrillic}/u.test(ch)) return 'cyrillic';
  if (/\p{Script=Greek}/u.test(ch)) return 'greek';
  if (/\p{Script=Armenian}/u.test(ch)) return 'armenian';
  if (/\p{L}/u.test(ch)) return 'other';
  return null;
}

/** A label that mixes Latin letters with Cyrillic, Greek or Armenian ones (`pаypal` with a Cyrillic а). */
export function isMixedScript(label: string): boolean {
  const scripts = new Set<string>();
  for (const ch of label) {
    const script = scriptOf(ch);
    if (script !== null && script !== 'other') scripts.add(script);
  }
  return scripts.size > 1 && scripts.has('latin');
}

/**
 * Invisible characters and combining marks wedged between ASCII letters (`Aܿmܿaܿzܿon`): text that reads as
 * a brand but dodges plain string matching. Accented Latin letters compose under NFC and do not count.
 */
export function countWedgedMarks(text: string): number {
  // One match per run after a letter; no lookahead over the run, so a long run stays linear.
  return (text.normalize('NFC').match(/(?<=[A-Za-z])[\p{Mn}\p{Me}\p{Cf}]+/gu) ?? []).length;
}
