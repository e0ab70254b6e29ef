import { eq } from 'drizzle-orm';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import type { Tx } from '../../platform/db/database.js';
import { ticketSeats, tickets } from '../../platform/db/schema/index.js';
import type { TicketActing } from './deps.js';
import { revokeEndedLinks, sendTicketLinks } from './delivery.js';
import { lockHandOvers, nextOnReserveList, passSeatOn, type HandOver } from './handover.js';
import { ticketProblems } from './problems.js';
import { auditTickets, lockedTicket, newTicketId, recordHistory, type TicketRow } from './repository.js';

// The end of a ticket's ban screening (BAN-6), decided by a ban officer (`bans/cases.ts`): the ticket waiting in
// `screening` is issued and mailed, or refused and its seat handed on as a withdrawal's would be. The history's
// words say nothing of a ban: the operator, the holder and the gate see the status alone.

const RELEASED = 'Émis après vérification';
const REFUSED = 'Refusé après vérification';

async function screenedTicket(tx: Tx, ticketId: string): Promise<TicketRow> {
  const ticket = await lockedTicket(tx, ticketId);
  if (!ticket) throw ticketProblems.notFound();
  if (ticket.status !== 'screening')
    throw ticketProblems.refused({ code: 'ticket-ended', status: ticket.status });
  return ticket;
}

/** `screening` → `issued`, and the holder's mail with a download link, as at issuance. */
export async function releaseScreenedTicket(
  tx: Tx,
  ticketId: string,
  now: Date,
  who: TicketActing,
  publicUrl: string,
  _keys: KeyStore,
): Promise<void> {
  await screenedTicket(tx, ticketId);
  await tx.update(tickets).set({ status: 'issued' }).where(eq(tickets.id, ticketId));
  await recordHistory(tx, [{ ticketId, from: 'screening', to: 'issued', related: null }], now, who, RELEASED);
  await auditTickets(tx, who, now, 'tickets.ticket.issued', [ticketId]);
  await sendTicketLinks(tx, [ticketId], now, publicUrl, 'issued');
}

/**
 * `screening` → `refused`: the seat goes to the next eligible entry of its draw's reserve list (a new ticket,
 * mailed), or back to the State pool — in the same transaction, under the draw's hand-over lock.
 */
export async function refuseScreenedTicket(
  tx: Tx,
  ticketId: string,
  now: Date,
  who: TicketActing,
  publicUrl: string,
  keys: KeyStore,
): Promise<HandOver> {
  const ticket = await screenedTicket(tx, ticketId);
  const [seat] = await tx.select().from(ticketSeats).where(eq(ticketSeats.id, ticket.seatId)).for('update');
  await lockHandOvers(tx, seat!);
  const next = seat!.drawId ? await nextOnReserveList(tx, seat!) : undefined;
  const successorTicketId = next ? newTicketId() : null;
  await tx.update(tickets).set({ status: 'refused', endedAt: now }).where(eq(tickets.id, ticketId));
  await revokeEndedLinks(tx, ticket.holderApplicantId, now);
  await recordHistory(
    tx,
    [{ ticketId, from: 'screening', to: 'refused', related: successorTicketId }],
    now,
    who,
    REFUSED,
  );
  await auditTickets(tx, who, now, 'tickets.ticket.refused', [ticketId]);
  const context = { now, who, reason: REFUSED, publicUrl, keys };
  return passSeatOn(
    tx,
    seat!,
    ticketId,
    next && successorTicketId ? { ...next, ticketId: successorTicketId } : undefined,
    context,
    'reserve-promoted',
  );
}
