import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seatHolders, type HolderPerson } from './holders.js';

const person = (id: string, extra: Partial<HolderPerson> = {}): HolderPerson => ({
  applicantId: id,
  firstNames: 'Inès',
  birthSurname: 'Ødegård',
  birthDate: '2008-02-29',
  groupId: null,
  groupRole: null,
  carerPairId: null,
  ...extra,
});

describe('who holds each seat of an allocation (TAJ-7, TAJ-15)', () => {
  it('a person holds their one seat, named by initials and birth year', () => {
    expect(seatHolders('person', 1, [person('a')])).toEqual([
      {
        kind: 'person',
        applicantId: 'a',
        groupId: null,
        holderCheck: 'IO-2008',
        codeHolder: { initials: 'IO', birthYear: 2008 },
        // Screened against stadium bans before issuance (BAN-6).
        person: person('a'),
      },
    ]);
  });

  it('each person of a carer pair holds their own seat', () => {
    const holders = seatHolders('carer_pair', 2, [person('a'), person('b')]);
    expect(Array.isArray(holders) && holders.map((holder) => holder.applicantId)).toEqual(['a', 'b']);
  });

  it('a group holds all its k seats through its manager, unnamed until the manager names them (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), (size) => {
        const holders = seatHolders('group', size, [person('m', { groupId: 'g', groupRole: 'manager' })]);
        if (!Array.isArray(holders)) throw new Error('refused');
        expect(holders).toHaveLength(size);
        for (const holder of holders)
          expect(holder).toEqual({
            kind: 'group',
            applicantId: 'm',
            groupId: 'g',
            holderCheck: null,
            codeHolder: null,
            person: null,
          });
      }),
    );
  });

  it('refuses an allocation whose application was erased, or whose seats do not match the people', () => {
    expect(seatHolders('person', 1, [undefined])).toEqual({ refusal: 'holder-missing' });
    expect(seatHolders('carer_pair', 2, [person('a'), undefined])).toEqual({ refusal: 'holder-missing' });
    expect(seatHolders('carer_pair', 2, [person('a')])).toEqual({ refusal: 'seats-mismatch' });
    expect(seatHolders('person', 2, [person('a')])).toEqual({ refusal: 'seats-mismatch' });
    expect(seatHolders('group', 3, [person('a')])).toEqual({ refusal: 'holder-missing' });
  });
});
