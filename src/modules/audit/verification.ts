import crypto from 'node:crypto';
import { MerkleFrontier } from '../../platform/crypto/merkle.js';
import { isShardExpired, PURGE_ENTRY, type AuditEntry, type HeadStatement } from './domain/entries.js';
import { entryLeafHash, statementBytes } from './entry-bytes.js';

/** One leaf as the verifier reads it: the entry (absent if its row is gone) and the hash stored for it. */
export interface LeafToCheck {
  leafIndex: number;
  entry: AuditEntry | undefined;
  /** In the database; an export carries none (the hash is recomputed from the entry). */
  storedLeafHash?: string | undefined;
  /** In the database: the entry the leaf row points to, named when that entry's row is gone. */
  eventId?: number | undefined;
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
  /** In the order they were issued (database order, or the order of the export file). */
  heads: HeadToCheck[];
  /** Leaves in leaf_index order; empty for a purged shard. */
  leaves: AsyncIterable<LeafToCheck[]> | Iterable<LeafToCheck[]>;
}

export type KeyLookup = (kid: string) => crypto.KeyObject | undefined;

export interface VerifyOptions {
  /**
   * An export that does not start at the log's first shard carries the final head of the shard before it
   * (docs/formats/audit-log.md §5): the chain of the first exported shard is checked against its root.
   */
  anchor?: HeadToCheck | null | undefined;
}

/** A finding and where it sorts within its shard: the first broken point comes first (§6). */
interface Placed {
  finding: Finding;
  at: number;
}
/** Findings about the heads themselves sort before any leaf of the shard. */
const HEAD_LEVEL = -1;

interface PurgeRecord {
  shard: string;
  purged: string[];
  occurredAt: Date;
  leafIndex: number;
}

/**
 * The checks of docs/formats/audit-log.md §6, on the database or on an export. Streams the leaves (a
 * million entries fit in constant memory, apart from the ids of the leaves since the last head) and returns
 * every finding, ordered shard by shard and, within a shard, from the first broken point on.
 */
export async function verifyShards(
  shards: ShardToCheck[],
  publicKey: KeyLookup,
  options: VerifyOptions = {},
): Promise<{ findings: Finding[]; entries: number; heads: number }> {
  const byShard = new Map<string, Placed[]>(shards.map((shard) => [shard.shard, []]));
  let entries = 0;
  let headCount = 0;
  let previousFinalRoot: string | null = null;
  const anchorFindings: Finding[] = [];
  if (options.anchor)
    previousFinalRoot = checkAnchor(options.anchor, shards[0]?.shard, publicKey, anchorFindings);
  const leafless: string[] = [];
  const purgeRecords: PurgeRecord[] = [];

  for (const shard of shards) {
    const placed = byShard.get(shard.shard)!;
    const report = (at: number, finding: Omit<Finding, 'shard'>) =>
      placed.push({ at, finding: { shard: shard.shard, ...finding } });
    headCount += shard.heads.length;
    const validSignature = new Set<HeadToCheck>();
    for (const head of shard.heads) {
      if (signatureValid(head, publicKey)) validSignature.add(head);
      else report(HEAD_LEVEL, forgedHead(head));
    }
    checkNeverShrink(shard.heads, report);
    for (const head of shard.heads) {
      if (head.statement.previous_shard_root !== previousFinalRoot) {
        report(HEAD_LEVEL, {
          headSize: head.statement.tree_size,
          fr: `chaîne des tranches rompue : la tête de taille ${head.statement.tree_size} ne cite pas la racine finale de la tranche précédente`,
          en: `shard chain broken: the head of size ${head.statement.tree_size} does not cite the previous shard's final root`,
        });
        break;
      }
    }

    // Heads by size (stable: heads of equal size keep their issue order).
    const heads = [...shard.heads].sort((a, b) => a.statement.tree_size - b.statement.tree_size);
    const frontier = new MerkleFrontier();
    let nextHead = 0;
    let lastGoodSize = 0;
    const matched: { size: number; issuedAt: Date }[] = [];
    // §6.3: the sequencer places each head's new leaves in increasing entry id; the ids since the last head
    // size let the verifier name the first leaf of a reordering.
    let sinceLastHead: { leafIndex: number; id: number }[] = [];
    let descending = false;
    const closeInterval = () => {
      if (descending) {
        const expected = sinceLastHead.map((leaf) => leaf.id).sort((a, b) => a - b);
        const first = sinceLastHead.findIndex((leaf, i) => leaf.id !== expected[i]);
        const leaf = sinceLastHead[first]!;
        report(leaf.leafIndex, {
          leafIndex: leaf.leafIndex,
          entryId: leaf.id,
          fr: `la feuille ${leaf.leafIndex} (entrée ${leaf.id}) n'est pas à sa place : des entrées du journal ont été interverties ou réordonnées`,
          en: `leaf ${leaf.leafIndex} (entry ${leaf.id}) is out of place: log entries were swapped or reordered`,
        });
      }
      sinceLastHead = [];
      descending = false;
    };
    const compareHeadsUpTo = (size: number) => {
      if (nextHead < heads.length && heads[nextHead]!.statement.tree_size === size) closeInterval();
      while (nextHead < heads.length && heads[nextHead]!.statement.tree_size === size) {
        const head = heads[nextHead]!;
        if (frontier.root().toString('hex') === head.statement.root_hash) {
          lastGoodSize = size;
          if (validSignature.has(head)) matched.push({ size, issuedAt: new Date(head.statement.issued_at) });
        } else {
          report(size - 0.5, {
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
    let shardPurges: PurgeRecord[] = [];
    for await (const batch of shard.leaves) {
      for (const leaf of batch) {
        if (leaf.leafIndex < expectedIndex) {
          report(leaf.leafIndex, {
            leafIndex: leaf.leafIndex,
            entryId: leaf.entry?.id,
            fr: `la feuille ${leaf.leafIndex} est répétée (entrée ${leaf.entry?.id ?? 'inconnue'}) : une entrée a été ajoutée ou dupliquée`,
            en: `leaf ${leaf.leafIndex} repeated (entry ${leaf.entry?.id ?? 'unknown'}): an entry was added or duplicated`,
          });
          continue;
        }
        if (leaf.leafIndex > expectedIndex) {
          report(expectedIndex, {
            leafIndex: expectedIndex,
            fr: `feuille ${expectedIndex} absente (la suivante est ${leaf.leafIndex}) : une entrée du journal a été supprimée`,
            en: `leaf ${expectedIndex} missing (the next one is ${leaf.leafIndex}): a log entry was deleted`,
          });
          // Continue from what is there; every head beyond this point will also fail.
          expectedIndex = leaf.leafIndex;
        }
        let hash: Buffer | undefined;
        if (!leaf.entry) {
          report(leaf.leafIndex, {
            leafIndex: leaf.leafIndex,
            entryId: leaf.eventId,
            fr: `l'entrée ${leaf.eventId ?? 'inconnue'} de la feuille ${leaf.leafIndex} a disparu (ligne supprimée)`,
            en: `the entry ${leaf.eventId ?? 'unknown'} of leaf ${leaf.leafIndex} is gone (row deleted)`,
          });
        } else {
          hash = entryLeafHash(leaf.entry);
          entries += 1;
          if (leaf.storedLeafHash !== undefined && leaf.storedLeafHash !== hash.toString('hex')) {
            report(leaf.leafIndex, {
              leafIndex: leaf.leafIndex,
              entryId: leaf.entry.id,
              fr: `l'entrée ${leaf.entry.id} (feuille ${leaf.leafIndex}) a été modifiée depuis son inscription au journal`,
              en: `entry ${leaf.entry.id} (leaf ${leaf.leafIndex}) was altered after it entered the log`,
            });
          }
          if (sinceLastHead.length > 0 && sinceLastHead.at(-1)!.id >= leaf.entry.id) descending = true;
          sinceLastHead.push({ leafIndex: leaf.leafIndex, id: leaf.entry.id });
          const purge = purgeRecord(shard.shard, leaf.leafIndex, leaf.entry);
          if (purge) shardPurges.push(purge);
        }
        frontier.append(hash ?? Buffer.from(leaf.storedLeafHash ?? '00'.repeat(32), 'hex'));
        expectedIndex += 1;
        compareHeadsUpTo(frontier.size);
      }
    }
    const largestHead = heads.at(-1)?.statement.tree_size ?? 0;
    if (frontier.size === 0 && largestHead > 0) {
      // Only heads are left: a purged shard (§6.6), decided once the later shards are read, or a lost one.
      leafless.push(shard.shard);
    } else {
      for (const head of heads.slice(nextHead)) {
        report(head.statement.tree_size - 0.5, {
          headSize: head.statement.tree_size,
          fr: `la tête de taille ${head.statement.tree_size} couvre des feuilles absentes (il n'en reste que ${frontier.size})`,
          en: `the head of size ${head.statement.tree_size} covers missing leaves (only ${frontier.size} remain)`,
        });
      }
      if (frontier.size > largestHead) {
        closeInterval();
        report(largestHead, {
          leafIndex: largestHead,
          fr: `les feuilles à partir de ${largestHead} ne sont couvertes par aucune tête signée : elles ont été ajoutées hors du séquenceur`,
          en: `the leaves from ${largestHead} on are covered by no signed head: they were added outside the sequencer`,
        });
      }
    }
    // A purge entry counts only if a signed head that matched covers it, and was issued after it.
    shardPurges = shardPurges.filter((record) =>
      matched.some((head) => head.size > record.leafIndex && head.issuedAt >= record.occurredAt),
    );
    purgeRecords.push(...shardPurges);
    const final = heads.find((head) => head.statement.kind === 'final');
    previousFinalRoot = final?.statement.root_hash ?? heads.at(-1)?.statement.root_hash ?? previousFinalRoot;
  }

  for (const shard of leafless) {
    const heads = shards.find((candidate) => candidate.shard === shard)!.heads;
    const finalHead = heads.some(
      (head) => head.statement.kind === 'final' && signatureValid(head, publicKey),
    );
    const recorded = purgeRecords.some(
      (record) =>
        record.shard > shard && record.purged.includes(shard) && isShardExpired(shard, record.occurredAt),
    );
    if (finalHead && recorded) continue;
    byShard.get(shard)!.push({
      at: HEAD_LEVEL,
      finding: {
        shard,
        fr: `la tranche ${shard} a perdu toutes ses entrées sans purge légitime (il faut une tête finale, plus de six mois d'âge et l'entrée audit.shard.purged dans une tranche suivante) : une tranche du journal a été supprimée`,
        en: `shard ${shard} lost all its entries without a legitimate purge (that needs a final head, more than six months of age and the audit.shard.purged entry in a later shard): a shard of the log was deleted`,
      },
    });
  }

  const findings = [
    ...anchorFindings,
    ...shards.flatMap((shard) =>
      byShard
        .get(shard.shard)!
        .map((placed, order) => ({ ...placed, order }))
        .sort((a, b) => a.at - b.at || a.order - b.order)
        .map((placed) => placed.finding),
    ),
  ];
  return { findings, entries, heads: headCount };
}

/** §6.4: in the order they were issued, a shard's heads never cover fewer leaves than an earlier one. */
function checkNeverShrink(
  heads: HeadToCheck[],
  report: (at: number, finding: Omit<Finding, 'shard'>) => void,
): void {
  const inIssueOrder = [...heads].sort(
    (a, b) => Date.parse(a.statement.issued_at) - Date.parse(b.statement.issued_at),
  );
  let largest = 0;
  for (const head of inIssueOrder) {
    const size = head.statement.tree_size;
    if (size < largest) {
      report(HEAD_LEVEL, {
        headSize: size,
        fr: `la tête de taille ${size} émise le ${head.statement.issued_at} est plus petite qu'une tête émise avant elle (taille ${largest}) : les têtes ne rétrécissent jamais`,
        en: `the head of size ${size} issued at ${head.statement.issued_at} is smaller than a head issued before it (size ${largest}): heads never shrink`,
      });
    }
    largest = Math.max(largest, size);
  }
}

function checkAnchor(
  anchor: HeadToCheck,
  firstShard: string | undefined,
  publicKey: KeyLookup,
  findings: Finding[],
): string | null {
  const where = { shard: anchor.statement.shard, headSize: anchor.statement.tree_size };
  if (!signatureValid(anchor, publicKey)) findings.push({ ...where, ...forgedHead(anchor) });
  if (
    anchor.statement.kind !== 'final' ||
    (firstShard !== undefined && anchor.statement.shard >= firstShard)
  ) {
    findings.push({
      ...where,
      fr: `l'ancre de l'export n'est pas la tête finale d'une tranche antérieure à ${firstShard ?? 'l’export'}`,
      en: `the export's anchor is not the final head of a shard before ${firstShard ?? 'the export'}`,
    });
  }
  return anchor.statement.root_hash;
}

function purgeRecord(shard: string, leafIndex: number, entry: AuditEntry): PurgeRecord | undefined {
  const isPurge =
    entry.action === PURGE_ENTRY.action &&
    entry.actor === PURGE_ENTRY.actor &&
    entry.target_table === PURGE_ENTRY.table &&
    entry.result === 'success';
  if (!isPurge) return undefined;
  return { shard, purged: entry.target_ids ?? [], occurredAt: new Date(entry.occurred_at), leafIndex };
}

function signatureValid(head: HeadToCheck, publicKey: KeyLookup): boolean {
  const key = publicKey(head.keyId);
  return (
    key !== undefined &&
    crypto.verify(null, statementBytes(head.statement), key, Buffer.from(head.signature, 'base64'))
  );
}

function forgedHead(head: HeadToCheck): Omit<Finding, 'shard'> {
  return {
    headSize: head.statement.tree_size,
    fr: `la tête de taille ${head.statement.tree_size} porte une signature invalide (clé ${head.keyId}) : elle est contrefaite ou modifiée`,
    en: `the head of size ${head.statement.tree_size} has an invalid signature (key ${head.keyId}): it is forged or altered`,
  };
}
