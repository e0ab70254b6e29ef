import { describe, expect, it } from 'vitest';
import { holderCheckOf, isHolderCheck } from './holder-check.js';

const check = (firstNames: string, surname: string, birthDate = '2009-05-14') =>
  holderCheckOf({ firstNames, surname, birthDate });

describe('holder check (docs/formats/ticket-code.md §3)', () => {
  it('takes the first letter of each normalised name and the birth year', () => {
    expect(check('Élise Marie', 'd’Arc')).toEqual({ initials: 'ED', birthYear: 2009 });
    expect(check('jean-pierre', 'de la Fontaine', '1950-01-31')).toEqual({ initials: 'JD', birthYear: 1950 });
    expect(check('Øystein', 'Łukasiewicz').initials).toBe('OL');
    expect(check('Ægir', 'Œuvrard').initials).toBe('AO');
    expect(check('  \u00adZoé', "'t Hooft").initials).toBe('ZT');
  });

  it('writes `-` for a name that does not start with a Latin letter', () => {
    expect(check('Дмитрий', 'Иванов').initials).toBe('--');
    expect(check('Анна', '李').initials).toBe('A-'); // a Cyrillic А is read as the Latin A (identity keys)
    expect(check('', 'Martin').initials).toBe('-M');
  });

  it('refuses a birth date the format cannot carry', () => {
    expect(() => check('A', 'B', '1899-12-31')).toThrow(RangeError);
    expect(() => check('A', 'B', '2101-01-01')).toThrow(RangeError);
    expect(() => check('A', 'B', '14/05/2009')).toThrow(RangeError);
    expect(check('A', 'B', '1900-01-01').birthYear).toBe(1900);
  });

  it('says which holder checks the format can carry', () => {
    expect(isHolderCheck({ initials: 'E-', birthYear: 2100 })).toBe(true);
    expect(isHolderCheck({ initials: 'e', birthYear: 2000 })).toBe(false);
    expect(isHolderCheck({ initials: 'ÉD', birthYear: 2000 })).toBe(false);
    expect(isHolderCheck({ initials: 'ED', birthYear: 2000.5 })).toBe(false);
  });
});
