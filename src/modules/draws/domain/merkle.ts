import { sha256 } from './hash.js';
import { equalBytes, fromHex, toHex } from './bytes.js';

/**
 * The entries tree (draw-record.md §2): RFC 6962 / RFC 9162 §2.1, the construction of
 * `platform/crypto/merkle.ts`, with a pure SHA-256 so the domain stays free of platform code.
 */
const LEAF = 0x00;
const NODE = 0x01;

export const EMPTY_TREE_ROOT = sha256(new Uint8Array(0));

export function leafHash(leaf: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + leaf.length);
  input[0] = LEAF;
  input.set(leaf, 1);
  return sha256(input);
}

/** The leaf hash of `input[1..length)`, whose first byte this sets to the leaf prefix: no copy. */
export function leafHashInPlace(input: Uint8Array, length: number): Uint8Array {
  input[0] = LEAF;
  return sha256(input.subarray(0, length));
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = new Uint8Array(65);
  input[0] = NODE;
  input.set(left, 1);
  input.set(right, 33);
  return sha256(input);
}

/** MTH over leaf hashes in order, bottom-up with a frontier of at most log2(n) subtree roots. */
export function merkleRoot(leafHashes: readonly Uint8Array[]): Uint8Array {
  const subtrees: (Uint8Array | undefined)[] = [];
  for (const leaf of leafHashes) {
    let carry = leaf;
    let level = 0;
    while (subtrees[level]) {
      carry = nodeHash(subtrees[level]!, carry);
      subtrees[level] = undefined;
      level += 1;
    }
    subtrees[level] = carry;
  }
  let root: Uint8Array | undefined;
  for (const subtree of subtrees) if (subtree) root = root ? nodeHash(subtree, root) : subtree;
  return root ?? EMPTY_TREE_ROOT;
}

/**
 * `merkleRoot` over leaf hashes laid end to end (32 bytes each) in one buffer: the same tree, without an
 * object per leaf.
 */
export function merkleRootOfFlat(hashes: Uint8Array): Uint8Array {
  const n = hashes.length / 32;
  const subtrees: (Uint8Array | undefined)[] = [];
  const input = new Uint8Array(65);
  input[0] = NODE;
  for (let i = 0; i < n; i++) {
    let carry = hashes.subarray(32 * i, 32 * i + 32);
    let level = 0;
    while (subtrees[level]) {
      input.set(subtrees[level]!, 1);
      input.set(carry, 33);
      carry = sha256(input);
      subtrees[level] = undefined;
      level += 1;
    }
    subtrees[level] = carry;
  }
  let root: Uint8Array | undefined;
  for (const subtree of subtrees) if (subtree) root = root ? nodeHash(subtree, root) : subtree;
  return root ?? EMPTY_TREE_ROOT;
}

export interface InclusionProof {
  entry_id: string;
  leaf_index: number;
  tree_size: number;
  path: string[];
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]), nearest sibling first. */
export function inclusionPath(leafHashes: readonly Uint8Array[], index: number): Uint8Array[] {
  if (!Number.isInteger(index) || index < 0 || index >= leafHashes.length)
    throw new RangeError('leaf index outside the tree');
  const path: Uint8Array[] = [];
  let leaves = leafHashes;
  let m = index;
  const siblings: Uint8Array[] = [];
  while (leaves.length > 1) {
    const k = largestPowerOfTwoBelow(leaves.length);
    if (m < k) {
      siblings.push(merkleRoot(leaves.slice(k)));
      leaves = leaves.slice(0, k);
    } else {
      siblings.push(merkleRoot(leaves.slice(0, k)));
      leaves = leaves.slice(k);
      m -= k;
    }
  }
  // Collected from the root down; the audit path lists the nearest sibling first.
  for (let i = siblings.length - 1; i >= 0; i--) path.push(siblings[i]!);
  return path;
}

/** RFC 9162 §2.1.3.2, as written out in draw-record.md §2. */
export function verifyInclusion(leaf: Uint8Array, proof: InclusionProof, root: Uint8Array): boolean {
  const { leaf_index: index, tree_size: size } = proof;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash(leaf);
  for (const hex of proof.path) {
    let p: Uint8Array;
    try {
      p = fromHex(hex, 32);
    } catch {
      return false;
    }
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalBytes(r, root);
}

export function inclusionProof(
  leafHashes: readonly Uint8Array[],
  index: number,
  entryId: string,
): InclusionProof {
  return {
    entry_id: entryId,
    leaf_index: index,
    tree_size: leafHashes.length,
    path: inclusionPath(leafHashes, index).map(toHex),
  };
}

/**
 * The levels of the tree over `base` (concatenated 32-byte hashes, one level of the tree): `base` first, each
 * next level pairing neighbours, a lone last node moving up unchanged — the same tree as §2 (RFC 6962), built
 * bottom-up. Each level is one contiguous buffer.
 */
export function treeLevels(base: Uint8Array): Uint8Array[] {
  if (base.length % 32 !== 0) throw new RangeError('a level is made of 32-byte hashes');
  const levels = [base];
  let level = base;
  while (level.length > 32) {
    const count = level.length / 32;
    const next = new Uint8Array(Math.ceil(count / 2) * 32);
    for (let i = 0; i + 1 < count; i += 2)
      next.set(
        nodeHash(level.subarray(32 * i, 32 * i + 32), level.subarray(32 * i + 32, 32 * i + 64)),
        16 * i,
      );
    if (count % 2 === 1) next.set(level.subarray(32 * (count - 1)), 16 * (count - 1));
    levels.push(next);
    level = next;
  }
  return levels;
}

/** The audit path of node `index` of `levels[0]` up to the root, nearest sibling first (RFC 9162 §2.1.3.1). */
export function pathInLevels(levels: readonly Uint8Array[], index: number): Uint8Array[] {
  const path: Uint8Array[] = [];
  let m = index;
  for (let h = 0; h < levels.length - 1; h++) {
    const sibling = m ^ 1;
    if (sibling < levels[h]!.length / 32) path.push(levels[h]!.subarray(32 * sibling, 32 * sibling + 32));
    m >>>= 1;
  }
  return path;
}

/**
 * Inclusion proofs without the whole tree in memory: the tree is cut at chunks of 2^`chunkLevel` leaves. Kept:
 * the levels above the chunks (for 5M leaves and 1,024-leaf chunks, about 300 KB); per proof, only the leaves
 * of the entry's chunk are hashed again.
 */
export function pathFromChunks(
  upper: readonly Uint8Array[],
  chunkLeafHashes: readonly Uint8Array[],
  index: number,
  chunkLevel: number,
): Uint8Array[] {
  const chunkSize = 2 ** chunkLevel;
  const chunk = Math.floor(index / chunkSize);
  const base = new Uint8Array(chunkLeafHashes.length * 32);
  chunkLeafHashes.forEach((hash, i) => base.set(hash, 32 * i));
  return [...pathInLevels(treeLevels(base), index - chunk * chunkSize), ...pathInLevels(upper, chunk)];
}
