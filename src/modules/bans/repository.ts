import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { BanDetail, BanIdentity, BanInput, BanMeasure, BanSummary } from '../../../contracts/bans.js';
import type { FieldCipher } from '../../platform/crypto/field-encryption.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { banPhotos, bans, sportEvents } from '../../platform/db/schema/index.js';
import { identityKeyInput } from '../applicants/domain/identity.js';
import { addDays, banStatus } from './domain/ban-period.js';
import type { BanContext } from './domain/ban-validation.js';

export type BanRow = typeof bans.$inferSelect;

/** Each value is bound to its column and its row: copied elsewhere, it does not decrypt. */
const context = {
  identity: (id: string) => `bans.identity_encrypted:${id}`,
  measure: (id: string) => `bans.measure_encrypted:${id}`,
  photo: (banId: string) => `ban_photos.image_encrypted:${banId}`,
};

/**
 * The identity key of a person for screening (AU-42 purpose only): the normalised surname, first name and
 * birth date (the rule of `applicants/domain/identity.ts`), HMAC with the `identity-ban` secret — never the
 * beneficiaries' one, so a key of one registry means nothing in the other.
 */
export function banIdentityKey(keys: KeyStore, identity: PersonKeyed, kid = keys.secret('identity-ban').kid) {
  return { identityKey: keys.pseudonymWith(kid, banIdentityInput(identity)), identityKeyKid: kid };
}

export type PersonKeyed = Pick<BanIdentity, 'surname' | 'firstName' | 'birthDate'>;
export const banIdentityInput = (identity: PersonKeyed) =>
  identityKeyInput({
    birthSurname: identity.surname,
    firstNames: identity.firstName,
    birthDate: identity.birthDate,
  });

/** The encrypted columns of a ban, with the key that encrypted them. */
export function encryptedColumns(cipher: FieldCipher, id: string, input: BanInput) {
  const identityEncrypted = cipher.encrypt(JSON.stringify(input.identity), context.identity(id));
  const measureEncrypted = cipher.encrypt(JSON.stringify(input.measure), context.measure(id));
  return { identityEncrypted, measureEncrypted, keyId: keyIdOf(identityEncrypted) };
}

/** The kid a stored value names (`v1.<kid>.<iv>.<data>`). */
export const keyIdOf = (stored: string) => stored.split('.')[1]!;

export function decryptBan(cipher: FieldCipher, row: BanRow): { identity: BanIdentity; measure: BanMeasure } {
  return {
    identity: JSON.parse(cipher.decrypt(row.identityEncrypted, context.identity(row.id))) as BanIdentity,
    measure: JSON.parse(cipher.decrypt(row.measureEncrypted, context.measure(row.id))) as BanMeasure,
  };
}

export const encryptPhoto = (cipher: FieldCipher, banId: string, bytes: Buffer) =>
  cipher.encrypt(bytes.toString('base64'), context.photo(banId));
export const decryptPhoto = (cipher: FieldCipher, banId: string, stored: string) =>
  Buffer.from(cipher.decrypt(stored, context.photo(banId)), 'base64');

const periodView = (row: BanRow, today: string) => ({
  startsOn: row.startsOn,
  lastDay: addDays(row.endsOn, -1),
  status: banStatus({ ...row, suspended: row.suspendedAt !== null }, today),
});

export function summaryView(cipher: FieldCipher, row: BanRow, hasPhoto: boolean, today: string): BanSummary {
  const { identity } = decryptBan(cipher, row);
  return {
    id: row.id,
    kind: row.kind,
    surname: identity.surname,
    firstName: identity.firstName,
    birthDate: identity.birthDate,
    ...periodView(row, today),
    hasPhoto,
  };
}

export function detailView(cipher: FieldCipher, row: BanRow, hasPhoto: boolean, today: string): BanDetail {
  const { identity, measure } = decryptBan(cipher, row);
  return {
    id: row.id,
    identity: { ...identity, address: identity.address ?? null },
    measure,
    ...periodView(row, today),
    suspendedAt: row.suspendedAt?.toISOString() ?? null,
    informedAt: row.informedAt?.toISOString() ?? null,
    informedBy: row.informedBy,
    hasPhoto,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** One ban of an organiser's registry, locked for a change when `forUpdate`. */
export async function findBan(db: Db | Tx, organiserId: string, banId: string, forUpdate = false) {
  const query = db
    .select()
    .from(bans)
    .where(and(eq(bans.id, banId), eq(bans.organiserId, organiserId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function hasPhoto(db: Db | Tx, banId: string): Promise<boolean> {
  const [row] = await db.select({ banId: banPhotos.banId }).from(banPhotos).where(eq(banPhotos.banId, banId));
  return row !== undefined;
}

/** The venues and sports of the organiser's events: what an administrative ban may name (BanContext). */
export async function organiserContext(db: Db | Tx, organiserId: string, today: string): Promise<BanContext> {
  const rows = await db
    .selectDistinct({ venue: sportEvents.venue, sport: sportEvents.sport })
    .from(sportEvents)
    .where(and(isNotNull(sportEvents.organiserId), eq(sportEvents.organiserId, organiserId)));
  const byName = (names: string[]) => new Map(names.map((name) => [name.trim().toLowerCase(), name]));
  return {
    today,
    venues: byName(rows.map((row) => row.venue)),
    sports: byName(rows.map((row) => row.sport)),
  };
}

/** A ban of the same person, kind and first day already in the registry (a list imported twice). */
export async function sameBanExists(
  db: Db | Tx,
  organiserId: string,
  ban: { identityKey: string; kind: string; startsOn: string },
  exceptId?: string,
): Promise<boolean> {
  const [row] = await db
    .select({ id: bans.id })
    .from(bans)
    .where(
      and(
        eq(bans.organiserId, organiserId),
        eq(bans.identityKey, ban.identityKey),
        eq(bans.kind, ban.kind as BanRow['kind']),
        eq(bans.startsOn, ban.startsOn),
        exceptId ? sql`${bans.id} <> ${exceptId}` : undefined,
      ),
    );
  return row !== undefined;
}
