import type { PreparedEntries } from './entries.js';
import { blockArray, DRAW_ORDER_BLOCK, gather, gatherChoices } from './draw-order.js';
import { finish, type Steps } from './steps.js';

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

/** What the walk carries from one block of ranks to the next, and its block arrays. */
interface WalkState {
  left: Float64Array;
  outcome: Uint8Array;
  reserveRank: Uint32Array;
  lists: Uint32Array[];
  listed: Uint32Array;
  reserve: number;
  positions: Uint32Array;
  bucket: Uint32Array;
  seats: Uint32Array;
  starts: Uint32Array;
  firsts: Uint32Array;
  choices: Uint32Array;
  /** The block's outcomes and reserve ranks, by rank. */
  byRankOutcome: Uint32Array;
  byRankReserve: Uint32Array;
}

/**
 * The walk over `count` ranks from rank `from`. Each block's per-entry values are gathered first
 * (`draw-order.ts`), and the loop is a plain function, not the generator's body (V8 optimises a generator's
 * loops poorly).
 */
function walkBlock(
  entries: PreparedEntries,
  order: Uint32Array,
  eventCount: number,
  state: WalkState,
  from: number,
  count: number,
): void {
  const { left, outcome, reserveRank, lists, listed, positions, bucket, seats, starts } = state;
  const { byRankOutcome, byRankReserve } = state;
  positions.set(order.subarray(from, from + count));
  gather(bucket, entries.bucketIndex, positions, count);
  gather(seats, entries.seats, positions, count);
  const choices = (state.choices = gatherChoices(
    starts,
    state.firsts,
    state.choices,
    entries.choiceStart,
    entries.choiceEvents,
    positions,
    count,
  ));
  let reserve = state.reserve;
  for (let k = 0; k < count; k++) {
    const base = bucket[k]! * eventCount;
    const need = seats[k]!;
    const start = starts[k]!;
    const stop = starts[k + 1]!;
    let taken = 0;
    for (let c = start; c < stop; c++) {
      const slot = base + choices[c]!;
      if (left[slot]! >= need) {
        left[slot] = left[slot]! - need;
        taken = c - start + 1;
        break;
      }
    }
    // By rank first: the writes by position go in a loop of their own below, many in flight at once.
    byRankOutcome[k] = taken;
    if (taken) byRankReserve[k] = 0;
    else {
      const b = bucket[k]!;
      byRankReserve[k] = ++reserve;
      lists[b]![listed[b]!++] = positions[k]!;
    }
  }
  for (let k = 0; k < count; k++) {
    const p = positions[k]!;
    outcome[p] = byRankOutcome[k]!;
    reserveRank[p] = byRankReserve[k]!;
  }
  state.reserve = reserve;
}

/** `allocate`, pausing every block of ranks (steps.ts). */
export function* allocateSteps(entries: PreparedEntries, order: Uint32Array): Steps<Allocation> {
  const n = entries.count;
  const eventCount = entries.events.length;
  const left = Float64Array.from(entries.quota);
  const outcome = new Uint8Array(n);
  const reserveRank = new Uint32Array(n);
  const { bucketIndex } = entries;
  // A bucket's reserve list is at most its entries.
  const sizes = new Uint32Array(entries.buckets.length);
  for (let p = 0; p < n; p++) sizes[bucketIndex[p]!]!++;
  const lists = Array.from(sizes, (size) => new Uint32Array(size));
  const listed = new Uint32Array(entries.buckets.length);
  const state: WalkState = {
    left,
    outcome,
    reserveRank,
    lists,
    listed,
    reserve: 0,
    positions: blockArray(n),
    bucket: blockArray(n),
    seats: blockArray(n),
    starts: new Uint32Array(Math.min(DRAW_ORDER_BLOCK, n) + 1),
    firsts: blockArray(n),
    choices: blockArray(n, 4),
    byRankOutcome: blockArray(n),
    byRankReserve: blockArray(n),
  };
  for (let from = 0; from < n; from += DRAW_ORDER_BLOCK) {
    yield { phase: 'allocating', done: from, total: n };
    walkBlock(entries, order, eventCount, state, from, Math.min(DRAW_ORDER_BLOCK, n - from));
  }
  const reserveByBucket = lists.map((list, b) => list.subarray(0, listed[b]));
  return { outcome, reserveRank, left, reserveByBucket };
}
