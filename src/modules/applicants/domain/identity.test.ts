import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityKeyInput, normaliseNamePart, surnameSearchKey } from './identity.js';

const key = (birthSurname: string, firstNames: string, birthDate = '2012-03-04') =>
  identityKeyInput({ birthSurname, firstNames, birthDate });

describe('identity normalisation (TAJ-9)', () => {
  it('strips accents, folds case, hyphens and apostrophes, collapses spaces', () => {
    expect(normaliseNamePart('  Élodie-Anne  ')).toBe('ELODIE ANNE');
    expect(normaliseNamePart('d’Arc')).toBe('DARC');
    expect(normaliseNamePart("D'Arc")).toBe('DARC');
    expect(normaliseNamePart('Lætitia')).toBe('LAETITIA');
    expect(normaliseNamePart('Nguyễn')).toBe('NGUYEN');
    expect(normaliseNamePart('Ñúñez   Çelik')).toBe('NUNEZ CELIK');
  });

  it('folds the letters NFKD does not decompose', () => {
    expect(normaliseNamePart('Łukasz Wałęsa')).toBe('LUKASZ WALESA');
    expect(normaliseNamePart('Søren Østergård')).toBe('SOREN OSTERGARD');
    expect(normaliseNamePart('Đorđe')).toBe('DORDE');
    expect(normaliseNamePart('Guðrún')).toBe('GUDRUN');
    expect(normaliseNamePart('Þóra')).toBe('THORA');
    expect(normaliseNamePart('Ægir Cœur')).toBe('AEGIR COEUR');
    expect(normaliseNamePart('Œdipe')).toBe('OEDIPE');
    expect(normaliseNamePart('Straße STRAẞE')).toBe('STRASSE STRASSE');
    expect(normaliseNamePart('Yıldız')).toBe('YILDIZ');
    expect(normaliseNamePart('İlker')).toBe('ILKER');
    expect(normaliseNamePart('Ħal Ŧest')).toBe('HAL TEST');
  });

  it('reads Cyrillic and Greek look-alikes as the Latin letter they imitate', () => {
    // « Аnna » with a Cyrillic А (U+0410), « Annа » with a Cyrillic а (U+0430), « Αnna » with a Greek Alpha.
    expect(normaliseNamePart('\u0410nna')).toBe('ANNA');
    expect(normaliseNamePart('Ann\u0430')).toBe('ANNA');
    expect(normaliseNamePart('\u0391nna')).toBe('ANNA');
    expect(normaliseNamePart('P\u0435tit')).toBe('PETIT');
    expect(normaliseNamePart('\u041c\u0430rtin')).toBe('MARTIN');
    expect(key('\u041c\u0430rtin', '\u0410nna')).toBe(key('Martin', 'Anna'));
  });

  it('drops invisible characters and reads every kind of hyphen and apostrophe alike', () => {
    expect(normaliseNamePart('Jean\u00adPierre')).toBe('JEANPIERRE');
    expect(normaliseNamePart('Ma\u200brtin')).toBe('MARTIN');
    for (const hyphen of ['-', '\u2010', '\u2011', '\u2013', '\u2014', '\u2212', '\ufe63', '\uff0d'])
      expect(normaliseNamePart(`Jean${hyphen}Pierre`)).toBe('JEAN PIERRE');
    for (const apostrophe of ["'", '’', '‘', 'ʼ', '`', '´', '\uff07'])
      expect(normaliseNamePart(`D${apostrophe}Arc`)).toBe('DARC');
  });

  it('meets one person written in different ways', () => {
    const reference = key("D'Arc", 'Jeanne');
    for (const variant of [key('DARC', 'Jeanne'), key('d’arc', 'JEANNE'), key('D Arc', 'Jeanne Marie')]) {
      expect(variant).toBe(reference);
    }
    expect(key('Lefèvre-Dupont', 'Élise')).toBe(key('LEFEVRE DUPONT', 'elise'));
    expect(key('de la Fontaine', 'Zoé, Lou')).toBe(key('Delafontaine', 'Zoe'));
  });

  it('counts a compound first name by its first part, however it is joined (the first first-name rule)', () => {
    const reference = key('Martin', 'Jean-Pierre');
    for (const variant of [
      'Jean Pierre',
      'JEAN–PIERRE',
      'jean - pierre',
      'Jean, Pierre',
      'Jean',
      ' Jean-Pierre Paul',
    ])
      expect(key('MARTIN', variant)).toBe(reference);
    expect(key('Martin', 'Marie-Ève Louise')).toBe(key('Martin', 'Marie'));
    expect(key('Martin', 'Pierre-Jean')).not.toBe(reference);
  });

  it('keeps different people apart: another birth date, another first name, another surname', () => {
    expect(key('Martin', 'Léa')).not.toBe(key('Martin', 'Léa', '2012-03-05'));
    expect(key('Martin', 'Léa')).not.toBe(key('Martin', 'Léo'));
    expect(key('Martin', 'Léa')).not.toBe(key('Martins', 'Léa'));
    expect(key('Lopez', 'Ana')).not.toBe(key('Lopes', 'Ana'));
  });

  it('gives the searchable surname without spaces or accents', () => {
    expect(surnameSearchKey('Hélène')).toBe('HELENE');
    expect(surnameSearchKey('de la Fontaine')).toBe('DELAFONTAINE');
    expect(surnameSearchKey("N'Diaye-Łoś")).toBe('NDIAYELOS');
  });

  it('is idempotent, on any Unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        expect(normaliseNamePart(normaliseNamePart(value))).toBe(normaliseNamePart(value));
      }),
      { numRuns: 2000 },
    );
  });

  // Variants of one name: case, accents added, hyphens or spaces, apostrophes, invisible characters and
  // Cyrillic look-alikes swapped in. Every variant gives the key of the plain name.
  const letters = 'abcdeghijklmnoprstuvyz'.split('');
  const accented: Record<string, string[]> = {
    a: ['à', 'â', 'ä', 'á', 'å'],
    e: ['é', 'è', 'ê', 'ë'],
    i: ['î', 'ï', 'í'],
    o: ['ô', 'ö', 'ó', 'ø'],
    u: ['ù', 'û', 'ü'],
    c: ['ç'],
    n: ['ñ'],
    l: ['ł'],
    d: ['đ'],
    y: ['ÿ'],
  };
  const lookAlikes: Record<string, string[]> = {
    a: ['\u0430'],
    e: ['\u0435'],
    o: ['\u043e', '\u03bf'],
    p: ['\u0440'],
    c: ['\u0441'],
    y: ['\u0443'],
    k: ['\u043a'],
    i: ['\u0456'],
  };
  const word = fc.array(fc.constantFrom(...letters), { minLength: 2, maxLength: 8 }).map((w) => w.join(''));
  const variantOf = (plain: string) =>
    fc
      .tuple(
        ...plain
          .split('')
          .map((letter) =>
            fc.constantFrom(
              letter,
              letter.toUpperCase(),
              ...(accented[letter] ?? []),
              ...(lookAlikes[letter] ?? []).filter((glyph) => glyph.toUpperCase() !== glyph.toLowerCase()),
              ...(lookAlikes[letter] ?? []).map((glyph) => glyph.toUpperCase()),
            ),
          ),
      )
      .map((chars) => chars.join(''));

  it('meets every variant of a name (property)', () => {
    fc.assert(
      fc.property(
        fc
          .array(word, { minLength: 1, maxLength: 3 })
          .chain((parts) =>
            fc.tuple(
              fc.constant(parts),
              fc.tuple(...parts.map(variantOf)),
              fc.constantFrom(' ', '-', ' - ', '\u2011', '  '),
              fc.constantFrom('', '\u200b', '\u00ad'),
            ),
          ),
        word,
        ([parts, variants, joiner, invisible], firstName) => {
          const plainSurname = parts.join(' ');
          const variantSurname = variants.map((part) => `${invisible}${part}`).join(joiner);
          expect(key(variantSurname, `${firstName.toUpperCase()}-Marie`)).toBe(key(plainSurname, firstName));
        },
      ),
      { numRuns: 500 },
    );
  });
});
