import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { eq } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { sessions, users } from '../../platform/db/schema/index.js';
import type { AccountsDeps, RequestContext } from './deps.js';
import { ACCOUNT_POLICY, afterFailure, CLIENT_POLICY, decideAttempt } from './domain/login-throttling.js';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './password-hashing.js';
import { passkeysOf } from './passkey-repository.js';
import { checkPasskeyAssertion, recordPasskeyUse } from './passkeys.js';
import { accountProblems } from './problems.js';
import { checkTotp, useRecoveryCode } from './second-factor.js';
import { endSession, openSession } from './sessions.js';
import {
  accountThrottleKey,
  clearThrottle,
  clientThrottleKey,
  loadThrottle,
  saveThrottle,
} from './throttle-repository.js';

/**
 * Password login (SEC-2). Unknown e-mail and wrong password get the same answer, after the same work (a
 * dummy hash is verified), and are throttled and locked the same way, per name typed and per client address.
 * A success opens a new session (new token) and ends the one the browser had, if any.
 */
export async function logIn(
  deps: AccountsDeps,
  input: { email: string; password: string; previousSessionId?: string | undefined },
  context: RequestContext,
): Promise<{ token: string; userId: string }> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const accountKey = accountThrottleKey(deps.keys, input.email);
  const clientKey = clientThrottleKey(deps.keys, context.sourceIp);
  const [accountState, clientState] = await Promise.all([
    loadThrottle(db, accountKey),
    loadThrottle(db, clientKey),
  ]);
  for (const decision of [decideAttempt(accountState, now), decideAttempt(clientState, now)]) {
    if (decision.kind === 'locked') throw accountProblems.locked(decision.until);
    if (decision.kind === 'wait') throw accountProblems.throttled(decision.until, now);
  }

  const [user] = await db.select().from(users).where(eq(users.email, input.email)).limit(1);
  const passwordMatches = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyAgainstDummy(input.password);

  if (!user || !passwordMatches || user.status !== 'active') {
    const accountAfter = afterFailure(accountState, now, ACCOUNT_POLICY);
    await deps.database.transaction(async (tx) => {
      await saveThrottle(tx, accountKey, accountAfter);
      await saveThrottle(tx, clientKey, afterFailure(clientState, now, CLIENT_POLICY));
      await recordAuditEvent(tx, {
        actor: user?.id ?? 'anonymous',
        organisationId: user?.organisationId ?? null,
        action: accountAfter.lockedUntil ? 'accounts.login.locked' : 'accounts.login.failed',
        target: user ? { table: 'users', ids: [user.id] } : undefined,
        result: 'failure',
        ...context,
        at: now,
      });
    });
    if (accountAfter.lockedUntil) throw accountProblems.locked(accountAfter.lockedUntil);
    throw accountProblems.invalidCredentials();
  }

  const upgradedHash = needsRehash(user.passwordHash!) ? await hashPassword(input.password) : undefined;
  return deps.database.transaction(async (tx) => {
    await clearThrottle(tx, accountKey);
    if (input.previousSessionId) await endSession(tx, input.previousSessionId, 'replaced_at_login', now);
    await tx
      .update(users)
      .set({ lastLoginAt: now, ...(upgradedHash ? { passwordHash: upgradedHash } : {}) })
      .where(eq(users.id, user.id));
    const { token, sessionId } = await openSession(tx, user.id, now, { mfaVerified: false });
    await recordAuditEvent(tx, {
      actor: user.id,
      organisationId: user.organisationId,
      action: 'accounts.login.succeeded',
      target: { table: 'sessions', ids: [sessionId] },
      result: 'success',
      ...context,
      at: now,
    });
    return { token, userId: user.id };
  });
}

/**
 * The second step: a TOTP code or an unused recovery code. Failures count towards the account's lock like
 * password failures (six digits must not be guessable by repetition). Success marks the session verified
 * and gives it a new token.
 */
export async function completeSecondFactor(
  deps: AccountsDeps,
  input: { userId: string; sessionId: string; code: string },
  context: RequestContext,
): Promise<{ token: string }> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const [user] = await db.select().from(users).where(eq(users.id, input.userId));
  if (!user) throw accountProblems.secondFactorInvalid();
  const accountKey = accountThrottleKey(deps.keys, user.email);
  const accountState = await loadThrottle(db, accountKey);
  const decision = decideAttempt(accountState, now);
  if (decision.kind === 'locked') throw accountProblems.locked(decision.until);
  if (decision.kind === 'wait') throw accountProblems.throttled(decision.until, now);

  const outcome = await deps.database.transaction(async (tx) => {
    const viaTotp = user.totpEnabledAt !== null && (await checkTotp(deps, tx, user, input.code));
    const viaRecovery = !viaTotp && (await useRecoveryCode(deps, tx, user.id, input.code));
    if (!viaTotp && !viaRecovery) return { ok: false as const };
    await clearThrottle(tx, accountKey);
    await endSession(tx, input.sessionId, 'second_factor_completed', now);
    const { token, sessionId } = await openSession(tx, user.id, now, { mfaVerified: true });
    await recordAuditEvent(tx, {
      actor: user.id,
      organisationId: user.organisationId,
      action: viaTotp ? 'accounts.mfa.succeeded' : 'accounts.mfa.recovery-code-used',
      target: { table: 'sessions', ids: [sessionId] },
      result: 'success',
      ...context,
      at: now,
    });
    return { ok: true as const, token };
  });
  if (outcome.ok) return { token: outcome.token };

  const accountAfter = afterFailure(accountState, now, ACCOUNT_POLICY);
  await deps.database.transaction(async (tx) => {
    await saveThrottle(tx, accountKey, accountAfter);
    await recordAuditEvent(tx, {
      actor: user.id,
      organisationId: user.organisationId,
      action: 'accounts.mfa.failed',
      target: { table: 'users', ids: [user.id] },
      result: 'failure',
      ...context,
      at: now,
    });
  });
  if (accountAfter.lockedUntil) throw accountProblems.locked(accountAfter.lockedUntil);
  throw accountProblems.secondFactorInvalid();
}

/**
 * Re-entering the password, and the second factor when the account has one (a TOTP or recovery code, or a
 * passkey assertion), opens a 5-minute window for sensitive actions.
 */
export async function reauthenticate(
  deps: AccountsDeps,
  input: {
    userId: string;
    sessionId: string;
    password: string;
    code?: string | undefined;
    passkey?: AuthenticationResponseJSON | undefined;
  },
  context: RequestContext,
): Promise<void> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const [user] = await db.select().from(users).where(eq(users.id, input.userId));
  const passwordOk = user?.passwordHash ? await verifyPassword(user.passwordHash, input.password) : false;
  const hasPasskeys = user ? (await passkeysOf(db, user.id)).length > 0 : false;
  const needsSecondFactor = Boolean(user?.totpEnabledAt) || hasPasskeys;
  const assertion =
    user && passwordOk && hasPasskeys && input.passkey
      ? await checkPasskeyAssertion(deps, {
          userId: user.id,
          sessionId: input.sessionId,
          response: input.passkey,
        })
      : undefined;
  const ok = await deps.database.transaction(async (tx) => {
    const viaCode = async (code: string) =>
      (user?.totpEnabledAt != null && (await checkTotp(deps, tx, user, code))) ||
      (user !== undefined && (await useRecoveryCode(deps, tx, user.id, code)));
    const factorOk =
      !needsSecondFactor ||
      (assertion?.ok === true && (await recordPasskeyUse(tx, assertion, now))) ||
      (input.code !== undefined && (await viaCode(input.code)));
    const success = Boolean(user && passwordOk && factorOk);
    if (success)
      await tx.update(sessions).set({ reauthenticatedAt: now }).where(eq(sessions.id, input.sessionId));
    if (assertion && !assertion.ok && assertion.reason === 'counter-regressed')
      await recordAuditEvent(tx, {
        actor: input.userId,
        organisationId: user?.organisationId ?? null,
        action: 'accounts.passkey.counter-regressed',
        target: { table: 'webauthn_credentials', ids: [assertion.passkey.id] },
        result: 'failure',
        ...context,
        at: now,
      });
    await recordAuditEvent(tx, {
      actor: input.userId,
      organisationId: user?.organisationId ?? null,
      action: success ? 'accounts.reauthentication.succeeded' : 'accounts.reauthentication.failed',
      target: { table: 'sessions', ids: [input.sessionId] },
      result: success ? 'success' : 'failure',
      ...context,
      at: now,
    });
    return success;
  });
  if (ok) return;
  if (!needsSecondFactor || !passwordOk) throw accountProblems.invalidCredentials();
  throw input.passkey ? accountProblems.passkeyInvalid() : accountProblems.secondFactorInvalid();
}

export async function logOut(
  deps: AccountsDeps,
  actor: { userId: string; organisationId: string; sessionId: string },
  context: RequestContext,
): Promise<void> {
  const now = deps.clock.now();
  await deps.database.transaction(async (tx) => {
    await endSession(tx, actor.sessionId, 'logout', now);
    await recordAuditEvent(tx, {
      actor: actor.userId,
      organisationId: actor.organisationId,
      action: 'accounts.logout.succeeded',
      target: { table: 'sessions', ids: [actor.sessionId] },
      result: 'success',
      ...context,
      at: now,
    });
  });
}
