import fc from 'fast-check';
import { distance } from 'fastest-levenshtein';
import { describe, expect, it } from 'vitest';
import { surnameSearchKey } from '../../applicants/domain/identity.js';
import type { BanMeasure } from '../../../../contracts/bans.js';
import {
  covers,
  matchKind,
  nameTolerance,
  nearBirthDate,
  screeningFingerprint,
  type ScreenableBan,
} from './screening.js';

const judicial: BanMeasure = { kind: 'judicial', decisionDate: '2026-06-01', durationMonths: 24 };
const administrative: BanMeasure = {
  kind: 'administrative',
  forbiddenVenues: ['Parc des Princes'],
  includesSurroundings: true,
  eventTypes: ['Football'],
  orderDate: '2026-06-01',
  validUntil: '2027-05-31',
  mustAnswerSummons: true,
};
const ban = (measure: BanMeasure, overrides: Partial<ScreenableBan> = {}): ScreenableBan => ({
  startsOn: '2026-06-01',
  endsOn: '2027-06-01',
  suspended: false,
  measure,
  ...overrides,
});
const match = { day: '2026-10-10', venue: 'Parc des Princes', sport: 'Football' };

describe('which events a ban covers (BAN-6)', () => {
  it('a judicial ban covers every event of its organiser while in force', () => {
    expect(covers(ban(judicial), { ...match, venue: 'Stade de France', sport: 'Rugby' })).toBe(true);
  });

  it('an administrative order covers only its venues and types of events, compared case-insensitively', () => {
    expect(covers(ban(administrative), match)).toBe(true);
    expect(covers(ban(administrative), { ...match, venue: ' parc des princes ', sport: 'FOOTBALL' })).toBe(
      true,
    );
    expect(covers(ban(administrative), { ...match, venue: 'Stade de France' })).toBe(false);
    expect(covers(ban(administrative), { ...match, sport: 'Rugby' })).toBe(false);
  });

  it('covers nothing before its first day, from the day after its last, or while suspended', () => {
    expect(covers(ban(judicial), { ...match, day: '2026-05-31' })).toBe(false);
    expect(covers(ban(judicial), { ...match, day: '2026-06-01' })).toBe(true);
    expect(covers(ban(judicial), { ...match, day: '2027-05-31' })).toBe(true);
    expect(covers(ban(judicial), { ...match, day: '2027-06-01' })).toBe(false);
    expect(covers(ban(administrative, { suspended: true }), match)).toBe(false);
  });
});

const person = { birthSurname: 'Vautrin-Lebrun', firstNames: 'Kévin', birthDate: '1990-04-12' };
const banned = { surname: 'Vautrin-Lebrun', firstName: 'Kévin', birthDate: '1990-04-12' };

describe('whether a holder may be the person a ban names (BAN-6)', () => {
  it('exact: the same normalised surname, first first-name and birth date (the identity key rule)', () => {
    expect(matchKind(person, banned)).toBe('exact');
    expect(
      matchKind(
        { birthSurname: 'VAUTRIN LEBRUN', firstNames: 'kevin-Marie', birthDate: '1990-04-12' },
        banned,
      ),
    ).toBe('exact');
  });

  it('close: one letter off, names swapped, another first name, a birth date one slip away', () => {
    expect(matchKind({ ...person, birthSurname: 'Vautrin-Lebrum' }, banned)).toBe('close');
    expect(matchKind({ ...person, firstNames: 'Kevim' }, banned)).toBe('close');
    // Two edits on a long surname, one on the first name.
    expect(matchKind({ ...person, birthSurname: 'Votrin-Lebrun', firstNames: 'Kevim' }, banned)).toBe(
      'close',
    );
    expect(
      matchKind({ birthSurname: 'Kévin', firstNames: 'Vautrin Lebrun', birthDate: '1990-04-12' }, banned),
    ).toBe('close');
    expect(matchKind({ ...person, firstNames: 'Jean Kévin' }, banned)).toBe('close');
    expect(matchKind({ ...person, birthDate: '1990-12-04' }, banned)).toBe('close');
    expect(matchKind({ ...person, birthDate: '1990-04-13' }, banned)).toBe('close');
    expect(matchKind({ ...person, birthDate: '1991-04-12' }, banned)).toBe('close');
  });

  it('no match: a birth date alone, a name alone, a short name two letters off, a date two digits off', () => {
    expect(matchKind({ birthSurname: 'Martin', firstNames: 'Sophie', birthDate: '1990-04-12' }, banned)).toBe(
      null,
    );
    // Twins: same surname and birth date, another first name.
    expect(matchKind({ ...person, firstNames: 'Mathis' }, banned)).toBe(null);
    expect(matchKind({ ...person, birthDate: '1985-01-30' }, banned)).toBe(null);
    expect(matchKind({ ...person, birthDate: '1990-04-21' }, banned)).toBe(null);
    const short = { surname: 'Roux', firstName: 'Léa', birthDate: '2001-02-03' };
    expect(matchKind({ birthSurname: 'Roul', firstNames: 'Léa', birthDate: '2001-02-03' }, short)).toBe(
      'close',
    );
    expect(matchKind({ birthSurname: 'Rion', firstNames: 'Léa', birthDate: '2001-02-03' }, short)).toBe(null);
  });

  it('tolerance is 1 edit up to 6 letters, 2 beyond; near birth dates are one slip', () => {
    expect(nameTolerance('MARTIN', 'MARTIN')).toBe(1);
    expect(nameTolerance('MARTINE', 'MARTIN')).toBe(2);
    expect(nearBirthDate('2001-02-03', '2001-03-02')).toBe(true);
    expect(nearBirthDate('2001-02-03', '2001-02-03')).toBe(false);
    expect(nearBirthDate('2001-02-03', '2002-02-04')).toBe(false);
  });

  const name = fc.stringMatching(/^[A-Za-zÀ-ÿ]{2,12}$/);
  const date = fc
    .date({ min: new Date('1930-01-01'), max: new Date('2015-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it('people who share only a birth date never match (property)', () => {
    const key = (value: string) => surnameSearchKey(value);
    fc.assert(
      fc.property(name, name, name, name, date, (s1, f1, s2, f2, birthDate) => {
        // Two people whose names are each more than two edits apart, not swapped.
        fc.pre(distance(key(s1), key(s2)) > 2 && distance(key(f1), key(f2)) > 2);
        fc.pre(key(s1) !== key(f2) || key(f1) !== key(s2));
        expect(
          matchKind(
            { birthSurname: s1, firstNames: f1, birthDate },
            { surname: s2, firstName: f2, birthDate },
          ),
        ).toBe(null);
      }),
    );
  });

  it('is symmetric for exact matches and never exact with another birth date (property)', () => {
    fc.assert(
      fc.property(name, name, date, date, (surname, firstName, a, b) => {
        const verdict = matchKind(
          { birthSurname: surname, firstNames: firstName, birthDate: a },
          { surname, firstName, birthDate: b },
        );
        if (a === b) expect(verdict).toBe('exact');
        else expect(verdict).not.toBe('exact');
      }),
    );
  });
});

describe('what a revision of a ban is to screening (a dismissed case looked at again)', () => {
  const version = {
    identity: { surname: 'Vautrin-Lebrun', firstName: 'Kévin', birthDate: '1990-04-12' },
    startsOn: '2026-06-01',
    endsOn: '2027-06-01',
    measure: administrative as BanMeasure,
  };
  const same = (other: typeof version) => screeningFingerprint(other) === screeningFingerprint(version);

  it('is the identity as matched or what the measure covers', () => {
    expect(same({ ...version, identity: { ...version.identity, surname: 'Vautrin' } })).toBe(false);
    expect(same({ ...version, identity: { ...version.identity, birthDate: '1990-04-13' } })).toBe(false);
    expect(same({ ...version, endsOn: '2027-07-01' })).toBe(false);
    expect(same({ ...version, measure: { ...administrative, forbiddenVenues: ['Stade de France'] } })).toBe(
      false,
    );
    expect(same({ ...version, measure: judicial })).toBe(false);
  });

  it('is not a change of case or accents, the surroundings or the duty to answer summons', () => {
    expect(
      same({ ...version, identity: { ...version.identity, surname: 'VAUTRIN LEBRUN', firstName: 'Kevin' } }),
    ).toBe(true);
    expect(
      same({
        ...version,
        measure: {
          ...administrative,
          includesSurroundings: false,
          mustAnswerSummons: false,
          eventTypes: ['football'],
        },
      }),
    ).toBe(true);
  });
});
