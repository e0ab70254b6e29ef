import type { PreparedEntries } from './entries.js';
import { finish, SLICE, type Steps } from './steps.js';

/** Outcome of the allocation walk (draw-record.md §7), by position. */
export interface Allocation {
  /** Rank (1-based) of the choice obtained, 0 when the entry got nothing. */
  outcome: Uint8Array;
  /** 1, 2, 3… in draw order for entries that got nothing, 0 for allocated ones. */
  reserveRank: Uint32Array;
  /** Seats left per (bucket, event) after the walk, laid out as `PreparedEntries.quota`. */
  left: Float64Array;
  /**
   * Each bucket's reserve list (by bucket index): the positions of the entries that got nothing, in
   * reserve-rank order. Not in the record; the server keeps it for withdrawals (`draw_reserve_chunks`).
   */
  reserveByBucket: Uint32Array[];
}

/**
 * One pass over the draw order: each entry takes its best choice with at least its seats left in its bucket,
 * all its seats in that one event; otherwise it joins the reserve list.
 */
export function allocate(entries: PreparedEntries, order: Uint32Array): Allocation {
  return finish(allocateSteps(entries, order));
}

/** `allocate`, pausing every `SLICE` ranks (steps.ts). */
export function* allocateSteps(entries: PreparedEntries, order: Uint32Array): Steps<Allocation> {
  const n = entries.count;
  const eventCount = entries.events.length;
  const left = Float64Array.from(entries.quota);
  const outcome = new Uint8Array(n);
  const reserveRank = new Uint32Array(n);
  const { bucketIndex, seats, choiceStart, choiceEvents } = entries;
  // A bucket's reserve list is at most its entries.
  const sizes = new Uint32Array(entries.buckets.length);
  for (let p = 0; p < n; p++) sizes[bucketIndex[p]!]!++;
  const lists = Array.from(sizes, (size) => new Uint32Array(size));
  const listed = new Uint32Array(entries.buckets.length);
  let reserve = 0;
  for (let rank = 0, pause = 0; rank < n; rank++) {
    if (rank === pause) {
      yield { phase: 'allocating', done: rank, total: n };
      pause += SLICE;
    }
    const p = order[rank]!;
    const b = bucketIndex[p]!;
    const base = b * eventCount;
    const need = seats[p]!;
    const first = choiceStart[p]!;
    const end = choiceStart[p + 1]!;
    let taken = 0;
    for (let c = first; c < end; c++) {
      const slot = base + choiceEvents[c]!;
      if (left[slot]! >= need) {
        left[slot] = left[slot]! - need;
        taken = c - first + 1;
        break;
      }
    }
    if (taken) outcome[p] = taken;
    else {
      reserveRank[p] = ++reserve;
      lists[b]![listed[b]!++] = p;
    }
  }
  const reserveByBucket = lists.map((list, b) => list.subarray(0, listed[b]));
  return { outcome, reserveRank, left, reserveByBucket };
}
