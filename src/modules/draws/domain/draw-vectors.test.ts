import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import vectors from '../../../../test/fixtures/draw-vectors.json' with { type: 'json' };
import { fromHex, toHex } from './bytes.js';
import { encodeLeaf, leafHashes, prepareEntries, type DrawEntry } from './entries.js';
import { inclusionProof, merkleRoot, verifyInclusion } from './merkle.js';
import { buildCommitment, commitmentBytes, recordBytes, runDraw } from './record.js';
import { witnessCommitment } from './witnesses.js';
import { canonicalBytes } from './canonical-json.js';
import {
  distributionChecks,
  rawCountsOf,
  verifyDistributionChecks,
  type CategoryCounts,
  type DistributionChecks,
} from './distribution.js';
import type { DrawRun } from './record.js';

const categories = vectors.input.categories as Record<string, { week: string; operator: string }>;
const region = vectors.input.region_absent as { dimension: 'region'; reason: string };
/** The server's step after the run (§8.1), here from the vectors' categories. */
function withChecks(run: DrawRun): DrawRun {
  run.record.distribution_checks = distributionChecks(
    rawCountsOf(run.record.entries, (id) => categories[id]!, ['week', 'operator']),
    [region],
  );
  return run;
}

const entries = vectors.input.entries as DrawEntry[];
const secrets = vectors.input.witness_secrets.map((hex) => fromHex(hex));

function commitment() {
  return buildCommitment({
    drawId: 'vectors-1',
    demonstration: false,
    committedAt: new Date('2023-09-15T00:00:00.000Z'),
    entries,
    quotas: vectors.input.quotas,
    maxChoices: 3,
    round: vectors.input.beacon.round,
    beaconDeadline: new Date('2023-09-16T00:00:00.000Z'),
    witnesses: [
      { name: 'Huissier A', commitment: toHex(witnessCommitment(secrets[0]!)) },
      { name: 'Témoin B', commitment: toHex(witnessCommitment(secrets[1]!)) },
      { name: 'Témoin C', commitment: toHex(witnessCommitment(secrets[2]!)) },
    ],
    revealDeadline: new Date('2023-09-17T00:00:00.000Z'),
    minReveals: 2,
  });
}

describe('draw-record.md §11 test vectors', () => {
  it('encodes the leaves, the root and the inclusion proofs', () => {
    const prepared = prepareEntries(entries, vectors.input.quotas, 3);
    const hashes = leafHashes(prepared);
    vectors.leaves.forEach((leaf, position) => {
      const entry = entries.find((e) => e.entryId === leaf.entry_id)!;
      expect(toHex(encodeLeaf(entry))).toBe(leaf.leaf);
      expect(toHex(hashes[position]!)).toBe(leaf.leaf_hash);
      expect(inclusionProof(hashes, position, leaf.entry_id)).toEqual(leaf.proof);
      expect(verifyInclusion(fromHex(leaf.leaf), leaf.proof, fromHex(vectors.entries_root))).toBe(true);
    });
    expect(toHex(merkleRoot(hashes))).toBe(vectors.entries_root);
  });

  it('the §1 leaf example', () => {
    const leaf = encodeLeaf({
      entryId: '00112233445566778899aabbccddeeff',
      bucket: 'b1',
      seats: 3,
      choices: ['e2', 'e1'],
    });
    expect(toHex(leaf)).toBe(
      '00112233445566778899aabbccddeeff' + '026231' + '0003' + '02' + '026532' + '026531',
    );
  });

  it('builds the commitment, the seed, the numbers and the record of the drand path', () => {
    const c = commitment();
    expect(new TextDecoder().decode(commitmentBytes(c))).toBe(vectors.commitment_bytes_utf8);
    const run = withChecks(
      runDraw(c, entries, { source: 'drand', signature: vectors.input.beacon.signature }),
    );
    expect(run.record.commitment_hash).toBe(vectors.commitment_hash);
    expect(run.record.randomness.value).toBe(vectors.input.beacon.randomness);
    expect(run.record.randomness.value).toBe(vectors.drand.randomness);
    expect(toHex(sha256(fromHex(vectors.drand.seed_input)))).toBe(vectors.drand.seed);
    expect(run.record.seed).toBe(vectors.drand.seed);
    expect(run.record.entries).toEqual(vectors.drand.record_entries);
    expect(run.record.results_hash).toBe(vectors.drand.results_hash);
    expect(run.record.distribution_checks).toEqual(vectors.drand.distribution_checks);
    expect(toHex(sha256(recordBytes(run.record)))).toBe(vectors.drand.record_sha256);
  });

  it('the witness fallback path', () => {
    const run = withChecks(
      runDraw(commitment(), entries, { source: 'witnesses', reveals: vectors.input.reveals }),
    );
    expect(run.record.randomness).toMatchObject({ source: 'witnesses', value: vectors.witnesses.randomness });
    expect(run.record.seed).toBe(vectors.witnesses.seed);
    expect(run.record.entries).toEqual(vectors.witnesses.record_entries);
    expect(run.record.results_hash).toBe(vectors.witnesses.results_hash);
    expect(run.record.distribution_checks).toEqual(vectors.witnesses.distribution_checks);
    expect(toHex(sha256(recordBytes(run.record)))).toBe(vectors.witnesses.record_sha256);
  });

  it('the §8.1 distribution checks: suppression, exact chi-square, critical value, flag, bytes', () => {
    const input = vectors.distribution.input as { dimension: 'week' | 'operator'; raw: CategoryCounts[] }[];
    const checks = distributionChecks(input, [region]);
    expect(checks).toEqual(vectors.distribution.checks);
    expect(new TextDecoder().decode(canonicalBytes(checks))).toBe(vectors.distribution.checks_bytes_utf8);
    const [week, operator] = checks.dimensions;
    expect(week!.categories.map((c) => c.category)).toEqual(['2026-W20', '2026-W21', '2026-W24', '_autres']);
    expect(week).toMatchObject({ degrees_of_freedom: 3, critical: '16.267', flag: false });
    // Pearson's χ² of the 2 × 2 table [[30, 56], [20, 0]] is 27.609… > 10.828.
    expect(operator).toMatchObject({ statistic: { numerator: '5936', denominator: '215' }, flag: true });
    const totals = { entries: 106, seats: 135, selected: 50, selected_seats: 64 };
    expect(verifyDistributionChecks(checks, totals)).toEqual([]);
  });

  it('names the dimension, category and field when one published count is changed', () => {
    const checks = structuredClone(vectors.distribution.checks) as DistributionChecks;
    checks.dimensions[1]!.categories[1]!.selected = 19;
    const found = verifyDistributionChecks(checks, {
      entries: 106,
      seats: 135,
      selected: 50,
      selected_seats: 64,
    }).map((d) => [d.code, d.field]);
    expect(found).toEqual([
      ['distribution-counts', 'distribution_checks.operator.selected'],
      ['distribution-statistic', 'distribution_checks.operator.statistic'],
    ]);
  });
});
