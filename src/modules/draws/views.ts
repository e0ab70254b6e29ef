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
    results = {
      ranAt: record.ranAt.toISOString(),
      recordSha256: record.recordSha256,
      resultsHash: record.resultsHash,
      ...(await drawResults(db, draw.id, quotas)),
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

export type DrawResults = Pick<
  NonNullable<DrawView['results']>,
  'allocatedEntries' | 'reserveEntries' | 'seatsFilled' | 'byEvent' | 'bySeats'
>;

/**
 * A run's counts in one scan of its entries: entries allocated and on the reserve list, seats filled, and for
 * the charts the seats filled per event (against its quota) and the outcome by entry size (1, a pair, a group).
 */
export async function drawResults(
  db: Db | Tx,
  drawId: string,
  quotas: readonly { event: string; seats: number }[],
): Promise<DrawResults> {
  const rows = await selectRows<{ seats: number; event: string | null; allocated: string; reserve: string }>(
    db,
    sql`select seats, outcome_event as event, count(*) filter (where outcome > 0) as allocated,
          count(*) filter (where outcome = 0) as reserve
        from draw_entries where draw_id = ${drawId} group by seats, outcome_event`,
  );
  const filled = new Map<string, number>();
  const bySeats = new Map<number, { seats: number; allocated: number; reserve: number }>();
  let allocatedEntries = 0;
  let reserveEntries = 0;
  let seatsFilled = 0;
  for (const row of rows) {
    const seats = Number(row.seats);
    const allocated = Number(row.allocated);
    const reserve = Number(row.reserve);
    allocatedEntries += allocated;
    reserveEntries += reserve;
    seatsFilled += seats * allocated;
    if (row.event !== null) filled.set(row.event, (filled.get(row.event) ?? 0) + seats * allocated);
    const size = bySeats.get(seats) ?? { seats, allocated: 0, reserve: 0 };
    size.allocated += allocated;
    size.reserve += reserve;
    bySeats.set(seats, size);
  }
  const quotaOf = new Map<string, number>();
  for (const quota of quotas) quotaOf.set(quota.event, (quotaOf.get(quota.event) ?? 0) + quota.seats);
  return {
    allocatedEntries,
    reserveEntries,
    seatsFilled,
    byEvent: [...quotaOf].map(([event, quota]) => ({ event, quota, filled: filled.get(event) ?? 0 })),
    bySeats: [...bySeats.values()].sort((a, b) => a.seats - b.seats),
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
