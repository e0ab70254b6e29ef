import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../src/modules/draws/domain/bytes.js';
import { prepareEntries, type DrawEntry } from '../../src/modules/draws/domain/entries.js';
import { leafTails, packLeafChunk } from '../../src/modules/draws/domain/leaf-chunks.js';
import { reserveList } from '../../src/modules/draws/results.js';
import { openDatabase, selectRows, type Database, type Schema } from '../../src/platform/db/database.js';
import { migrateToLatest, MIGRATIONS_FOLDER } from '../../src/platform/db/migrations.js';
import { createScratchDatabase, databaseKinds, type ScratchDatabase } from '../support/database.js';

// Migration 0011 moves the data of draws frozen and run before it (results in draw_entries columns, the record
// in one text column) into the chunk tables the run now writes. A database at 0010 with such a draw is
// migrated, and what comes out is what the new code would have written. Migration 0013 then builds the
// reserve lists from those results.

const ENTRIES: (DrawEntry & { rank: number; outcome: number; reserve: number })[] = [
  {
    entryId: '0a'.repeat(16),
    bucket: 'op-1',
    seats: 3,
    choices: ['e2', 'e1'],
    rank: 2,
    outcome: 1,
    reserve: 0,
  },
  { entryId: '1b'.repeat(16), bucket: 'op-1', seats: 1, choices: ['e1'], rank: 3, outcome: 0, reserve: 1 },
  {
    entryId: '2c'.repeat(16),
    bucket: 'op-1',
    seats: 2,
    choices: ['e1', 'e2'],
    rank: 1,
    outcome: 1,
    reserve: 0,
  },
];
const QUOTAS = [
  { bucket: 'op-1', event: 'e1', seats: 2 },
  { bucket: 'op-1', event: 'e2', seats: 3 },
];
const RECORD = '{"spec":"gradins-draw-v1","note":"les octets signés, tels quels"}';

/** A copy of the migrations folder that stops at `last` (its journal cut there). */
async function migrationsUpTo(last: string, into: string): Promise<string> {
  const folder = path.join(into, 'drizzle-upto');
  await fs.cp(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(await fs.readFile(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((entry) => entry.tag === last);
  journal.entries = journal.entries.slice(0, at + 1);
  await fs.writeFile(journalFile, JSON.stringify(journal));
  return folder;
}

describe.each(databaseKinds)('migration 0011 (draw storage) on %s', (kind) => {
  let scratch: ScratchDatabase;
  let database: Database;
  const drawId = randomUUID();

  beforeAll(async () => {
    scratch = await createScratchDatabase(kind);
    database = await openDatabase(scratch.config);
    const migrationsFolder = await migrationsUpTo('0010_draws_followup', scratch.dataDir);
    if (kind === 'pglite')
      await migratePglite(database.db as unknown as PgliteDatabase<Schema>, { migrationsFolder });
    else await migratePostgres(database.db as unknown as NodePgDatabase<Schema>, { migrationsFolder });
    // A run draw as 0010 stored it. Its programme, users and applicants are beside the point: the foreign
    // keys and triggers are set aside while it is written.
    await database.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(
        sql`insert into draws (id, programme_id, bucket, name, status, max_choices, created_by, frozen_at,
                               entries_root, entry_count)
            values (${drawId}, ${randomUUID()}, 'op-1', 'Tirage d’avant 0011', 'run', 2, ${randomUUID()}, now(),
                    ${'00'.repeat(32)}, 3)`,
      );
      for (const [position, entry] of ENTRIES.entries())
        await tx.execute(
          sql`insert into draw_entries (draw_id, entry_id, position, kind, bucket, seats, choices, draw_rank,
                                        number, outcome, outcome_event, reserve_rank)
              values (${drawId}, ${entry.entryId}, ${position}, ${entry.seats > 1 ? 'group' : 'person'},
                      ${entry.bucket}, ${entry.seats}, ${JSON.stringify(entry.choices)}::jsonb, ${entry.rank},
                      ${'0'.repeat(16)}, ${entry.outcome},
                      ${entry.outcome > 0 ? entry.choices[entry.outcome - 1]! : null}, ${entry.reserve})`,
        );
      await tx.execute(
        sql`insert into draw_records (draw_id, ran_at, ran_by, record_bytes, record_sha256, results_hash,
                                      signature_key_id, signature)
            values (${drawId}, now(), ${randomUUID()}, ${RECORD}, 'sha', 'results', 'kid', 'sig')`,
      );
    });
    await migrateToLatest(database);
  }, 120_000);

  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });

  it('packs the frozen leaves as freeze now does: ids, tails, (unknown) categories', async () => {
    const [chunk] = await selectRows<{
      first_position: number;
      count: number;
      ids: string;
      tails: string;
      categories: string;
    }>(
      database.db,
      sql`select first_position, count, encode(ids, 'hex') as ids, encode(tails, 'hex') as tails,
                 encode(categories, 'hex') as categories
          from draw_leaf_chunks where draw_id = ${drawId}`,
    );
    const prepared = prepareEntries(ENTRIES, QUOTAS, 2);
    const tails = leafTails(prepared);
    const packed = packLeafChunk(prepared, tails.ofPosition, 0, 3);
    expect(chunk).toEqual({
      first_position: 0,
      count: 3,
      ids: toHex(packed.ids),
      tails: toHex(packed.tails),
      categories: '00000000'.repeat(3),
    });
    const [draw] = await selectRows<{ entry_categories: unknown; entry_tails: unknown }>(
      database.db,
      sql`select entry_categories, entry_tails from draws where id = ${drawId}`,
    );
    expect(draw!.entry_categories).toEqual([{ week: '_inconnu', operator: '_inconnu' }]);
    expect(draw!.entry_tails).toEqual(tails.list);
  });

  it('keeps every result, read back through draw_entry_results, and the counts for the pages', async () => {
    const results = await selectRows<{
      entry_id: string;
      draw_rank: number;
      outcome: number;
      outcome_event: string | null;
      reserve_rank: number;
    }>(
      database.db,
      sql`select entry_id, draw_rank, outcome, outcome_event, reserve_rank from draw_entry_results
          where draw_id = ${drawId} order by position`,
    );
    expect(results).toEqual(
      ENTRIES.map((entry) => ({
        entry_id: entry.entryId,
        draw_rank: entry.rank,
        outcome: entry.outcome,
        outcome_event: entry.outcome > 0 ? entry.choices[entry.outcome - 1] : null,
        reserve_rank: entry.reserve,
      })),
    );
    const [record] = await selectRows<{ results_summary: unknown }>(
      database.db,
      sql`select results_summary from draw_records where draw_id = ${drawId}`,
    );
    expect(record!.results_summary).toEqual({
      allocatedEntries: 2,
      reserveEntries: 1,
      seatsFilled: 5,
      filled: [
        { event: 'e1', seats: 2 },
        { event: 'e2', seats: 3 },
      ],
      bySeats: [
        { seats: 1, allocated: 0, reserve: 1 },
        { seats: 2, allocated: 1, reserve: 0 },
        { seats: 3, allocated: 1, reserve: 0 },
      ],
    });
  });

  it('builds the reserve list of each bucket (0013), read through the results door', async () => {
    expect(await reserveList(database.db, drawId, { bucket: 'op-1' })).toEqual([
      expect.objectContaining({ entryId: '1b'.repeat(16), position: 1, reserveRank: 1, choices: ['e1'] }),
    ]);
    expect(await reserveList(database.db, drawId, { bucket: 'op-1', afterRank: 1 })).toEqual([]);
  });

  it('keeps the signed record’s bytes exactly, and refuses to change them afterwards', async () => {
    const [chunk] = await selectRows<{ seq: number; text: string }>(
      database.db,
      sql`select seq, convert_from(bytes, 'UTF8') as text from draw_record_chunks where draw_id = ${drawId}`,
    );
    expect(chunk).toEqual({ seq: 0, text: RECORD });
    await expect(
      database.db.execute(sql`update draw_record_chunks set bytes = '\\x00' where draw_id = ${drawId}`),
    ).rejects.toThrow();
    await expect(
      database.db.execute(sql`delete from draw_result_chunks where draw_id = ${drawId}`),
    ).rejects.toThrow();
  });
});
