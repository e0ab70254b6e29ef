import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EMPTY_TREE_ROOT, leafHash, MerkleFrontier, merkleRoot, nodeHash } from './merkle.js';

/** RFC 6962's recursive definition, written as plainly as the RFC does, to check the incremental one. */
function referenceRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return crypto.createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

describe('Merkle tree (RFC 6962)', () => {
  it('matches the published constants', () => {
    expect(EMPTY_TREE_ROOT.toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(leafHash(new Uint8Array()).toString('hex')).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
  });

  it('computes the same root as the recursive definition, for every size up to 70', () => {
    const leaves = Array.from({ length: 70 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
    const frontier = new MerkleFrontier();
    for (let size = 0; size <= leaves.length; size += 1) {
      expect(frontier.root().equals(referenceRoot(leaves.slice(0, size))), `size ${size}`).toBe(true);
      if (size < leaves.length) frontier.append(leaves[size]!);
    }
    expect(merkleRoot(leaves).equals(referenceRoot(leaves))).toBe(true);
  });

  it('resumes from a saved frontier', () => {
    const leaves = Array.from({ length: 13 }, (_, i) => leafHash(Buffer.from([i])));
    const first = new MerkleFrontier();
    leaves.slice(0, 6).forEach((leaf) => first.append(leaf));
    const resumed = new MerkleFrontier(JSON.parse(JSON.stringify(first.toJSON())));
    leaves.slice(6).forEach((leaf) => resumed.append(leaf));
    expect(resumed.root().equals(merkleRoot(leaves))).toBe(true);
    expect(resumed.size).toBe(13);
  });
});
