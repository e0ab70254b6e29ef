import { describe, expect, it } from 'vitest';
import vectors from '../../../../test/fixtures/draw-vectors.json' with { type: 'json' };
import { fromHex, toHex } from './bytes.js';
import { entriesRoot, leafHashes, prepareEntries, type DrawEntry, type QuotaRow } from './entries.js';
import { DRAW_ORDER_BLOCK } from './draw-order.js';
import { merkleRoot } from './merkle.js';
import {
  buildCommitment,
  computeDrawSteps,
  computePreparedDrawSteps,
  recordByteSteps,
  recordBytes,
  runDraw,
  type RandomnessInput,
} from './record.js';
import { finish } from './steps.js';
import { witnessCommitment } from './witnesses.js';

const entries = vectors.input.entries as DrawEntry[];
const secrets = vectors.input.witness_secrets.map((hex) => fromHex(hex));

function commitment(entryList: DrawEntry[], witnessName: string) {
  return buildCommitment({
    drawId: 'vectors-1',
    demonstration: true,
    committedAt: new Date('2023-09-15T00:00:00.000Z'),
    entries: entryList,
    quotas: vectors.input.quotas,
    maxChoices: 3,
    round: vectors.input.beacon.round,
    beaconDeadline: new Date('2023-09-16T00:00:00.000Z'),
    witnesses: [
      { name: witnessName, commitment: toHex(witnessCommitment(secrets[0]!)) },
      { name: 'Témoin B', commitment: toHex(witnessCommitment(secrets[1]!)) },
      { name: 'Témoin C', commitment: toHex(witnessCommitment(secrets[2]!)) },
    ],
    revealDeadline: new Date('2023-09-17T00:00:00.000Z'),
    minReveals: 2,
  });
}

describe('the record written from the arrays of a run (no object per entry)', () => {
  const inputs: RandomnessInput[] = [
    { source: 'drand', signature: vectors.input.beacon.signature },
    { source: 'witnesses', reveals: vectors.input.reveals },
  ];
  it('has the bytes of the record built entry by entry, on the vectors and with quotes in a name', () => {
    for (const name of ['Huissier A', 'x"entries":[]"}', '"entries":[1],\\'])
      for (const input of inputs) {
        const c = commitment(entries, name);
        const expected = toHex(recordBytes(runDraw(c, entries, input).record));
        const computed = finish(computeDrawSteps(c, entries, input));
        expect(toHex(finish(recordByteSteps(computed)))).toBe(expected);
        // Trusting the committed root gives the same draw.
        const trusted = finish(computeDrawSteps(c, entries, input, { rootChecked: true }));
        expect(toHex(finish(recordByteSteps(trusted)))).toBe(expected);
      }
  });

  it('computes the root over one flat buffer as over one hash per leaf', () => {
    const prepared = prepareEntries(entries, vectors.input.quotas, 3);
    expect(toHex(entriesRoot(prepared))).toBe(toHex(merkleRoot(leafHashes(prepared))));
    expect(toHex(entriesRoot(prepared))).toBe(vectors.entries_root);
  });

  it('refuses entries that are not the committed ones, unless told the root is checked', () => {
    const c = commitment(entries, 'Huissier A');
    const changed = entries.map((entry, i) => (i === 0 ? { ...entry, seats: entry.seats + 1 } : entry));
    expect(() => finish(computeDrawSteps(c, changed, inputs[0]!))).toThrow(/plus celles/);
    expect(() => finish(computeDrawSteps(c, entries.slice(1), inputs[0]!, { rootChecked: true }))).toThrow(
      /plus celles/,
    );
  });
});

describe('a draw of several blocks of ranks (the walk and the rows gather each block first)', () => {
  // Two and a half blocks, up to 8 choices an entry (more than a block's first room for 4), groups.
  const n = 2 * DRAW_ORDER_BLOCK + DRAW_ORDER_BLOCK / 2;
  const buckets = ['b1', 'b2', 'b3'];
  const events = Array.from({ length: 12 }, (_, e) => `e${e + 1}`);
  let state = 0x2545f491;
  const random = (below: number): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % below;
  };
  const many: DrawEntry[] = Array.from({ length: n }, (_, i) => {
    const choices = [...events].sort(() => random(3) - 1).slice(0, 1 + random(8));
    return {
      entryId: (i * 2654435761 + 1).toString(16).padStart(8, '0').repeat(4).slice(0, 32),
      bucket: buckets[random(3)]!,
      seats: random(20) === 0 ? 2 + random(6) : 1,
      choices: [...new Set(choices)],
    };
  });
  const quotas: QuotaRow[] = buckets.flatMap((bucket) =>
    events.map((event, e) => ({ bucket, event, seats: 200 + 37 * e })),
  );
  const c = buildCommitment({
    drawId: 'blocks-1',
    demonstration: true,
    committedAt: new Date('2023-09-15T00:00:00.000Z'),
    entries: many,
    quotas,
    maxChoices: 8,
    round: vectors.input.beacon.round,
    beaconDeadline: new Date('2023-09-16T00:00:00.000Z'),
    witnesses: [{ name: 'Témoin A', commitment: toHex(witnessCommitment(secrets[0]!)) }],
    revealDeadline: new Date('2023-09-17T00:00:00.000Z'),
    minReveals: 1,
  });
  const input: RandomnessInput = { source: 'drand', signature: vectors.input.beacon.signature };

  // Tens of thousands of entries, one of them by an object per entry: seconds on a loaded machine.
  const SLOW = { timeout: 60_000 };

  it('allocates as one plain walk over the draw order does', SLOW, () => {
    const { prepared, order, allocation } = finish(computeDrawSteps(c, many, input));
    const left = Float64Array.from(prepared.quota);
    const events = prepared.events.length;
    let reserve = 0;
    let reserved = 0;
    for (const p of order) {
      let taken = 0;
      for (let c = prepared.choiceStart[p]!; c < prepared.choiceStart[p + 1]! && !taken; c++) {
        const slot = prepared.bucketIndex[p]! * events + prepared.choiceEvents[c]!;
        if (left[slot]! >= prepared.seats[p]!) {
          left[slot] = left[slot]! - prepared.seats[p]!;
          taken = c - prepared.choiceStart[p]! + 1;
        }
      }
      expect(allocation.outcome[p]).toBe(taken);
      expect(allocation.reserveRank[p]).toBe(taken ? 0 : ++reserve);
      if (!taken) reserved++;
    }
    // Both outcomes are there in numbers, and the reserve lists hold every reserve in rank order.
    expect(reserved).toBeGreaterThan(DRAW_ORDER_BLOCK);
    expect(n - reserved).toBeGreaterThan(1000);
    expect(allocation.reserveByBucket.reduce((sum, list) => sum + list.length, 0)).toBe(reserved);
    for (const list of allocation.reserveByBucket)
      for (let i = 1; i < list.length; i++)
        expect(allocation.reserveRank[list[i]!]!).toBeGreaterThan(allocation.reserveRank[list[i - 1]!]!);
  });

  it(
    'has the bytes and results hash of the record built entry by entry, the hash computed apart or with the rows',
    SLOW,
    () => {
      const { record } = runDraw(c, many, input);
      const expected = toHex(recordBytes(record));
      expect(toHex(finish(recordByteSteps(finish(computeDrawSteps(c, many, input)))))).toBe(expected);
      const prepared = prepareEntries(many, quotas, 8);
      const withRows = finish(
        computePreparedDrawSteps(c, prepared, input, { rootChecked: true, resultsHashInRecord: true }),
      );
      expect(withRows.header.results_hash).toBe('');
      expect(toHex(finish(recordByteSteps(withRows)))).toBe(expected);
      expect(withRows.header.results_hash).toBe(record.results_hash);
    },
  );
});
