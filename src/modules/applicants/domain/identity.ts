// TAJ-9: one person, one ticket per Games across programmes. The identity key of a person is an HMAC (with a
// key of its own purpose, outside the database) of their normalised identity, so two spellings of one
// person meet, and nobody can read a name back from a key. This is the pure half: normalisation.

/** Apostrophes of every kind vanish (« D'Arc », « D’Arc », « DArc » meet); hyphens and dots become spaces. */
const APOSTROPHES = /['’‘`´ʼʻ′＇]/g;
const SEPARATORS = /[-‐‑‒–—―−_.,;/·]/g;
/** Invisible characters (soft hyphen, zero-width space and joiners, bidi marks): nothing a person writes. */
const INVISIBLE = /\p{Cf}/gu;

/**
 * Letters NFKD does not decompose, as the Latin letters a French civil register writes for them
 * (« Łukasz » → « LUKASZ », « Søren » → « SOREN », « Þóra » → « THORA »). Upper-cased first, so one case each.
 */
const LATIN_FOLDS: Record<string, string> = {
  Ł: 'L',
  Ø: 'O',
  Đ: 'D',
  Ð: 'D',
  Ɖ: 'D',
  Æ: 'AE',
  Œ: 'OE',
  ẞ: 'SS',
  Þ: 'TH',
  Ħ: 'H',
  Ŧ: 'T',
  Ŋ: 'N',
  Ƚ: 'L',
  Ɨ: 'I',
  Ʉ: 'U',
  Ɵ: 'O',
  ĸ: 'K',
};

/**
 * Cyrillic and Greek capitals drawn like a Latin capital (Unicode's confusables): « Аnna » typed with a
 * Cyrillic А is the same person as « Anna ». Applied to every name, so the rule does not depend on guessing
 * which script was meant; a name written wholly in Cyrillic or Greek still gives one stable key.
 */
const HOMOGLYPHS: Record<string, string> = {
  // Cyrillic
  А: 'A',
  В: 'B',
  Е: 'E',
  І: 'I',
  Ј: 'J',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Ѕ: 'S',
  Т: 'T',
  У: 'Y',
  Х: 'X',
  Ԛ: 'Q',
  Ԝ: 'W',
  // Greek
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
};
const FOLDS: Record<string, string> = { ...LATIN_FOLDS, ...HOMOGLYPHS };
const FOLDABLE = new RegExp(`[${Object.keys(FOLDS).join('')}]`, 'gu');

/**
 * NFKD, accents stripped, upper case, letters without decomposition folded to Latin (Ł, Ø, Đ, Æ, Œ, ß, Þ,
 * dotless ı…), Cyrillic and Greek look-alikes read as the Latin letter, apostrophes removed, hyphens folded
 * to spaces, invisible characters dropped, spaces collapsed:
 * « Élodie-Anne » → « ELODIE ANNE », « d’Arc » → « DARC », « Ægir » → « AEGIR », « Łucja » → « LUCJA ».
 */
export function normaliseNamePart(value: string): string {
  return (
    value
      // Before NFKD: it would turn « ´ » into a space and a combining accent.
      .replace(APOSTROPHES, '')
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(INVISIBLE, '')
      .replace(APOSTROPHES, '')
      .replace(SEPARATORS, ' ')
      // `ß` and dotless `ı` upper-case to `SS` and `I`; the rest below.
      .toUpperCase()
      // A second NFKD: a few upper-case forms decompose where the lower case did not.
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(FOLDABLE, (letter) => FOLDS[letter] ?? letter)
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/**
 * The form of a birth surname the operator list searches and sorts on: normalised as for the key, without
 * spaces (« Hélène » → « HELENE », « de la Fontaine » → « DELAFONTAINE »). Written with every applicant.
 */
export function surnameSearchKey(value: string): string {
  return normaliseNamePart(value).replace(/ /g, '');
}

export interface Identity {
  /** Birth surname (never the usage name). */
  birthSurname: string;
  /** All first names, as given; only the first counts for the key. */
  firstNames: string;
  /** ISO date, `2012-03-04`. */
  birthDate: string;
}

/**
 * The text an identity key is computed from: birth surname without spaces (« DE LA FONTAINE » and
 * « DELAFONTAINE » meet), the first of the first names, the ISO birth date. The first first-name is the first
 * word once hyphens are folded to spaces: a compound « Jean-Pierre » counts as « JEAN », like « Jean Pierre »
 * (which a register may read as two first names) and « Jean » — they meet, at the price of « Jean-Pierre » and
 * « Jean-Marc », same surname and same birth date, meeting too (docs/decisions/0006-identity-keys-v2.md).
 * Versioned, so a change of rule is a new version, never a silent change of every key: v2 added the folds
 * of letters without decomposition, look-alike scripts and invisible characters.
 */
export function identityKeyInput(identity: Identity): string {
  const surname = surnameSearchKey(identity.birthSurname);
  const firstName = normaliseNamePart(identity.firstNames).split(' ')[0] ?? '';
  return `v2|${surname}|${firstName}|${identity.birthDate}`;
}
