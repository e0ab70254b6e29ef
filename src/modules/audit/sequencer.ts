import { desc, sql } from 'drizzle-orm';
import type { Clock } from '../../platform/clock.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { MerkleFrontier } from '../../platform/crypto/merkle.js';
import { selectRows, type Database, type Tx } from '../../platform/db/database.js';
import { auditEvents, auditHeads, auditLeaves } from '../../platform/db/schema/index.js';
import { AUDIT_LOG_VERSION, shardOf, type HeadStatement } from './domain/entries.js';
import { entryFromRow, entryLeafHash, statementBytes } from './entry-bytes.js';

export interface SequencerDeps {
  database: Database;
  keys: KeyStore;
  clock: Clock;
}

type HeadRow = typeof auditHeads.$inferSelect;
const BATCH = 2000;

/**
 * Places the entries not yet in the log at the end of the current monthly shard's tree, then signs a new
 * head (docs/formats/audit-log.md). Runs under a database-wide lock, so with several server processes each
 * entry gets exactly one place and leaf indices have no gap. At the first run of a month, the previous shard
 * is closed with a `final` head, whose root the new shard's heads carry (the shard chain).
 */
export async function sequenceAndSign(deps: SequencerDeps): Promise<{ head: HeadRow; placed: number }> {
  return deps.database.withExclusiveLock('gradins.audit.sequencer', async (db) =>
    db.transaction(async (tx) => {
      const now = deps.clock.now();
      const shard = shardOf(now);
      let [latest] = await tx.select().from(auditHeads).orderBy(desc(auditHeads.id)).limit(1);
      if (latest && latest.shard !== shard && latest.kind !== 'final') {
        latest = await insertHead(deps, tx, {
          shard: latest.shard,
          frontier: new MerkleFrontier(latest.frontier as never),
          previousShardRoot: latest.previousShardRoot,
          kind: 'final',
          now,
        });
      }
      const sameShard = latest?.shard === shard;
      const frontier = sameShard ? new MerkleFrontier(latest!.frontier as never) : new MerkleFrontier();
      const previousShardRoot = sameShard ? latest!.previousShardRoot : (latest?.rootHash ?? null);

      // PGlite never gathers statistics: without this, each batch below scans every entry (quadratic).
      await tx.execute(sql`set local enable_seqscan = off`);
      let placed = 0;
      let lastPlaced = 0;
      for (;;) {
        const pending = await unsequencedEvents(tx, BATCH, lastPlaced);
        if (pending.length === 0) break;
        // Between two heads, leaves follow entry ids (docs/formats/audit-log.md §6.3): each batch takes ids
        // above the last placed, and a late entry with a smaller id goes to the next run, under a new head.
        lastPlaced = pending.at(-1)!.id;
        const leaves = pending.map((row) => {
          const hash = entryLeafHash(entryFromRow(row));
          const leaf = { shard, leafIndex: frontier.size, eventId: row.id, leafHash: hash.toString('hex') };
          frontier.append(hash);
          return leaf;
        });
        await tx.insert(auditLeaves).values(leaves);
        placed += leaves.length;
        if (pending.length < BATCH) break;
      }
      const head = await insertHead(deps, tx, {
        shard,
        frontier,
        previousShardRoot,
        kind: 'checkpoint',
        now,
      });
      return { head, placed };
    }),
  );
}

/**
 * Entries without a leaf, oldest id first (an entry whose transaction committed late is placed late). Within
 * one run, after the first batch, only ids above the last one placed: a late entry with a smaller id waits for
 * the next run, so each batch reads the entries once.
 */
async function unsequencedEvents(tx: Tx, limit: number, after: number) {
  const ids = await selectRows<{ id: string | number }>(
    tx,
    sql`select e.id from audit_events e where e.id > ${after}
        and not exists (select 1 from audit_leaves l where l.event_id = e.id)
        order by e.id limit ${limit}`,
  );
  if (ids.length === 0) return [];
  const rows = await tx
    .select()
    .from(auditEvents)
    .where(
      sql`${auditEvents.id} in (${sql.join(
        ids.map((row) => sql`${Number(row.id)}`),
        sql`, `,
      )})`,
    )
    .orderBy(auditEvents.id);
  return rows;
}

async function insertHead(
  deps: SequencerDeps,
  tx: Tx,
  head: {
    shard: string;
    frontier: MerkleFrontier;
    previousShardRoot: string | null;
    kind: 'checkpoint' | 'final';
    now: Date;
  },
): Promise<HeadRow> {
  const statement: HeadStatement = {
    log: AUDIT_LOG_VERSION,
    shard: head.shard,
    tree_size: head.frontier.size,
    root_hash: head.frontier.root().toString('hex'),
    previous_shard_root: head.previousShardRoot,
    kind: head.kind,
    issued_at: head.now.toISOString(),
  };
  const { kid, signature } = deps.keys.sign('audit', statementBytes(statement));
  const [row] = await tx
    .insert(auditHeads)
    .values({
      shard: statement.shard,
      treeSize: statement.tree_size,
      rootHash: statement.root_hash,
      previousShardRoot: statement.previous_shard_root,
      kind: statement.kind,
      issuedAt: head.now,
      keyId: kid,
      signature: signature.toString('base64'),
      frontier: head.frontier.toJSON(),
    })
    .returning();
  return row!;
}

export function headStatement(row: HeadRow): HeadStatement {
  return {
    log: AUDIT_LOG_VERSION,
    shard: row.shard,
    tree_size: row.treeSize,
    root_hash: row.rootHash,
    previous_shard_root: row.previousShardRoot,
    kind: row.kind,
    issued_at: row.issuedAt.toISOString(),
  };
}
