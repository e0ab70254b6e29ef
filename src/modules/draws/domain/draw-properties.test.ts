import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import quicknet from '../../../../../shared/data/drand-quicknet.json' with { type: 'json' };
import { allocate } from './allocation.js';
import { toHex, u64 } from './bytes.js';
import { prepareEntries, DrawInputError, type DrawEntry, type QuotaRow } from './entries.js';
import { entriesRoot } from './entries.js';
import { buildCommitment, computeDraw, recordBytes, runDraw, type DrawCommitment } from './record.js';
import { sha256 } from '@noble/hashes/sha2.js';

const beacon = quicknet.vectors[0]!;
const BUCKETS = ['b1', 'b2'];
const EVENTS = ['e1', 'e2', 'e3'];

const entriesArbitrary = fc
  .uniqueArray(fc.uint8Array({ minLength: 16, maxLength: 16 }).map(toHex), { minLength: 1, maxLength: 40 })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((entryId) =>
        fc.record({
          entryId: fc.constant(entryId),
          bucket: fc.constantFrom(...BUCKETS),
          seats: fc.oneof(fc.constant(1), fc.constant(2), fc.integer({ min: 3, max: 8 })),
          choices: fc.shuffledSubarray(EVENTS, { minLength: 1, maxLength: 3 }),
        }),
      ),
    ),
  );
const quotasArbitrary = fc.tuple(
  ...BUCKETS.flatMap((bucket) =>
    EVENTS.map((event) => fc.nat({ max: 12 }).map((seats) => ({ bucket, event, seats }))),
  ),
);

function commit(entries: DrawEntry[], quotas: QuotaRow[], demonstration = false): DrawCommitment {
  return buildCommitment({
    drawId: 'prop',
    demonstration,
    committedAt: new Date('2023-09-15T00:00:00.000Z'),
    entries,
    quotas,
    maxChoices: 3,
    round: beacon.round,
    beaconDeadline: new Date('2023-09-16T00:00:00.000Z'),
    witnesses: [{ name: 'A', commitment: toHex(sha256(new Uint8Array(32))) }],
    revealDeadline: new Date('2023-09-17T00:00:00.000Z'),
    minReveals: 1,
  });
}
const drand = { source: 'drand' as const, signature: beacon.signature };

// Each property runs whole draws dozens of times: a few seconds, more on a loaded CI machine.
describe('draw properties (TAJ-10)', { timeout: 30_000 }, () => {
  it('no (bucket, event) over its seats; groups and pairs whole or absent; reserve ranks 1…m in draw order', () => {
    fc.assert(
      fc.property(entriesArbitrary, quotasArbitrary, (entries, quotas) => {
        const { record } = runDraw(commit(entries, quotas), entries, drand);
        const used = new Map<string, number>();
        let reserve = 0;
        for (const [, bucket, seats, choices, , outcome, reserveRank] of record.entries) {
          if (outcome === 0) {
            expect(reserveRank).toBe(++reserve);
            continue;
          }
          expect(reserveRank).toBe(0);
          // The whole entry goes to one event: its seats are counted there, all at once.
          const key = `${record.buckets[bucket]}/${record.events[choices[outcome - 1]!]}`;
          used.set(key, (used.get(key) ?? 0) + seats);
        }
        for (const q of quotas) expect(used.get(`${q.bucket}/${q.event}`) ?? 0).toBeLessThanOrEqual(q.seats);
      }),
      { numRuns: 60 },
    );
  });

  it('each bucket’s reserve list holds its reserve entries once each, by rising reserve rank', () => {
    fc.assert(
      fc.property(entriesArbitrary, quotasArbitrary, fc.nat(), (entries, quotas, shift) => {
        const prepared = prepareEntries(entries, quotas, 3);
        // Any draw order will do: a rotation of the positions.
        const order = Uint32Array.from({ length: prepared.count }, (_, i) => (i + shift) % prepared.count);
        const allocation = allocate(prepared, order);
        const lists = allocation.reserveByBucket;
        expect(lists).toHaveLength(prepared.buckets.length);
        const listed = lists.flatMap((list, b) => {
          const ranks = [...list].map((p) => allocation.reserveRank[p]!);
          expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
          for (const p of list) expect(prepared.bucketIndex[p]).toBe(b);
          return [...list];
        });
        const reserve = [...allocation.reserveRank.keys()].filter((p) => allocation.reserveRank[p]! > 0);
        expect(listed.sort((x, y) => x - y)).toEqual(reserve);
      }),
      { numRuns: 60 },
    );
  });

  it('an entry in reserve could not fit in any of its choices when its turn came', () => {
    fc.assert(
      fc.property(entriesArbitrary, quotasArbitrary, (entries, quotas) => {
        const { record } = runDraw(commit(entries, quotas), entries, drand);
        const left = new Map(quotas.map((q) => [`${q.bucket}/${q.event}`, q.seats]));
        for (const [, bucket, seats, choices, , outcome] of record.entries) {
          const keys = choices.map((e) => `${record.buckets[bucket]}/${record.events[e]}`);
          const fits = keys.findIndex((key) => left.get(key)! >= seats);
          expect(outcome).toBe(fits + 1);
          if (fits >= 0) left.set(keys[fits]!, left.get(keys[fits]!)! - seats);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('same inputs and beacon give a byte-identical record, whatever the row order', () => {
    fc.assert(
      fc.property(entriesArbitrary, quotasArbitrary, fc.integer(), (entries, quotas, shuffleSeed) => {
        const shuffled = fc.sample(fc.shuffledSubarray(entries, { minLength: entries.length }), {
          numRuns: 1,
          seed: shuffleSeed,
        })[0]!;
        const quotasShuffled = [...quotas].reverse();
        const a = recordBytes(runDraw(commit(entries, quotas), entries, drand).record);
        const b = recordBytes(runDraw(commit(shuffled, quotasShuffled), shuffled, drand).record);
        expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('a different beacon value changes the result', () => {
    fc.assert(
      fc.property(
        entriesArbitrary.filter((e) => e.length >= 8),
        quotasArbitrary,
        (entries, quotas) => {
          const prepared = prepareEntries(entries, quotas, 3);
          const root = entriesRoot(prepared);
          const value = (v: string) => ({
            source: 'drand' as const,
            round: beacon.round,
            signature: '',
            value: v,
          });
          const one = computeDraw(prepared, root, value(beacon.randomness));
          const other = computeDraw(prepared, root, value(toHex(sha256(u64(1)))));
          expect(toHex(one.seed)).not.toBe(toHex(other.seed));
          expect([...one.order]).not.toEqual([...other.order]);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('refuses a past round outside a demonstration, and a wrong signature', () => {
    const entries: DrawEntry[] = [{ entryId: '00'.repeat(16), bucket: 'b1', seats: 1, choices: ['e1'] }];
    const quotas = [{ bucket: 'b1', event: 'e1', seats: 1 }];
    expect(() =>
      buildCommitment({ ...baseInput(entries, quotas), committedAt: new Date('2024-01-01T00:00:00.000Z') }),
    ).toThrow(DrawInputError);
    expect(() =>
      buildCommitment({
        ...baseInput(entries, quotas),
        committedAt: new Date('2024-01-01T00:00:00.000Z'),
        demonstration: true,
      }),
    ).not.toThrow();
    const c = commit(entries, quotas);
    const wrong = beacon.signature.replace(/^b7/, 'b8');
    expect(() => runDraw(c, entries, { source: 'drand', signature: wrong })).toThrow(/signature/);
  });

  it('over many seeds every entry is selected in line with its fair share', () => {
    // 12 single entries, 4 seats, one event: each entry has probability 1/3. 3,000 draws: the count of each
    // entry is Binomial(3000, 1/3), mean 1000, sd 25.8; ±5 sd (129) fails by chance with probability ~6e-6.
    const entries: DrawEntry[] = Array.from({ length: 12 }, (_, i) => ({
      entryId: toHex(sha256(u64(i))).slice(0, 32),
      bucket: 'b1',
      seats: 1,
      choices: ['e1'],
    }));
    const prepared = prepareEntries(entries, [{ bucket: 'b1', event: 'e1', seats: 4 }], 1);
    const root = entriesRoot(prepared);
    const wins = new Array(12).fill(0);
    const draws = 3000;
    for (let s = 0; s < draws; s++) {
      const value = toHex(sha256(u64(s)));
      const { allocation } = computeDraw(prepared, root, { source: 'drand', round: 1, signature: '', value });
      allocation.outcome.forEach((outcome, p) => (wins[p] += outcome ? 1 : 0));
    }
    for (const count of wins) expect(Math.abs(count - draws / 3)).toBeLessThan(129);
    // Chi-square over the 12 counts (11 degrees of freedom): the 0.9999 quantile is 37.4.
    const chi = wins.reduce((sum, count) => sum + (count - draws / 3) ** 2 / (draws / 3), 0);
    expect(chi).toBeLessThan(37.4);
  });
});

function baseInput(entries: DrawEntry[], quotas: QuotaRow[]) {
  return {
    drawId: 'prop',
    demonstration: false,
    committedAt: new Date('2023-09-15T00:00:00.000Z'),
    entries,
    quotas,
    maxChoices: 3,
    round: beacon.round,
    beaconDeadline: new Date('2023-09-16T00:00:00.000Z'),
    witnesses: [{ name: 'A', commitment: toHex(sha256(new Uint8Array(32))) }],
    revealDeadline: new Date('2023-09-17T00:00:00.000Z'),
    minReveals: 1,
  };
}
