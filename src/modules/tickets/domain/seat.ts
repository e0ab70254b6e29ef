import { isLive, transition, type TicketStatus, type TransitionRefusal } from './lifecycle.js';

// A seat and the tickets it has had, pure (TAJ-15, TAJ-16): the first ticket is issued on a fresh seat; a
// ticket that ends by withdrawal, revocation, reassignment or return hands the seat to its successor (a new
// ticket, for a new holder) or, with none, the seat goes back to the pool for good. The use cases decide each
// step with `applySeatStep` on the seat's locked rows, then write what it returns.

export interface SeatState {
  returned: boolean;
  tickets: readonly { id: string; status: TicketStatus }[];
}

export type SeatStep =
  | { kind: 'issue'; ticketId: string }
  | { kind: 'act'; ticketId: string; action: 'deliver' | 'scan' }
  | {
      kind: 'release';
      ticketId: string;
      action: 'withdraw' | 'revoke' | 'reassign' | 'return';
      /** The new ticket taking the seat over, or null: the seat goes back to the pool. */
      successorId: string | null;
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

export function applySeatStep(state: SeatState, step: SeatStep): SeatOutcome {
  const refuse = (refusal: SeatRefusal): SeatOutcome => ({ ok: false, refusal });
  if (step.kind === 'issue') {
    if (state.returned) return refuse({ code: 'seat-returned' });
    // Only a fresh seat gets a ticket this way; afterwards a seat changes hands only through a release.
    if (state.tickets.length > 0) return refuse({ code: 'seat-taken' });
    return { ok: true, state: { ...state, tickets: [{ id: step.ticketId, status: 'issued' }] } };
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
    state: { returned: false, tickets: [...tickets, { id: step.successorId, status: 'issued' }] },
  };
}
