import { z } from 'zod';

/** Tickets (issue [G], TAJ-3, TAJ-14 to TAJ-16; docs/api/tickets.md). */

export const TicketStatus = z.enum([
  'screening',
  'issued',
  'delivered',
  'withdrawn',
  'revoked',
  'reassigned',
  'scanned',
  'returned_to_pool',
  'refused',
]);
export type TicketStatus = z.infer<typeof TicketStatus>;

/** 32 lower-case hex characters: the ticket id of the signed code. */
export const TicketId = z.string().regex(/^[0-9a-f]{32}$/, {
  error: 'Identifiant de billet : 32 caractères hexadécimaux en minuscules.',
});

const TicketEventFields = {
  eventId: z.uuid(),
  /** The event's code, sport, venue and start (ISO instant; Paris wall-clock time alongside). */
  event: z.string(),
  sport: z.string(),
  venue: z.string(),
  startsAt: z.string(),
  startsAtParis: z.string(),
};

/**
 * A ticket as the operator sees it: its holder is the person, or for a group its name and its manager —
 * never a participant (TAJ-7).
 */
export const OperatorTicket = z
  .object({
    id: TicketId,
    ...TicketEventFields,
    status: TicketStatus,
    origin: z.enum(['draw', 'manual']),
    drawId: z.uuid().nullable(),
    holderKind: z.enum(['person', 'carer_pair', 'group']),
    /** The holder's name (a group: « Groupe — responsable »); null once the application was erased. */
    holder: z.string().nullable(),
    holderEntryRef: z.string().nullable(),
    issuedAt: z.string(),
    endedAt: z.string().nullable(),
    reassignedFrom: TicketId.nullable(),
  })
  .meta({ id: 'OperatorTicket' });
export type OperatorTicket = z.infer<typeof OperatorTicket>;

export const TicketListQuery = z.object({
  eventId: z.uuid().optional(),
  status: TicketStatus.optional(),
  /** Tickets after this id (the list is sorted by id), for the next page. */
  after: TicketId.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** Counts per event and status: no personal data. */
export const TicketCounts = z
  .array(z.object({ eventId: z.uuid(), event: z.string(), status: TicketStatus, count: z.number().int() }))
  .meta({ id: 'TicketCounts' });
export type TicketCounts = z.infer<typeof TicketCounts>;

export const TicketHistory = z
  .array(
    z.object({
      at: z.string(),
      /** A user id, `applicant:<entry ref>` (the holder's link), or `system:<job>`. */
      actor: z.string(),
      from: TicketStatus.nullable(),
      to: TicketStatus,
      reason: z.string(),
      relatedTicketId: TicketId.nullable(),
    }),
  )
  .meta({ id: 'TicketHistory' });
export type TicketHistory = z.infer<typeof TicketHistory>;

/** A ticket as its holder (or the group's manager) sees it from the application page. */
export const MyTicket = z
  .object({
    id: TicketId,
    ...TicketEventFields,
    status: TicketStatus,
    holderKind: z.enum(['person', 'carer_pair', 'group']),
    /** Initials and birth year the gate compares with an ID; null for a group seat not named yet. */
    holderCheck: z.string().nullable(),
    validFrom: z.string(),
    validUntil: z.string(),
    /** Until when a withdrawal is accepted: 23:59 Paris time on the eve (ISO instant, and as shown). */
    withdrawalDeadline: z.string(),
    withdrawalDeadlineParis: z.string(),
    canWithdraw: z.boolean(),
  })
  .meta({ id: 'MyTicket' });
export type MyTicket = z.infer<typeof MyTicket>;

export const WithdrawalResult = z
  .object({
    ticket: MyTicket,
    /** Where the seat went: to the next person on the reserve list, or back to the State pool. */
    seat: z.enum(['reserve', 'pool']),
  })
  .meta({ id: 'WithdrawalResult' });

/** The official reassignment (TAJ-15): the ticket ends, a new one is issued to the successor. */
export const ReassignmentRequest = z.object({
  /** Why, in the operator's words (kept in the ticket's history). */
  reason: z.string().trim().min(10).max(1000),
  /** A confirmed person of the same bucket; absent: the next eligible entry of the draw's reserve list. */
  applicantId: z.uuid().optional(),
});

export const ReassignmentResult = z
  .object({ previous: OperatorTicket, successor: OperatorTicket })
  .meta({ id: 'ReassignmentResult' });

/** Per event of the operator: how many tickets are in each status (no personal data). */
export const TicketSummary = z
  .object({
    events: z.array(
      z.object({
        eventId: z.uuid(),
        code: z.string(),
        name: z.string(),
        startsAt: z.string(),
        /** Every status, zero when none. */
        counts: z.record(TicketStatus, z.number().int()),
        /** Tickets that took a withdrawn or reassigned seat over. */
        fromReassignment: z.number().int(),
        total: z.number().int(),
      }),
    ),
    totals: z.object({
      counts: z.record(TicketStatus, z.number().int()),
      fromReassignment: z.number().int(),
      total: z.number().int(),
    }),
  })
  .meta({ id: 'TicketSummary' });
export type TicketSummary = z.infer<typeof TicketSummary>;
