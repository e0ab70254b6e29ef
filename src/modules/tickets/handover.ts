import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import type { Tx } from '../../platform/db/database.js';
import {
  applicants,
  drawQuotas,
  stockMovements,
  ticketSeats,
  tickets,
} from '../../platform/db/schema/index.js';
import { reserveList } from '../draws/results.js';
import { balancesOf, holderId, lockEventStock } from '../programmes/repository.js';
import type { TicketActing } from './deps.js';
import { seatHolders, type SeatHolder } from './domain/holders.js';
import { applySeatStep } from './domain/seat.js';
import { ticketProblems } from './problems.js';
import {
  auditTickets,
  eventStarts,
  holderPeople,
  newTicketId,
  recordHistory,
  seatTickets,
  ticketValues,
  type SeatRow,
  type TicketRow,
} from './repository.js';
import { ticketSigner } from './ticket-codes.js';
import { revokeEndedLinks, sendTicketLinks, type DeliveryReason } from './delivery.js';

// A seat changes hands only here (TAJ-15, TAJ-16): its ticket ends (withdrawn, revoked, reassigned) and, in the
// same transaction, the seat goes to its successor — the next eligible entry of the draw's reserve list, or the
// person an operator names — or back to the State pool. Hand-overs of one draw's seats are serialised (an
// advisory lock), the ticket row is locked, the pure `applySeatStep` decides, and the unique index on live
// tickets per seat stands behind it all.

/** Who takes the seat over: the reserve list, a named applicant (official reassignment), or nobody (pool). */
export type Successor = { reserve: true } | { applicantId: string } | { nobody: true };

export interface HandOver {
  successorTicketId: string | null;
  returnedToPool: boolean;
}

export interface Next {
  entryId: string | null;
  holder: SeatHolder;
}

export async function handOverSeat(
  tx: Tx,
  ticket: TicketRow,
  action: 'withdraw' | 'revoke' | 'reassign',
  successor: Successor,
  context: { now: Date; who: TicketActing; reason: string; publicUrl: string; keys: KeyStore },
): Promise<HandOver> {
  const { now, who, reason } = context;
  const [seat] = await tx.select().from(ticketSeats).where(eq(ticketSeats.id, ticket.seatId)).for('update');
  await lockHandOvers(tx, seat!);
  const history = await seatTickets(tx, seat!.id);
  let next: Next | undefined;
  if ('reserve' in successor) next = seat!.drawId ? await nextOnReserveList(tx, seat!) : undefined;
  else if ('applicantId' in successor) {
    next = await namedSuccessor(tx, seat!, successor.applicantId);
    if (!next) throw ticketProblems.successorNotEligible();
  }
  if (action === 'reassign' && !next) throw ticketProblems.noSuccessor();
  const successorTicketId = next ? newTicketId() : null;
  const outcome = applySeatStep(
    {
      returned: seat!.status === 'returned_to_pool',
      tickets: history.map((row) => ({ id: row.id, status: row.status })),
    },
    { kind: 'release', ticketId: ticket.id, action, successorId: successorTicketId },
  );
  if (!outcome.ok) throw ticketProblems.refused(outcome.refusal);
  const to = outcome.state.tickets.find((row) => row.id === ticket.id)!.status;
  await tx.update(tickets).set({ status: to, endedAt: now }).where(eq(tickets.id, ticket.id));
  await revokeEndedLinks(tx, ticket.holderApplicantId, now);
  await recordHistory(
    tx,
    [{ ticketId: ticket.id, from: ticket.status, to, related: successorTicketId }],
    now,
    who,
    reason,
  );

  return passSeatOn(
    tx,
    seat!,
    ticket.id,
    next && successorTicketId ? { ...next, ticketId: successorTicketId } : undefined,
    context,
    action === 'reassign' ? 'reassigned' : 'reserve-promoted',
  );
}

/**
 * After `endedTicketId` stopped holding `seat` (its status and history already written): the seat goes to
 * `next` — a new ticket, signed, recorded and mailed — or, with nobody, back to the State pool.
 */
export async function passSeatOn(
  tx: Tx,
  seat: SeatRow,
  endedTicketId: string,
  next: (Next & { ticketId: string }) | undefined,
  context: { now: Date; who: TicketActing; reason: string; publicUrl: string; keys: KeyStore },
  mail: DeliveryReason,
): Promise<HandOver> {
  const { now, who, reason } = context;
  if (next) {
    const startsAt = (await eventStarts(tx, [seat.eventId])).get(seat.eventId)!;
    await tx
      .insert(tickets)
      .values(
        ticketValues(
          seat,
          next.entryId,
          next.holder,
          startsAt,
          now,
          endedTicketId,
          ticketSigner(context.keys),
          next.ticketId,
        ),
      );
    await recordHistory(
      tx,
      [{ ticketId: next.ticketId, from: null, to: 'issued', related: endedTicketId }],
      now,
      who,
      reason,
    );
    await auditTickets(tx, who, now, 'tickets.ticket.issued', [next.ticketId, endedTicketId]);
    // The new holder gets their ticket by mail with a download link (`delivery.ts`).
    await sendTicketLinks(tx, [next.ticketId], now, context.publicUrl, mail);
    return { successorTicketId: next.ticketId, returnedToPool: false };
  }
  await returnSeatToPool(tx, seat, endedTicketId, now, who);
  return { successorTicketId: null, returnedToPool: true };
}

export async function lockHandOvers(tx: Tx, seat: SeatRow): Promise<void> {
  const key = seat.drawId ? `gradins.tickets.draw.${seat.drawId}` : `gradins.tickets.bucket.${seat.bucket}`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

/**
 * The next entry of the seat's draw reserve list, in reserve-rank order, that ranked the seat's event, fits in
 * the one seat freed (a group or a carer pair needs all its seats: skipped), has never held a ticket of this
 * draw, and whose person is still a confirmed application holding no valid ticket of the programme.
 */
export async function nextOnReserveList(tx: Tx, seat: SeatRow): Promise<Next | undefined> {
  const [quota] = await tx
    .select({ event: drawQuotas.event })
    .from(drawQuotas)
    .where(
      and(
        eq(drawQuotas.drawId, seat.drawId!),
        eq(drawQuotas.bucket, seat.bucket),
        eq(drawQuotas.eventId, seat.eventId),
      ),
    );
  if (!quota) return undefined;
  const FREED = 1;
  let afterRank = 0;
  for (;;) {
    const page = await reserveList(tx, seat.drawId!, { bucket: seat.bucket, event: quota.event, afterRank });
    if (page.length === 0) return undefined;
    afterRank = page.at(-1)!.reserveRank;
    const fitting = page.filter((entry) => entry.seats <= FREED && entry.applicantIds.length > 0);
    if (fitting.length === 0) continue;
    const served = new Set(
      (
        await tx
          .selectDistinct({ entryId: tickets.entryId })
          .from(tickets)
          .where(
            and(
              eq(tickets.drawId, seat.drawId!),
              inArray(
                tickets.entryId,
                fitting.map((entry) => entry.entryId),
              ),
            ),
          )
      ).map((row) => row.entryId),
    );
    const ids = fitting.flatMap((entry) => entry.applicantIds);
    const placed = await placedApplicants(tx, seat.programmeId, ids);
    const people = await holderPeople(tx, ids);
    for (const entry of fitting) {
      if (served.has(entry.entryId) || entry.applicantIds.some((id) => placed.has(id))) continue;
      const holders = seatHolders(
        entry.kind,
        entry.seats,
        entry.applicantIds.map((id) => people.get(id)),
      );
      if (Array.isArray(holders) && holders.length === FREED)
        return { entryId: entry.entryId, holder: holders[0]! };
    }
  }
}

/** Applicants among `ids` holding a valid (issued or delivered) ticket of the programme. */
async function placedApplicants(tx: Tx, programmeId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx
    .selectDistinct({ id: tickets.holderApplicantId })
    .from(tickets)
    .where(
      and(
        eq(tickets.programmeId, programmeId),
        inArray(tickets.status, ['issued', 'delivered']),
        inArray(tickets.holderApplicantId, [...ids]),
      ),
    );
  return new Set(rows.map((row) => row.id!));
}

/** A person an operator names for an official reassignment: confirmed, of the seat's bucket, alone, not placed. */
async function namedSuccessor(tx: Tx, seat: SeatRow, applicantId: string): Promise<Next | undefined> {
  const [row] = await tx
    .select()
    .from(applicants)
    .where(
      and(
        eq(applicants.id, applicantId),
        eq(applicants.programmeId, seat.programmeId),
        isNotNull(applicants.confirmedAt),
      ),
    );
  if (!row || row.groupId || row.carerPairId) return undefined;
  if (seat.operatorId && row.operatorId !== seat.operatorId) return undefined;
  if ((await placedApplicants(tx, seat.programmeId, [row.id])).size > 0) return undefined;
  const holders = seatHolders('person', 1, [(await holderPeople(tx, [row.id])).get(row.id)]);
  return Array.isArray(holders) ? { entryId: null, holder: holders[0]! } : undefined;
}

/**
 * The seat goes back up the cascade to the State pool (TAJ-16): operator → programme → pool in the stock
 * ledger, from a category the bucket still holds for the event, under the event's stock lock.
 */
async function returnSeatToPool(tx: Tx, seat: SeatRow, ticketId: string, now: Date, who: TicketActing) {
  await lockEventStock(tx, [seat.eventId]);
  const programme = { level: 'programme' as const, programmeId: seat.programmeId };
  const levels = seat.operatorId
    ? [{ level: 'operator' as const, programmeId: seat.programmeId, operatorId: seat.operatorId }, programme]
    : [programme];
  const ids = [
    ...(await Promise.all(levels.map((level) => holderId(tx, level)))),
    await holderId(tx, { level: 'pool' }),
  ];
  const balances = await balancesOf(tx, ids[0]!, [seat.eventId]);
  const category = [...balances.entries()]
    .filter(([, quantity]) => quantity > 0)
    .map(([key]) => key.split('\u0000')[1]!)
    .sort()[0];
  if (category) {
    const mover = who.userId ? { actorId: who.userId } : { system: 'tickets.withdrawal' };
    await tx.insert(stockMovements).values(
      ids.slice(0, -1).map((from, index) => ({
        at: now,
        kind: 'return' as const,
        ...mover,
        eventId: seat.eventId,
        category,
        fromHolder: from,
        toHolder: ids[index + 1]!,
        quantity: 1,
        reason: `Billet ${ticketId} rendu sans remplaçant sur la liste d’attente : place rendue au pot commun de l’État`,
      })),
    );
  }
  await tx
    .update(ticketSeats)
    .set({ status: 'returned_to_pool', returnedAt: now })
    .where(eq(ticketSeats.id, seat.id));
  await auditTickets(tx, who, now, 'tickets.seat.returned-to-pool', [seat.id], 'ticket_seats');
}
