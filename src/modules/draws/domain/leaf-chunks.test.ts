import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from './bytes.js';
import { DrawInputError, encodeLeaf, entryAt, prepareEntries, type QuotaRow } from './entries.js';
import { finish } from './steps.js';
import { packLeaves, preparedFromLeafSteps, type LeafChunk } from './leaf-chunks.js';

const QUOTAS: QuotaRow[] = [
  { bucket: 'b1', event: 'e1', seats: 3 },
  { bucket: 'b1', event: 'e2', seats: 1 },
  { bucket: 'b2', event: 'e1', seats: 2 },
  { bucket: 'b2', event: 'e3', seats: 5 },
];
const CHOICES: Record<string, string[]> = { b1: ['e1', 'e2'], b2: ['e1', 'e3'] };

const entriesArbitrary = fc
  .uniqueArray(fc.uint8Array({ minLength: 16, maxLength: 16 }).map(toHex), { minLength: 1, maxLength: 60 })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((entryId) =>
        fc.constantFrom('b1', 'b2').chain((bucket) =>
          fc.record({
            entryId: fc.constant(entryId),
            bucket: fc.constant(bucket),
            seats: fc.integer({ min: 1, max: 65535 }),
            choices: fc.shuffledSubarray(CHOICES[bucket]!, { minLength: 1, maxLength: 2 }),
          }),
        ),
      ),
    ),
  );

function chunked(leaves: ReturnType<typeof prepareEntries>, size: number): LeafChunk[] {
  const chunks: LeafChunk[] = [];
  for (let first = 0; first < leaves.count; first += size) {
    const count = Math.min(size, leaves.count - first);
    chunks.push({ firstPosition: first, count, leaves: packLeaves(leaves, first, first + count) });
  }
  return chunks;
}

const read = (chunks: LeafChunk[], count: number, maxChoices = 2) =>
  finish(preparedFromLeafSteps(chunks, QUOTAS, maxChoices, count));

describe('packed leaves (leaf-chunks.ts)', () => {
  it('hold each leaf of §1 after its u16 length, and read back to the same prepared entries', () => {
    fc.assert(
      fc.property(entriesArbitrary, fc.integer({ min: 1, max: 7 }), (entries, size) => {
        const prepared = prepareEntries(entries, QUOTAS, 2);
        const chunks = chunked(prepared, size);
        // The bytes are the spec's leaves.
        const first = chunks[0]!.leaves;
        const leaf = encodeLeaf(entryAt(prepared, 0));
        expect((first[0]! << 8) | first[1]!).toBe(leaf.length);
        expect(toHex(first.subarray(2, 2 + leaf.length))).toBe(toHex(leaf));
        // And they read back to what prepareEntries gives.
        const back = read(chunks, prepared.count);
        expect(back.buckets).toEqual(prepared.buckets);
        expect(back.events).toEqual(prepared.events);
        expect(toHex(back.ids)).toBe(toHex(prepared.ids));
        expect([...back.bucketIndex]).toEqual([...prepared.bucketIndex]);
        expect([...back.seats]).toEqual([...prepared.seats]);
        expect([...back.choiceStart]).toEqual([...prepared.choiceStart]);
        expect([...back.choiceEvents]).toEqual([...prepared.choiceEvents]);
        expect([...back.quota]).toEqual([...prepared.quota]);
      }),
      { numRuns: 100 },
    );
  });

  const entries = [
    { entryId: '00'.repeat(16), bucket: 'b1', seats: 2, choices: ['e2', 'e1'] },
    { entryId: '11'.repeat(16), bucket: 'b2', seats: 1, choices: ['e3'] },
  ];
  const prepared = prepareEntries(entries, QUOTAS, 2);
  const refused = (chunks: LeafChunk[], count = 2, maxChoices = 2): string => {
    try {
      read(chunks, count, maxChoices);
    } catch (error) {
      expect(error).toBeInstanceOf(DrawInputError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };
  const whole = (): LeafChunk => ({ firstPosition: 0, count: 2, leaves: packLeaves(prepared, 0, 2) });

  it('refuse leaves that are cut short, run over, or have bytes left after them', () => {
    const cut = whole();
    cut.leaves = cut.leaves.subarray(0, cut.leaves.length - 1);
    expect(refused([cut])).toMatch(/tronquée/);
    const extra = whole();
    extra.leaves = Uint8Array.from([...extra.leaves, 0]);
    expect(refused([extra])).toMatch(/en trop/);
    expect(refused([whole()], 3)).toMatch(/3 entrées attendues, 2 trouvées/);
    expect(refused([whole()], 1)).toMatch(/plus d’entrées/);
    expect(refused([{ ...whole(), firstPosition: 1 }])).toMatch(/manquant/);
  });

  it('refuse ids out of order, unknown buckets, choices without a quota, twice the same choice, too many', () => {
    const swapped = prepareEntries(entries, QUOTAS, 2);
    swapped.ids.set(prepared.ids.subarray(16, 32), 0);
    swapped.ids.set(prepared.ids.subarray(0, 16), 16);
    expect(refused([{ firstPosition: 0, count: 2, leaves: packLeaves(swapped, 0, 2) }])).toMatch(
      /croissants/,
    );
    const bucket = whole();
    bucket.leaves[2 + 16 + 2] = 'x'.charCodeAt(0); // "b1" → "x1"
    expect(refused([bucket])).toMatch(/lot/);
    const noQuota = prepareEntries(entries, QUOTAS, 2);
    noQuota.choiceEvents[0] = noQuota.events.indexOf('e3'); // b1 has no quota for e3
    expect(refused([{ firstPosition: 0, count: 2, leaves: packLeaves(noQuota, 0, 2) }])).toMatch(
      /sans quota/,
    );
    const twice = prepareEntries(entries, QUOTAS, 2);
    twice.choiceEvents[1] = twice.choiceEvents[0]!;
    expect(refused([{ firstPosition: 0, count: 2, leaves: packLeaves(twice, 0, 2) }])).toMatch(/en double/);
    expect(refused([whole()], 2, 1)).toMatch(/entre 1 et 1 choix/);
  });
});
