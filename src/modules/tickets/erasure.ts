import { and, asc, inArray } from 'drizzle-orm';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import type { Tx } from '../../platform/db/database.js';
import { tickets } from '../../platform/db/schema/index.js';
import type { TicketActing } from './deps.js';
import { withdrawalOpen } from './domain/lifecycle.js';
import { handOverSeat } from './handover.js';
import { auditTickets, eventStarts } from './repository.js';

/** Why an application is erased: consent withdrawn or the person's request (withdraw), or an error (revoke). */
export type ErasureCause = 'consent_withdrawn' | 'person_request' | 'recorded_in_error';

const REASONS: Record<ErasureCause, string> = {
  consent_withdrawn: 'Consentement retiré : candidature effacée, billet rendu (SEC-4)',
  person_request: 'Effacement demandé par la personne : billet rendu (SEC-4)',
  recorded_in_error: 'Candidature enregistrée par erreur, effacée : billet annulé',
};

/**
 * Before an application is erased (SEC-4, consent withdrawn, TAJ-5), in the erasing transaction: every live
 * ticket it holds — its own, a carer pair's, a group's through its manager — ends as a withdrawal would
 * (`withdrawn`; `revoked` for an application recorded in error), and its seat is handed over like a
 * withdrawal's (`handover.ts`): to the next on the reserve list while the event's eve has not passed, else back
 * to the State pool. So no ticket is left without a holder. Returns the tickets ended.
 */
export async function endTicketsOfErased(
  tx: Tx,
  applicantIds: readonly string[],
  context: { now: Date; who: TicketActing; cause: ErasureCause; keys: KeyStore; publicUrl: string },
): Promise<string[]> {
  if (applicantIds.length === 0) return [];
  const live = await tx
    .select()
    .from(tickets)
    .where(
      and(
        inArray(tickets.holderApplicantId, [...applicantIds]),
        inArray(tickets.status, ['issued', 'delivered']),
      ),
    )
    .orderBy(asc(tickets.id))
    // As `lockedTicket`: a case's foreign key to the ticket need not wait.
    .for('no key update');
  if (live.length === 0) return [];
  const starts = await eventStarts(tx, [...new Set(live.map((ticket) => ticket.eventId))]);
  const action = context.cause === 'recorded_in_error' ? 'revoke' : 'withdraw';
  for (const ticket of live) {
    await handOverSeat(
      tx,
      ticket,
      action,
      withdrawalOpen(starts.get(ticket.eventId)!, context.now) ? { reserve: true } : { nobody: true },
      {
        now: context.now,
        who: context.who,
        reason: REASONS[context.cause],
        publicUrl: context.publicUrl,
        keys: context.keys,
      },
    );
  }
  const ids = live.map((ticket) => ticket.id);
  await auditTickets(
    tx,
    context.who,
    context.now,
    action === 'revoke' ? 'tickets.ticket.revoked' : 'tickets.ticket.withdrawn',
    ids,
  );
  return ids;
}
