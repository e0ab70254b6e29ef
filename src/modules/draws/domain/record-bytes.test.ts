import { describe, expect, it } from 'vitest';
import vectors from '../../../../test/fixtures/draw-vectors.json' with { type: 'json' };
import { fromHex, toHex } from './bytes.js';
import { entriesRoot, leafHashes, prepareEntries, type DrawEntry } from './entries.js';
import { merkleRoot } from './merkle.js';
import {
  buildCommitment,
  computeDrawSteps,
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
