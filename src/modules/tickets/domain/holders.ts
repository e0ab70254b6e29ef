import { holderCheckOf, type HolderCheck } from './holder-check.js';
import { holderCheck } from './lifecycle.js';

// Who holds each seat of an allocation (TAJ-7, TAJ-15): a person their one seat; a carer pair one seat each,
// both named; a group all its seats, held by the group through its manager's application — the participant of
// each seat is named by the manager later, so its holder check waits until then.

export interface HolderPerson {
  applicantId: string;
  firstNames: string;
  birthSurname: string;
  birthDate: string;
  groupId: string | null;
  groupRole: 'manager' | 'participant' | null;
  carerPairId: string | null;
}

export interface SeatHolder {
  kind: 'person' | 'carer_pair' | 'group';
  applicantId: string;
  groupId: string | null;
  holderCheck: string | null;
  /** The holder check the signed code carries (docs/formats/ticket-code.md §3); null for a group seat. */
  codeHolder: HolderCheck | null;
  /** Who is screened against stadium bans before the ticket is issued (BAN-6); null for a group seat. */
  person: { birthSurname: string; firstNames: string; birthDate: string } | null;
}

export type HoldersRefusal = 'holder-missing' | 'seats-mismatch';

/** One holder per seat, in seat order, or why the allocation cannot be ticketed (an application erased since). */
export function seatHolders(
  kind: SeatHolder['kind'],
  seats: number,
  people: readonly (HolderPerson | undefined)[],
): SeatHolder[] | { refusal: HoldersRefusal } {
  if (people.length === 0 || people.some((person) => person === undefined))
    return { refusal: 'holder-missing' };
  const present = people as HolderPerson[];
  if (kind === 'person') {
    if (seats !== 1 || present.length !== 1) return { refusal: 'seats-mismatch' };
    return [personSeat('person', present[0]!)];
  }
  if (kind === 'carer_pair') {
    if (seats !== present.length) return { refusal: 'seats-mismatch' };
    return present.map((person) => personSeat('carer_pair', person));
  }
  const manager = present.find((person) => person.groupRole === 'manager' && person.groupId);
  if (!manager) return { refusal: 'holder-missing' };
  return Array.from({ length: seats }, () => ({
    kind: 'group' as const,
    applicantId: manager.applicantId,
    groupId: manager.groupId,
    holderCheck: null,
    codeHolder: null,
    person: null,
  }));
}

const personSeat = (kind: 'person' | 'carer_pair', person: HolderPerson): SeatHolder => ({
  kind,
  applicantId: person.applicantId,
  groupId: null,
  holderCheck: holderCheck(person),
  codeHolder: holderCheckOf({
    firstNames: person.firstNames,
    surname: person.birthSurname,
    birthDate: person.birthDate,
  }),
  person,
});
