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
