// The inclusion check of the public page, done in the browser with the pure domain code of the server
// (draw-record.md §1–§2): the same SHA-256 (@noble/hashes), the same leaf bytes, the same RFC 9162 path.
import { fromHex } from '../../../../src/modules/draws/domain/bytes';
import { encodeLeaf } from '../../../../src/modules/draws/domain/entries';
import { verifyInclusion } from '../../../../src/modules/draws/domain/merkle';
import type { InclusionProofView } from './contracts';

export type InclusionVerdict =
  | { included: true; leafIndex: number; treeSize: number }
  | { included: false; reason: 'other-entry' | 'leaf-mismatch' | 'root-mismatch' | 'path-invalid' };

/**
 * Whether the proof shows `entryId` in the tree whose root is `committedRoot` (the root of the signed
 * commitment, not the one the proof itself carries): the leaf is re-encoded from the entry, then hashed up the
 * path to the root.
 */
export function checkInclusion(
  proof: InclusionProofView,
  entryId: string,
  committedRoot: string,
): InclusionVerdict {
  if (proof.entry.entry_id !== entryId || proof.proof.entry_id !== entryId)
    return { included: false, reason: 'other-entry' };
  let leaf: Uint8Array;
  let root: Uint8Array;
  try {
    leaf = encodeLeaf({
      entryId: proof.entry.entry_id,
      bucket: proof.entry.bucket,
      seats: proof.entry.seats,
      choices: proof.entry.choices,
    });
    root = fromHex(committedRoot, 32);
  } catch {
    return { included: false, reason: 'leaf-mismatch' };
  }
  const leafHex = Array.from(leaf, (byte) => byte.toString(16).padStart(2, '0')).join('');
  if (leafHex !== proof.leaf) return { included: false, reason: 'leaf-mismatch' };
  if (proof.entries_root !== committedRoot) return { included: false, reason: 'root-mismatch' };
  if (!verifyInclusion(leaf, proof.proof, root)) return { included: false, reason: 'path-invalid' };
  return { included: true, leafIndex: proof.proof.leaf_index, treeSize: proof.proof.tree_size };
}
