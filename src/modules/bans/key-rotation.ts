import { eq, or, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import type { Tx } from '../../platform/db/database.js';
import { banPhotos, banRightsRequests, bans } from '../../platform/db/schema/index.js';
import type { BansDeps } from './deps.js';
import {
  banIdentityKey,
  decryptBan,
  decryptPhoto,
  encryptedColumns,
  encryptPhoto,
  keyIdOf,
} from './repository.js';
import { decryptRequester, encryptRequester } from './rights-requests.js';

const BATCH = 500;
const SYSTEM = 'system:ban-key-rotation';

/**
 * After a rotation of the `field-encryption` or `identity-ban` secret (`KeyStore.prepareSecret` then
 * `activateSecret`): re-encrypts every ban, photograph and rights request's requester still under an older
 * key, and recomputes every identity key made with an older secret, so the older versions can then be retired.
 * Batched and idempotent; rows under the current keys are left alone.
 */
export async function reencryptBans(
  deps: BansDeps,
): Promise<{ bans: number; photos: number; rightsRequests: number }> {
  const fieldKid = deps.keys.secret('field-encryption').kid;
  const identityKid = deps.keys.secret('identity-ban').kid;
  const banCount = await inBatches(deps, 'bans', async (tx) => {
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
    return rows.map((row) => row.id);
  });
  const photoCount = await inBatches(deps, 'ban_photos', async (tx) => {
    const rows = await tx
      .select()
      .from(banPhotos)
      .where(sql`${banPhotos.keyId} <> ${fieldKid}`)
      .limit(BATCH)
      .for('update');
    for (const row of rows) {
      const image = decryptPhoto(deps.cipher, row.banId, row.imageEncrypted);
      const imageEncrypted = encryptPhoto(deps.cipher, row.banId, image);
      await tx
        .update(banPhotos)
        .set({ imageEncrypted, keyId: keyIdOf(imageEncrypted) })
        .where(eq(banPhotos.banId, row.banId));
    }
    return rows.map((row) => row.banId);
  });
  const requestCount = await inBatches(deps, 'ban_rights_requests', async (tx) => {
    const rows = await tx
      .select()
      .from(banRightsRequests)
      .where(sql`${banRightsRequests.keyId} <> ${fieldKid}`)
      .limit(BATCH)
      .for('update');
    for (const row of rows) {
      const requesterEncrypted = encryptRequester(deps.cipher, row.id, decryptRequester(deps.cipher, row));
      await tx
        .update(banRightsRequests)
        .set({ requesterEncrypted, keyId: keyIdOf(requesterEncrypted) })
        .where(eq(banRightsRequests.id, row.id));
    }
    return rows.map((row) => row.id);
  });
  return { bans: banCount, photos: photoCount, rightsRequests: requestCount };
}

/**
 * Runs `batch` (which re-encrypts up to BATCH rows and returns their ids) one transaction at a time, each with
 * its audit entry, until a batch comes back short. Returns the number of rows re-encrypted.
 */
async function inBatches(
  deps: BansDeps,
  table: string,
  batch: (tx: Tx) => Promise<string[]>,
): Promise<number> {
  let done = 0;
  for (;;) {
    const n = await deps.database.transaction(async (tx) => {
      const ids = await batch(tx);
      if (ids.length > 0)
        await recordAuditEvent(tx, {
          actor: SYSTEM,
          action: 'bans.key.rotated',
          target: { table, ids },
          result: 'success',
          at: deps.clock.now(),
        });
      return ids.length;
    });
    done += n;
    if (n < BATCH) return done;
  }
}
