import { describe, expect, it } from 'vitest';
import {
  MAX_PASSWORD_LENGTH,
  assessPassword,
  estimateEntropy,
  isCommonPassword,
  type PasswordAssessment,
  type PasswordProblemCode,
} from './password-policy.js';

const codes = (assessment: PasswordAssessment): PasswordProblemCode[] =>
  assessment.problems.map((p) => p.code);

// Random-looking strings, not in any common list, built from the classes named in each test.
const FOUR_CLASSES_12 = 'Kq7#vB2!mZ9x'; // lower, upper, digits, special
const THREE_CLASSES_14 = 'Kq7vB2mZ9xTr4W'; // lower, upper, digits

describe('CNIL 2022 examples (case 1, password alone: 80 bits)', () => {
  it('CNIL example 1: 12 characters from the 4 classes are enough (79.55 bits, counted as 80)', () => {
    expect(FOUR_CLASSES_12).toHaveLength(12);
    const assessment = assessPassword(FOUR_CLASSES_12);
    expect(assessment.entropyBits).toBeCloseTo(12 * Math.log2(99), 6);
    expect(assessment.entropyBits).toBeCloseTo(79.55, 2);
    expect(assessment.acceptable).toBe(true);
    expect(assessment.problems).toEqual([]);
  });

  it('CNIL example 1, one short: 11 characters from the 4 classes are refused', () => {
    const assessment = assessPassword(FOUR_CLASSES_12.slice(0, 11));
    expect(assessment.acceptable).toBe(false);
    expect(codes(assessment)).toEqual(['insufficient_entropy']);
    expect(assessment.problems[0]?.fr).toMatch(
      /^Il manque 1 caractère : avec les 4 types de caractères, il en faut au moins 12\./,
    );
  });

  it('says how many characters are missing: 10 characters from the 4 classes', () => {
    const assessment = assessPassword(FOUR_CLASSES_12.slice(0, 10));
    expect(assessment.problems[0]?.fr).toMatch(
      /^Il manque 2 caractères : avec les 4 types de caractères, il en faut au moins 12\./,
    );
  });

  it('CNIL example 2: 14 characters from 3 classes (upper, lower, digits) are enough', () => {
    expect(THREE_CLASSES_14).toHaveLength(14);
    const assessment = assessPassword(THREE_CLASSES_14);
    expect(assessment.entropyBits).toBeCloseTo(14 * Math.log2(62), 6);
    expect(assessment.acceptable).toBe(true);
  });

  it('CNIL example 2, one short: 13 characters from 3 classes are refused, with how to fix it', () => {
    const assessment = assessPassword(THREE_CLASSES_14.slice(0, 13));
    expect(assessment.acceptable).toBe(false);
    expect(codes(assessment)).toEqual(['insufficient_entropy']);
    const fr = assessment.problems[0]?.fr ?? '';
    expect(fr).toMatch(
      /^Il manque 1 caractère : avec 3 types de caractères \(minuscules, majuscules, chiffres\)/,
    );
    expect(fr).toContain('il en faut au moins 14');
    expect(fr).toContain('ajoutez des caractères spéciaux');
    expect(fr).toContain('12 suffisent');
  });

  it('CNIL example 3: a passphrase of 7 words is enough (90.5 bits), 6 words are not (77.5 bits)', () => {
    const seven = estimateEntropy('cheval agrafe lune buvard torrent piment ardoise');
    expect(seven.words).toBe(7);
    expect(seven.wordBits).toBeCloseTo(7 * Math.log2(7776), 6);
    expect(Math.round(seven.wordBits)).toBeGreaterThanOrEqual(80);
    expect(assessPassword('cheval agrafe lune buvard torrent piment ardoise').acceptable).toBe(true);

    const six = estimateEntropy('cheval agrafe lune buvard torrent piment');
    expect(six.words).toBe(6);
    expect(six.wordBits).toBeCloseTo(6 * Math.log2(7776), 6);
    expect(Math.round(six.wordBits)).toBeLessThan(80);
    // Any 6 words with separators are at least 17 characters from 2 classes (lower-case + special, N = 63):
    // ≥ 101 bits by the character count, which then decides. The word count alone never reaches 80.
    expect(six.bits).toBe(six.characterBits);
  });

  it('points to the 7-word passphrase, counting the words already there', () => {
    const fr = assessPassword('lune buvard').problems[0]?.fr ?? '';
    expect(fr).toContain("une phrase de passe d'au moins 7 mots différents");
    expect(fr).toContain('vous en avez 2');
  });
});

describe('entropy as CNIL counts it', () => {
  it('counts accented letters (and any non-ASCII-alphanumeric character) as special characters', () => {
    const e = estimateEntropy('éléphant');
    expect(e.classes).toEqual(['lowercase', 'special']);
    expect(e.alphabetSize).toBe(26 + 37);
    expect(estimateEntropy('ÉCOLE').classes).toEqual(['uppercase', 'special']);
    expect(estimateEntropy('a b').classes).toEqual(['lowercase', 'special']);
    // 12 characters with an accented letter in place of the symbol: still the 4 classes.
    expect(assessPassword('Kq7évB2hmZ9x').acceptable).toBe(true);
  });

  it('counts code points after NFC normalisation (a decomposed é is one character)', () => {
    expect(estimateEntropy('e\u0301').length).toBe(1);
    expect(estimateEntropy('🔒').length).toBe(1);
  });

  it('counts distinct words only, separated by spaces, hyphens, underscores, dots or commas', () => {
    expect(estimateEntropy('lu-ba_to.pi,ar ch').words).toBe(6);
    expect(estimateEntropy('lu lu lu lu lu lu lu').words).toBe(1);
    expect(estimateEntropy('a b c d e f g').words).toBe(0); // single letters are not words
    expect(estimateEntropy('Été forêt').words).toBe(2); // accented letters are letters for words
  });

  it('takes the larger of the character count and the word count', () => {
    const e = estimateEntropy('lune buvard');
    expect(e.bits).toBe(Math.max(e.characterBits, e.wordBits));
    // Even the shortest passphrase (2-letter words, one separator each) counts more by its characters:
    // w words are at least 3w - 1 characters from N ≥ 63, i.e. ≥ 17.9w - 6 bits, against 12.9w for the words.
    const shortest = estimateEntropy('lu.ba.to.pi.ar.ch.mo');
    expect(shortest.words).toBe(7);
    expect(shortest.wordBits).toBeCloseTo(7 * Math.log2(7776), 6);
    expect(shortest.characterBits).toBeCloseTo(20 * Math.log2(26 + 37), 6);
    expect(shortest.bits).toBe(shortest.characterBits);
    expect(estimateEntropy(FOUR_CLASSES_12).bits).toBe(estimateEntropy(FOUR_CLASSES_12).characterBits);
  });
});

describe('common passwords', () => {
  it.each(['Password123!', 'P@ssw0rd2024!', 'Azerty123456!', 'motdepasse2024', 'password', '4dmin2024!!'])(
    'refuses %s with a French explanation',
    (password) => {
      expect(isCommonPassword(password)).toBe(true);
      const assessment = assessPassword(password);
      expect(assessment.acceptable).toBe(false);
      const problem = assessment.problems.find((p) => p.code === 'common_password');
      expect(problem?.fr).toContain('fait partie des mots de passe les plus courants');
    },
  );

  it('refuses a common password even when it is long enough for the entropy rule', () => {
    const assessment = assessPassword('P@ssw0rd2024!');
    expect(Math.round(assessment.entropyBits)).toBeGreaterThanOrEqual(80);
    expect(codes(assessment)).toEqual(['common_password']);
  });

  it('does not refuse a random password', () => {
    expect(isCommonPassword(FOUR_CLASSES_12)).toBe(false);
  });
});

describe('personal information', () => {
  it("refuses a password containing the e-mail's local part (4 characters or more)", () => {
    const assessment = assessPassword('Zq9!jean.dupont#Lx', { email: 'jean.dupont@example.fr' });
    expect(codes(assessment)).toContain('contains_email');
    expect(codes(assessPassword('Zq9!JeanDupont#Lx', { email: 'jean.dupont@example.fr' }))).toContain(
      'contains_email',
    );
    // A local part shorter than 4 characters is not checked.
    expect(codes(assessPassword(`${FOUR_CLASSES_12}jd`, { email: 'jd@example.fr' }))).toEqual([]);
  });

  it('refuses a password containing the display name, ignoring case and accents', () => {
    const assessment = assessPassword('Zq9!helene-martin#Lx', { displayName: 'Hélène Martin' });
    expect(codes(assessment)).toContain('contains_name');
    expect(codes(assessPassword(FOUR_CLASSES_12, { displayName: 'Hélène Martin' }))).toEqual([]);
  });
});

describe('length limits', () => {
  it(`accepts ${MAX_PASSWORD_LENGTH} characters and refuses ${MAX_PASSWORD_LENGTH + 1}`, () => {
    const base = 'Kq7#vB2!mZ9x';
    const max = base.repeat(11).slice(0, 128);
    expect(max).toHaveLength(128);
    expect(assessPassword(max).acceptable).toBe(true);
    const over = assessPassword(`${max}a`);
    expect(over.acceptable).toBe(false);
    expect(codes(over)).toEqual(['too_long']);
  });

  it.each(['', ' ', '   \t  '])('refuses an empty or blank password (%j)', (password) => {
    const assessment = assessPassword(password);
    expect(assessment.acceptable).toBe(false);
    expect(codes(assessment)).toEqual(['empty']);
  });
});

describe('explanations', () => {
  it('gives every problem a non-empty French and English text', () => {
    const samples: [string, Parameters<typeof assessPassword>[1]][] = [
      ['', {}],
      ['x'.repeat(129), {}],
      ['abc', {}],
      ['Aa1', {}],
      ['Password123!', {}],
      ['Zq9!jean.dupont#Lx', { email: 'jean.dupont@example.fr' }],
      ['Zq9!helene-martin#Lx', { displayName: 'Hélène Martin' }],
    ];
    const seen = new Set<PasswordProblemCode>();
    for (const [password, context] of samples) {
      for (const problem of assessPassword(password, context).problems) {
        seen.add(problem.code);
        expect(problem.fr.trim()).not.toBe('');
        expect(problem.en.trim()).not.toBe('');
        expect(problem.fr).not.toContain('undefined');
        expect(problem.en).not.toContain('undefined');
      }
    }
    expect([...seen].sort()).toEqual(
      [
        'common_password',
        'contains_email',
        'contains_name',
        'empty',
        'insufficient_entropy',
        'too_long',
      ].sort(),
    );
  });

  it('never echoes the password in an explanation', () => {
    const password = 'Zq9!jean.dupont';
    for (const problem of assessPassword(password, { email: 'jean.dupont@example.fr' }).problems) {
      expect(problem.fr).not.toContain(password);
      expect(problem.en).not.toContain(password);
    }
  });
});
