import { distance } from 'fastest-levenshtein';
import type { BanMeasure } from '../../../../contracts/bans.js';
import { normaliseNamePart, surnameSearchKey } from '../../applicants/domain/identity.js';
import { inForceOn } from './ban-period.js';

// Screening (BAN-6), pure: whether a ban covers an event, and whether a ticket holder may be the person it
// names. A match is never a refusal by itself: it opens a case that a ban officer decides.

/** What a ban is compared with: an event of its organiser. */
export interface ScreenedEvent {
  /** The Paris day the event starts on. */
  day: string;
  venue: string;
  /** The event's sport: what an administrative order calls a type of event. */
  sport: string;
}

export interface ScreenableBan {
  startsOn: string;
  endsOn: string;
  suspended: boolean;
  measure: BanMeasure;
}

/** Venues and sports compared as the registry validated them (`ban-validation.ts`): trimmed, case-insensitive. */
const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Whether a ban covers an event: in force on the event's Paris day (a suspended ban covers nothing, BAN-3), and
 * for an administrative order, the event's venue among the venues forbidden and its sport among the types of
 * events. A judicial ban (complementary penalty) covers every event of its organiser.
 */
export function covers(ban: ScreenableBan, event: ScreenedEvent): boolean {
  if (!inForceOn(ban, event.day)) return false;
  if (ban.measure.kind === 'judicial') return true;
  return (
    ban.measure.forbiddenVenues.some((venue) => sameName(venue, event.venue)) &&
    ban.measure.eventTypes.some((type) => sameName(type, event.sport))
  );
}

/** A ticket holder as their application names them (birth surname, every first name, ISO birth date). */
export interface ScreenedPerson {
  birthSurname: string;
  firstNames: string;
  birthDate: string;
}

/** The person a ban names (AU-42 identity: one first name). */
export interface BannedIdentity {
  surname: string;
  firstName: string;
  birthDate: string;
}

export type MatchKind = 'exact' | 'close';

/** Edits allowed between two names for a near match: 1 up to 6 letters, 2 beyond (the longer name counts). */
export const nameTolerance = (a: string, b: string): number => (Math.max(a.length, b.length) <= 6 ? 1 : 2);

const near = (a: string, b: string) => a !== '' && b !== '' && distance(a, b) <= nameTolerance(a, b);

/** Two ISO dates one typing slip apart: day and month swapped, or exactly one digit different. */
export function nearBirthDate(a: string, b: string): boolean {
  if (a === b || a.length !== b.length) return false;
  const [ya, ma, da] = a.split('-');
  const [yb, mb, db] = b.split('-');
  if (ya === yb && ma === db && da === mb) return true;
  let differences = 0;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) differences += 1;
  return differences === 1;
}

/**
 * Whether a holder may be the person a ban names (docs/api/bans.md, "Screening"). Names are normalised as for
 * identity keys (`applicants/domain/identity.ts`: accents, case, hyphens, apostrophes; the surname without
 * spaces; the application's first first-name).
 * - `exact`: same surname, first name and birth date — the same identity key.
 * - `close`, one of:
 *   1. same birth date, and both the surname and the first name within the edit tolerance (Levenshtein, 1 edit
 *      up to 6 letters, 2 beyond), one of them at least differing;
 *   2. same birth date, surname and first name swapped;
 *   3. same surname and birth date, the ban's first name being another of the application's first names;
 *   4. same surname and first name, the birth date one slip away (day and month swapped, or one digit).
 * Sharing a birth date alone, or a name alone, is no match.
 */
export function matchKind(person: ScreenedPerson, ban: BannedIdentity): MatchKind | null {
  const surname = surnameSearchKey(person.birthSurname);
  const firstNames = normaliseNamePart(person.firstNames).split(' ');
  const firstName = firstNames[0] ?? '';
  const banSurname = surnameSearchKey(ban.surname);
  const banFirstName = normaliseNamePart(ban.firstName).split(' ')[0] ?? '';
  const sameDate = person.birthDate === ban.birthDate;
  const sameSurname = surname === banSurname;
  const sameFirstName = firstName === banFirstName;
  if (sameDate && sameSurname && sameFirstName) return 'exact';
  if (sameDate) {
    if (near(surname, banSurname) && near(firstName, banFirstName)) return 'close';
    if (
      surname === surnameSearchKey(ban.firstName) &&
      [firstName, surnameSearchKey(person.firstNames)].includes(banSurname)
    )
      return 'close';
    if (sameSurname && banFirstName !== '' && firstNames.slice(1).includes(banFirstName)) return 'close';
  }
  if (sameSurname && sameFirstName && nearBirthDate(person.birthDate, ban.birthDate)) return 'close';
  return null;
}

const namesAsCompared = (list: readonly string[]) =>
  [...new Set(list.map((name) => name.trim().toLowerCase()))].sort();

/**
 * What screening compares of a ban, as one value (BAN-6): the identity as `matchKind` reads it (normalised
 * names, birth date) and what the measure covers as `covers` reads it (kind, period, and for an order its
 * venues and types of events). Two versions with the same value screen alike: a change of address or place of
 * birth, of the surroundings or of the duty to answer summons is no revision of the ban (`bans.revised_at`).
 */
export function screeningFingerprint(ban: {
  identity: BannedIdentity;
  startsOn: string;
  endsOn: string;
  measure: BanMeasure;
}): string {
  return JSON.stringify([
    surnameSearchKey(ban.identity.surname),
    normaliseNamePart(ban.identity.firstName),
    ban.identity.birthDate,
    ban.measure.kind,
    ban.startsOn,
    ban.endsOn,
    ban.measure.kind === 'administrative'
      ? [namesAsCompared(ban.measure.forbiddenVenues), namesAsCompared(ban.measure.eventTypes)]
      : null,
  ]);
}
