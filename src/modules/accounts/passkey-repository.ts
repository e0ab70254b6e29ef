import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database.js';
import { webauthnChallenges, webauthnCredentials } from '../../platform/db/schema/index.js';

export type PasskeyRow = typeof webauthnCredentials.$inferSelect;
export type ChallengePurpose = 'registration' | 'authentication';

export async function passkeysOf(db: Db | Tx, userId: string): Promise<PasskeyRow[]> {
  return db
    .select()
    .from(webauthnCredentials)
    .where(eq(webauthnCredentials.userId, userId))
    .orderBy(asc(webauthnCredentials.createdAt));
}

/** How many passkeys each of these users has (users without any are absent). */
export async function passkeyCounts(db: Db | Tx, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ userId: webauthnCredentials.userId, passkeys: count() })
    .from(webauthnCredentials)
    .where(inArray(webauthnCredentials.userId, userIds))
    .groupBy(webauthnCredentials.userId);
  return new Map(rows.map((row) => [row.userId, Number(row.passkeys)]));
}

/** One pending challenge per session: a new one replaces the previous, whatever its purpose. */
export async function storeChallenge(
  tx: Db | Tx,
  challenge: { sessionId: string; purpose: ChallengePurpose; challenge: string; expiresAt: Date },
): Promise<void> {
  await tx
    .insert(webauthnChallenges)
    .values(challenge)
    .onConflictDoUpdate({
      target: webauthnChallenges.sessionId,
      set: { purpose: challenge.purpose, challenge: challenge.challenge, expiresAt: challenge.expiresAt },
    });
}

/**
 * Takes the session's challenge out of the table, so it serves once whatever the outcome of the check that
 * follows; answers it only if it has the expected purpose and has not expired.
 */
export async function consumeChallenge(
  db: Db | Tx,
  sessionId: string,
  purpose: ChallengePurpose,
  now: Date,
): Promise<string | undefined> {
  const [taken] = await db
    .delete(webauthnChallenges)
    .where(eq(webauthnChallenges.sessionId, sessionId))
    .returning();
  return taken && taken.purpose === purpose && taken.expiresAt > now ? taken.challenge : undefined;
}

export async function findPasskeyByCredentialId(
  db: Db | Tx,
  userId: string,
  credentialId: string,
): Promise<PasskeyRow | undefined> {
  const [row] = await db
    .select()
    .from(webauthnCredentials)
    .where(and(eq(webauthnCredentials.userId, userId), eq(webauthnCredentials.credentialId, credentialId)));
  return row;
}

/**
 * Moves the stored counter forward only if it still holds the value the check was made against: two
 * concurrent uses of one assertion cannot both pass.
 */
export async function advanceCounter(
  tx: Db | Tx,
  passkey: PasskeyRow,
  newCounter: number,
  now: Date,
): Promise<boolean> {
  const updated = await tx
    .update(webauthnCredentials)
    .set({ signCount: newCounter, lastUsedAt: now })
    .where(and(eq(webauthnCredentials.id, passkey.id), eq(webauthnCredentials.signCount, passkey.signCount)))
    .returning({ id: webauthnCredentials.id });
  return updated.length > 0;
}
