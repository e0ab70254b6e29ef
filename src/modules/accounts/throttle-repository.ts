import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database.js';
import { loginThrottle } from '../../platform/db/schema/index.js';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import type { ThrottleState } from './domain/login-throttling.js';

/** Throttle keys are pseudonyms: neither the e-mail typed nor the client address is stored here. */
export const accountThrottleKey = (keys: KeyStore, email: string) =>
  `account:${keys.pseudonym('login-throttle', email.trim().toLowerCase())}`;
export const clientThrottleKey = (keys: KeyStore, address: string) =>
  `client:${keys.pseudonym('login-throttle', address)}`;

export async function loadThrottle(db: Db | Tx, key: string): Promise<ThrottleState | undefined> {
  const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, key));
  return row ?? undefined;
}

export async function saveThrottle(db: Db | Tx, key: string, state: ThrottleState): Promise<void> {
  await db
    .insert(loginThrottle)
    .values({ key, ...state })
    .onConflictDoUpdate({ target: loginThrottle.key, set: state });
}

export async function clearThrottle(db: Db | Tx, key: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}
