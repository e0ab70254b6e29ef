// In-process timing of the draw core on synthetic entries (not a test, not the PostgreSQL bench of issue 7):
// numbering, draw order, allocation and results hash of N entries already prepared in position order; then the
// parts of the server's run around them: reading packed leaves back, the results' array literals, the record's
// bytes, their SHA-256 and Ed25519 signature.
// `node --import tsx scripts/draw-core-bench.ts [N]` (default 5,000,000).
import { allocate } from '../src/modules/draws/domain/allocation.js';
import type { PreparedEntries } from '../src/modules/draws/domain/entries.js';
import { drawOrder, numberEntries } from '../src/modules/draws/domain/numbering.js';
import { generateKeyPairSync, createHash, sign } from 'node:crypto';
import {
  LEAF_CHUNK,
  leafTails,
  packLeafChunk,
  preparedFromLeafSteps,
} from '../src/modules/draws/domain/leaf-chunks.js';
import { recordByteSteps, resultsHash, type DrawComputation } from '../src/modules/draws/domain/record.js';
import { finish } from '../src/modules/draws/domain/steps.js';
import { useSha256 } from '../src/modules/draws/domain/hash.js';
import { nativeSha256 } from '../src/modules/draws/native-hashing.js';
import { deriveSeed } from '../src/modules/draws/domain/seed.js';

// Hashing as the server does it (run.ts): node:crypto.
useSha256(nativeSha256);

const n = Number(process.argv[2] ?? 5_000_000);
const BUCKETS = 40; // 4 programmes × 10 operators
const EVENTS_PER_PROGRAMME = 25;
const EVENTS = 4 * EVENTS_PER_PROGRAMME;
const TOTAL_SEATS = 401_220;

let state = 0x9e3779b9;
const random = (): number => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 2 ** 32;
};

const ids = new Uint8Array(16 * n);
for (let p = 0; p < n; p++) {
  // Positions are in id order; the bytes only feed the results hash.
  new DataView(ids.buffer).setUint32(16 * p, p);
}
const bucketIndex = new Uint32Array(n);
const seats = new Uint32Array(n);
const choiceStart = new Uint32Array(n + 1);
const choiceEvents = new Uint32Array(3 * n);
for (let p = 0; p < n; p++) {
  const bucket = Math.floor(random() * BUCKETS);
  bucketIndex[p] = bucket;
  seats[p] = random() < 0.05 ? 2 + Math.floor(random() * 29) : 1;
  choiceStart[p] = 3 * p;
  const programme = Math.floor(bucket / 10);
  const first = Math.floor(random() * EVENTS_PER_PROGRAMME);
  for (let c = 0; c < 3; c++)
    choiceEvents[3 * p + c] = programme * EVENTS_PER_PROGRAMME + ((first + 7 * c) % EVENTS_PER_PROGRAMME);
}
choiceStart[n] = 3 * n;
const quota = new Float64Array(BUCKETS * EVENTS).fill(-1);
const perCell = Math.floor(TOTAL_SEATS / (BUCKETS * EVENTS_PER_PROGRAMME));
for (let b = 0; b < BUCKETS; b++)
  for (let e = 0; e < EVENTS_PER_PROGRAMME; e++)
    quota[b * EVENTS + Math.floor(b / 10) * EVENTS_PER_PROGRAMME + e] = perCell;
const prepared: PreparedEntries = {
  count: n,
  ids,
  buckets: Array.from({ length: BUCKETS }, (_, b) => `b${b}`),
  events: Array.from({ length: EVENTS }, (_, e) => `e${e}`),
  bucketIndex,
  seats,
  choiceStart,
  choiceEvents,
  quota,
};

const time = <T>(label: string, work: () => T): T => {
  const start = performance.now();
  const result = work();
  console.log(`${label.padEnd(28)} ${(performance.now() - start).toFixed(0).padStart(6)} ms`);
  return result;
};
console.log(
  `${n.toLocaleString('en')} entries, ${BUCKETS} buckets, ${BUCKETS * EVENTS_PER_PROGRAMME * perCell} seats`,
);
const total = performance.now();
const seed = time('seed', () => deriveSeed(new Uint8Array(32), 1, new Uint8Array(32)));
const numbers = time('numbers (SHA-256 counter)', () => numberEntries(seed, n));
const order = time('draw order (64-bit sort)', () => drawOrder(numbers));
const allocation = time('allocation walk', () => allocate(prepared, order));
time('results hash', () => resultsHash(seed, ids, numbers, order, allocation));
const tails = leafTails(prepared);
const chunks = time('pack leaves (freeze)', () => {
  const out = [];
  for (let first = 0; first < n; first += LEAF_CHUNK)
    out.push(packLeafChunk(prepared, tails.ofPosition, first, Math.min(n, first + LEAF_CHUNK)));
  return out;
});
const quotas = [];
for (let b = 0; b < BUCKETS; b++)
  for (let e = 0; e < EVENTS; e++)
    if (quota[b * EVENTS + e]! >= 0)
      quotas.push({ bucket: `b${b}`, event: `e${e}`, seats: quota[b * EVENTS + e]! });
time('read packed leaves (run)', () => finish(preparedFromLeafSteps(chunks, tails.list, quotas, 3, n)));
time('results array literals', () => {
  let length = 0;
  for (let first = 0; first < n; first += 8192) {
    const end = Math.min(n, first + 8192);
    length += `{${order.subarray(first, end).join(',')}}`.length;
    length += `{${allocation.outcome.subarray(first, end).join(',')}}`.length;
    length += `{${allocation.reserveRank.subarray(first, end).join(',')}}`.length;
  }
  return length;
});
const run = {
  header: {
    spec: 'gradins-draw-v1',
    commitment: { bench: true },
    commitment_hash: '00',
    randomness: { source: 'drand', round: 1, signature: '00', value: '00' },
    seed: '00',
    buckets: prepared.buckets,
    events: prepared.events,
    results_hash: '00',
    distribution_checks: null,
  },
  prepared,
  numbers,
  order,
  allocation,
} as unknown as DrawComputation;
const bytes = time('record bytes', () => finish(recordByteSteps(run)));
time('record SHA-256', () => createHash('sha256').update(bytes).digest());
const { privateKey } = generateKeyPairSync('ed25519');
time('record Ed25519 signature', () => sign(null, bytes, privateKey));
console.log(`record: ${(bytes.length / 2 ** 20).toFixed(0)} MiB`);
console.log(`${'total'.padEnd(28)} ${(performance.now() - total).toFixed(0).padStart(6)} ms`);
let allocated = 0;
for (let p = 0; p < n; p++) if (allocation.outcome[p]) allocated += 1;
console.log(
  `allocated entries: ${allocated}; peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
);
