// In-process timing of the public inclusion proofs (not a test): the levels above 1,024-leaf chunks built once
// per draw, then one proof from them, against one proof rebuilding the whole tree (as before draws-integrity).
// `node --import tsx scripts/inclusion-proof-bench.ts [N]` (default 1,000,000 leaves).
import { sha256 } from '@noble/hashes/sha2.js';
import {
  inclusionPath,
  leafHash,
  merkleRoot,
  pathFromChunks,
  treeLevels,
} from '../src/modules/draws/domain/merkle.js';

const n = Number(process.argv[2] ?? 1_000_000);
const CHUNK_LEVEL = 10;
const CHUNK = 2 ** CHUNK_LEVEL;
const leaves = Array.from({ length: n }, (_, i) =>
  leafHash(sha256(Uint8Array.of(i & 255, (i >> 8) & 255, i >> 16))),
);

let start = performance.now();
const chunks = Math.ceil(n / CHUNK);
const roots = new Uint8Array(chunks * 32);
for (let c = 0; c < chunks; c++) roots.set(merkleRoot(leaves.slice(c * CHUNK, (c + 1) * CHUNK)), 32 * c);
const upper = treeLevels(roots);
const kept = upper.reduce((sum, level) => sum + level.length, 0);
console.log(
  `levels above the chunks, ${n} leaf hashes given: ${Math.round(performance.now() - start)} ms, ${kept} bytes kept`,
);

start = performance.now();
const PROOFS = 100;
for (let k = 0; k < PROOFS; k++) {
  const index = (k * 9973) % n;
  const chunk = Math.floor(index / CHUNK);
  pathFromChunks(upper, leaves.slice(chunk * CHUNK, (chunk + 1) * CHUNK), index, CHUNK_LEVEL);
}
console.log(`one proof from the chunks: ${((performance.now() - start) / PROOFS).toFixed(2)} ms`);

start = performance.now();
inclusionPath(leaves, Math.floor(n / 2) + 1);
console.log(`one proof rebuilding the whole tree: ${Math.round(performance.now() - start)} ms`);
