import { instantFromParis, parisDate } from '../../programmes/domain/paris-time.js';

// A ticket's life (TAJ-15, TAJ-16), pure: which step is allowed from which status, and why one is refused.
// The database keeps the same rule (trigger `tickets_forward_only`) and the one-live-holder-per-seat rule
// (unique index `tickets_one_live_per_seat`).

export const TICKET_STATUSES = [
  'screening',
  'issued',
  'delivered',
  'withdrawn',
  'revoked',
  'reassigned',
  'scanned',
  'returned_to_pool',
  'refused',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** A ticket in these statuses admits its holder. */
export const LIVE_STATUSES: readonly TicketStatus[] = ['issued', 'delivered'];
export const isLive = (status: TicketStatus): boolean => LIVE_STATUSES.includes(status);

/**
 * A ticket in these statuses holds its seat: the live ones, and one awaiting its ban screening (BAN-6), which
 * admits no one, is never sent, withdrawn or reclaimed, and only becomes `issued` or `refused`. A seat has at
 * most one such ticket (unique index `tickets_one_live_per_seat`).
 */
export const HOLDING_STATUSES: readonly TicketStatus[] = ['screening', 'issued', 'delivered'];
export const holdsSeat = (status: TicketStatus): boolean => HOLDING_STATUSES.includes(status);

/**
 * The steps of a ticket's life:
 * - deliver: the holder received it (download link sent or opened);
 * - withdraw: the holder gave it up before the eve (the seat goes to the reserve list or back to the pool);
 * - revoke: cancelled by the operator (no holder any more; the gate refuses it);
 * - reassign: the official reassignment: this ticket ends, a new one is issued on the same seat;
 * - scan: admitted at the gate, once;
 * - return: the seat went back to the stock without a holder (reclaim of an issued-but-undelivered seat);
 * - clear: a ticket awaiting its ban screening is issued (every case dismissed or lapsed, BAN-6);
 * - refuse: a ticket awaiting its ban screening is refused (a ban officer confirmed a case); its seat is freed.
 */
export type TicketAction =
  'deliver' | 'withdraw' | 'revoke' | 'reassign' | 'scan' | 'return' | 'clear' | 'refuse';

const TARGET: Record<TicketAction, TicketStatus> = {
  deliver: 'delivered',
  withdraw: 'withdrawn',
  revoke: 'revoked',
  reassign: 'reassigned',
  scan: 'scanned',
  return: 'returned_to_pool',
  clear: 'issued',
  refuse: 'refused',
};

/** The only steps of a ticket awaiting its screening; and they are only its. */
const SCREENING_ACTIONS: readonly TicketAction[] = ['clear', 'refuse'];

export type TransitionRefusal =
  | { code: 'ticket-ended'; status: TicketStatus }
  | { code: 'ticket-already-delivered' }
  | { code: 'ticket-scanned' }
  /** Awaiting its ban screening: only a ban officer's decision (or the ban's end) moves it. */
  | { code: 'ticket-awaiting-screening' }
  /** `clear` or `refuse` asked of a ticket that is not awaiting a screening. */
  | { code: 'ticket-not-screening' };

export type Transition = { allowed: true; to: TicketStatus } | { allowed: false; refusal: TransitionRefusal };

/** Whether `action` may happen to a ticket in `status`, and the status it leads to. */
export function transition(status: TicketStatus, action: TicketAction): Transition {
  if (status === 'screening')
    return SCREENING_ACTIONS.includes(action)
      ? { allowed: true, to: TARGET[action] }
      : { allowed: false, refusal: { code: 'ticket-awaiting-screening' } };
  if (status === 'scanned') return { allowed: false, refusal: { code: 'ticket-scanned' } };
  if (!isLive(status)) return { allowed: false, refusal: { code: 'ticket-ended', status } };
  if (SCREENING_ACTIONS.includes(action))
    return { allowed: false, refusal: { code: 'ticket-not-screening' } };
  if (action === 'deliver' && status === 'delivered')
    return { allowed: false, refusal: { code: 'ticket-already-delivered' } };
  return { allowed: true, to: TARGET[action] };
}

/** The actions that end a ticket and free its seat for someone else (or for the pool). */
export const FREES_SEAT: readonly TicketAction[] = ['withdraw', 'revoke', 'reassign', 'return', 'refuse'];

/**
 * The last moment a holder may withdraw (TAJ-16, "until the eve of the event"): 23:59 Paris time on the day
 * before the event's Paris date (summer or winter time alike). Withdrawals are accepted up to the end of that
 * minute, i.e. before midnight Paris time of the event's day.
 */
export function withdrawalDeadline(eventStartsAt: Date): { shown: Date; endsBefore: Date } {
  const day = parisDate(eventStartsAt);
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const eve = new Date(Date.UTC(year, month - 1, date - 1)).toISOString().slice(0, 10);
  const shown = instantFromParis(`${eve}T23:59`)!;
  const endsBefore = instantFromParis(`${day}T00:00`)!;
  return { shown, endsBefore };
}

export function withdrawalOpen(eventStartsAt: Date, now: Date): boolean {
  return now.getTime() < withdrawalDeadline(eventStartsAt).endsBefore.getTime();
}

/** When a ticket admits its holder at the gate: from 3 hours before the start to 6 hours after. */
export const VALIDITY_BEFORE_MS = 3 * 3_600_000;
export const VALIDITY_AFTER_MS = 6 * 3_600_000;
export function validityWindow(eventStartsAt: Date): { validFrom: Date; validUntil: Date } {
  return {
    validFrom: new Date(eventStartsAt.getTime() - VALIDITY_BEFORE_MS),
    validUntil: new Date(eventStartsAt.getTime() + VALIDITY_AFTER_MS),
  };
}

/** Latin letters that NFKD leaves whole, folded to the ASCII letter an agent reads on an ID. */
const UNDECOMPOSED: Record<string, string> = {
  Ø: 'O',
  Œ: 'O',
  Æ: 'A',
  Ł: 'L',
  Đ: 'D',
  Þ: 'T',
  ẞ: 'S',
  ß: 'S',
};

/**
 * What a gate agent compares with an ID (docs/formats/ticket-code.md, "holder check"): the initials of the
 * first first-name and of the birth surname, without accents, upper-case, and the birth year — `CD-2005`.
 */
export function holderCheck(person: { firstNames: string; birthSurname: string; birthDate: string }): string {
  const initial = (text: string) => {
    const letter = text
      .normalize('NFKD')
      .replace(/[^\p{L}]/gu, '')
      .charAt(0)
      .toUpperCase();
    return UNDECOMPOSED[letter] ?? letter;
  };
  return `${initial(person.firstNames)}${initial(person.birthSurname)}-${person.birthDate.slice(0, 4)}`;
}
