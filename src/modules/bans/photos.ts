import { eq } from 'drizzle-orm';
import { banPhotos, bans } from '../../platform/db/schema/index.js';
import type { Acting, BansDeps } from './deps.js';
import { checkPhoto } from './domain/photo.js';
import { banProblems } from './problems.js';
import { auditChange } from './registry.js';
import { decryptPhoto, encryptPhoto, findBan, keyIdOf } from './repository.js';

// The photograph of a ban (AU-42 art. 3): shown to a ban officer who asks for it, on its own request, never
// processed otherwise — no face detection, no biometric template, no comparison of images.

export async function setPhoto(
  deps: BansDeps,
  organiserId: string,
  banId: string,
  bytes: Buffer,
  who: Acting,
): Promise<{ mediaType: string; bytes: number }> {
  const verdict = checkPhoto(bytes);
  if (!verdict.ok) throw banProblems.photo(verdict.reason);
  await deps.database.transaction(async (tx) => {
    if (!(await findBan(tx, organiserId, banId, true))) throw banProblems.notFound();
    const imageEncrypted = encryptPhoto(deps.cipher, banId, bytes);
    const values = {
      mediaType: verdict.mediaType,
      imageEncrypted,
      keyId: keyIdOf(imageEncrypted),
      bytes: bytes.length,
      updatedAt: deps.clock.now(),
    };
    await tx
      .insert(banPhotos)
      .values({ banId, ...values })
      .onConflictDoUpdate({ target: banPhotos.banId, set: values });
    await tx.update(bans).set({ updatedAt: deps.clock.now() }).where(eq(bans.id, banId));
    await auditChange(tx, deps, who, 'bans.photo.changed', 'ban_photos', [banId]);
  });
  return { mediaType: verdict.mediaType, bytes: bytes.length };
}

export async function readPhoto(
  deps: BansDeps,
  organiserId: string,
  banId: string,
): Promise<{ mediaType: string; image: Buffer }> {
  if (!(await findBan(deps.database.db, organiserId, banId))) throw banProblems.notFound();
  const [photo] = await deps.database.db.select().from(banPhotos).where(eq(banPhotos.banId, banId));
  if (!photo) throw banProblems.noPhoto();
  return { mediaType: photo.mediaType, image: decryptPhoto(deps.cipher, banId, photo.imageEncrypted) };
}

export async function removePhoto(
  deps: BansDeps,
  organiserId: string,
  banId: string,
  who: Acting,
): Promise<void> {
  await deps.database.transaction(async (tx) => {
    if (!(await findBan(tx, organiserId, banId, true))) throw banProblems.notFound();
    const deleted = await tx
      .delete(banPhotos)
      .where(eq(banPhotos.banId, banId))
      .returning({ id: banPhotos.banId });
    if (deleted.length === 0) throw banProblems.noPhoto();
    await auditChange(tx, deps, who, 'bans.photo.deleted', 'ban_photos', [banId]);
  });
}
