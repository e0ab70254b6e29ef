import { sortByKey64 } from './sort64.js';
import { finish, SLICE, type Steps } from './steps.js';

/**
 * Numbers (draw-record.md §5): block_j = SHA-256(seed ‖ u64(j)), cut into four 64-bit big-endian numbers for
 * positions 4j…4j+3. The 40-byte message is always one SHA-256 block, so the compression is written out here
 * on 32-bit words, writing straight into the arrays: no allocation per entry. `numbering.test.ts` checks it
 * against a general SHA-256.
 */
export interface EntryNumbers {
  /** High and low 32 bits of each position's number. */
  hi: Uint32Array;
  lo: Uint32Array;
}

const K = Uint32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const IV = Uint32Array.from([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

/**
 * The working variables a … h after the first `rounds` rounds of SHA-256's compression of the block whose
 * first words are `w`: rounds 0–7 read only the seed's words, the same for every counter, so they are done once.
 */
function roundsFrom(w: Uint32Array, rounds: number, state: Uint32Array): void {
  let [a, b, c, d, e, f, g, h] = state;
  for (let t = 0; t < rounds; t++) {
    const S1 = ((e! >>> 6) | (e! << 26)) ^ ((e! >>> 11) | (e! << 21)) ^ ((e! >>> 25) | (e! << 7));
    const ch = (e! & f!) ^ (~e! & g!);
    const t1 = (h! + S1 + ch + K[t]! + w[t]!) | 0;
    const S0 = ((a! >>> 2) | (a! << 30)) ^ ((a! >>> 13) | (a! << 19)) ^ ((a! >>> 22) | (a! << 10));
    const maj = (a! & b!) ^ (a! & c!) ^ (b! & c!);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d! + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state.set([a!, b!, c!, d!, e!, f!, g!, h!]);
}

/** The state after rounds 0–7, from the seed's words alone. */
function seedMidstate(seedWords: Uint32Array): Uint32Array {
  const state = Uint32Array.from(IV);
  roundsFrom(seedWords, 8, state);
  return state;
}

/** SHA-256(seed ‖ u64(j)) into out[0..8), as big-endian words; `mid` is `seedMidstate(seedWords)`. */
function counterBlock(
  seedWords: Uint32Array,
  mid: Uint32Array,
  j: number,
  w: Uint32Array,
  out: Uint32Array,
): void {
  for (let t = 0; t < 8; t++) w[t] = seedWords[t]!;
  w[8] = Math.floor(j / 0x100000000);
  w[9] = j >>> 0;
  w[10] = 0x80000000;
  w[11] = 0;
  w[12] = 0;
  w[13] = 0;
  w[14] = 0;
  w[15] = 320; // message length in bits
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15]!;
    const y = w[t - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
  }
  let a = mid[0]!;
  let b = mid[1]!;
  let c = mid[2]!;
  let d = mid[3]!;
  let e = mid[4]!;
  let f = mid[5]!;
  let g = mid[6]!;
  let h = mid[7]!;
  for (let t = 8; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K[t]! + w[t]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  out[0] = IV[0]! + a;
  out[1] = IV[1]! + b;
  out[2] = IV[2]! + c;
  out[3] = IV[3]! + d;
  out[4] = IV[4]! + e;
  out[5] = IV[5]! + f;
  out[6] = IV[6]! + g;
  out[7] = IV[7]! + h;
}

export function numberEntries(seed: Uint8Array, count: number): EntryNumbers {
  return finish(numberEntrySteps(seed, count));
}

/** `numberEntries`, pausing between slices of entries (see `steps.ts`). */
export function* numberEntrySteps(seed: Uint8Array, count: number): Steps<EntryNumbers> {
  if (seed.length !== 32) throw new RangeError('the seed is 32 bytes');
  const seedWords = new Uint32Array(8);
  for (let t = 0; t < 8; t++)
    seedWords[t] =
      ((seed[4 * t]! << 24) | (seed[4 * t + 1]! << 16) | (seed[4 * t + 2]! << 8) | seed[4 * t + 3]!) >>> 0;
  const hi = new Uint32Array(count);
  const lo = new Uint32Array(count);
  const w = new Uint32Array(64);
  const block = new Uint32Array(8);
  const mid = seedMidstate(seedWords);
  for (let j = 0, p = 0; p < count; j++) {
    if (p % SLICE === 0) yield { phase: 'numbering', done: p, total: count };
    counterBlock(seedWords, mid, j, w, block);
    for (let k = 0; k < 4 && p < count; k++, p++) {
      hi[p] = block[2 * k]!;
      lo[p] = block[2 * k + 1]!;
    }
  }
  return { hi, lo };
}

/** Positions in draw order: numbers ascending, ties by position (= by entry id). */
export function drawOrder(numbers: EntryNumbers): Uint32Array {
  return sortByKey64(numbers.hi, numbers.lo);
}

export function numberHex(numbers: EntryNumbers, position: number): string {
  return (
    numbers.hi[position]!.toString(16).padStart(8, '0') + numbers.lo[position]!.toString(16).padStart(8, '0')
  );
}
