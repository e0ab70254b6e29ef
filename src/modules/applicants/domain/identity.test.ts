import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityKeyInput, normaliseNamePart } from './identity.js';

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

  it('meets one person written in different ways', () => {
    const reference = key("D'Arc", 'Jeanne');
    for (const variant of [key('DARC', 'Jeanne'), key('d’arc', 'JEANNE'), key('D Arc', 'Jeanne Marie')]) {
      expect(variant).toBe(reference);
    }
    expect(key('Lefèvre-Dupont', 'Élise')).toBe(key('LEFEVRE DUPONT', 'elise'));
    expect(key('de la Fontaine', 'Zoé, Lou')).toBe(key('Delafontaine', 'Zoe'));
    expect(key('Martin', 'Jean-Pierre')).toBe(key('MARTIN', 'Jean Pierre'));
  });

  it('keeps different people apart: another birth date, another first name, another surname', () => {
    expect(key('Martin', 'Léa')).not.toBe(key('Martin', 'Léa', '2012-03-05'));
    expect(key('Martin', 'Léa')).not.toBe(key('Martin', 'Léo'));
    expect(key('Martin', 'Léa')).not.toBe(key('Martins', 'Léa'));
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        expect(normaliseNamePart(normaliseNamePart(value))).toBe(normaliseNamePart(value));
      }),
    );
  });
});
