import { sql } from 'drizzle-orm';
import { selectRows, type Db, type Tx } from '../../platform/db/database.js';

// The one door to a run draw's results for other modules (tickets): who won which event, and the reserve
// list in its order. Where the results are stored may change; callers see only these shapes.

export interface DrawResultEntry {
  entryId: string;
  /** Position in the Merkle tree (§2). */
  position: number;
  bucket: string;
  kind: 'person' | 'group' | 'carer_pair';
  seats: number;
  /** The applicants the entry stands for (a person, a group's manager, both of a carer pair), sorted. */
  applicantIds: string[];
}

export interface AllocatedEntry extends DrawResultEntry {
  /** The event won: its code in the record and its id. */
  event: string;
  eventId: string;
}

export interface ReserveEntry extends DrawResultEntry {
  /** 1 for the first on the reserve list. */
  reserveRank: number;
  /** The entry's ranked choices (event codes, best first). */
  choices: string[];
}

type Row = {
  entry_id: string;
  position: number;
  bucket: string;
  kind: DrawResultEntry['kind'];
  seats: number;
  applicant_ids: string[] | null;
};

const entryOf = (row: Row): DrawResultEntry => ({
  entryId: row.entry_id,
  position: row.position,
  bucket: row.bucket,
  kind: row.kind,
  seats: row.seats,
  applicantIds: [...(row.applicant_ids ?? [])].sort(),
});

/** Every entry a run draw allocated seats to, by position. */
export async function allocatedEntries(db: Db | Tx, drawId: string): Promise<AllocatedEntry[]> {
  const rows = await selectRows<Row & { event: string; event_id: string }>(
    db,
    sql`select e.entry_id, e.position, e.bucket, e.kind, e.seats, e.outcome_event as event, q.event_id,
               array(select a.applicant_id::text from draw_entry_applicants a
                     where a.draw_id = e.draw_id and a.entry_id = e.entry_id) as applicant_ids
        from draw_entry_results e
        join draw_quotas q on q.draw_id = e.draw_id and q.bucket = e.bucket and q.event = e.outcome_event
        where e.draw_id = ${drawId} and e.outcome > 0
        order by e.position`,
  );
  return rows.map((row) => ({ ...entryOf(row), event: row.event, eventId: row.event_id }));
}

/**
 * The reserve list of a bucket in reserve-rank order, from `afterRank` (exclusive), at most `limit` entries,
 * only those that ranked `event` (a code) when given. The caller skips those it finds not eligible and asks
 * for the next page from the last rank it saw. Reads the bucket's reserve chunks one at a time
 * (`draw_reserve_chunks`), so the next reserve of a national draw costs one chunk, not a scan of the draw.
 */
export async function reserveList(
  db: Db | Tx,
  drawId: string,
  options: { bucket: string; event?: string; afterRank?: number; limit?: number },
): Promise<ReserveEntry[]> {
  const limit = options.limit ?? 100;
  const found: ReserveEntry[] = [];
  let afterRank = options.afterRank ?? 0;
  while (found.length < limit) {
    const wanted = limit - found.length;
    const rows = await selectRows<Row & { reserve_rank: number; choices: string[]; last_rank: number }>(
      db,
      sql`with chunk as (
            select c.draw_id, c.last_rank, c.positions, c.reserve_ranks from draw_reserve_chunks c
            where c.draw_id = ${drawId} and c.bucket = ${options.bucket} and c.last_rank > ${afterRank}
            order by c.first_rank limit 1)
          select e.entry_id, e.position, e.bucket, e.kind, e.seats, r.reserve_rank, e.choices, c.last_rank,
                 array(select a.applicant_id::text from draw_entry_applicants a
                       where a.draw_id = e.draw_id and a.entry_id = e.entry_id) as applicant_ids
          from chunk c
          cross join lateral unnest(c.positions, c.reserve_ranks) as r(position, reserve_rank)
          join draw_entries e on e.draw_id = c.draw_id and e.position = r.position
          where r.reserve_rank > ${afterRank}
            ${options.event ? sql`and e.choices @> jsonb_build_array(${options.event}::text)` : sql``}
          order by r.reserve_rank
          limit ${wanted}`,
    );
    if (rows.length === 0) {
      // Nothing in this chunk (or no chunk left): move past it, if there was one.
      const [next] = await selectRows<{ last_rank: number }>(
        db,
        sql`select last_rank from draw_reserve_chunks
            where draw_id = ${drawId} and bucket = ${options.bucket} and last_rank > ${afterRank}
            order by first_rank limit 1`,
      );
      if (!next) break;
      afterRank = next.last_rank;
      continue;
    }
    for (const row of rows)
      found.push({ ...entryOf(row), reserveRank: row.reserve_rank, choices: row.choices });
    // Fewer than wanted: that chunk is done.
    afterRank = rows.length < wanted ? rows[0]!.last_rank : found.at(-1)!.reserveRank;
  }
  return found;
}
