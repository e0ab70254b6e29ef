import crypto from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { generateSecret, generateURI, verify } from 'otplib';
import type { Db, Tx } from '../../platform/db/database.js';
import { recoveryCodes, users } from '../../platform/db/schema/index.js';
import type { AccountsDeps } from './deps.js';
import { recoveryCode } from './tokens.js';

const TOTP_CONTEXT = 'users.totp_secret_encrypted';
const RECOVERY_CODE_COUNT = 10;

export const hashRecoveryCode = (code: string) =>
  crypto.createHash('sha256').update(code.trim().toLowerCase(), 'utf8').digest('hex');

/** A new TOTP secret, stored encrypted and inactive until a first code confirms it. */
export async function startTotpEnrolment(
  deps: AccountsDeps,
  tx: Db | Tx,
  user: { id: string; email: string },
): Promise<{ secret: string; otpauthUri: string }> {
  const secret = generateSecret();
  await tx
    .update(users)
    .set({
      totpSecretEncrypted: deps.cipher.encrypt(secret, TOTP_CONTEXT),
      totpEnabledAt: null,
      totpLastStep: null,
    })
    .where(eq(users.id, user.id));
  return { secret, otpauthUri: generateURI({ issuer: 'Gradins', label: user.email, secret }) };
}

/**
 * Checks a TOTP code (±30 s for clock drift) and refuses any code of a time step already used, so an
 * observed code cannot be replayed. Records the step on success.
 */
export async function checkTotp(
  deps: AccountsDeps,
  tx: Db | Tx,
  user: { id: string; totpSecretEncrypted: string | null; totpLastStep: number | null },
  code: string,
): Promise<boolean> {
  if (!user.totpSecretEncrypted || !/^\d{6}$/.test(code)) return false;
  const secret = deps.cipher.decrypt(user.totpSecretEncrypted, TOTP_CONTEXT);
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(deps.clock.now().getTime() / 1000),
    epochTolerance: 30,
    ...(user.totpLastStep !== null ? { afterTimeStep: user.totpLastStep } : {}),
  }).catch(() => ({ valid: false as const }));
  if (!result.valid || !('timeStep' in result)) return false;
  await tx.update(users).set({ totpLastStep: result.timeStep }).where(eq(users.id, user.id));
  return true;
}

/** Uses a recovery code once. */
export async function useRecoveryCode(
  deps: AccountsDeps,
  tx: Db | Tx,
  userId: string,
  code: string,
): Promise<boolean> {
  const used = await tx
    .update(recoveryCodes)
    .set({ usedAt: deps.clock.now() })
    .where(
      and(
        eq(recoveryCodes.userId, userId),
        eq(recoveryCodes.codeHash, hashRecoveryCode(code)),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id });
  return used.length > 0;
}

/** Replaces a user's recovery codes; the plain codes are returned once and never stored. */
export async function issueRecoveryCodes(tx: Db | Tx, userId: string): Promise<string[]> {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, recoveryCode);
  await tx.insert(recoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })));
  return codes;
}
