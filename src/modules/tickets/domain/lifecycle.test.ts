import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantFromParis } from '../../programmes/domain/paris-time.js';
import {
  holderCheck,
  holdsSeat,
  isLive,
  TICKET_STATUSES,
  transition,
  validityWindow,
  withdrawalDeadline,
  withdrawalOpen,
  type TicketAction,
  type TicketStatus,
} from './lifecycle.js';
import { applySeatStep, holdingTickets, liveTickets, type SeatState, type SeatStep } from './seat.js';

const ACTIONS: TicketAction[] = [
  'deliver',
  'withdraw',
  'revoke',
  'reassign',
  'scan',
  'return',
  'clear',
  'refuse',
];
const TERMINAL = TICKET_STATUSES.filter((status) => !holdsSeat(status));

describe('ticket lifecycle (TAJ-15, TAJ-16)', () => {
  it('moves issued → delivered → an end, and refuses every step from an end with its reason', () => {
    expect(transition('issued', 'deliver')).toEqual({ allowed: true, to: 'delivered' });
    expect(transition('delivered', 'withdraw')).toEqual({ allowed: true, to: 'withdrawn' });
    expect(transition('issued', 'return')).toEqual({ allowed: true, to: 'returned_to_pool' });
    expect(transition('delivered', 'deliver')).toEqual({
      allowed: false,
      refusal: { code: 'ticket-already-delivered' },
    });
    expect(transition('scanned', 'withdraw')).toEqual({
      allowed: false,
      refusal: { code: 'ticket-scanned' },
    });
    expect(transition('withdrawn', 'scan')).toEqual({
      allowed: false,
      refusal: { code: 'ticket-ended', status: 'withdrawn' },
    });
  });

  it('a ticket awaiting its ban screening (BAN-6) only becomes issued (cleared) or refused', () => {
    expect(transition('screening', 'clear')).toEqual({ allowed: true, to: 'issued' });
    expect(transition('screening', 'refuse')).toEqual({ allowed: true, to: 'refused' });
    for (const action of ['deliver', 'withdraw', 'revoke', 'reassign', 'scan', 'return'] as const)
      expect(transition('screening', action), action).toEqual({
        allowed: false,
        refusal: { code: 'ticket-awaiting-screening' },
      });
    // Not admitted, not live, but holding its seat.
    expect(isLive('screening')).toBe(false);
    expect(holdsSeat('screening')).toBe(true);
    expect(holdsSeat('refused')).toBe(false);
    // Clearing or refusing is only for a ticket awaiting its screening.
    expect(transition('issued', 'clear')).toEqual({
      allowed: false,
      refusal: { code: 'ticket-not-screening' },
    });
    expect(transition('delivered', 'refuse').allowed).toBe(false);
    expect(transition('refused', 'clear').allowed).toBe(false);
  });

  it('never leaves an end, whatever the action (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TERMINAL), fc.constantFrom(...ACTIONS), (status, action) => {
        expect(transition(status, action).allowed).toBe(false);
      }),
    );
  });

  it('a scanned ticket can never be withdrawn, revoked or reassigned (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<TicketStatus>('issued', 'screening'),
        fc.array(fc.constantFrom(...ACTIONS), { maxLength: 8 }),
        (first, actions) => {
          let status: TicketStatus = first;
          let scanned = false;
          for (const action of actions) {
            const next = transition(status, action);
            if (scanned) expect(next.allowed).toBe(false);
            if (next.allowed) {
              status = next.to;
              scanned ||= status === 'scanned';
            }
          }
        },
      ),
    );
  });
});

/** Random steps on a seat, legal or not: ticket ids from a small set so that steps often hit existing ones. */
const stepArbitrary: fc.Arbitrary<SeatStep> = fc.oneof(
  fc.record({
    kind: fc.constant('issue' as const),
    ticketId: fc.constantFrom('t0', 't1', 't2'),
    screening: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('act' as const),
    ticketId: fc.constantFrom('t0', 't1', 't2', 't3', 't4'),
    action: fc.constantFrom('deliver' as const, 'scan' as const, 'clear' as const),
  }),
  fc.record({
    kind: fc.constant('release' as const),
    ticketId: fc.constantFrom('t0', 't1', 't2', 't3', 't4'),
    action: fc.constantFrom(
      'withdraw' as const,
      'revoke' as const,
      'reassign' as const,
      'return' as const,
      'refuse' as const,
    ),
    successorId: fc.option(fc.constantFrom('t1', 't2', 't3', 't4', 't5'), { nil: null }),
    successorScreening: fc.boolean(),
  }),
);

describe('a seat and its tickets (property tests)', () => {
  it('random sequences of steps never give a seat two holders (live or awaiting screening), nor revive an ended ticket', () => {
    fc.assert(
      fc.property(fc.array(stepArbitrary, { maxLength: 30 }), (steps) => {
        let state: SeatState = { returned: false, tickets: [] };
        for (const step of steps) {
          const before = state;
          const outcome = applySeatStep(state, step);
          if (!outcome.ok) continue;
          state = outcome.state;
          expect(holdingTickets(state).length).toBeLessThanOrEqual(1);
          // Ended tickets stay ended, with the same status.
          for (const old of before.tickets.filter((ticket) => !holdsSeat(ticket.status)))
            expect(state.tickets.find((ticket) => ticket.id === old.id)?.status).toBe(old.status);
          // A returned seat has no live ticket and stays returned.
          if (state.returned) expect(holdingTickets(state)).toEqual([]);
          // A ticket awaiting its screening only ever became issued or refused.
          for (const old of before.tickets.filter((ticket) => ticket.status === 'screening'))
            expect(['screening', 'issued', 'refused']).toContain(
              state.tickets.find((ticket) => ticket.id === old.id)?.status,
            );
          if (before.returned) expect(state.returned).toBe(true);
          // Ticket ids stay unique.
          expect(new Set(state.tickets.map((ticket) => ticket.id)).size).toBe(state.tickets.length);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a release hands the seat to exactly its successor, or returns it when there is none', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('withdraw' as const, 'revoke' as const, 'return' as const),
        fc.boolean(),
        (action, withSuccessor) => {
          const seat = applySeatStep({ returned: false, tickets: [] }, { kind: 'issue', ticketId: 'a' });
          if (!seat.ok) throw new Error('issue refused');
          const released = applySeatStep(seat.state, {
            kind: 'release',
            ticketId: 'a',
            action,
            successorId: withSuccessor ? 'b' : null,
          });
          if (!released.ok) throw new Error('release refused');
          expect(liveTickets(released.state).map((ticket) => ticket.id)).toEqual(withSuccessor ? ['b'] : []);
          expect(released.state.returned).toBe(!withSuccessor);
        },
      ),
    );
  });

  it('a refused screening frees the seat for its successor (awaiting screening in turn) or the pool', () => {
    const seat = applySeatStep(
      { returned: false, tickets: [] },
      { kind: 'issue', ticketId: 'a', screening: true },
    );
    if (!seat.ok) throw new Error('issue refused');
    expect(liveTickets(seat.state)).toEqual([]);
    expect(holdingTickets(seat.state)).toEqual([{ id: 'a', status: 'screening' }]);
    expect(
      applySeatStep(seat.state, { kind: 'release', ticketId: 'a', action: 'withdraw', successorId: 'b' }),
    ).toEqual({ ok: false, refusal: { code: 'ticket-awaiting-screening' } });
    const refused = applySeatStep(seat.state, {
      kind: 'release',
      ticketId: 'a',
      action: 'refuse',
      successorId: 'b',
      successorScreening: true,
    });
    expect(refused).toEqual({
      ok: true,
      state: {
        returned: false,
        tickets: [
          { id: 'a', status: 'refused' },
          { id: 'b', status: 'screening' },
        ],
      },
    });
    const cleared = applySeatStep(seat.state, { kind: 'act', ticketId: 'a', action: 'clear' });
    expect(cleared).toEqual({
      ok: true,
      state: { returned: false, tickets: [{ id: 'a', status: 'issued' }] },
    });
    expect(
      applySeatStep(seat.state, { kind: 'release', ticketId: 'a', action: 'refuse', successorId: null }),
    ).toEqual({ ok: true, state: { returned: true, tickets: [{ id: 'a', status: 'refused' }] } });
  });

  it('refuses a reassignment without a successor, and a second issue on a seat already handed out', () => {
    const seat = applySeatStep({ returned: false, tickets: [] }, { kind: 'issue', ticketId: 'a' });
    if (!seat.ok) throw new Error('issue refused');
    expect(
      applySeatStep(seat.state, { kind: 'release', ticketId: 'a', action: 'reassign', successorId: null }),
    ).toEqual({ ok: false, refusal: { code: 'successor-required' } });
    expect(applySeatStep(seat.state, { kind: 'issue', ticketId: 'b' })).toEqual({
      ok: false,
      refusal: { code: 'seat-taken' },
    });
  });
});

describe('withdrawal deadline: 23:59 Paris time on the eve (TAJ-16)', () => {
  const paris = (local: string) => instantFromParis(local)!;

  it('is 23:59 Paris the day before, in summer (UTC+2) and in winter (UTC+1)', () => {
    expect(withdrawalDeadline(paris('2024-07-27T10:30')).shown.toISOString()).toBe(
      '2024-07-26T21:59:00.000Z',
    );
    expect(withdrawalDeadline(paris('2024-12-10T20:00')).shown.toISOString()).toBe(
      '2024-12-09T22:59:00.000Z',
    );
  });

  it('is right around the clock changes: events on the day after the change and on the day of it', () => {
    // 27 October 2024: clocks go back at 03:00. Event on the 28th: the eve is the 27th, in winter time.
    expect(withdrawalDeadline(paris('2024-10-28T09:00')).shown.toISOString()).toBe(
      '2024-10-27T22:59:00.000Z',
    );
    // Event on the day of the change: the eve (26th) is still summer time.
    expect(withdrawalDeadline(paris('2024-10-27T15:00')).shown.toISOString()).toBe(
      '2024-10-26T21:59:00.000Z',
    );
    // 31 March 2024: clocks go forward. Event on 1 April: eve in summer time; on the 31st: eve in winter time.
    expect(withdrawalDeadline(paris('2024-04-01T09:00')).shown.toISOString()).toBe(
      '2024-03-31T21:59:00.000Z',
    );
    expect(withdrawalDeadline(paris('2024-03-31T12:00')).shown.toISOString()).toBe(
      '2024-03-30T22:59:00.000Z',
    );
  });

  it('accepts up to the end of the 23:59 minute on the eve and refuses from midnight Paris time', () => {
    const event = paris('2024-10-28T00:30');
    expect(withdrawalOpen(event, paris('2024-10-27T23:59:59'))).toBe(true);
    expect(withdrawalOpen(event, paris('2024-10-28T00:00'))).toBe(false);
    expect(withdrawalOpen(event, new Date(paris('2024-10-28T00:00').getTime() - 1))).toBe(true);
  });

  it('validity window brackets the start; holder check is initials and birth year without accents', () => {
    const start = paris('2024-07-27T10:30');
    const { validFrom, validUntil } = validityWindow(start);
    expect(validFrom < start && start < validUntil).toBe(true);
    expect(
      holderCheck({ firstNames: 'Élodie Anne', birthSurname: 'd’Ornano', birthDate: '2009-05-02' }),
    ).toBe('ED-2009');
  });
});
