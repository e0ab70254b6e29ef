import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { WithdrawalResult } from '../../../contracts/tickets.js';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { selectRows } from '../../platform/db/database.js';
import { applicationByToken } from '../applicants/self-service.js';
import { parisFromInstant } from '../programmes/domain/paris-time.js';
import type { TicketActing, TicketsDeps } from './deps.js';
import { withdrawalDeadline, withdrawalOpen } from './domain/lifecycle.js';
import { handOverSeat } from './handover.js';
import { ticketProblems } from './problems.js';
import { eventStarts, lockedTicket } from './repository.js';
import { heldThroughLink, myTickets, type LinkHolder } from './views.js';

/** Who an application link speaks for (TAJ-7: the manager for the whole group; a carer pair together). */
export async function linkHolder(deps: TicketsDeps, token: string) {
  const { applicant } = await applicationByToken(deps, token);
  const holder: LinkHolder = {
    applicantId: applicant.id,
    carerPairId: applicant.carerPairId,
    managedGroupId: applicant.groupRole === 'manager' ? applicant.groupId : null,
  };
  return { applicant, holder };
}

/**
 * A holder gives a ticket up (TAJ-16) from their application link — a group's manager seat by seat — until
 * 23:59 Paris time on the eve of the event; after, refused with the deadline. The ticket is withdrawn at once
 * and, in the same transaction, its seat goes to the next eligible person on the draw's reserve list (a new
 * ticket, a mail) or back to the State pool. Audited `tickets.ticket.withdrawn` (a late attempt: denied).
 */
export async function withdrawMyTicket(
  deps: TicketsDeps,
  token: string,
  ticketId: string,
  context: { requestId: string; sourceIp: string },
): Promise<z.infer<typeof WithdrawalResult>> {
  return withdrawHeldTicket(deps, await linkHolder(deps, token), ticketId, context);
}

/** The withdrawal, for a holder already found from their application link or a ticket link (`delivery.ts`). */
export async function withdrawHeldTicket(
  deps: TicketsDeps,
  { applicant, holder }: { applicant: { entryRef: string; operatorId: string | null }; holder: LinkHolder },
  ticketId: string,
  context: { requestId: string; sourceIp: string },
): Promise<z.infer<typeof WithdrawalResult>> {
  const now = deps.clock.now();
  const who: TicketActing = {
    actor: `applicant:${applicant.entryRef}`,
    userId: null,
    organisationId: applicant.operatorId,
    ...context,
  };
  const audit = (result: 'success' | 'denied', db = deps.database.db) =>
    recordAuditEvent(db, {
      actor: who.actor,
      organisationId: who.organisationId,
      action: 'tickets.ticket.withdrawn',
      target: { table: 'tickets', ids: [ticketId] },
      result,
      requestId: who.requestId,
      sourceIp: who.sourceIp,
      at: now,
    });
  let late: { deadline: Date; startsAt: Date } | undefined;
  const result = await deps.database.transaction(async (tx) => {
    const [reached] = await selectRows<{ id: string }>(
      tx,
      sql`select t.id from tickets t where t.id = ${ticketId} and ${heldThroughLink(holder)}`,
    );
    if (!reached) throw ticketProblems.notFound();
    const ticket = (await lockedTicket(tx, ticketId))!;
    const startsAt = (await eventStarts(tx, [ticket.eventId])).get(ticket.eventId)!;
    if (!withdrawalOpen(startsAt, now)) {
      late = { deadline: withdrawalDeadline(startsAt).shown, startsAt };
      return undefined;
    }
    const handOver = await handOverSeat(
      tx,
      ticket,
      'withdraw',
      { reserve: true },
      { now, who, reason: 'Désistement du titulaire', publicUrl: deps.publicUrl(), keys: deps.keys },
    );
    await audit('success', tx);
    const [view] = await myTickets(tx, holder, now, ticketId);
    return { ticket: view!, seat: handOver.returnedToPool ? ('pool' as const) : ('reserve' as const) };
  });
  if (!result) {
    await audit('denied');
    throw ticketProblems.deadlinePassed(
      parisFromInstant(late!.deadline).replace('T', ' à '),
      parisFromInstant(late!.startsAt).replace('T', ' à '),
    );
  }
  return result;
}
