import crypto from 'node:crypto';

/**
 * Merkle trees as in RFC 6962 / RFC 9162 §2.1: leaf = SHA-256(0x00 ‖ data), node = SHA-256(0x01 ‖ left ‖ right),
 * split at the largest power of two below the size. Used by the audit log and the draw records.
 */
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export const EMPTY_TREE_ROOT = crypto.createHash('sha256').digest();

export function leafHash(data: Uint8Array): Buffer {
  return crypto.createHash('sha256').update(LEAF).update(data).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return crypto.createHash('sha256').update(NODE).update(left).update(right).digest();
}

/** MTH of a list of leaf hashes (recursive definition of RFC 6962, computed bottom-up). */
export function merkleRoot(leaves: readonly Uint8Array[]): Buffer {
  const frontier = new MerkleFrontier();
  for (const leaf of leaves) frontier.append(leaf);
  return frontier.root();
}

/**
 * The right edge of a tree being built leaf by leaf: at most log2(n) subtree roots, so a tree of millions of
 * leaves grows in constant memory and its root at any size is computed without the leaves. `subtrees[i]` is
 * the root of a complete subtree of 2^i leaves, present when bit i of the size is set.
 */
export class MerkleFrontier {
  private readonly subtrees: (Buffer | undefined)[];
  size: number;

  constructor(state?: { size: number; subtrees: (string | null)[] }) {
    this.size = state?.size ?? 0;
    this.subtrees = state?.subtrees.map((hash) => (hash ? Buffer.from(hash, 'hex') : undefined)) ?? [];
  }

  append(leaf: Uint8Array): void {
    let carry: Buffer = Buffer.from(leaf);
    let level = 0;
    while (this.subtrees[level]) {
      carry = nodeHash(this.subtrees[level]!, carry);
      this.subtrees[level] = undefined;
      level += 1;
    }
    this.subtrees[level] = carry;
    this.size += 1;
  }

  /** The root of the tree of the `size` leaves appended so far. */
  root(): Buffer {
    let root: Buffer | undefined;
    // Smaller subtrees sit to the right: fold from the lowest level upwards.
    for (const subtree of this.subtrees) {
      if (!subtree) continue;
      root = root ? nodeHash(subtree, root) : subtree;
    }
    return root ?? EMPTY_TREE_ROOT;
  }

  toJSON(): { size: number; subtrees: (string | null)[] } {
    return { size: this.size, subtrees: this.subtrees.map((hash) => hash?.toString('hex') ?? null) };
  }
}
