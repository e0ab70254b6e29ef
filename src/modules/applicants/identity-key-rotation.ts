import { eq, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import type { Clock } from '../../platform/clock.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { selectRows, type Database, type Db, type Tx } from '../../platform/db/database.js';
import { keyRotations } from '../../platform/db/schema/index.js';
import { identityKeyInput } from './domain/identity.js';
import { applicantProblems } from './problems.js';

const PURPOSE = 'identity-beneficiary';
/** Held by a rotation from start to end; every write of an identity key holds it shared (`holdIdentityKey`). */
export const IDENTITY_MAINTENANCE_LOCK = `gradins.maintenance.${PURPOSE}`;
const SYSTEM = 'system:key-rotation';
export const REKEY_BATCH = 10_000;
const TARGETS = ['applicants', 'group_participants'] as const;

/** The version of the identity secret a request computes its keys with: read it before computing any. */
export const identityKeyInUse = (keys: KeyStore): string => keys.secret(PURPOSE).kid;

/**
 * In a transaction that writes identity keys computed with `kid`: waits while a rotation holds the maintenance
 * lock, then refuses (503, nothing written) if a rotation is unfinished or has replaced `kid` meanwhile. A
 * process whose keys are behind (the rotation ran in `gradins keys rotate`) reloads them for the next request.
 */
export async function holdIdentityKey(tx: Tx, keys: KeyStore, kid: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock_shared(hashtextextended(${IDENTITY_MAINTENANCE_LOCK}, 0))`,
  );
  const [rotation] = await tx.select().from(keyRotations).where(eq(keyRotations.purpose, PURPOSE));
  if (!rotation) return;
  if (rotation.state === 'done' && rotation.activeKid === kid) return;
  if (rotation.state === 'done' && identityKeyInUse(keys) !== rotation.activeKid) await keys.reload();
  throw applicantProblems.identityKeyRotating();
}

export interface RotationProgress {
  step: 'rekeying' | 'swapping';
  target: (typeof TARGETS)[number];
  rows: number;
}

export interface RotationResult {
  retiredKid: string;
  activeKid: string;
  rows: number;
  resumed: boolean;
}

/**
 * Rotates the identity secret (TAJ-9): a new version is prepared (pending), every applicant's and group
 * participant's key is recomputed with it from the stored identity into `identity_key_rekeys` (batches), then
 * swapped in (batches), then the new version is activated and the old one deleted. All of it under the
 * maintenance lock, so no intake writes a key meanwhile; `key_rotations` records the step reached, so a
 * rotation stopped at any point is resumed by running it again, and intake refuses to write until it is done.
 * The unique indexes hold throughout: a row holds its old key until the swap gives it its new one, and two rows
 * get the same new key only if they had the same old one (checked before the swap).
 */
export async function rotateIdentityKey(
  deps: { database: Database; keys: KeyStore; clock: Clock },
  options: { batchSize?: number; onProgress?: (progress: RotationProgress) => void | Promise<void> } = {},
): Promise<RotationResult> {
  const batchSize = options.batchSize ?? REKEY_BATCH;
  return deps.database.withExclusiveLock(IDENTITY_MAINTENANCE_LOCK, async (db) => {
    const now = deps.clock.now();
    let [rotation] = await db.select().from(keyRotations).where(eq(keyRotations.purpose, PURPOSE));
    const resumed = rotation !== undefined && rotation.state !== 'done';
    if (!rotation || rotation.state === 'done') {
      const activeKid = identityKeyInUse(deps.keys);
      const { kid: nextKid } = await deps.keys.prepareSecret(PURPOSE, now);
      [rotation] = await db.transaction(async (tx) => {
        await tx.execute(sql`delete from identity_key_rekeys`);
        await recordAuditEvent(tx, {
          actor: SYSTEM,
          action: 'keys.rotation.started',
          target: { table: 'key_rotations', ids: [PURPOSE] },
          result: 'success',
          at: now,
        });
        const values = {
          activeKid,
          nextKid,
          state: 'rekeying' as const,
          startedAt: now,
          finishedAt: null,
          rowsRekeyed: 0,
        };
        return tx
          .insert(keyRotations)
          .values({ purpose: PURPOSE, ...values })
          .onConflictDoUpdate({ target: keyRotations.purpose, set: values })
          .returning();
      });
    }
    const { activeKid: oldKid, nextKid } = rotation!;
    if (!nextKid) throw new Error('a rotation under way names its next key');
    deps.keys.secretByKid(nextKid); // the prepared version must still be there (it throws otherwise)
    let rows = rotation!.rowsRekeyed;

    if (rotation!.state === 'rekeying') {
      for (const target of TARGETS) {
        for (;;) {
          const n = await rekeyBatch(db, deps.keys, nextKid, target, batchSize);
          if (n === 0) break;
          rows += n;
          await options.onProgress?.({ step: 'rekeying', target, rows: n });
        }
      }
      await refuseMergedKeys(db);
      const [rekeyed] = await selectRows<{ n: string }>(
        db,
        sql`select count(*) as n from identity_key_rekeys`,
      );
      rows = Number(rekeyed?.n ?? 0);
      await db
        .update(keyRotations)
        .set({ state: 'swapping', rowsRekeyed: rows })
        .where(eq(keyRotations.purpose, PURPOSE));
    }

    for (const target of TARGETS) {
      for (;;) {
        const n = await swapBatch(db, target, batchSize);
        if (n === 0) break;
        await options.onProgress?.({ step: 'swapping', target, rows: n });
      }
    }

    await deps.keys.activateSecret(nextKid);
    if (oldKid !== nextKid) await deps.keys.retireSecret(oldKid);
    await db.transaction(async (tx) => {
      await tx
        .update(keyRotations)
        .set({ state: 'done', activeKid: nextKid, nextKid: null, finishedAt: deps.clock.now() })
        .where(eq(keyRotations.purpose, PURPOSE));
      await recordAuditEvent(tx, {
        actor: SYSTEM,
        action: 'keys.rotation.finished',
        target: { table: 'key_rotations', ids: [PURPOSE] },
        result: 'success',
        at: deps.clock.now(),
      });
    });
    return { retiredKid: oldKid, activeKid: nextKid, rows, resumed };
  });
}

/**
 * The next rows of a table without their new key, by id order (a rotation resumed starts after the last one
 * done): identities read, keys recomputed with the next secret, written to `identity_key_rekeys`.
 */
async function rekeyBatch(
  db: Db,
  keys: KeyStore,
  nextKid: string,
  target: (typeof TARGETS)[number],
  batchSize: number,
): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await selectRows<{
      id: string;
      birth_surname: string;
      first_names: string;
      birth_date: string;
    }>(
      tx,
      sql`select t.id, t.birth_surname, t.first_names, t.birth_date::text as birth_date
          from ${sql.identifier(target)} t
          where t.id > coalesce(
            (select row_id from identity_key_rekeys where target = ${target} order by row_id desc limit 1),
            '00000000-0000-0000-0000-000000000000'::uuid)
          order by t.id limit ${batchSize}`,
    );
    if (rows.length === 0) return 0;
    const newKeys = rows.map((row) =>
      keys.pseudonymWith(
        nextKid,
        identityKeyInput({
          birthSurname: row.birth_surname,
          firstNames: row.first_names,
          birthDate: row.birth_date,
        }),
      ),
    );
    await tx.execute(
      sql`insert into identity_key_rekeys (target, row_id, new_key)
          select ${target}, r.id, r.key
          from unnest(${sql.param(rows.map((row) => row.id))}::uuid[], ${sql.param(newKeys)}::text[]) as r(id, key)
          on conflict do nothing`,
    );
    return rows.length;
  });
}

/** A batch of new keys into their rows, each removed from `identity_key_rekeys` in the same statement. */
async function swapBatch(db: Db, target: (typeof TARGETS)[number], batchSize: number): Promise<number> {
  const [result] = await selectRows<{ n: string }>(
    db,
    sql`with batch as (
          delete from identity_key_rekeys where (target, row_id) in (
            select target, row_id from identity_key_rekeys where target = ${target} limit ${batchSize})
          returning row_id, new_key),
        swapped as (
          update ${sql.identifier(target)} t set identity_key = b.new_key from batch b where t.id = b.row_id
          returning 1)
        select (select count(*) from batch) as n`,
  );
  return Number(result?.n ?? 0);
}

/**
 * Keys written under an older normalisation could meet once recomputed: the swap would then break a unique
 * index half-way. Checked before any row changes; the rotation stops, nothing swapped, for a person to look.
 */
async function refuseMergedKeys(db: Db): Promise<void> {
  const [merged] = await selectRows<{ n: string }>(
    db,
    sql`select count(*) as n from (
          select r.new_key from identity_key_rekeys r join applicants a on a.id = r.row_id
          where r.target = 'applicants' and a.confirmed_at is not null
          group by r.new_key, a.programme_id having count(*) > 1
          union all
          select r.new_key from identity_key_rekeys r join group_participants gp on gp.id = r.row_id
          where r.target = 'group_participants'
          group by r.new_key, gp.group_id having count(*) > 1) merged`,
  );
  if (Number(merged?.n ?? 0) > 0)
    throw new Error(
      `${merged!.n} identities would share a key after the rotation (keys written under an older normalisation): nothing was swapped; merge the duplicates, then run the rotation again`,
    );
}
