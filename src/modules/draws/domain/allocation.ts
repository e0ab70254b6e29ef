import type { PreparedEntries } from './entries.js';

/** Outcome of the allocation walk (draw-record.md §7), by position. */
export interface Allocation {
  /** Rank (1-based) of the choice obtained, 0 when the entry got nothing. */
  outcome: Uint8Array;
  /** 1, 2, 3… in draw order for entries that got nothing, 0 for allocated ones. */
  reserveRank: Uint32Array;
  /** Seats left per (bucket, event) after the walk, laid out as `PreparedEntries.quota`. */
  left: Float64Array;
}

/**
 * One pass over the draw order: each entry takes its best choice with at least its seats left in its bucket,
 * all its seats in that one event; otherwise it joins the reserve list.
 */
export function allocate(entries: PreparedEntries, order: Uint32Array): Allocation {
  const n = entries.count;
  const eventCount = entries.events.length;
  const left = Float64Array.from(entries.quota);
  const outcome = new Uint8Array(n);
  const reserveRank = new Uint32Array(n);
  const { bucketIndex, seats, choiceStart, choiceEvents } = entries;
  let reserve = 0;
  for (let rank = 0; rank < n; rank++) {
    const p = order[rank]!;
    const base = bucketIndex[p]! * eventCount;
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
    else reserveRank[p] = ++reserve;
  }
  return { outcome, reserveRank, left };
}

/**
 * Each bucket's reserve list (by bucket index): the positions of the entries that got nothing, in reserve-rank
 * order — the draw order, since reserve ranks are given in it.
 */
export function reserveListsByBucket(
  entries: PreparedEntries,
  order: Uint32Array,
  allocation: Allocation,
): Uint32Array[] {
  const { bucketIndex } = entries;
  const { reserveRank } = allocation;
  const counts = new Uint32Array(entries.buckets.length);
  for (let p = 0; p < entries.count; p++) if (reserveRank[p]! > 0) counts[bucketIndex[p]!]!++;
  const lists = Array.from(counts, (count) => new Uint32Array(count));
  const filled = new Uint32Array(entries.buckets.length);
  for (let rank = 0; rank < order.length; rank++) {
    const p = order[rank]!;
    if (reserveRank[p] === 0) continue;
    const b = bucketIndex[p]!;
    lists[b]![filled[b]!++] = p;
  }
  return lists;
}
