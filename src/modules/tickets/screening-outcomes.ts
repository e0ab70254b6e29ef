import { eq } from 'drizzle-orm';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import type { Tx } from '../../platform/db/database.js';
import { tickets } from '../../platform/db/schema/index.js';
import type { TicketActing } from './deps.js';
import { holderCheckOf } from './domain/holder-check.js';
import { transition, withdrawalOpen } from './domain/lifecycle.js';
import { sendTicketLinks } from './delivery.js';
import { handOverSeat, type HandOver } from './handover.js';
import { ticketProblems } from './problems.js';
import { auditTickets, eventStarts, holderPeople, lockedTicket, recordHistory } from './repository.js';
import { NO_CODE, signedTicketCode, ticketSigner } from './ticket-codes.js';

// The outcomes of a ticket awaiting its ban screening (BAN-6), called by the bans module: every case of the
// ticket dismissed or lapsed → the ticket is issued and sent; a case confirmed → the ticket is refused and its
// seat handed over like a withdrawal's. The operator and the holder see only the status and then the outcome,
// never a ban: the history's reasons say nothing of one.

export { SCREENING_REASON } from './repository.js';
const RELEASED_REASON = 'Vérification terminée : billet émis';
const REFUSED_REASON = 'Billet refusé après vérification';

/**
 * A ticket awaiting its screening becomes `issued` (no case of it left pending: dismissed or lapsed): its code
 * is signed now (a ticket awaiting its screening has none: nothing exists that could be scanned or leaked),
 * its history and audit entry written, and its holder mailed a download link as at issuance (`delivery.ts`).
 * Returns false, changing nothing, when the ticket is not awaiting its screening (already released, or a live
 * ticket whose case was opened by a new ban).
 */
export async function releaseScreenedTicket(
  tx: Tx,
  ticketId: string,
  now: Date,
  who: TicketActing,
  publicUrl: string,
  keys: KeyStore,
): Promise<boolean> {
  const ticket = await lockedTicket(tx, ticketId);
  if (!ticket || ticket.status !== 'screening') return false;
  const step = transition(ticket.status, 'clear');
  if (!step.allowed) throw ticketProblems.refused(step.refusal);
  const person =
    ticket.holderApplicantId && ticket.holderKind !== 'group'
      ? (await holderPeople(tx, [ticket.holderApplicantId])).get(ticket.holderApplicantId)
      : undefined;
  const code = person
    ? signedTicketCode(
        ticketSigner(keys),
        ticket,
        holderCheckOf({
          firstNames: person.firstNames,
          surname: person.birthSurname,
          birthDate: person.birthDate,
        }),
        now,
      )
    : NO_CODE;
  await tx
    .update(tickets)
    .set({ status: step.to, ...code })
    .where(eq(tickets.id, ticketId));
  await recordHistory(
    tx,
    [{ ticketId, from: 'screening', to: step.to, related: null }],
    now,
    who,
    RELEASED_REASON,
  );
  await auditTickets(tx, who, now, 'tickets.ticket.issued', [ticketId]);
  let reason: 'issued' | 'reserve-promoted' | 'reassigned' = 'issued';
  if (ticket.reassignedFrom) {
    const [before] = await tx
      .select({ status: tickets.status })
      .from(tickets)
      .where(eq(tickets.id, ticket.reassignedFrom));
    reason = before?.status === 'reassigned' ? 'reassigned' : 'reserve-promoted';
  }
  await sendTicketLinks(tx, [ticketId], now, publicUrl, reason);
  return true;
}

/**
 * A ticket awaiting its screening is `refused` (a ban officer confirmed a case): its seat is handed over like
 * a withdrawal's (`handover.ts`) — to the next on the draw's reserve list until the event's eve (that person
 * screened in turn), else, and always for a manual attribution, back up the ledger to the State pool. Nothing
 * is mailed to the refused holder. Audited `tickets.ticket.refused`. `409` when the ticket is not awaiting its
 * screening.
 */
export async function refuseScreenedTicket(
  tx: Tx,
  ticketId: string,
  now: Date,
  who: TicketActing,
  publicUrl: string,
  keys: KeyStore,
): Promise<HandOver> {
  const ticket = await lockedTicket(tx, ticketId);
  if (!ticket) throw ticketProblems.notFound();
  const step = transition(ticket.status, 'refuse');
  if (!step.allowed) throw ticketProblems.refused(step.refusal);
  const startsAt = (await eventStarts(tx, [ticket.eventId])).get(ticket.eventId)!;
  const handOver = await handOverSeat(
    tx,
    ticket,
    'refuse',
    withdrawalOpen(startsAt, now) ? { reserve: true } : { nobody: true },
    { now, who, reason: REFUSED_REASON, publicUrl, keys },
  );
  await auditTickets(tx, who, now, 'tickets.ticket.refused', [ticketId]);
  return handOver;
}
