import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { MyTicket } from '../../../contracts/tickets.js';
import { groupParticipants, tickets } from '../../platform/db/schema/index.js';
import { openScreeningCases, screenHolders } from '../bans/screening.js';
import type { TicketActing, TicketsDeps } from './deps.js';
import { holderCheckOf } from './domain/holder-check.js';
import { holderCheck, isLive } from './domain/lifecycle.js';
import { ticketProblems } from './problems.js';
import { auditTickets, lockedTicket, recordHistory } from './repository.js';
import { signedTicketCode, ticketSigner } from './ticket-codes.js';
import { myTickets } from './views.js';
import { linkHolder } from './withdrawal.js';

/**
 * A group's manager names the participant who will use a seat of the group (TAJ-7), from the manager's link:
 * one of the group's participants, not already named on another valid ticket of the group for that event. Set
 * once (the trigger refuses a change: another person means the official reassignment). The ticket's holder
 * check becomes the participant's initials and birth year, and the ticket gets its signed code (a group seat has
 * none until then: the code carries the holder check). Audited `tickets.participant.named`.
 */
export async function nameParticipant(
  deps: TicketsDeps,
  token: string,
  ticketId: string,
  participantId: string,
  context: { requestId: string; sourceIp: string },
): Promise<MyTicket> {
  const { applicant, holder } = await linkHolder(deps, token);
  const now = deps.clock.now();
  const who: TicketActing = {
    actor: `applicant:${applicant.entryRef}`,
    userId: null,
    organisationId: applicant.operatorId,
    ...context,
  };
  return deps.database.transaction(async (tx) => {
    const ticket = await lockedTicket(tx, ticketId);
    if (!ticket || !holder.managedGroupId || ticket.holderGroupId !== holder.managedGroupId)
      throw ticketProblems.notFound();
    if (!isLive(ticket.status)) throw ticketProblems.refused({ code: 'ticket-ended', status: ticket.status });
    if (ticket.participantId) throw ticketProblems.participantAlreadyNamed();
    const [participant] = await tx
      .select()
      .from(groupParticipants)
      .where(
        and(eq(groupParticipants.id, participantId), eq(groupParticipants.groupId, holder.managedGroupId)),
      );
    if (!participant) throw ticketProblems.participantNotInGroup();
    const [taken] = await tx
      .select({ id: tickets.id })
      .from(tickets)
      .where(
        and(
          eq(tickets.holderGroupId, holder.managedGroupId),
          eq(tickets.eventId, ticket.eventId),
          eq(tickets.participantId, participantId),
          inArray(tickets.status, ['issued', 'delivered']),
          ne(tickets.id, ticket.id),
        ),
      );
    if (taken) throw ticketProblems.participantAlreadyNamed();
    await tx
      .update(tickets)
      .set({
        participantId,
        holderCheck: holderCheck(participant),
        ...signedTicketCode(
          ticketSigner(deps.keys),
          ticket,
          holderCheckOf({
            firstNames: participant.firstNames,
            surname: participant.birthSurname,
            birthDate: participant.birthDate,
          }),
          now,
        ),
      })
      .where(and(eq(tickets.id, ticket.id), isNull(tickets.participantId)));
    await recordHistory(
      tx,
      [{ ticketId: ticket.id, from: ticket.status, to: ticket.status, related: null }],
      now,
      who,
      'Participant nommé par le responsable du groupe',
    );
    await auditTickets(tx, who, now, 'tickets.participant.named', [ticket.id]);
    // BAN-6: a group seat has no named holder at issuance; its participant is screened once named. The ticket
    // is already issued: a possible match opens a case as a new ban does — valid until a ban officer confirms.
    const hits = (await screenHolders(tx, deps.keys, [{ eventId: ticket.eventId, person: participant }])).get(
      0,
    );
    if (hits) await openScreeningCases(tx, [{ ticketId: ticket.id, hits }], 'new_ban', now, who);
    const [view] = await myTickets(tx, holder, now, ticket.id);
    return view!;
  });
}
