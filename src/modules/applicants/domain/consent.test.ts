import { describe, expect, it } from 'vitest';
import { consentRule, missingConsents } from './consent.js';

describe('who consents (TAJ-5, article 45)', () => {
  it('asks a child under 15 and the legal representative, both', () => {
    expect(consentRule('2014-06-01', '2026-12-01')).toEqual({
      age: 12,
      required: ['person', 'representative'],
    });
    expect(consentRule('2011-12-02', '2026-12-01')?.required).toEqual(['person', 'representative']);
  });
  it('asks the representative of a minor of 15 to 17, and the person from 18', () => {
    expect(consentRule('2011-12-01', '2026-12-01')).toEqual({ age: 15, required: ['representative'] });
    expect(consentRule('2008-12-02', '2026-12-01')?.required).toEqual(['representative']);
    expect(consentRule('2008-12-01', '2026-12-01')).toEqual({ age: 18, required: ['person'] });
  });
  it('refuses a birth date in the future or not a date', () => {
    expect(consentRule('2030-01-01', '2026-12-01')).toBeUndefined();
    expect(consentRule('01/02/2010', '2026-12-01')).toBeUndefined();
  });
  it('names what is missing', () => {
    const rule = consentRule('2014-06-01', '2026-12-01')!;
    expect(missingConsents(rule, ['person'])).toEqual(['representative']);
    expect(missingConsents(rule, ['representative', 'person'])).toEqual([]);
  });
});
