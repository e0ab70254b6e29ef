import { describe, expect, it } from 'vitest';
import vectors from '../../../../test/fixtures/draw-vectors.json' with { type: 'json' };
import type { DrawEntry } from './entries.js';
import type { DrawRecord } from './record.js';
import { verifyRecord } from './verify.js';

const entries = vectors.input.entries as DrawEntry[];
const quicknetRound = vectors.input.beacon;

function record(): DrawRecord {
  return {
    spec: 'gradins-draw-v1',
    commitment: JSON.parse(vectors.commitment_bytes_utf8),
    commitment_hash: vectors.commitment_hash,
    randomness: {
      source: 'drand',
      round: quicknetRound.round,
      signature: quicknetRound.signature,
      value: quicknetRound.randomness,
    },
    seed: vectors.drand.seed,
    buckets: ['b1', 'b2'],
    events: ['e1', 'e2', 'e3'],
    entries: structuredClone(vectors.drand.record_entries) as DrawRecord['entries'],
    results_hash: vectors.drand.results_hash,
    distribution_checks: structuredClone(
      vectors.drand.distribution_checks,
    ) as DrawRecord['distribution_checks'],
  };
}
const codes = (r: DrawRecord, file?: DrawEntry[]) =>
  verifyRecord(r, file).differences.map((d) => [d.code, d.entryId, d.field]);

describe('verifyRecord (§10)', () => {
  it('finds the vectors record conforme, with and without the entries file', () => {
    expect(verifyRecord(record())).toEqual({ conforme: true, differences: [], omitted: 0 });
    expect(verifyRecord(record(), entries).conforme).toBe(true);
  });

  it('names an altered entry (with the entries file) and the broken root', () => {
    const r = record();
    const id = r.entries[2]![0];
    r.entries[2]![2] = 1; // 2 seats claimed as 1
    const found = codes(r, entries);
    expect(found).toContainEqual(['entry-altered', id, 'seats']);
    expect(found).toContainEqual(['entries-root', undefined, 'commitment.entries.root']);
  });

  it('names a changed number', () => {
    const r = record();
    const id = r.entries[0]![0];
    r.entries[0]![4] = '0000000000000000';
    expect(codes(r)).toContainEqual(['number', id, 'number']);
  });

  it('names the first entry out of the draw order', () => {
    const r = record();
    [r.entries[0], r.entries[1]] = [r.entries[1]!, r.entries[0]!];
    const found = codes(r);
    expect(found).toContainEqual(['order', r.entries[0]![0], 'entries']);
    expect(found.filter(([code]) => code === 'order')).toHaveLength(1);
  });

  it('names a changed outcome or reserve rank, and a quota exceeded', () => {
    const r = record();
    const reserveId = r.entries[4]![0];
    r.entries[4]![5] = 1;
    r.entries[4]![6] = 0;
    const found = codes(r);
    expect(found).toContainEqual(['outcome', reserveId, 'outcome']);
    expect(found).toContainEqual(['reserve-rank', reserveId, 'reserve_rank']);
    expect(found.map(([code]) => code)).toContain('quota-exceeded');
  });

  it('refuses another beacon: a modified signature or another round', () => {
    const r = record();
    r.randomness = {
      ...r.randomness,
      signature: quicknetRound.signature.replace(/7b$/, '7c'),
    } as DrawRecord['randomness'];
    expect(codes(r)).toContainEqual(['beacon-signature', undefined, 'randomness.signature']);
    const other = record();
    other.commitment.beacon.round += 1;
    const found = codes(other).map(([code]) => code);
    expect(found).toEqual(expect.arrayContaining(['commitment-hash', 'beacon-round', 'beacon-signature']));
  });

  it('names an entry missing from the record or added to it', () => {
    const r = record();
    const dropped = r.entries.pop()!;
    const found = codes(r, entries);
    expect(found).toContainEqual(['entry-missing', dropped[0], undefined]);
    expect(found.map(([code]) => code)).toEqual(expect.arrayContaining(['entry-count', 'entries-root']));
  });

  it('names the distribution count that does not add up to the outcomes (§8.1)', () => {
    const r = record();
    r.distribution_checks!.dimensions[0]!.categories[0]!.selected += 1;
    expect(codes(r)).toEqual([['distribution-counts', undefined, 'distribution_checks.week.selected']]);
    expect(verifyRecord(r).differences[0]!.message).toContain('le relevé en donne');
  });

  it('accepts a record without distribution checks (null, §8)', () => {
    const r = record();
    r.distribution_checks = null;
    expect(verifyRecord(r).conforme).toBe(true);
  });
});
