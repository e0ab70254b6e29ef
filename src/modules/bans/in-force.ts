import { and, eq, gt, inArray, isNull, lte } from 'drizzle-orm';
import type { BanMeasure } from '../../../contracts/bans.js';
import type { FieldCipher } from '../../platform/crypto/field-encryption.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { bans } from '../../platform/db/schema/index.js';
import { parisDate } from '../programmes/domain/paris-time.js';
import { banIdentityKey, decryptBan, type PersonKeyed } from './repository.js';

// Effect only while in force (BAN-3), decided when asked: a ban before its first day, after its last, or
// suspended has no effect, whether or not the purge job has run yet (ARCHITECTURE.md: a late job never gives an
// expired ban effect).

export interface BanInForce {
  id: string;
  kind: 'judicial' | 'administrative';
  startsOn: string;
  endsOn: string;
  identityKey: string;
}

/** The condition "in force at `at`" (Paris day), for every query that gives a ban effect. */
export function inForceAt(at: Date) {
  const day = parisDate(at);
  return and(lte(bans.startsOn, day), gt(bans.endsOn, day), isNull(bans.suspendedAt));
}

/** The organiser's bans in force at `at`. */
export async function bansInForce(db: Db | Tx, organiserId: string, at: Date): Promise<BanInForce[]> {
  return db
    .select({
      id: bans.id,
      kind: bans.kind,
      startsOn: bans.startsOn,
      endsOn: bans.endsOn,
      identityKey: bans.identityKey,
    })
    .from(bans)
    .where(and(eq(bans.organiserId, organiserId), inForceAt(at)));
}

export interface BanMatch extends BanInForce {
  measure: BanMeasure;
}

/**
 * The organiser's bans in force at `at` whose identity key is the person's (exact match on the normalised
 * surname, first name and birth date). What the screening at issuance (next part of issue [H]) builds on; a
 * match is never a refusal by itself (BAN-6): a ban officer decides.
 */
export async function bansInForceFor(
  { db, keys, cipher }: { db: Db | Tx; keys: KeyStore; cipher: FieldCipher },
  organiserId: string,
  person: PersonKeyed,
  at: Date,
): Promise<BanMatch[]> {
  // Keyed with each version of the secret still in the registry: a ban not yet re-keyed after a rotation of the
  // `identity-ban` secret still matches.
  const kids = await db
    .selectDistinct({ kid: bans.identityKeyKid })
    .from(bans)
    .where(eq(bans.organiserId, organiserId));
  const candidates = kids.map(({ kid }) => banIdentityKey(keys, person, kid).identityKey);
  if (candidates.length === 0) return [];
  const rows = await db
    .select()
    .from(bans)
    .where(and(eq(bans.organiserId, organiserId), inArray(bans.identityKey, candidates), inForceAt(at)));
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    identityKey: row.identityKey,
    measure: decryptBan(cipher, row).measure,
  }));
}
