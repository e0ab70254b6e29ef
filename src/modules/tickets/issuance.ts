import { eq } from 'drizzle-orm';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import type { Tx } from '../../platform/db/database.js';
import {
  applicants,
  draws,
  manualAttributions,
  manualAttributionDecisions,
} from '../../platform/db/schema/index.js';
import { openScreeningCases, screenHolders } from '../bans/screening.js';
import { allocatedEntries } from '../draws/results.js';
import type { TicketActing } from './deps.js';
import { seatHolders, type SeatHolder } from './domain/holders.js';
import { auditTickets, holderPeople, issueSeats, type SeatPlan } from './repository.js';
import { sendTicketLinks } from './delivery.js';
import { ticketSigner } from './ticket-codes.js';

// Issuance (TAJ-3, TAJ-15): every seat a draw allocated, or a manual attribution gave, becomes a ticket bound to
// its holder, in the transaction that publishes the draw or records the attribution. Idempotent: a seat is
// created once (unique origin), its first ticket with it. Each ticket gets its code signed by the key store's
// `ticket` key in that transaction (`ticket-codes.ts`).

/**
 * The tickets of a published draw: an entry of k seats gives k tickets (a group's, held through its manager's
 * application), a carer pair one ticket each. An entry whose applications were erased since the freeze gets
 * none: its seats stay with the operator's stock. Audited `tickets.ticket.issued`.
 */
export async function issueDrawTickets(
  tx: Tx,
  drawId: string,
  now: Date,
  who: TicketActing,
  keys: KeyStore,
  publicUrl: string,
): Promise<string[]> {
  const [draw] = await tx.select().from(draws).where(eq(draws.id, drawId));
  if (!draw) return [];
  const entries = await allocatedEntries(tx, drawId);
  const people = await holderPeople(
    tx,
    entries.flatMap((entry) => entry.applicantIds),
  );
  const plans: SeatPlan[] = [];
  for (const entry of entries) {
    const holders = seatHolders(
      entry.kind,
      entry.seats,
      entry.applicantIds.map((id) => people.get(id)),
    );
    if (!Array.isArray(holders)) continue;
    holders.forEach((holder, seatIndex) =>
      plans.push({
        origin: 'draw',
        drawId,
        entryId: entry.entryId,
        attributionId: null,
        programmeId: draw.programmeId,
        operatorId: draw.operatorId,
        bucket: draw.bucket,
        eventId: entry.eventId,
        seatIndex,
        holder,
      }),
    );
  }
  return issueTickets(tx, plans, now, who, `Tirage publié (${draw.name})`, keys, publicUrl);
}

/**
 * The tickets of a manual attribution (TAJ-11): a person 1, a group its size (held through its manager), a
 * carer pair one ticket for each confirmed person of the pair. Audited `tickets.ticket.issued`.
 */
export async function issueAttributionTickets(
  tx: Tx,
  attributionId: string,
  now: Date,
  who: TicketActing,
  keys: KeyStore,
  publicUrl: string,
): Promise<string[]> {
  const [found] = await tx
    .select({ attribution: manualAttributions, decision: manualAttributionDecisions, applicant: applicants })
    .from(manualAttributions)
    .innerJoin(manualAttributionDecisions, eq(manualAttributionDecisions.id, manualAttributions.decisionId))
    .innerJoin(applicants, eq(applicants.id, manualAttributions.applicantId))
    .where(eq(manualAttributions.id, attributionId));
  if (!found) return [];
  const { attribution, decision, applicant } = found;
  let ids = [applicant.id];
  if (applicant.carerPairId)
    ids = (
      await tx
        .select({ id: applicants.id })
        .from(applicants)
        .where(eq(applicants.carerPairId, applicant.carerPairId))
    ).map((row) => row.id);
  const people = await holderPeople(tx, ids);
  const kind: SeatHolder['kind'] = applicant.groupId
    ? 'group'
    : applicant.carerPairId
      ? 'carer_pair'
      : 'person';
  const holders = seatHolders(
    kind,
    attribution.seats,
    kind === 'carer_pair' ? [...people.values()] : [people.get(applicant.id)],
  );
  if (!Array.isArray(holders)) return [];
  return issueTickets(
    tx,
    holders.map((holder, seatIndex) => ({
      origin: 'manual' as const,
      drawId: null,
      entryId: null,
      attributionId,
      programmeId: decision.programmeId,
      operatorId: decision.operatorId,
      bucket: decision.bucket,
      eventId: attribution.eventId,
      seatIndex,
      holder,
    })),
    now,
    who,
    'Attribution manuelle',
    keys,
    publicUrl,
  );
}

/**
 * Issues the tickets of `plans` (`issueSeats`: seats, tickets with their signed codes, history), audits them
 * `tickets.ticket.issued`, and mails each holder their tickets with a download link (`delivery.ts`, TAJ-14).
 * What a draw's publication and a manual attribution both do, and what the issuance benchmark measures.
 * BAN-6: every named holder is first screened against the bans of the event's organiser
 * (`bans/screening.ts`); a seat whose holder may match gets its ticket `screening` — no code, no mail, audited
 * `tickets.ticket.awaiting-screening` — and a case per ban for a ban officer. Returns the tickets issued.
 */
export async function issueTickets(
  tx: Tx,
  plans: readonly SeatPlan[],
  now: Date,
  who: TicketActing,
  reason: string,
  keys: KeyStore,
  publicUrl: string,
): Promise<string[]> {
  const hits = await screenHolders(
    tx,
    keys,
    plans.map((plan) => ({ eventId: plan.eventId, person: plan.holder.person })),
  );
  const screened =
    hits.size === 0 ? plans : plans.map((plan, i) => (hits.has(i) ? { ...plan, screening: true } : plan));
  const { issued, screening } = await issueSeats(tx, screened, now, who, reason, ticketSigner(keys));
  if (issued.length > 0) await auditTickets(tx, who, now, 'tickets.ticket.issued', issued);
  if (screening.length > 0) {
    const planIndex = new Map(screened.map((plan, i) => [plan, i]));
    await auditTickets(
      tx,
      who,
      now,
      'tickets.ticket.awaiting-screening',
      screening.map((row) => row.ticketId),
    );
    await openScreeningCases(
      tx,
      screening.map((row) => ({ ticketId: row.ticketId, hits: hits.get(planIndex.get(row.plan)!)! })),
      'issuance',
      now,
      who,
    );
  }
  await sendTicketLinks(tx, issued, now, publicUrl);
  return issued;
}
