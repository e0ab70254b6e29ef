import { describe, expect, it } from 'vitest';
import { entryChoices } from './freeze.js';

// The rule of docs/api/draws.md "Freeze and event choices".
const quotaEvents = [
  { event: 'E-EARLY', event_id: 'id-early' },
  { event: 'E-MID', event_id: 'id-mid' },
  { event: 'E-LATE', event_id: 'id-late' },
];

describe('an entry’s choices at freeze', () => {
  it('keeps the applicant’s order, drops events without a quota in the bucket, caps at the limit', () => {
    const choices = entryChoices(quotaEvents, 2);
    expect(choices('id-late,id-elsewhere,id-early')).toEqual(['E-LATE', 'E-EARLY']);
    expect(choices('id-mid,id-late,id-early')).toEqual(['E-MID', 'E-LATE']);
  });

  it('gives an application with no ranking the bucket’s events by start, capped', () => {
    expect(entryChoices(quotaEvents, 2)('')).toEqual(['E-EARLY', 'E-MID']);
    expect(entryChoices(quotaEvents, 5)('')).toEqual(['E-EARLY', 'E-MID', 'E-LATE']);
  });

  it('leaves out an application none of whose events has a quota here', () => {
    expect(entryChoices(quotaEvents, 3)('id-elsewhere,id-other')).toBeNull();
  });
});
