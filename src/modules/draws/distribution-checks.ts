import type { Allocation } from './domain/allocation.js';
import { distributionChecks, type CategoryCounts, type DistributionChecks } from './domain/distribution.js';
import type { PreparedEntries } from './domain/entries.js';

/** Why the region check is absent (draw-record.md §8.1), written in the record. */
export const REGION_ABSENT =
  'le module des candidatures ne conserve ni région, ni département, ni code postal';

/** An entry's category for the checks, fixed at freeze (`draws.entry_categories`). */
export interface EntryCategory {
  week: string;
  operator: string;
}

const UNKNOWN: EntryCategory = { week: '_inconnu', operator: '_inconnu' };

/**
 * The record's distribution checks (§8.1) of a computed draw: per entry, the category its earliest-confirmed
 * applicant gave it at freeze — registration week (ISO 8601 week of the confirmation, UTC) and operator —,
 * counted from the run's own arrays, one pass, nothing read from the database. A draw frozen without
 * categories (`list` null) counts every entry under `_inconnu`.
 */
export function distributionChecksOfRun(
  list: readonly EntryCategory[] | null,
  categoryOf: Uint32Array,
  prepared: Pick<PreparedEntries, 'count' | 'seats'>,
  allocation: Pick<Allocation, 'outcome'>,
): DistributionChecks {
  const categories = list && list.length > 0 ? list : [UNKNOWN];
  const entries = new Float64Array(categories.length);
  const seats = new Float64Array(categories.length);
  const selected = new Float64Array(categories.length);
  const selectedSeats = new Float64Array(categories.length);
  for (let p = 0; p < prepared.count; p++) {
    const c = list && list.length > 0 ? categoryOf[p]! : 0;
    entries[c]! += 1;
    seats[c]! += prepared.seats[p]!;
    if (allocation.outcome[p]! > 0) {
      selected[c]! += 1;
      selectedSeats[c]! += prepared.seats[p]!;
    }
  }
  const week = new Map<string, CategoryCounts>();
  const operator = new Map<string, CategoryCounts>();
  categories.forEach((category, c) => {
    for (const [map, key] of [
      [week, category.week],
      [operator, category.operator],
    ] as const) {
      const into = map.get(key) ?? { category: key, entries: 0, seats: 0, selected: 0, selected_seats: 0 };
      into.entries += entries[c]!;
      into.seats += seats[c]!;
      into.selected += selected[c]!;
      into.selected_seats += selectedSeats[c]!;
      map.set(key, into);
    }
  });
  return distributionChecks(
    [
      { dimension: 'week', raw: [...week.values()].filter((row) => row.entries > 0) },
      { dimension: 'operator', raw: [...operator.values()].filter((row) => row.entries > 0) },
    ],
    [{ dimension: 'region', reason: REGION_ABSENT }],
  );
}
