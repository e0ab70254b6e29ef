import { and, asc, eq } from 'drizzle-orm';
import type { Games, GamesCode, GamesUpdate } from '../../../contracts/programmes.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { games, reclaimRuns } from '../../platform/db/schema/index.js';
import { auditChange } from './audit.js';
import type { Acting, ProgrammesDeps } from './deps.js';
import { programmeProblems } from './problems.js';

export const gamesView = (row: typeof games.$inferSelect): Games => ({
  code: row.code,
  opensAt: row.opensAt.toISOString(),
  closesAt: row.closesAt.toISOString(),
  reclaimDeadline: row.reclaimDeadline.toISOString(),
  reclaimedAt: row.reclaimedAt?.toISOString() ?? null,
});

export async function listGames(db: Db | Tx): Promise<Games[]> {
  return (await db.select().from(games).orderBy(asc(games.opensAt))).map(gamesView);
}

/**
 * New dates for a Games and its reclaim deadline (TAJ-17: deadlines are data). The deadline must come before
 * the opening and lie ahead; a new deadline arms the reclaim job again for it.
 */
export async function updateGames(
  deps: ProgrammesDeps,
  code: GamesCode,
  input: GamesUpdate,
  who: Acting,
): Promise<Games> {
  const now = deps.clock.now();
  const deadline = new Date(input.reclaimDeadline);
  const opensAt = new Date(input.opensAt);
  if (deadline >= opensAt) throw programmeProblems.deadlineAfterOpening();
  return deps.database.transaction(async (tx) => {
    const [current] = await tx.select().from(games).where(eq(games.code, code));
    if (!current) throw programmeProblems.notFound({ fr: 'Ces Jeux', en: 'These Games' });
    const deadlineMoved = current.reclaimDeadline.getTime() !== deadline.getTime();
    if (deadlineMoved && deadline <= now) throw programmeProblems.deadlineInPast();
    // After a reclaim that took tickets back, those reallocated since would be taken back at the new deadline:
    // only on purpose. A reclaim that found nothing (the 2024 defaults on a new installation) binds nothing.
    if (deadlineMoved && current.reclaimedAt && !input.newReclaim) {
      const [run] = await tx
        .select({ total: reclaimRuns.total })
        .from(reclaimRuns)
        .where(and(eq(reclaimRuns.games, code), eq(reclaimRuns.deadline, current.reclaimDeadline)));
      if ((run?.total ?? 0) > 0) throw programmeProblems.reclaimAlreadyDone(current.reclaimedAt);
    }
    const [row] = await tx
      .update(games)
      .set({
        opensAt,
        closesAt: new Date(input.closesAt),
        reclaimDeadline: deadline,
        ...(deadlineMoved ? { reclaimedAt: null } : {}),
        updatedAt: now,
      })
      .where(eq(games.code, code))
      .returning();
    await auditChange(tx, who, now, 'programmes.games.updated', 'games', [code]);
    return gamesView(row!);
  });
}
