/**
 * Sorts positions 0…n−1 by the unsigned 64-bit key (hi[p], lo[p]), ties by `tieBreak` (default: position).
 *
 * Fast path: each key is packed into one BigUint64 whose low b bits (b = bits needed for n−1) are replaced by
 * the position, and the typed array is sorted natively as integers — no comparison over strings, no BigInt
 * objects. Keys equal in their top 64−b bits (about n²/2^(65−b) pairs: a handful for millions of entries) are
 * then re-sorted by their full key.
 */
export function sortByKey64(
  hi: Uint32Array,
  lo: Uint32Array,
  tieBreak: (a: number, b: number) => number = (a, b) => a - b,
): Uint32Array {
  const n = hi.length;
  const order = new Uint32Array(n);
  const fullOrder = (a: number, b: number): number => hi[a]! - hi[b]! || lo[a]! - lo[b]! || tieBreak(a, b);
  if (!LITTLE_ENDIAN) {
    for (let p = 0; p < n; p++) order[p] = p;
    return order.sort(fullOrder);
  }
  const bits = n <= 1 ? 1 : 32 - Math.clz32(n - 1);
  const mask = bits === 32 ? 0xffffffff : 2 ** bits - 1;
  const packed = new BigUint64Array(n);
  const words = new Uint32Array(packed.buffer);
  for (let p = 0; p < n; p++) {
    words[2 * p] = ((lo[p]! & ~mask) | p) >>> 0;
    words[2 * p + 1] = hi[p]!;
  }
  packed.sort();
  for (let i = 0; i < n; i++) order[i] = (words[2 * i]! & mask) >>> 0;
  let start = 0;
  for (let i = 1; i <= n; i++) {
    const sameTop =
      i < n && words[2 * i + 1] === words[2 * i - 1] && ((words[2 * i]! ^ words[2 * i - 2]!) & ~mask) === 0;
    if (sameTop) continue;
    if (i - start > 1) order.subarray(start, i).sort(fullOrder);
    start = i;
  }
  return order;
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
