// Reading per-entry arrays in draw order (by rank) without a cache miss per value.

/**
 * Per-entry arrays are read in draw order, so at a random position each time: at national scale they are far
 * larger than the CPU caches. Each block of `DRAW_ORDER_BLOCK` ranks is first gathered into small arrays in tight
 * loops (many reads in flight at once), then used in order.
 */
export const DRAW_ORDER_BLOCK = 16_384;

/** `into[k] = from[positions[k]]` for the block's `count` ranks. */
export function gather(
  into: Uint32Array,
  from: ArrayLike<number>,
  positions: Uint32Array,
  count: number,
): void {
  for (let k = 0; k < count; k++) into[k] = from[positions[k]!]!;
}

/** The block's entry ids, 16 bytes each, end to end (`ids` must start on a 4-byte boundary). */
export function gatherIds(
  into: Uint32Array,
  ids: Uint8Array,
  positions: Uint32Array,
  count: number,
): Uint8Array {
  const words = new Uint32Array(ids.buffer, ids.byteOffset, ids.length >>> 2);
  for (let k = 0; k < count; k++) {
    const w = 4 * positions[k]!;
    into[4 * k] = words[w]!;
    into[4 * k + 1] = words[w + 1]!;
    into[4 * k + 2] = words[w + 2]!;
    into[4 * k + 3] = words[w + 3]!;
  }
  return new Uint8Array(into.buffer, 0, 16 * count);
}

/** A block's array for a draw of `entries` entries (`width` values each): no larger than the draw. */
export const blockArray = (entries: number, width = 1) =>
  new Uint32Array(width * Math.min(DRAW_ORDER_BLOCK, entries));

/**
 * The block's ranked choices end to end: rank `k`'s are `choices[starts[k]]` to `choices[starts[k + 1]]`
 * (exclusive). `starts` holds `count + 1` values, `firsts` `count` (scratch); `choices` is returned, grown
 * when the block needs more room.
 */
export function gatherChoices(
  starts: Uint32Array,
  firsts: Uint32Array,
  choices: Uint32Array,
  choiceStart: Uint32Array,
  choiceEvents: Uint32Array,
  positions: Uint32Array,
  count: number,
): Uint32Array {
  starts[0] = 0;
  for (let k = 0; k < count; k++) {
    const p = positions[k]!;
    const first = choiceStart[p]!;
    firsts[k] = first;
    starts[k + 1] = starts[k]! + (choiceStart[p + 1]! - first);
  }
  if (starts[count]! > choices.length) choices = new Uint32Array(starts[count]!);
  for (let k = 0; k < count; k++) {
    const first = firsts[k]!;
    for (let at = starts[k]!, end = starts[k + 1]!, c = first; at < end; at++, c++)
      choices[at] = choiceEvents[c]!;
  }
  return choices;
}
