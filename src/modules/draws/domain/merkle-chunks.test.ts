import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { toHex } from './bytes.js';
import { inclusionPath, leafHash, merkleRoot, pathFromChunks, treeLevels } from './merkle.js';

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(sha256(Uint8Array.of(i, i >> 8))));

function concat(hashes: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(hashes.length * 32);
  hashes.forEach((hash, i) => out.set(hash, 32 * i));
  return out;
}

describe('inclusion proofs from chunked levels (the public route’s cache)', () => {
  it('builds the same root level by level as the recursive definition (§2), for every size up to 70', () => {
    for (let n = 1; n <= 70; n++) {
      const levels = treeLevels(concat(leaves(n)));
      expect(toHex(levels.at(-1)!)).toBe(toHex(merkleRoot(leaves(n))));
    }
  });

  it('gives the RFC 9162 path of every leaf, whatever the chunk size, for every size up to 40', () => {
    for (const chunkLevel of [0, 2, 3]) {
      const chunk = 2 ** chunkLevel;
      for (let n = 1; n <= 40; n++) {
        const hashes = leaves(n);
        const roots: Uint8Array[] = [];
        for (let start = 0; start < n; start += chunk)
          roots.push(merkleRoot(hashes.slice(start, start + chunk)));
        const upper = treeLevels(concat(roots));
        for (let index = 0; index < n; index++) {
          const start = Math.floor(index / chunk) * chunk;
          const path = pathFromChunks(upper, hashes.slice(start, start + chunk), index, chunkLevel);
          expect(path.map(toHex), `n=${n} index=${index} chunk=${chunk}`).toEqual(
            inclusionPath(hashes, index).map(toHex),
          );
        }
      }
    }
  }, 60_000);
});
