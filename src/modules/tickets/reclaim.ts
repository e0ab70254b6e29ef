import { revokeEndedLinks } from './delivery.js';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import { programmes, ticketSeats, tickets } from '../../platform/db/schema/index.js';
import type { TicketActing } from './deps.js';
import { auditTickets, recordHistory } from './repository.js';

/** What the reclaim gave back, per programme and operator (no personal data). */
export interface UndeliveredReturned {
  programmeId: string;
  operatorId: string | null;
  count: number;
}

const CHUNK = 1000;

/**
 * TAJ-17, "reclaim … issued-but-undelivered seats if the programme says so": at the reclaim deadline of a
 * Games, the tickets of `eventIds` still `issued` (never delivered to their holder) whose programme has
 * `reclaim_undelivered_tickets` set end as `returned_to_pool`, with their history row and audit entry, and
 * their seats are marked returned. Runs in the reclaim's transaction, under its stock lock: the seats no
 * longer count as held, so the reclaim that follows moves them up the ledger to the State pool with the
 * unassigned stock (kind `reclaim`). A delivered ticket (`delivered`, set by the delivery of issue [G]) stays.
 */
export async function returnUndeliveredTickets(
  tx: Tx,
  scope: { eventIds: readonly string[]; now: Date; actor: string },
): Promise<UndeliveredReturned[]> {
  if (scope.eventIds.length === 0) return [];
  const rows = await tx
    .select({
      id: tickets.id,
      seatId: tickets.seatId,
      programmeId: tickets.programmeId,
      operatorId: tickets.operatorId,
      holderApplicantId: tickets.holderApplicantId,
    })
    .from(tickets)
    .innerJoin(programmes, eq(programmes.id, tickets.programmeId))
    .where(
      and(
        inArray(tickets.eventId, [...scope.eventIds]),
        eq(tickets.status, 'issued'),
        eq(programmes.reclaimUndeliveredTickets, true),
      ),
    )
    .orderBy(tickets.id)
    .for('update', { of: tickets });
  if (rows.length === 0) return [];
  const who: TicketActing = {
    actor: scope.actor,
    userId: null,
    organisationId: null,
    requestId: null,
    sourceIp: null,
  };
  const { now } = scope;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const slice = rows.slice(start, start + CHUNK);
    await tx
      .update(tickets)
      .set({ status: 'returned_to_pool', endedAt: now })
      .where(
        inArray(
          tickets.id,
          slice.map((row) => row.id),
        ),
      );
    await tx
      .update(ticketSeats)
      .set({ status: 'returned_to_pool', returnedAt: now })
      .where(
        inArray(
          ticketSeats.id,
          slice.map((row) => row.seatId),
        ),
      );
  }
  await recordHistory(
    tx,
    rows.map((row) => ({ ticketId: row.id, from: 'issued', to: 'returned_to_pool', related: null })),
    now,
    who,
    'Billet non remis à son titulaire à l’échéance de reprise : place rendue au pot commun de l’État (TAJ-17)',
  );
  // The holders' links close once none of their tickets is live, as after a withdrawal.
  for (const holder of new Set(rows.map((row) => row.holderApplicantId)))
    await revokeEndedLinks(tx, holder, now);
  await auditTickets(
    tx,
    who,
    now,
    'tickets.ticket.returned-to-pool',
    rows.map((row) => row.id),
  );
  await auditTickets(
    tx,
    who,
    now,
    'tickets.seat.returned-to-pool',
    rows.map((row) => row.seatId),
    'ticket_seats',
  );
  const counts = new Map<string, UndeliveredReturned>();
  for (const row of rows) {
    const key = `${row.programmeId}\u0000${row.operatorId ?? ''}`;
    const found = counts.get(key);
    if (found) found.count += 1;
    else counts.set(key, { programmeId: row.programmeId, operatorId: row.operatorId, count: 1 });
  }
  return [...counts.values()];
}

/** Seats still held by a ticket (live or used), per programme, operator and event: they are not unassigned. */
export async function heldSeats(
  tx: Tx,
  eventIds: readonly string[],
): Promise<{ programmeId: string; operatorId: string | null; eventId: string; seats: number }[]> {
  if (eventIds.length === 0) return [];
  const rows = await tx
    .select({
      programmeId: ticketSeats.programmeId,
      operatorId: ticketSeats.operatorId,
      eventId: ticketSeats.eventId,
      seats: sql<string>`count(*)`,
    })
    .from(ticketSeats)
    .where(and(inArray(ticketSeats.eventId, [...eventIds]), eq(ticketSeats.status, 'held')))
    .groupBy(ticketSeats.programmeId, ticketSeats.operatorId, ticketSeats.eventId);
  return rows.map((row) => ({ ...row, seats: Number(row.seats) }));
}
