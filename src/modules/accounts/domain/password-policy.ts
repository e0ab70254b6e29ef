// Password policy (SEC-2): CNIL recommendation of 2022 on passwords, case 1 "password alone", 80 bits minimum.
// Pure domain code: no I/O, no clock, no randomness. The common-password list is data shipped in an npm
// package (`@zxcvbn-ts/language-common`), loaded once into a Set when this module is first imported.
// See docs/security/passwords.md.

import { dictionary } from '@zxcvbn-ts/language-common';

/** CNIL 2022, case 1 (password alone): at least 80 bits, as CNIL counts them (rounded to the nearest bit). */
export const MIN_ENTROPY_BITS = 80;
/** Longest accepted password, in Unicode code points (after NFC normalisation). */
export const MAX_PASSWORD_LENGTH = 128;
/** Words of a diceware list: each word of a passphrase counts log2(7776) ≈ 12.92 bits. */
export const DICEWARE_LIST_SIZE = 7776;
/** Shortest e-mail local part or display name that a password may not contain. */
export const MIN_PERSONAL_TOKEN_LENGTH = 4;

/**
 * Size of each character class, as CNIL's calculator counts them (French AZERTY keyboard: 37 special
 * characters). Any character that is not an ASCII letter or digit is "special", accented letters included.
 */
export const CHARACTER_CLASS_SIZES = { lowercase: 26, uppercase: 26, digits: 10, special: 37 } as const;

export type CharacterClass = keyof typeof CHARACTER_CLASS_SIZES;

const CLASS_ORDER: readonly CharacterClass[] = ['lowercase', 'uppercase', 'digits', 'special'];

const CLASS_NAMES: Record<CharacterClass, { fr: string; en: string }> = {
  lowercase: { fr: 'minuscules', en: 'lowercase letters' },
  uppercase: { fr: 'majuscules', en: 'uppercase letters' },
  digits: { fr: 'chiffres', en: 'digits' },
  special: { fr: 'caractères spéciaux', en: 'special characters' },
};

export type PasswordProblemCode =
  'empty' | 'too_long' | 'insufficient_entropy' | 'common_password' | 'contains_email' | 'contains_name';

export interface PasswordProblem {
  /** Stable identifier, for the UI and the tests. */
  code: PasswordProblemCode;
  /** What is wrong and how to fix it, in French (the reference text). */
  fr: string;
  /** The same in English. */
  en: string;
}

export interface PasswordAssessment {
  acceptable: boolean;
  /**
   * Entropy as CNIL counts it, unrounded: the larger of length × log2(sum of the classes' sizes) and
   * distinct words × log2(7776). Acceptance compares Math.round(entropyBits) with 80, as CNIL does.
   */
  entropyBits: number;
  problems: PasswordProblem[];
}

export interface PasswordContext {
  email?: string;
  displayName?: string;
}

export interface PasswordEntropy {
  /** Length in Unicode code points, after NFC normalisation. */
  length: number;
  classes: CharacterClass[];
  /** Sum of the sizes of the classes present (CNIL's N). */
  alphabetSize: number;
  /** length × log2(alphabetSize). */
  characterBits: number;
  /** Distinct words (runs of at least 2 letters between separators), lower-cased. */
  words: number;
  /** words × log2(7776). */
  wordBits: number;
  /** max(characterBits, wordBits). */
  bits: number;
}

// Loaded once: ~49,000 entries, already lower-case.
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(dictionary['passwords-common']);

const BITS_PER_WORD = Math.log2(DICEWARE_LIST_SIZE);
// CNIL rounds to the nearest bit, so 79.5 bits already counts as 80.
const THRESHOLD_BITS = MIN_ENTROPY_BITS - 0.5;
const MIN_PASSPHRASE_WORDS = Math.ceil(THRESHOLD_BITS / BITS_PER_WORD); // 7

const WORD_SEPARATORS = /[\s\-_.,]+/u;
const WORD = /^\p{L}{2,}$/u;
const LEADING_NON_LETTERS = /^[^\p{L}]+/u;
const TRAILING_NON_LETTERS = /[^\p{L}]+$/u;

function classOf(char: string): CharacterClass {
  if (char >= 'a' && char <= 'z') return 'lowercase';
  if (char >= 'A' && char <= 'Z') return 'uppercase';
  if (char >= '0' && char <= '9') return 'digits';
  return 'special';
}

function alphabetSizeOf(classes: Iterable<CharacterClass>): number {
  let size = 0;
  for (const c of classes) size += CHARACTER_CLASS_SIZES[c];
  return size;
}

/** Shortest length that reaches 80 bits (rounded) with an alphabet of this size. */
function minimumLengthFor(alphabetSize: number): number {
  return Math.ceil(THRESHOLD_BITS / Math.log2(alphabetSize));
}

/** Entropy of a password as CNIL's calculator counts it (character classes), or as a diceware passphrase. */
export function estimateEntropy(password: string): PasswordEntropy {
  const chars = Array.from(password.normalize('NFC'));
  const present = new Set<CharacterClass>(chars.map(classOf));
  const classes = CLASS_ORDER.filter((c) => present.has(c));
  const alphabetSize = alphabetSizeOf(classes);
  const characterBits = alphabetSize > 0 ? chars.length * Math.log2(alphabetSize) : 0;
  const words = new Set(
    password
      .normalize('NFC')
      .split(WORD_SEPARATORS)
      .filter((token) => WORD.test(token))
      .map((token) => token.toLowerCase()),
  ).size;
  const wordBits = words * BITS_PER_WORD;
  return {
    length: chars.length,
    classes,
    alphabetSize,
    characterBits,
    words,
    wordBits,
    bits: Math.max(characterBits, wordBits),
  };
}

const LEET: Record<string, string> = { '0': 'o', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

function undoLeet(text: string, one: 'i' | 'l'): string {
  return Array.from(text, (c) => (c === '1' ? one : (LEET[c] ?? c))).join('');
}

function strip(text: string, side: 'both' | 'leading' | 'trailing' = 'both'): string {
  let result = text;
  if (side !== 'trailing') result = result.replace(LEADING_NON_LETTERS, '');
  if (side !== 'leading') result = result.replace(TRAILING_NON_LETTERS, '');
  return result;
}

/** The forms of a password looked up in the common list (all lower-case). */
function commonListCandidates(password: string): Set<string> {
  const lower = password.normalize('NFC').toLowerCase();
  const candidates = new Set<string>([lower, strip(lower)]);
  for (const one of ['i', 'l'] as const) {
    // "P@ssw0rd2024!" → "p@ssw0rd" → "password". Leet is undone after stripping one side or both, so that a
    // digit at the edge can be a letter ("4dmin2024!" → "4dmin" → "admin") without "2024" becoming "2o2a".
    for (const side of ['both', 'leading', 'trailing'] as const) {
      candidates.add(strip(undoLeet(strip(lower, side), one)));
    }
  }
  candidates.delete('');
  return candidates;
}

/** True when the password, or its core without decoration and leetspeak, is a common password. */
export function isCommonPassword(password: string): boolean {
  for (const candidate of commonListCandidates(password)) {
    if (COMMON_PASSWORDS.has(candidate)) return true;
  }
  return false;
}

/** Lower-cased, without diacritics, so "Hélène" and "helene" match. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

function compact(text: string): string {
  return text.replace(/[\s\-_.,'’]+/gu, '');
}

/** True when the password contains the personal token, as typed or without separators. */
function containsPersonalToken(password: string, token: string): boolean {
  const foldedPassword = fold(password);
  const foldedToken = fold(token).replace(/\s+/gu, ' ');
  if (foldedToken.length >= MIN_PERSONAL_TOKEN_LENGTH && foldedPassword.includes(foldedToken)) return true;
  const compactToken = compact(foldedToken);
  return compactToken.length >= MIN_PERSONAL_TOKEN_LENGTH && compact(foldedPassword).includes(compactToken);
}

function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return n === 1 ? singular : pluralForm;
}

/** "des majuscules, des chiffres ou des caractères spéciaux" */
function listFr(items: string[]): string {
  const withArticle = items.map((item) => `des ${item}`);
  if (withArticle.length <= 1) return withArticle.join('');
  return `${withArticle.slice(0, -1).join(', ')} ou ${withArticle[withArticle.length - 1]}`;
}

function listEn(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function insufficientEntropyProblem(entropy: PasswordEntropy): PasswordProblem {
  const { length, classes, alphabetSize, words } = entropy;
  const minimumLength = minimumLengthFor(alphabetSize);
  const missing = Math.max(1, minimumLength - length);
  const allClasses = classes.length === CLASS_ORDER.length;
  const fourClassMinimum = minimumLengthFor(alphabetSizeOf(CLASS_ORDER));

  const classesFr = allClasses
    ? 'avec les 4 types de caractères'
    : `avec ${classes.length} ${plural(classes.length, 'type')} de caractères (${classes.map((c) => CLASS_NAMES[c].fr).join(', ')})`;
  const classesEn = allClasses
    ? 'with all 4 kinds of characters'
    : `with ${classes.length} ${plural(classes.length, 'kind')} of characters (${classes.map((c) => CLASS_NAMES[c].en).join(', ')})`;

  const absent = CLASS_ORDER.filter((c) => !classes.includes(c));
  const wordsFr = words >= 2 ? ` (vous en avez ${words})` : '';
  const wordsEn = words >= 2 ? ` (you have ${words})` : '';
  const passphraseFr = `une phrase de passe d'au moins ${MIN_PASSPHRASE_WORDS} mots différents séparés par des espaces ou des tirets${wordsFr} convient aussi.`;
  const passphraseEn = `a passphrase of at least ${MIN_PASSPHRASE_WORDS} different words separated by spaces or hyphens${wordsEn} is also fine.`;

  const fixFr = allClasses
    ? `Allongez-le de ${missing} ${plural(missing, 'caractère')} ; ${passphraseFr}`
    : `Allongez-le, ou ajoutez ${listFr(absent.map((c) => CLASS_NAMES[c].fr))} (avec les 4 types de caractères, ${fourClassMinimum} suffisent) ; ${passphraseFr}`;
  const fixEn = allClasses
    ? `Make it ${missing} ${plural(missing, 'character')} longer; ${passphraseEn}`
    : `Make it longer, or add ${listEn(absent.map((c) => CLASS_NAMES[c].en))} (with all 4 kinds of characters, ${fourClassMinimum} are enough); ${passphraseEn}`;

  return {
    code: 'insufficient_entropy',
    fr: `Il manque ${missing} ${plural(missing, 'caractère')} : ${classesFr}, il en faut au moins ${minimumLength}. ${fixFr}`,
    en: `${missing} ${plural(missing, 'character')} missing: ${classesEn}, at least ${minimumLength} are needed. ${fixEn}`,
  };
}

const EMPTY: PasswordProblem = {
  code: 'empty',
  fr: 'Le mot de passe est vide ou ne contient que des espaces : saisissez un mot de passe.',
  en: 'The password is empty or only spaces: enter a password.',
};

const TOO_LONG: PasswordProblem = {
  code: 'too_long',
  fr: `Le mot de passe dépasse ${MAX_PASSWORD_LENGTH} caractères : raccourcissez-le (${MAX_PASSWORD_LENGTH} au plus).`,
  en: `The password is longer than ${MAX_PASSWORD_LENGTH} characters: shorten it (${MAX_PASSWORD_LENGTH} at most).`,
};

const COMMON: PasswordProblem = {
  code: 'common_password',
  fr:
    'Ce mot de passe fait partie des mots de passe les plus courants (même avec des chiffres ou des symboles ' +
    'ajoutés au début ou à la fin, ou des lettres remplacées par des chiffres) : les attaquants les essaient ' +
    'en premier. Choisissez-en un autre, par exemple une phrase de passe de 7 mots sans rapport avec vous.',
  en:
    'This password is one of the most common passwords (even with digits or symbols added at the start or ' +
    'the end, or letters replaced by digits): attackers try them first. Choose another one, for example a ' +
    'passphrase of 7 words unrelated to you.',
};

const CONTAINS_EMAIL: PasswordProblem = {
  code: 'contains_email',
  fr: 'Le mot de passe contient votre adresse électronique (la partie avant « @ ») : retirez-la, elle est facile à deviner.',
  en: 'The password contains your e-mail address (the part before "@"): remove it, it is easy to guess.',
};

const CONTAINS_NAME: PasswordProblem = {
  code: 'contains_name',
  fr: 'Le mot de passe contient votre nom : retirez-le, il est facile à deviner.',
  en: 'The password contains your name: remove it, it is easy to guess.',
};

/**
 * Assesses a password against the CNIL 2022 recommendation (password alone: 80 bits), the common-password
 * list and the user's own e-mail and name. Every problem found is listed, with its fix, in French and English.
 */
export function assessPassword(password: string, context: PasswordContext = {}): PasswordAssessment {
  const entropy = estimateEntropy(password);
  const problems: PasswordProblem[] = [];

  if (password.trim() === '') {
    return { acceptable: false, entropyBits: entropy.bits, problems: [EMPTY] };
  }
  if (entropy.length > MAX_PASSWORD_LENGTH) problems.push(TOO_LONG);
  if (Math.round(entropy.bits) < MIN_ENTROPY_BITS) problems.push(insufficientEntropyProblem(entropy));
  if (isCommonPassword(password)) problems.push(COMMON);

  const localPart = context.email?.split('@')[0];
  if (localPart && containsPersonalToken(password, localPart)) problems.push(CONTAINS_EMAIL);
  if (context.displayName && containsPersonalToken(password, context.displayName))
    problems.push(CONTAINS_NAME);

  return { acceptable: problems.length === 0, entropyBits: entropy.bits, problems };
}
