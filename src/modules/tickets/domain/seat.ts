import { holdsSeat, isLive, transition, type TicketStatus, type TransitionRefusal } from './lifecycle.js';

// A seat and the tickets it has had, pure (TAJ-15, TAJ-16): the first ticket is issued on a fresh seat; a
// ticket that ends by withdrawal, revocation, reassignment or return hands the seat to its successor (a new
// ticket, for a new holder) or, with none, the seat goes back to the pool for good. The use cases decide each
// step with `applySeatStep` on the seat's locked rows, then write what it returns. A ticket whose holder may
// match a stadium ban (BAN-6) starts `screening`: it holds the seat without admitting anyone, until it is
// cleared (`issued`) or refused — which frees the seat like a withdrawal.

export interface SeatState {
  returned: boolean;
  tickets: readonly { id: string; status: TicketStatus }[];
}

export type SeatStep =
  | { kind: 'issue'; ticketId: string; screening?: boolean }
  | { kind: 'act'; ticketId: string; action: 'deliver' | 'scan' | 'clear' }
  | {
      kind: 'release';
      ticketId: string;
      action: 'withdraw' | 'revoke' | 'reassign' | 'return' | 'refuse';
      /** The new ticket taking the seat over, or null: the seat goes back to the pool. */
      successorId: string | null;
      /** The successor's holder may match a ban: it starts `screening`. */
      successorScreening?: boolean;
    };

export type SeatRefusal =
  | TransitionRefusal
  | { code: 'seat-returned' }
  | { code: 'seat-taken' }
  | { code: 'unknown-ticket' }
  | { code: 'successor-required' }
  | { code: 'duplicate-ticket-id' };

export type SeatOutcome = { ok: true; state: SeatState } | { ok: false; refusal: SeatRefusal };

export const liveTickets = (state: SeatState) => state.tickets.filter((ticket) => isLive(ticket.status));
/** The tickets holding the seat: live, or awaiting their screening. At most one. */
export const holdingTickets = (state: SeatState) =>
  state.tickets.filter((ticket) => holdsSeat(ticket.status));
const firstStatus = (screening: boolean | undefined): TicketStatus => (screening ? 'screening' : 'issued');

export function applySeatStep(state: SeatState, step: SeatStep): SeatOutcome {
  const refuse = (refusal: SeatRefusal): SeatOutcome => ({ ok: false, refusal });
  if (step.kind === 'issue') {
    if (state.returned) return refuse({ code: 'seat-returned' });
    // Only a fresh seat gets a ticket this way; afterwards a seat changes hands only through a release.
    if (state.tickets.length > 0) return refuse({ code: 'seat-taken' });
    return {
      ok: true,
      state: { ...state, tickets: [{ id: step.ticketId, status: firstStatus(step.screening) }] },
    };
  }
  const ticket = state.tickets.find((candidate) => candidate.id === step.ticketId);
  if (!ticket) return refuse({ code: 'unknown-ticket' });
  const next = transition(ticket.status, step.action);
  if (!next.allowed) return refuse(next.refusal);
  const tickets = state.tickets.map((candidate) =>
    candidate.id === ticket.id ? { ...candidate, status: next.to } : candidate,
  );
  if (step.kind === 'act') return { ok: true, state: { ...state, tickets } };
  if (step.successorId === null) {
    if (step.action === 'reassign') return refuse({ code: 'successor-required' });
    return { ok: true, state: { returned: true, tickets } };
  }
  if (state.tickets.some((candidate) => candidate.id === step.successorId))
    return refuse({ code: 'duplicate-ticket-id' });
  return {
    ok: true,
    state: {
      returned: false,
      tickets: [...tickets, { id: step.successorId, status: firstStatus(step.successorScreening) }],
    },
  };
}
