import { describe, expect, it } from 'vitest';
import { instantFromParis, parisDate, parisFromInstant, shiftParisDays } from './paris-time.js';

describe('Paris wall-clock times', () => {
  it('reads summer and winter times with their own offsets', () => {
    expect(instantFromParis('2024-07-26T19:30')?.toISOString()).toBe('2024-07-26T17:30:00.000Z');
    expect(instantFromParis('2027-01-15T09:05:30')?.toISOString()).toBe('2027-01-15T08:05:30.000Z');
  });

  it('refuses impossible dates and the hour skipped in spring', () => {
    expect(instantFromParis('2024-02-30T10:00')).toBeUndefined();
    expect(instantFromParis('2024-13-01T10:00')).toBeUndefined();
    expect(instantFromParis('2024-00-01T10:00')).toBeUndefined();
    expect(instantFromParis('2024-07-26T24:00')).toBeUndefined();
    expect(instantFromParis('2024-03-31T02:30')).toBeUndefined();
    expect(instantFromParis('26/07/2024 19:30')).toBeUndefined();
  });

  it('takes the first of the two autumn 02:30s (summer time)', () => {
    expect(instantFromParis('2024-10-27T02:30')?.toISOString()).toBe('2024-10-27T00:30:00.000Z');
  });

  it('writes an instant back as Paris time and date', () => {
    const instant = new Date('2024-08-11T19:00:00Z');
    expect(parisFromInstant(instant)).toBe('2024-08-11T21:00');
    expect(parisDate(new Date('2024-07-31T22:30:00Z'))).toBe('2024-08-01');
    expect(parisFromInstant(new Date('2024-01-01T00:00:07Z'))).toBe('2024-01-01T01:00:07');
  });

  it('shifts by whole days keeping the Paris time of day across a change of offset', () => {
    const opening = instantFromParis('2024-07-26T19:30')!;
    const shifted = shiftParisDays(opening, 200);
    expect(parisFromInstant(shifted)).toBe('2025-02-11T19:30');
    expect(shifted.toISOString()).toBe('2025-02-11T18:30:00.000Z');
  });

  it('moves a time skipped by the spring change one hour later', () => {
    const early = instantFromParis('2024-03-30T02:30')!;
    expect(parisFromInstant(shiftParisDays(early, 1))).toBe('2024-03-31T03:30');
  });
});
