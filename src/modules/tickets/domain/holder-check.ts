import { normaliseNamePart } from '../../applicants/domain/identity.js';

/**
 * What a ticket code says about its holder (docs/formats/ticket-code.md §3): the initials of the first name and
 * of the surname, and the birth year — enough for a gate agent to compare with an identity document, too little
 * to identify anyone (TAJ-15, data minimisation).
 */
export interface HolderCheck {
  /** Two characters, each `A`–`Z`, or `-` for a name that starts with no Latin letter. */
  initials: string;
  birthYear: number;
}

export const MIN_BIRTH_YEAR = 1900;
export const MAX_BIRTH_YEAR = 2100;

export interface HolderIdentity {
  /** The first names as the platform holds them; only the first letter of the first one counts. */
  firstNames: string;
  /** The surname as on the identity document (the birth surname the platform holds). */
  surname: string;
  /** ISO date, `2009-03-04`. */
  birthDate: string;
}

/**
 * The holder check of a person: each initial is the first character of the name normalised as for identity
 * keys (NFKD, accents stripped, upper case, Ł Ø Æ Œ… folded, apostrophes removed: « Élise » → E,
 * « d’Arc » → D, « Øster » → O), or `-` when that character is not a Latin letter (a name written in another
 * script: the agent then compares the birth year only). Throws on a birth date that is not an ISO date of a
 * year from 1900 to 2100: issuing a ticket without one is a programming error, not a holder's.
 */
export function holderCheckOf(identity: HolderIdentity): HolderCheck {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(identity.birthDate);
  const birthYear = match ? Number(match[1]) : NaN;
  if (!(birthYear >= MIN_BIRTH_YEAR && birthYear <= MAX_BIRTH_YEAR))
    throw new RangeError(
      `birth date ${JSON.stringify(identity.birthDate)} is not an ISO date from 1900 to 2100`,
    );
  return { initials: initialOf(identity.firstNames) + initialOf(identity.surname), birthYear };
}

function initialOf(name: string): string {
  const first = normaliseNamePart(name).charAt(0);
  return first >= 'A' && first <= 'Z' ? first : '-';
}

/** Whether a value is a holder check the format can carry. */
export function isHolderCheck(value: HolderCheck): boolean {
  return (
    /^[A-Z-]{2}$/.test(value.initials) &&
    Number.isInteger(value.birthYear) &&
    value.birthYear >= MIN_BIRTH_YEAR &&
    value.birthYear <= MAX_BIRTH_YEAR
  );
}
