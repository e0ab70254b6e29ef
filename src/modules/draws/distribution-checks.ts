import { sql } from 'drizzle-orm';
import { selectRows, type Db, type Tx } from '../../platform/db/database.js';
import { distributionChecks, type CategoryCounts, type DistributionChecks } from './domain/distribution.js';

/** Why the region check is absent (draw-record.md §8.1), written in the record. */
export const REGION_ABSENT =
  'le module des candidatures ne conserve ni région, ni département, ni code postal';

interface Row {
  week: string;
  operator: string;
  entries: string | number;
  seats: string | number;
  selected: string | number;
  selected_seats: string | number;
}

/**
 * The record's distribution checks (§8.1), from a draw whose results are written: per entry, the category of
 * its earliest-confirmed applicant (ties by id) — registration week (ISO 8601 week of the confirmation, UTC)
 * and operator —; an entry whose applicants have all withdrawn counts under `_inconnu`. One aggregate
 * statement: only counts per category leave the database, never an entry's category.
 */
export async function distributionChecksOf(tx: Db | Tx, drawId: string): Promise<DistributionChecks> {
  const rows = await selectRows<Row>(
    tx,
    sql`with entry as (
          select distinct on (d.entry_id) d.entry_id, d.seats, coalesce(d.outcome, 0) > 0 as selected,
                 coalesce(to_char(a.confirmed_at at time zone 'UTC', 'IYYY-"W"IW'), '_inconnu') as week,
                 coalesce(a.operator_id::text, '_inconnu') as operator
          from draw_entries d
          left join draw_entry_applicants l on l.draw_id = d.draw_id and l.entry_id = d.entry_id
          left join applicants a on a.id = l.applicant_id
          where d.draw_id = ${drawId}
          order by d.entry_id, a.confirmed_at nulls last, a.id
        )
        select week, operator, count(*) as entries, sum(seats) as seats,
               count(*) filter (where selected) as selected,
               coalesce(sum(seats) filter (where selected), 0) as selected_seats
        from entry group by week, operator`,
  );
  const week = new Map<string, CategoryCounts>();
  const operator = new Map<string, CategoryCounts>();
  for (const row of rows) {
    const counts = {
      entries: Number(row.entries),
      seats: Number(row.seats),
      selected: Number(row.selected),
      selected_seats: Number(row.selected_seats),
    };
    for (const [map, key] of [
      [week, row.week],
      [operator, row.operator],
    ] as const) {
      const into = map.get(key) ?? { category: key, entries: 0, seats: 0, selected: 0, selected_seats: 0 };
      into.entries += counts.entries;
      into.seats += counts.seats;
      into.selected += counts.selected;
      into.selected_seats += counts.selected_seats;
      map.set(key, into);
    }
  }
  return distributionChecks(
    [
      { dimension: 'week', raw: [...week.values()] },
      { dimension: 'operator', raw: [...operator.values()] },
    ],
    [{ dimension: 'region', reason: REGION_ABSENT }],
  );
}
