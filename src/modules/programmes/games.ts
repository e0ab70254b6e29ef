import { asc, eq } from 'drizzle-orm';
import type { Games, GamesCode, GamesUpdate } from '../../../contracts/programmes.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { games } from '../../platform/db/schema/index.js';
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
