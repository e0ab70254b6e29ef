import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reserveList } from '../../src/modules/draws/results.js';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrations.js';
import { createScratchDatabase, databaseKinds, type ScratchDatabase } from '../support/database.js';

// The reserve list a withdrawal walks (`reserveList`) reads a bucket's reserve chunks one at a time. The run
// writes chunks of 8,192 entries; here they are written by hand, two entries each, so that a page crosses
// chunks, and a chunk with nobody who ranked the event is passed over.

const BUCKETS = ['op-a', 'op-b'];
// Reserve ranks are the draw's: the two buckets' lists interleave.
const RESERVE = Array.from({ length: 10 }, (_, i) => ({
  position: 20 - i,
  entryId: i.toString(16).padStart(2, '0').repeat(16),
  bucket: BUCKETS[i % 2]!,
  rank: i + 1,
  // op-a ranks 1, 3, 5, 7, 9: only 1 and 9 ranked e2.
  choices: i === 0 || i === 8 ? ['e1', 'e2'] : ['e1'],
}));

describe.each(databaseKinds)('reserve list by chunks on %s', (kind) => {
  let scratch: ScratchDatabase;
  let database: Database;
  const drawId = randomUUID();

  beforeAll(async () => {
    scratch = await createScratchDatabase(kind);
    database = await openDatabase(scratch.config);
    await migrateToLatest(database);
    await database.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(
        sql`insert into draws (id, programme_id, bucket, name, status, max_choices, created_by)
            values (${drawId}, ${randomUUID()}, 'op-a', 'Tirage', 'run', 2, ${randomUUID()})`,
      );
      for (const entry of RESERVE)
        await tx.execute(
          sql`insert into draw_entries (draw_id, entry_id, position, kind, bucket, seats, choices)
              values (${drawId}, ${entry.entryId}, ${entry.position}, 'person', ${entry.bucket}, 1,
                      ${JSON.stringify(entry.choices)}::jsonb)`,
        );
      for (const bucket of BUCKETS) {
        const list = RESERVE.filter((entry) => entry.bucket === bucket);
        for (let first = 0; first < list.length; first += 2) {
          const chunk = list.slice(first, first + 2);
          await tx.execute(
            sql`insert into draw_reserve_chunks (draw_id, bucket, first_rank, last_rank, positions, reserve_ranks)
                values (${drawId}, ${bucket}, ${chunk[0]!.rank}, ${chunk.at(-1)!.rank},
                        ${`{${chunk.map((entry) => entry.position).join(',')}}`}::int[],
                        ${`{${chunk.map((entry) => entry.rank).join(',')}}`}::int[])`,
          );
        }
      }
    });
  }, 120_000);

  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });

  const ranks = (entries: { reserveRank: number }[]) => entries.map((entry) => entry.reserveRank);

  it('gives a bucket’s list in reserve-rank order across chunks, never another bucket’s entries', async () => {
    const list = await reserveList(database.db, drawId, { bucket: 'op-a' });
    expect(ranks(list)).toEqual([1, 3, 5, 7, 9]);
    expect(list[1]).toMatchObject({ entryId: RESERVE[2]!.entryId, position: 18, bucket: 'op-a', seats: 1 });
    expect(ranks(await reserveList(database.db, drawId, { bucket: 'op-b' }))).toEqual([2, 4, 6, 8, 10]);
  });

  it('pages from the last rank seen, with a limit that stops inside a chunk', async () => {
    const first = await reserveList(database.db, drawId, { bucket: 'op-a', limit: 3 });
    expect(ranks(first)).toEqual([1, 3, 5]);
    const next = await reserveList(database.db, drawId, { bucket: 'op-a', afterRank: 5, limit: 3 });
    expect(ranks(next)).toEqual([7, 9]);
    expect(await reserveList(database.db, drawId, { bucket: 'op-a', afterRank: 9 })).toEqual([]);
  });

  it('keeps only those who ranked the event, passing over a chunk with none of them', async () => {
    // op-a's second chunk (ranks 5 and 7) has nobody who ranked e2.
    expect(ranks(await reserveList(database.db, drawId, { bucket: 'op-a', event: 'e2' }))).toEqual([1, 9]);
    expect(
      ranks(await reserveList(database.db, drawId, { bucket: 'op-a', event: 'e2', afterRank: 1 })),
    ).toEqual([9]);
    expect(await reserveList(database.db, drawId, { bucket: 'op-b', event: 'e2' })).toEqual([]);
  });
});
