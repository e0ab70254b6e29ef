import { eq, or, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import type { Tx } from '../../platform/db/database.js';
import { banPhotos, bans } from '../../platform/db/schema/index.js';
import type { BansDeps } from './deps.js';
import {
  banIdentityKey,
  decryptBan,
  decryptPhoto,
  encryptedColumns,
  encryptPhoto,
  keyIdOf,
} from './repository.js';

const BATCH = 500;
const SYSTEM = 'system:ban-key-rotation';

/**
 * After a rotation of the `field-encryption` or `identity-ban` secret (`KeyStore.prepareSecret` then
 * `activateSecret`): re-encrypts every ban and photograph still under an older key, and recomputes every
 * identity key made with an older secret, so the older versions can then be retired. Batched and idempotent;
 * rows under the current keys are left alone.
 */
export async function reencryptBans(deps: BansDeps): Promise<{ bans: number; photos: number }> {
  const fieldKid = deps.keys.secret('field-encryption').kid;
  const identityKid = deps.keys.secret('identity-ban').kid;
  const done = { bans: 0, photos: 0 };
  for (;;) {
    const n = await deps.database.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(bans)
        .where(or(sql`${bans.keyId} <> ${fieldKid}`, sql`${bans.identityKeyKid} <> ${identityKid}`))
        .limit(BATCH)
        .for('update');
      for (const row of rows) {
        const input = decryptBan(deps.cipher, row);
        await tx
          .update(bans)
          .set({
            ...encryptedColumns(deps.cipher, row.id, input),
            ...banIdentityKey(deps.keys, input.identity),
          })
          .where(eq(bans.id, row.id));
      }
      if (rows.length > 0)
        await audit(
          tx,
          'bans',
          rows.map((row) => row.id),
          deps,
        );
      return rows.length;
    });
    done.bans += n;
    if (n < BATCH) break;
  }
  for (;;) {
    const n = await deps.database.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(banPhotos)
        .where(sql`${banPhotos.keyId} <> ${fieldKid}`)
        .limit(BATCH)
        .for('update');
      for (const row of rows) {
        const imageEncrypted = encryptPhoto(
          deps.cipher,
          row.banId,
          decryptPhoto(deps.cipher, row.banId, row.imageEncrypted),
        );
        await tx
          .update(banPhotos)
          .set({ imageEncrypted, keyId: keyIdOf(imageEncrypted) })
          .where(eq(banPhotos.banId, row.banId));
      }
      if (rows.length > 0)
        await audit(
          tx,
          'ban_photos',
          rows.map((row) => row.banId),
          deps,
        );
      return rows.length;
    });
    done.photos += n;
    if (n < BATCH) break;
  }
  return done;
}

function audit(tx: Tx, table: string, ids: string[], deps: BansDeps) {
  return recordAuditEvent(tx, {
    actor: SYSTEM,
    action: 'bans.key.rotated',
    target: { table, ids },
    result: 'success',
    at: deps.clock.now(),
  });
}
