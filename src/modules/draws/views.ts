import { desc, eq, sql } from 'drizzle-orm';
import type { DrawView } from '../../../contracts/draws.js';
import { selectRows, type Db, type Tx } from '../../platform/db/database.js';
import { draws } from '../../platform/db/schema/index.js';
import type { DrawScope } from './deps.js';
import { DRAND_QUICKNET, drandRoundTime } from './domain/drand.js';
import {
  abandonmentOf,
  commitmentOf,
  drawInScope,
  quotaRows,
  recordOf,
  revealsOf,
  type DrawRow,
} from './repository.js';

/** What the operator's pages show of a draw: no personal data, only the draw, its counts and hashes. */
export async function drawView(db: Db | Tx, draw: DrawRow): Promise<DrawView> {
  const quotas = await quotaRows(db, draw.id);
  const commitment = await commitmentOf(db, draw.id);
  const record = await recordOf(db, draw.id);
  const revealed = commitment ? await revealsOf(db, draw.id) : [];
  let results: DrawView['results'] = null;
  if (record) {
    const [counts] = await selectRows<{ allocated: string; reserve: string; seats: string }>(
      db,
      sql`select count(*) filter (where outcome > 0) as allocated, count(*) filter (where outcome = 0) as reserve,
            coalesce(sum(seats) filter (where outcome > 0), 0) as seats
          from draw_entries where draw_id = ${draw.id}`,
    );
    results = {
      ranAt: record.ranAt.toISOString(),
      recordSha256: record.recordSha256,
      resultsHash: record.resultsHash,
      allocatedEntries: Number(counts!.allocated),
      reserveEntries: Number(counts!.reserve),
      seatsFilled: Number(counts!.seats),
    };
  }
  return {
    id: draw.id,
    programmeId: draw.programmeId,
    operatorId: draw.operatorId,
    bucket: draw.bucket,
    name: draw.name,
    status: draw.status,
    specVersion: draw.specVersion,
    demonstration: draw.demonstration,
    maxChoices: draw.maxChoices,
    createdAt: draw.createdAt.toISOString(),
    quotas: quotas.map(({ bucket, event, eventId, seats }) => ({ bucket, event, eventId, seats })),
    frozenAt: draw.frozenAt?.toISOString() ?? null,
    entriesRoot: draw.entriesRoot,
    entryCount: draw.entryCount,
    entriesWithoutChoice: draw.entriesWithoutChoice,
    commitment: commitment
      ? {
          committedAt: commitment.committedAt.toISOString(),
          round: commitment.beaconRound,
          roundAt: new Date(drandRoundTime(DRAND_QUICKNET, commitment.beaconRound) * 1000).toISOString(),
          beaconDeadline: commitment.beaconDeadline.toISOString(),
          revealDeadline: commitment.revealDeadline.toISOString(),
          witnesses: commitment.witnesses.map((witness) => witness.name),
          revealed: revealed.map((reveal) => commitment.witnesses[reveal.witnessIndex]!.name),
          minReveals: commitment.minReveals,
          commitmentHash: commitment.commitmentHash,
          beaconEntered: commitment.beaconSignature !== null,
        }
      : null,
    results,
    publishedAt: draw.publishedAt?.toISOString() ?? null,
    abandonment: draw.abandonedAt ? await abandonmentOf(db, draw) : null,
    running: null,
    runError: null,
  };
}

export async function showDraw(db: Db | Tx, drawId: string, scope: DrawScope): Promise<DrawView> {
  return drawView(db, await drawInScope(db, drawId, scope));
}

export async function listDraws(db: Db | Tx, scope: DrawScope): Promise<DrawView[]> {
  const query = db.select().from(draws);
  const rows = await ('operatorId' in scope ? query.where(eq(draws.operatorId, scope.operatorId)) : query)
    .orderBy(desc(draws.createdAt))
    .limit(200);
  const views: DrawView[] = [];
  for (const row of rows) views.push(await drawView(db, row));
  return views;
}
