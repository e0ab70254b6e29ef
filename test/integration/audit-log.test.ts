import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAuditEntries, type AuditEvent } from '../../src/platform/audit/record-audit-event.js';
import { selectRows } from '../../src/platform/db/database.js';
import { auditHeads } from '../../src/platform/db/schema/index.js';
import {
  exportAuditLog,
  keyLookup,
  purgeExpiredShards,
  shardsFromDatabase,
  shardsFromExport,
} from '../../src/modules/audit/log-store.js';
import { sequenceAndSign } from '../../src/modules/audit/sequencer.js';
import { verifyShards, type Finding } from '../../src/modules/audit/verification.js';
import { entryLeafHash, statementBytes } from '../../src/modules/audit/entry-bytes.js';
import { merkleRoot } from '../../src/platform/crypto/merkle.js';
import { databaseKinds } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';

const DAY = 86_400_000;

describe.each(databaseKinds)('tamper-evident audit log on %s', (kind) => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer({ database: kind });
  });
  afterEach(async () => {
    await server?.stop();
  });

  const deps = () => ({ database: server.database, keys: server.keys, clock: server.clock });
  const entry = (i: number): AuditEvent => ({
    actor: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    action: 'applicants.person.read',
    target: { table: 'applicants', ids: [`${i}`] },
    result: 'success',
    requestId: `req-${i}`,
    sourceIp: '192.0.2.1',
    at: server.clock.now(),
  });
  const write = (count: number, from = 0) =>
    appendAuditEntries(
      server.database.db,
      Array.from({ length: count }, (_, i) => entry(from + i)),
    );
  const verifyDatabase = async () =>
    verifyShards(await shardsFromDatabase(server.database.db), keyLookup(server.keys));
  /** Simulates an attacker with direct database access: triggers and privileges set aside. */
  const asAttacker = (statement: ReturnType<typeof sql>) =>
    server.database.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(statement);
    });

  it('refuses UPDATE, DELETE and TRUNCATE of entries, leaves and heads in the database itself', async () => {
    await write(3);
    await sequenceAndSign(deps());
    for (const statement of [
      sql`update audit_events set action = 'x'`,
      sql`delete from audit_events`,
      sql`truncate audit_events cascade`,
      sql`update audit_leaves set leaf_hash = 'x'`,
      sql`delete from audit_heads`,
      sql`truncate audit_reviews`,
    ]) {
      await expect(server.database.db.execute(statement)).rejects.toThrow();
    }
    expect((await verifyDatabase()).findings).toEqual([]);
  });

  it('verifies an untouched log, head after head', async () => {
    await write(5);
    await sequenceAndSign(deps());
    await write(4, 5);
    server.clock.advance(10 * 60_000);
    const { head, placed } = await sequenceAndSign(deps());
    expect(placed).toBe(4);
    expect(head.treeSize).toBe(9 + 0); // the two heads' own entries are not audited
    const result = await verifyDatabase();
    expect(result).toMatchObject({ findings: [], entries: 9, heads: 2 });
  });

  /** Where a finding points: what "names the first broken point" means (docs/formats/audit-log.md §6). */
  const where = (finding: Finding | undefined) => ({
    shard: finding?.shard,
    leafIndex: finding?.leafIndex,
    entryId: finding?.entryId,
    headSize: finding?.headSize,
  });
  const ids = async () =>
    (
      await selectRows<{ id: string | number }>(
        server.database.db,
        sql`select e.id from audit_events e join audit_leaves l on l.event_id = e.id order by l.leaf_index`,
      )
    ).map((row) => Number(row.id));
  const shard = () => server.clock.now().toISOString().slice(0, 7);

  it('names the altered entry when a row is tampered with', async () => {
    await write(6);
    await sequenceAndSign(deps());
    const victim = (await ids())[3]!;
    await asAttacker(sql`update audit_events set actor = 'someone-else' where id = ${victim}`);
    const { findings } = await verifyDatabase();
    expect(where(findings[0])).toEqual({
      shard: shard(),
      leafIndex: 3,
      entryId: victim,
      headSize: undefined,
    });
    expect(findings[0]!.fr).toContain('a été modifiée');
  });

  it('names the missing leaf when a row is deleted', async () => {
    await write(6);
    await sequenceAndSign(deps());
    await asAttacker(sql`delete from audit_leaves where leaf_index = 2`);
    await asAttacker(sql`delete from audit_events where id not in (select event_id from audit_leaves)`);
    const { findings } = await verifyDatabase();
    expect(where(findings[0])).toEqual({
      shard: shard(),
      leafIndex: 2,
      entryId: undefined,
      headSize: undefined,
    });
    expect(findings[0]!.en).toContain('leaf 2 missing');
  });

  it('names the entry whose row is deleted while its leaf stays', async () => {
    await write(6);
    await sequenceAndSign(deps());
    const victim = (await ids())[2]!;
    await asAttacker(sql`delete from audit_events where id = ${victim}`);
    const { findings } = await verifyDatabase();
    expect(where(findings[0])).toEqual({
      shard: shard(),
      leafIndex: 2,
      entryId: victim,
      headSize: undefined,
    });
    expect(findings[0]!.fr).toContain('a disparu');
  });

  it('names the first leaf out of place when two rows are swapped', async () => {
    await write(6);
    await sequenceAndSign(deps());
    const before = await ids();
    await asAttacker(sql`update audit_leaves set leaf_index = 1000 where leaf_index = 1`);
    await asAttacker(sql`update audit_leaves set leaf_index = 1 where leaf_index = 4`);
    await asAttacker(sql`update audit_leaves set leaf_index = 4 where leaf_index = 1000`);
    const { findings } = await verifyDatabase();
    expect(where(findings[0])).toEqual({
      shard: shard(),
      leafIndex: 1,
      entryId: before[4],
      headSize: undefined,
    });
    expect(findings[0]!.fr).toContain('interverties');
    expect(where(findings[1])).toMatchObject({ headSize: 6 });
    expect(findings[1]!.fr).toContain('ne correspond pas');
  });

  it('names a forged head: altered root, or a head inserted by hand', async () => {
    await write(2);
    await sequenceAndSign(deps());
    await asAttacker(sql`update audit_heads set root_hash = repeat('ab', 32)`);
    let { findings } = await verifyDatabase();
    expect(where(findings[0])).toEqual({
      shard: shard(),
      leafIndex: undefined,
      entryId: undefined,
      headSize: 2,
    });
    expect(findings[0]!.fr).toContain('signature invalide');

    await asAttacker(sql`delete from audit_heads`);
    await sequenceAndSign(deps());
    await write(3, 2);
    await asAttacker(
      sql`insert into audit_heads (shard, tree_size, root_hash, kind, issued_at, key_id, signature, frontier)
          select shard, 5, repeat('cd', 32), kind, issued_at, key_id, signature, frontier from audit_heads`,
    );
    ({ findings } = await verifyDatabase());
    expect(where(findings[0])).toEqual({
      shard: shard(),
      leafIndex: undefined,
      entryId: undefined,
      headSize: 5,
    });
    expect(findings[0]!.fr).toContain('signature invalide');
  });

  it('names leaves added after the last head, outside the sequencer', async () => {
    await write(3);
    await sequenceAndSign(deps());
    await write(1, 3);
    await asAttacker(
      sql`insert into audit_leaves (shard, leaf_index, event_id, leaf_hash)
          select ${shard()}, 3, max(id), repeat('00', 32) from audit_events`,
    );
    const { findings } = await verifyDatabase();
    expect(where(findings[0])).toEqual({
      shard: shard(),
      leafIndex: 3,
      entryId: (await ids())[3],
      headSize: undefined,
    });
  });

  it('checks that heads never shrink (in issue order) and that no leaf repeats, on an export', async () => {
    await write(4);
    await sequenceAndSign(deps());
    const now = server.clock.now();
    const document = await exportAuditLog(
      server.database.db,
      server.keys,
      new Date(now.getTime() - DAY),
      new Date(now.getTime() + DAY),
      now,
    );
    const shrunk = structuredClone(document);
    const smaller = {
      ...shrunk.shards[0]!.heads[0]!.statement,
      tree_size: 2,
      issued_at: new Date(now.getTime() + 60_000).toISOString(),
    };
    const leaves = shrunk.shards[0]!.leaves.slice(0, 2).map((leaf) => entryLeafHash(leaf.entry));
    smaller.root_hash = merkleRoot(leaves).toString('hex');
    const { kid, signature } = server.keys.sign('audit', statementBytes(smaller));
    shrunk.shards[0]!.heads.push({
      statement: smaller,
      key_id: kid,
      signature: signature.toString('base64'),
    });
    const fromShrunk = shardsFromExport(shrunk);
    const shrinking = (await verifyShards(fromShrunk.shards, fromShrunk.publicKey)).findings;
    expect(where(shrinking[0])).toEqual({
      shard: shard(),
      leafIndex: undefined,
      entryId: undefined,
      headSize: 2,
    });
    expect(shrinking[0]!.en).toContain('heads never shrink');

    const repeated = structuredClone(document);
    repeated.shards[0]!.leaves.splice(2, 0, structuredClone(repeated.shards[0]!.leaves[1]!));
    const fromRepeated = shardsFromExport(repeated);
    const repeating = (await verifyShards(fromRepeated.shards, fromRepeated.publicKey)).findings;
    expect(where(repeating[0])).toEqual({
      shard: shard(),
      leafIndex: 1,
      entryId: document.shards[0]!.leaves[1]!.entry.id,
      headSize: undefined,
    });
    expect(repeating[0]!.en).toContain('leaf 1 repeated');
  });

  it('names a recent month deleted whole: leaves only with a legitimate, recorded purge', async () => {
    for (const month of [8, 9, 10]) {
      server.clock.set(new Date(Date.UTC(2026, month, 10, 10)));
      await write(3, month * 10);
      await sequenceAndSign(deps());
    }
    server.clock.set(new Date(Date.UTC(2026, 11, 1, 9))); // closes 2026-11 with a final head
    await sequenceAndSign(deps());
    expect((await verifyDatabase()).findings).toEqual([]);
    await asAttacker(
      sql`delete from audit_events where id in (select event_id from audit_leaves where shard = '2026-10')`,
    );
    await asAttacker(sql`delete from audit_leaves where shard = '2026-10'`);
    const { findings } = await verifyDatabase();
    expect(where(findings[0])).toEqual({
      shard: '2026-10',
      leafIndex: undefined,
      entryId: undefined,
      headSize: undefined,
    });
    expect(findings[0]!.fr).toContain('sans purge légitime');
    expect(findings).toHaveLength(1);
  });

  it('keeps six months: purges older shards whole, and what remains still verifies', async () => {
    const start = new Date('2026-01-15T10:00:00Z');
    server.clock.set(start);
    for (let month = 0; month < 8; month += 1) {
      server.clock.set(new Date(Date.UTC(2026, month, 15, 10)));
      await write(3, month * 10);
      await sequenceAndSign(deps());
    }
    // 2026-08-15: shards 2026-01 (ended 1 Feb, more than six months ago) go; 2026-02 stays until 1 September.
    const purged = await purgeExpiredShards(deps());
    expect(purged.map((shard) => shard.shard)).toEqual(['2026-01']);
    const remaining = await selectRows<{ shard: string }>(
      server.database.db,
      sql`select distinct shard from audit_leaves order by shard`,
    );
    expect(remaining.map((row) => row.shard)).toEqual([
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
    ]);
    const heads = await server.database.db.select().from(auditHeads);
    expect(heads.some((head) => head.shard === '2026-01' && head.kind === 'final')).toBe(true);
    await sequenceAndSign(deps()); // places the purge's own entry
    expect((await verifyDatabase()).findings).toEqual([]);
  });

  it('exports entries and heads in the published format, and the export verifies on its own', async () => {
    await write(4);
    await sequenceAndSign(deps());
    const now = server.clock.now();
    const document = await exportAuditLog(
      server.database.db,
      server.keys,
      new Date(now.getTime() - DAY),
      new Date(now.getTime() + DAY),
      now,
    );
    expect(document.format).toBe('gradins-audit-export-v1');
    expect(document.shards[0]!.leaves).toHaveLength(4);
    const fromFile = shardsFromExport(JSON.parse(JSON.stringify(document)));
    expect((await verifyShards(fromFile.shards, fromFile.publicKey)).findings).toEqual([]);
    document.shards[0]!.leaves[1]!.entry.action = 'applicants.person.exported';
    const tampered = shardsFromExport(document);
    expect((await verifyShards(tampered.shards, tampered.publicKey)).findings[0]!.fr).toContain(
      'ne correspond pas',
    );
  });
});
