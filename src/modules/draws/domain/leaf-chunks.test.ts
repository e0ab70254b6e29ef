import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from './bytes.js';
import { DrawInputError, entryAt, prepareEntries, type QuotaRow } from './entries.js';
import { finish } from './steps.js';
import {
  leafTails,
  packLeafChunk,
  preparedFromLeafSteps,
  unpackU32,
  packU32,
  type LeafChunk,
  type LeafTail,
} from './leaf-chunks.js';

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
            seats: fc.oneof(fc.constant(1), fc.constant(2), fc.integer({ min: 3, max: 65535 })),
            choices: fc.shuffledSubarray(CHOICES[bucket]!, { minLength: 1, maxLength: 2 }),
          }),
        ),
      ),
    ),
  );

type Prepared = ReturnType<typeof prepareEntries>;

function stored(prepared: Prepared, size: number): { chunks: LeafChunk[]; tails: LeafTail[] } {
  const tails = leafTails(prepared);
  const chunks: LeafChunk[] = [];
  for (let first = 0; first < prepared.count; first += size)
    chunks.push(packLeafChunk(prepared, tails.ofPosition, first, Math.min(prepared.count, first + size)));
  return { chunks, tails: tails.list };
}

const read = (chunks: LeafChunk[], tails: LeafTail[], count: number, maxChoices = 2) =>
  finish(preparedFromLeafSteps(chunks, tails, QUOTAS, maxChoices, count));

describe('packed leaves (leaf-chunks.ts)', () => {
  it('keep each entry as its id and the index of its tail, and read back to the same prepared entries', () => {
    fc.assert(
      fc.property(entriesArbitrary, fc.integer({ min: 1, max: 7 }), (entries, size) => {
        const prepared = prepareEntries(entries, QUOTAS, 2);
        const { chunks, tails } = stored(prepared, size);
        // Every position's tail is its bucket, seats and choices; each distinct tail is kept once.
        const tailOf = unpackU32(
          chunks.map((chunk) => ({ firstPosition: chunk.firstPosition, values: chunk.tails })),
          prepared.count,
        );
        for (let p = 0; p < prepared.count; p++) {
          const { bucket, seats, choices } = entryAt(prepared, p);
          expect(tails[tailOf[p]!]).toEqual({ bucket, seats, choices });
        }
        expect(new Set(tails.map((tail) => JSON.stringify(tail))).size).toBe(tails.length);
        // And they read back to what prepareEntries gives.
        const back = read(chunks, tails, prepared.count);
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

  it('pack u32 values big-endian and unpack them by position', () => {
    const values = Uint32Array.of(0, 1, 0xdeadbeef, 7);
    expect(toHex(packU32(values, 1, 3))).toBe('00000001deadbeef');
    expect([
      ...unpackU32(
        [
          { firstPosition: 0, values: packU32(values, 0, 2) },
          { firstPosition: 2, values: packU32(values, 2, 4) },
        ],
        4,
      ),
    ]).toEqual([...values]);
  });

  const entries = [
    { entryId: '00'.repeat(16), bucket: 'b1', seats: 2, choices: ['e2', 'e1'] },
    { entryId: '11'.repeat(16), bucket: 'b2', seats: 1, choices: ['e3'] },
  ];
  const prepared = prepareEntries(entries, QUOTAS, 2);
  const refused = (chunks: LeafChunk[], tails: LeafTail[], count = 2, maxChoices = 2): string => {
    try {
      read(chunks, tails, count, maxChoices);
    } catch (error) {
      expect(error).toBeInstanceOf(DrawInputError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };
  const good = () => stored(prepared, 2);

  it('refuse chunks missing, cut short or too many, and unknown tail indices', () => {
    const { chunks, tails } = good();
    expect(refused([{ ...chunks[0]!, ids: chunks[0]!.ids.subarray(0, 31) }], tails)).toMatch(
      /mauvaise taille/,
    );
    expect(refused(chunks, tails, 3)).toMatch(/3 entrées attendues, 2 trouvées/);
    expect(refused(chunks, tails, 1)).toMatch(/plus d’entrées/);
    expect(refused([{ ...chunks[0]!, firstPosition: 1 }], tails)).toMatch(/manquant/);
    expect(refused(chunks, tails.slice(0, 1))).toMatch(/suite de feuille inconnue/);
  });

  it('refuse ids out of order, unknown buckets, choices without a quota, twice the same choice, too many', () => {
    const { chunks, tails } = good();
    const swapped = Uint8Array.from([...chunks[0]!.ids.subarray(16, 32), ...chunks[0]!.ids.subarray(0, 16)]);
    expect(refused([{ ...chunks[0]!, ids: swapped }], tails)).toMatch(/croissants/);
    expect(refused(chunks, [{ ...tails[0]!, bucket: 'x1' }, tails[1]!])).toMatch(/lot/);
    expect(refused(chunks, [{ ...tails[0]!, choices: ['e3'] }, tails[1]!])).toMatch(/sans quota/);
    expect(refused(chunks, [{ ...tails[0]!, choices: ['e1', 'e1'] }, tails[1]!])).toMatch(/en double/);
    expect(refused(chunks, [{ ...tails[0]!, seats: 0 }, tails[1]!])).toMatch(/places/);
    expect(refused(chunks, tails, 2, 1)).toMatch(/entre 1 et 1 choix/);
  });
});
