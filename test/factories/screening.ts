import { eq, inArray, sql } from 'drizzle-orm';
import { banScreeningCases, sportEvents, tickets } from '../../src/platform/db/schema/index.js';
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
