import { describe, expect, it } from 'vitest';
import { addMonths, purgeDueAt } from './retention.js';

describe('retention periods (SEC-4)', () => {
  const closings = new Map([
    ['olympic', new Date('2024-08-11T21:00:00Z')],
    ['paralympic', new Date('2024-09-08T21:00:00Z')],
  ] as const);

  it('is due six months after the Games a programme covers close', () => {
    expect(purgeDueAt('olympic', closings)).toEqual(new Date('2025-02-11T21:00:00Z'));
    expect(purgeDueAt('paralympic', closings)).toEqual(new Date('2025-03-08T21:00:00Z'));
  });

  it('waits for the last of both Games for a programme covering both', () => {
    expect(purgeDueAt('both', closings)).toEqual(new Date('2025-03-08T21:00:00Z'));
  });

  it('is never due while a covered Games has no closing date', () => {
    expect(purgeDueAt('both', new Map([['olympic', new Date('2024-08-11T21:00:00Z')]]))).toBeUndefined();
  });

  it('clamps the day to the end of a shorter month', () => {
    expect(addMonths(new Date('2024-08-31T12:00:00Z'), 6)).toEqual(new Date('2025-02-28T12:00:00Z'));
  });
});
