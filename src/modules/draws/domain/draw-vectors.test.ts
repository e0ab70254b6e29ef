import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import vectors from '../../../../test/fixtures/draw-vectors.json' with { type: 'json' };
import { fromHex, toHex } from './bytes.js';
import { encodeLeaf, leafHashes, prepareEntries, type DrawEntry } from './entries.js';
import { inclusionProof, merkleRoot, verifyInclusion } from './merkle.js';
import { buildCommitment, commitmentBytes, recordBytes, runDraw } from './record.js';
import { witnessCommitment } from './witnesses.js';

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
    const run = runDraw(c, entries, { source: 'drand', signature: vectors.input.beacon.signature });
    expect(run.record.commitment_hash).toBe(vectors.commitment_hash);
    expect(run.record.randomness.value).toBe(vectors.input.beacon.randomness);
    expect(run.record.randomness.value).toBe(vectors.drand.randomness);
    expect(toHex(sha256(fromHex(vectors.drand.seed_input)))).toBe(vectors.drand.seed);
    expect(run.record.seed).toBe(vectors.drand.seed);
    expect(run.record.entries).toEqual(vectors.drand.record_entries);
    expect(run.record.results_hash).toBe(vectors.drand.results_hash);
    expect(toHex(sha256(recordBytes(run.record)))).toBe(vectors.drand.record_sha256);
  });

  it('the witness fallback path', () => {
    const run = runDraw(commitment(), entries, { source: 'witnesses', reveals: vectors.input.reveals });
    expect(run.record.randomness).toMatchObject({ source: 'witnesses', value: vectors.witnesses.randomness });
    expect(run.record.seed).toBe(vectors.witnesses.seed);
    expect(run.record.entries).toEqual(vectors.witnesses.record_entries);
    expect(run.record.results_hash).toBe(vectors.witnesses.results_hash);
    expect(toHex(sha256(recordBytes(run.record)))).toBe(vectors.witnesses.record_sha256);
  });
});
