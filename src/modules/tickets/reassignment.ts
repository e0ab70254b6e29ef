import type { z } from 'zod';
import type { ReassignmentRequest, ReassignmentResult } from '../../../contracts/tickets.js';
import type { TicketActing, TicketScope, TicketsDeps } from './deps.js';
import { handOverSeat } from './handover.js';
import { ticketProblems } from './problems.js';
import { auditTickets, eventStarts, lockedTicket } from './repository.js';
import { operatorTicketById } from './views.js';

/**
 * The official reassignment (TAJ-15), the only way a seat changes holder on an operator's decision: the ticket
 * ends as `reassigned` (its code is revoked) and a new ticket is issued on the same seat to the person named
 * — confirmed, of the same bucket, alone, not placed — or to the next eligible entry of the draw's reserve
 * list. Until the event starts. Audited `tickets.ticket.reassigned`.
 */
export async function reassignTicket(
  deps: TicketsDeps,
  scope: TicketScope,
  ticketId: string,
  input: z.infer<typeof ReassignmentRequest>,
  who: TicketActing,
): Promise<z.infer<typeof ReassignmentResult>> {
  const now = deps.clock.now();
  return deps.database.transaction(async (tx) => {
    const ticket = await lockedTicket(tx, ticketId);
    if (!ticket || ('operatorId' in scope && ticket.operatorId !== scope.operatorId))
      throw ticketProblems.notFound();
    const startsAt = (await eventStarts(tx, [ticket.eventId])).get(ticket.eventId)!;
    if (startsAt <= now) throw ticketProblems.eventStarted();
    const handOver = await handOverSeat(
      tx,
      ticket,
      'reassign',
      input.applicantId ? { applicantId: input.applicantId } : { reserve: true },
      {
        now,
        who,
        reason: `Réattribution officielle : ${input.reason}`,
        publicUrl: deps.publicUrl(),
        keys: deps.keys,
      },
    );
    await auditTickets(tx, who, now, 'tickets.ticket.reassigned', [ticket.id, handOver.successorTicketId!]);
    return {
      previous: await operatorTicketById(tx, ticket.id),
      successor: await operatorTicketById(tx, handOver.successorTicketId!),
    };
  });
}
