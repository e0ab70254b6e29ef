import crypto from 'node:crypto';
import { MerkleFrontier } from '../../platform/crypto/merkle.js';
import type { AuditEntry, HeadStatement } from './domain/entries.js';
import { entryLeafHash, statementBytes } from './entry-bytes.js';

/** One leaf as the verifier reads it: the entry (absent if its row is gone) and the hash stored for it. */
export interface LeafToCheck {
  leafIndex: number;
  entry: AuditEntry | undefined;
  /** In the database; an export carries none (the hash is recomputed from the entry). */
  storedLeafHash?: string | undefined;
}

export interface HeadToCheck {
  statement: HeadStatement;
  keyId: string;
  signature: string; // base64
}

export interface Finding {
  shard: string;
  leafIndex?: number | undefined;
  entryId?: number | undefined;
  headSize?: number | undefined;
  fr: string;
  en: string;
}

export interface ShardToCheck {
  shard: string;
  heads: HeadToCheck[];
  /** Leaves in leaf_index order; empty for a purged shard. */
  leaves: AsyncIterable<LeafToCheck[]> | Iterable<LeafToCheck[]>;
}

export type KeyLookup = (kid: string) => crypto.KeyObject | undefined;

/**
 * The checks of docs/formats/audit-log.md §6, on the database or on an export. Streams the leaves (a
 * million entries fit in constant memory) and returns every finding, first broken point first.
 */
export async function verifyShards(
  shards: ShardToCheck[],
  publicKey: KeyLookup,
): Promise<{ findings: Finding[]; entries: number; heads: number }> {
  const findings: Finding[] = [];
  let entries = 0;
  let headCount = 0;
  let previousFinalRoot: string | null = null;
  for (const shard of shards) {
    const heads = [...shard.heads].sort((a, b) => a.statement.tree_size - b.statement.tree_size);
    headCount += heads.length;
    for (const head of heads) checkSignature(shard.shard, head, publicKey, findings);
    for (const head of heads) {
      if (head.statement.previous_shard_root !== previousFinalRoot) {
        findings.push({
          shard: shard.shard,
          headSize: head.statement.tree_size,
          fr: `chaîne des tranches rompue : la tête de taille ${head.statement.tree_size} ne cite pas la racine finale de la tranche précédente`,
          en: `shard chain broken: the head of size ${head.statement.tree_size} does not cite the previous shard's final root`,
        });
        break;
      }
    }
    const frontier = new MerkleFrontier();
    let nextHead = 0;
    let lastGoodSize = 0;
    const compareHeadsUpTo = (size: number) => {
      while (nextHead < heads.length && heads[nextHead]!.statement.tree_size === size) {
        const head = heads[nextHead]!;
        if (frontier.root().toString('hex') === head.statement.root_hash) lastGoodSize = size;
        else {
          findings.push({
            shard: shard.shard,
            headSize: size,
            fr: `la tête de taille ${size} ne correspond pas : les entrées entre les feuilles ${lastGoodSize} et ${size - 1} ont été modifiées, supprimées ou réordonnées`,
            en: `the head of size ${size} does not match: entries between leaves ${lastGoodSize} and ${size - 1} were altered, removed or reordered`,
          });
        }
        nextHead += 1;
      }
    };
    compareHeadsUpTo(0);
    let expectedIndex = 0;
    for await (const batch of shard.leaves) {
      for (const leaf of batch) {
        if (leaf.leafIndex !== expectedIndex) {
          findings.push({
            shard: shard.shard,
            leafIndex: expectedIndex,
            fr: `feuille ${expectedIndex} absente (la suivante est ${leaf.leafIndex}) : une entrée du journal a été supprimée`,
            en: `leaf ${expectedIndex} missing (the next one is ${leaf.leafIndex}): a log entry was deleted`,
          });
          // Continue from what is there; every head beyond this point will also fail.
          expectedIndex = leaf.leafIndex;
        }
        let hash: Buffer | undefined;
        if (!leaf.entry) {
          findings.push({
            shard: shard.shard,
            leafIndex: leaf.leafIndex,
            fr: `l'entrée de la feuille ${leaf.leafIndex} a disparu (ligne supprimée)`,
            en: `the entry of leaf ${leaf.leafIndex} is gone (row deleted)`,
          });
        } else {
          hash = entryLeafHash(leaf.entry);
          entries += 1;
          if (leaf.storedLeafHash !== undefined && leaf.storedLeafHash !== hash.toString('hex')) {
            findings.push({
              shard: shard.shard,
              leafIndex: leaf.leafIndex,
              entryId: leaf.entry.id,
              fr: `l'entrée ${leaf.entry.id} (feuille ${leaf.leafIndex}) a été modifiée depuis son inscription au journal`,
              en: `entry ${leaf.entry.id} (leaf ${leaf.leafIndex}) was altered after it entered the log`,
            });
          }
        }
        frontier.append(hash ?? Buffer.from(leaf.storedLeafHash ?? '00'.repeat(32), 'hex'));
        expectedIndex += 1;
        compareHeadsUpTo(frontier.size);
      }
    }
    // An expired shard was purged whole: only its heads remain, by design (their signatures were checked).
    const purged = frontier.size === 0 && heads.some((head) => head.statement.kind === 'final');
    for (const head of purged ? [] : heads.slice(nextHead)) {
      findings.push({
        shard: shard.shard,
        headSize: head.statement.tree_size,
        fr: `la tête de taille ${head.statement.tree_size} couvre des feuilles absentes (il n'en reste que ${frontier.size})`,
        en: `the head of size ${head.statement.tree_size} covers missing leaves (only ${frontier.size} remain)`,
      });
    }
    const final = heads.find((head) => head.statement.kind === 'final');
    previousFinalRoot = final?.statement.root_hash ?? heads.at(-1)?.statement.root_hash ?? previousFinalRoot;
  }
  return { findings, entries, heads: headCount };
}

function checkSignature(shard: string, head: HeadToCheck, publicKey: KeyLookup, findings: Finding[]): void {
  const key = publicKey(head.keyId);
  const valid =
    key !== undefined &&
    crypto.verify(null, statementBytes(head.statement), key, Buffer.from(head.signature, 'base64'));
  if (!valid) {
    findings.push({
      shard,
      headSize: head.statement.tree_size,
      fr: `la tête de taille ${head.statement.tree_size} porte une signature invalide (clé ${head.keyId}) : elle est contrefaite ou modifiée`,
      en: `the head of size ${head.statement.tree_size} has an invalid signature (key ${head.keyId}): it is forged or altered`,
    });
  }
}
