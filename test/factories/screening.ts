import { eq, inArray, sql } from 'drizzle-orm';
import { identityColumns } from '../../src/modules/applicants/repository.js';
import {
  applicantGroups,
  applicants,
  banScreeningCases,
  groupParticipants,
  sportEvents,
  tickets,
} from '../../src/platform/db/schema/index.js';
import type { TestServer } from '../support/server.js';

// Screening cases straight in the database (a builder, STYLE.md), as the screening engine (BAN-6) would find
// them: the cases' routes and decisions are tested without depending on the matching.

/** The events belong to the organiser (what its bans may cover). */
export async function eventsOfOrganiser(server: TestServer, organiserId: string, eventIds: string[]) {
  await server.database.db.update(sportEvents).set({ organiserId }).where(inArray(sportEvents.id, eventIds));
}

/**
 * An issued ticket put back in `screening`, as if the engine had held it at issuance. The forward-only trigger
 * forbids that step (rightly), so it is skipped for this one statement.
 */
export async function ticketInScreening(server: TestServer, ticketId: string): Promise<void> {
  await server.database.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.update(tickets).set({ status: 'screening' }).where(eq(tickets.id, ticketId));
  });
}

/**
 * A pending case linking a ticket and a ban of the organiser; returns its id. When the engine already opened one
 * pending for the pair (creating the ban re-screens the issued tickets), that case is reset to what the test asks.
 */
export async function screeningCase(
  server: TestServer,
  input: {
    organiserId: string;
    ticketId: string;
    banId: string;
    trigger: 'issuance' | 'new_ban';
    match?: 'exact' | 'close';
    createdAt?: Date;
  },
): Promise<string> {
  const [row] = await server.database.db
    .insert(banScreeningCases)
    .values({
      organiserId: input.organiserId,
      ticketId: input.ticketId,
      banId: input.banId,
      trigger: input.trigger,
      match: input.match ?? 'exact',
      createdAt: input.createdAt ?? server.clock.now(),
    })
    .onConflictDoUpdate({
      // The unique index holds pending cases only (a decided one stays as history beside a new one).
      target: [banScreeningCases.ticketId, banScreeningCases.banId],
      targetWhere: sql`${banScreeningCases.status} = 'pending'`,
      set: {
        trigger: input.trigger,
        match: input.match ?? 'exact',
        status: 'pending',
        createdAt: input.createdAt ?? server.clock.now(),
        decidedAt: null,
        decidedBy: null,
      },
    })
    .returning({ id: banScreeningCases.id });
  return row!.id;
}

/**
 * A ticket turned into a group seat (`holder_kind = 'group'`), as a group's issuance makes it: the holder's
 * application becomes the manager of a new group of its programme and operator; `participant`, when given, is a
 * participant of that group the manager named on the seat. The holder trigger forbids giving an existing ticket
 * a group (rightly), so it is skipped for this one step. Returns the group's and the participant's ids.
 */
export async function groupSeat(
  server: TestServer,
  ticketId: string,
  participant: { birthSurname: string; firstNames: string; birthDate: string } | null,
): Promise<{ groupId: string; participantId: string | null }> {
  return server.database.transaction(async (tx) => {
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId));
    const [group] = await tx
      .insert(applicantGroups)
      .values({
        programmeId: ticket!.programmeId!,
        operatorId: ticket!.operatorId!,
        name: 'Groupe d’essai',
        size: 2,
        mobilityNeeds: {},
      })
      .returning();
    await tx
      .update(applicants)
      .set({ groupId: group!.id, groupRole: 'manager' })
      .where(eq(applicants.id, ticket!.holderApplicantId!));
    const [named] = participant
      ? await tx
          .insert(groupParticipants)
          .values({
            groupId: group!.id,
            ...participant,
            identityKey: identityColumns(server.keys, participant).identityKey,
          })
          .returning()
      : [];
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx
      .update(tickets)
      .set({ holderKind: 'group', holderGroupId: group!.id, participantId: named?.id ?? null })
      .where(eq(tickets.id, ticketId));
    return { groupId: group!.id, participantId: named?.id ?? null };
  });
}
