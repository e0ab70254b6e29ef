import crypto from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { selectRows, type Db } from '../../platform/db/database.js';
import { auditEvents, auditHeads, auditLeaves } from '../../platform/db/schema/index.js';
import type { SequencerDeps } from './sequencer.js';
import { headStatement, sequenceAndSign } from './sequencer.js';
import { isShardExpired, PURGE_ENTRY, type AuditEntry, type HeadStatement } from './domain/entries.js';
import { entryFromRow } from './entry-bytes.js';
import type { HeadToCheck, KeyLookup, LeafToCheck, ShardToCheck } from './verification.js';

const PAGE = 5000;

/** Every shard of the database, its heads, and its leaves read page by page (constant memory). */
export async function shardsFromDatabase(db: Db, only?: string[]): Promise<ShardToCheck[]> {
  const heads = await db.select().from(auditHeads).orderBy(asc(auditHeads.id));
  const leafShards = await selectRows<{ shard: string }>(db, sql`select distinct shard from audit_leaves`);
  const names = [...new Set([...heads.map((head) => head.shard), ...leafShards.map((row) => row.shard)])]
    .filter((name) => !only || only.includes(name))
    .sort();
  return names.map((shard) => ({
    shard,
    heads: heads
      .filter((head) => head.shard === shard)
      .map((head) => ({ statement: headStatement(head), keyId: head.keyId, signature: head.signature })),
    leaves: leafPages(db, shard),
  }));
}

/**
 * Leaves page by page, then their entries by id in one query per page, by index: the join used before made
 * the planner scan the whole entries table for every page (quadratic: 407 s for a million entries).
 */
async function* leafPages(db: Db, shard: string): AsyncIterable<LeafToCheck[]> {
  let after = -1;
  for (;;) {
    const leaves = await db
      .select()
      .from(auditLeaves)
      .where(and(eq(auditLeaves.shard, shard), sql`${auditLeaves.leafIndex} > ${after}`))
      .orderBy(asc(auditLeaves.leafIndex))
      .limit(PAGE);
    if (leaves.length === 0) return;
    const ids = leaves.map((leaf) => leaf.eventId);
    // PGlite never gathers statistics (no autovacuum): without this, it seq-scans the entries for each page.
    const events = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return tx
        .select()
        .from(auditEvents)
        .where(sql`${auditEvents.id} = any(${`{${ids.join(',')}}`}::bigint[])`);
    });
    const byId = new Map(events.map((event) => [event.id, event]));
    yield leaves.map((leaf) => {
      const event = byId.get(leaf.eventId);
      return {
        leafIndex: leaf.leafIndex,
        entry: event ? entryFromRow(event) : undefined,
        storedLeafHash: leaf.leafHash,
        eventId: leaf.eventId,
      };
    });
    after = leaves.at(-1)!.leafIndex;
    if (leaves.length < PAGE) return;
  }
}

export function keyLookup(keys: KeyStore): KeyLookup {
  const published = new Map(
    keys.publicSigningKeys().map((key) => [key.kid, crypto.createPublicKey(key.spkiPem)]),
  );
  return (kid) => published.get(kid);
}

export interface AuditExport {
  format: 'gradins-audit-export-v1';
  exported_at: string;
  from: string;
  to: string;
  public_keys: { kid: string; spki_pem: string }[];
  /** The final head of the shard before the first exported one (null when the export starts the log). */
  anchor: ExportedHead | null;
  shards: {
    shard: string;
    leaves: { leaf_index: number; entry: AuditEntry }[];
    heads: ExportedHead[];
  }[];
}

interface ExportedHead {
  statement: HeadStatement;
  key_id: string;
  signature: string;
}

const exportedHead = (head: HeadToCheck): ExportedHead => ({
  statement: head.statement,
  key_id: head.keyId,
  signature: head.signature,
});

const checkedHead = (head: ExportedHead): HeadToCheck => ({
  statement: head.statement,
  keyId: head.key_id,
  signature: head.signature,
});

/**
 * docs/formats/audit-log.md §5: whole shards, from the first to the last that holds an entry between `from`
 * and `to`, and the final head of the shard before them, which anchors their chain.
 */
export async function exportAuditLog(
  db: Db,
  keys: KeyStore,
  from: Date,
  to: Date,
  now: Date,
): Promise<AuditExport> {
  const touched = await selectRows<{ shard: string }>(
    db,
    sql`select distinct l.shard from audit_leaves l join audit_events e on e.id = l.event_id
        where e.occurred_at >= ${from.toISOString()} and e.occurred_at < ${to.toISOString()}`,
  );
  const names = touched.map((row) => row.shard).sort();
  const all = await shardsFromDatabase(db);
  const shards = names.length
    ? all.filter((shard) => shard.shard >= names[0]! && shard.shard <= names.at(-1)!)
    : [];
  const before = shards.length ? all.filter((shard) => shard.shard < shards[0]!.shard).at(-1) : undefined;
  const anchor = before?.heads.filter((head) => head.statement.kind === 'final').at(-1);
  const exported: AuditExport['shards'] = [];
  for (const shard of shards) {
    const leaves: AuditExport['shards'][number]['leaves'] = [];
    for await (const page of shard.leaves) {
      for (const leaf of page) if (leaf.entry) leaves.push({ leaf_index: leaf.leafIndex, entry: leaf.entry });
    }
    exported.push({
      shard: shard.shard,
      leaves,
      heads: shard.heads.map(exportedHead),
    });
  }
  return {
    format: 'gradins-audit-export-v1',
    exported_at: now.toISOString(),
    from: from.toISOString(),
    to: to.toISOString(),
    public_keys: keys
      .publicSigningKeys()
      .filter((key) => key.purpose === 'audit')
      .map((key) => ({ kid: key.kid, spki_pem: key.spkiPem })),
    anchor: anchor ? exportedHead(anchor) : null,
    shards: exported,
  };
}

/** The shards of an export file, for the same checks as the database (no stored leaf hashes there). */
export function shardsFromExport(document: AuditExport): {
  shards: ShardToCheck[];
  publicKey: KeyLookup;
  anchor: HeadToCheck | null;
} {
  const keys = new Map(document.public_keys.map((key) => [key.kid, crypto.createPublicKey(key.spki_pem)]));
  return {
    publicKey: (kid) => keys.get(kid),
    anchor: document.anchor ? checkedHead(document.anchor) : null,
    shards: document.shards.map((shard) => ({
      shard: shard.shard,
      heads: shard.heads.map(checkedHead),
      leaves: [
        [...shard.leaves]
          .sort((a, b) => a.leaf_index - b.leaf_index)
          .map((leaf) => ({ leafIndex: leaf.leaf_index, entry: leaf.entry })),
      ],
    })),
  };
}

/**
 * Six months rolling (SEC-6): every shard whose month ended more than six months ago is deleted whole
 * (entries and leaves) by the database function that alone may delete; its signed heads stay. Each purge
 * writes its `audit.shard.purged` entry in the same transaction, and a head is signed right after, so the
 * verifier can tell this purge from a deletion (docs/formats/audit-log.md §6.6).
 */
export async function purgeExpiredShards(deps: SequencerDeps): Promise<{ shard: string; entries: number }[]> {
  const now = deps.clock.now();
  const shards = await selectRows<{ shard: string }>(
    deps.database.db,
    sql`select distinct shard from audit_leaves`,
  );
  const purged: { shard: string; entries: number }[] = [];
  for (const { shard } of shards.sort((a, b) => a.shard.localeCompare(b.shard))) {
    if (!isShardExpired(shard, now)) continue;
    await deps.database.transaction(async (tx) => {
      const [row] = await selectRows<{ removed: string | number }>(
        tx,
        sql`select gradins_audit_purge_shard(${shard}) as removed`,
      );
      const entries = Number(row?.removed ?? 0);
      await recordAuditEvent(tx, {
        actor: PURGE_ENTRY.actor,
        action: PURGE_ENTRY.action,
        target: { table: PURGE_ENTRY.table, ids: [shard] },
        result: 'success',
        requestId: 'audit-retention',
        at: now,
      });
      purged.push({ shard, entries });
    });
  }
  if (purged.length > 0) await sequenceAndSign(deps);
  return purged;
}
