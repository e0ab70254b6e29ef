import { desc, eq } from 'drizzle-orm';
import type { DrawView } from '../../../contracts/draws.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { draws, type ResultsSummary } from '../../platform/db/schema/index.js';
import type { DrawScope } from './deps.js';
import { DRAND_QUICKNET, drandRoundTime } from './domain/drand.js';
import type { DrawComputation } from './domain/record.js';
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
      ...drawResults(record.resultsSummary, quotas),
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

/** The counts of a computed draw, in one pass over its arrays. */
export function resultsSummaryOf(run: Pick<DrawComputation, 'prepared' | 'allocation'>): ResultsSummary {
  const { prepared, allocation } = run;
  const filled = new Float64Array(prepared.events.length);
  const bySeats = new Map<number, { seats: number; allocated: number; reserve: number }>();
  let allocatedEntries = 0;
  let seatsFilled = 0;
  for (let p = 0; p < prepared.count; p++) {
    const seats = prepared.seats[p]!;
    const outcome = allocation.outcome[p]!;
    let size = bySeats.get(seats);
    if (!size) bySeats.set(seats, (size = { seats, allocated: 0, reserve: 0 }));
    if (outcome > 0) {
      allocatedEntries += 1;
      seatsFilled += seats;
      size.allocated += 1;
      filled[prepared.choiceEvents[prepared.choiceStart[p]! + outcome - 1]!]! += seats;
    } else size.reserve += 1;
  }
  return {
    allocatedEntries,
    reserveEntries: prepared.count - allocatedEntries,
    seatsFilled,
    filled: prepared.events
      .map((event, index) => ({ event, seats: filled[index]! }))
      .filter((row) => row.seats > 0),
    bySeats: [...bySeats.values()].sort((a, b) => a.seats - b.seats),
  };
}

/**
 * A run's counts for the pages: entries allocated and on the reserve list, seats filled, and for the charts
 * the seats filled per event (against its quota) and the outcome by entry size (1, a pair, a group).
 */
export function drawResults(
  summary: ResultsSummary,
  quotas: readonly { event: string; seats: number }[],
): DrawResults {
  const filled = new Map(summary.filled.map((row) => [row.event, row.seats]));
  const quotaOf = new Map<string, number>();
  for (const quota of quotas) quotaOf.set(quota.event, (quotaOf.get(quota.event) ?? 0) + quota.seats);
  return {
    allocatedEntries: summary.allocatedEntries,
    reserveEntries: summary.reserveEntries,
    seatsFilled: summary.seatsFilled,
    byEvent: [...quotaOf].map(([event, quota]) => ({ event, quota, filled: filled.get(event) ?? 0 })),
    bySeats: summary.bySeats,
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
