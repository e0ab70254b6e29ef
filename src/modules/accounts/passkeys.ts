import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { and, count, eq, isNull } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { recoveryCodes, roleGrants, users, webauthnCredentials } from '../../platform/db/schema/index.js';
import type { Actor } from '../../platform/http/actor.js';
import type { AccountsDeps, RequestContext } from './deps.js';
import { mayEnrolSecondFactor, requiresSecondFactor } from './domain/access-policy.js';
import { ACCOUNT_POLICY, afterFailure, decideAttempt } from './domain/login-throttling.js';
import {
  counterRegressed,
  MAX_PASSKEYS_PER_ACCOUNT,
  PASSKEY_CHALLENGE_MS,
  removalLeavesNoRequiredFactor,
} from './domain/passkey-policy.js';
import {
  advanceCounter,
  consumeChallenge,
  findPasskeyByCredentialId,
  passkeysOf,
  storeChallenge,
  type PasskeyRow,
} from './passkey-repository.js';
import { accountProblems } from './problems.js';
import { issueRecoveryCodes } from './second-factor.js';
import { endSession, openSession } from './sessions.js';
import { accountThrottleKey, clearThrottle, loadThrottle, saveThrottle } from './throttle-repository.js';

// Passkeys (WebAuthn) as a second factor next to TOTP (SEC-2). The password stays the first factor: a passkey
// replaces the six-digit code, never the password.

type Who = { actor: Actor } & RequestContext;

const RP_NAME = 'Gradins';

/** The relying party is our public address: its host name is the RP id, its origin the only one accepted. */
function relyingParty(deps: AccountsDeps): { rpID: string; origin: string } {
  const url = new URL(deps.publicUrl);
  return { rpID: url.hostname, origin: url.origin };
}

export function passkeyView(passkey: PasskeyRow) {
  return {
    id: passkey.id,
    label: passkey.label,
    createdAt: passkey.createdAt.toISOString(),
    lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null,
  };
}

const auditOf = (deps: AccountsDeps, who: Who) => ({
  actor: who.actor.userId,
  organisationId: who.actor.organisationId,
  requestId: who.requestId,
  sourceIp: who.sourceIp,
  at: deps.clock.now(),
});

/** A person may add a passkey once signed in, or while enrolling the second factor their roles require. */
function requireMayRegister(actor: Actor): void {
  if (!mayEnrolSecondFactor(actor.secondFactorDue)) throw accountProblems.secondFactorEnrolmentRefused();
}

/** Options for `navigator.credentials.create()`; the challenge is kept for this session, five minutes. */
export async function beginPasskeyRegistration(
  deps: AccountsDeps,
  who: Who,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  requireMayRegister(who.actor);
  const { rpID } = relyingParty(deps);
  return deps.database.transaction(async (tx) => {
    const now = deps.clock.now();
    const [user] = await tx.select().from(users).where(eq(users.id, who.actor.userId));
    if (!user) throw accountProblems.notFound({ fr: 'Ce compte', en: 'This account' });
    const existing = await passkeysOf(tx, user.id);
    if (existing.length >= MAX_PASSKEYS_PER_ACCOUNT)
      throw accountProblems.passkeyLimit(MAX_PASSKEYS_PER_ACCOUNT);
    const options = await generateRegistrationOptions({
      rpName: RP_NAME,
      rpID,
      userName: user.email,
      userDisplayName: user.displayName,
      // The account's random id, not the e-mail: the authenticator keeps one credential per account.
      userID: new TextEncoder().encode(user.id),
      attestationType: 'none',
      excludeCredentials: existing.map((passkey) => ({
        id: passkey.credentialId,
        ...(passkey.transports ? { transports: passkey.transports } : {}),
      })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
    await storeChallenge(tx, {
      sessionId: who.actor.sessionId,
      purpose: 'registration',
      challenge: options.challenge,
      expiresAt: new Date(now.getTime() + PASSKEY_CHALLENGE_MS),
    });
    await recordAuditEvent(tx, {
      ...auditOf(deps, who),
      action: 'accounts.passkey.registration-started',
      target: { table: 'users', ids: [user.id] },
      result: 'success',
    });
    return options;
  });
}

async function hasUnusedRecoveryCode(tx: Db | Tx, userId: string): Promise<boolean> {
  const [row] = await tx
    .select({ unused: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return Number(row?.unused ?? 0) > 0;
}

/**
 * Verifies the authenticator's answer to this session's registration challenge (served once) and stores
 * the new public key. When it is the account's first second factor, or the enrolment its roles require,
 * the session counts as verified from now on, with a new token; recovery codes are issued (shown once) if the
 * account has no unused one.
 */
export async function registerPasskey(
  deps: AccountsDeps,
  input: { label: string; response: RegistrationResponseJSON },
  who: Who,
): Promise<{ passkey: ReturnType<typeof passkeyView>; recoveryCodes?: string[]; token?: string }> {
  requireMayRegister(who.actor);
  const now = deps.clock.now();
  const { rpID, origin } = relyingParty(deps);
  const challenge = await consumeChallenge(deps.database.db, who.actor.sessionId, 'registration', now);
  const verification = challenge
    ? await verifyRegistrationResponse({
        response: input.response,
        expectedChallenge: challenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        requireUserVerification: false,
      }).catch(() => undefined)
    : undefined;
  if (!verification?.verified) {
    await deps.database.transaction((tx) =>
      recordAuditEvent(tx, {
        ...auditOf(deps, who),
        action: 'accounts.passkey.registration-failed',
        target: { table: 'users', ids: [who.actor.userId] },
        result: 'failure',
      }),
    );
    throw accountProblems.passkeyRegistrationFailed();
  }
  const { credential } = verification.registrationInfo;

  return deps.database.transaction(async (tx) => {
    // The user row is locked so that concurrent additions and removals see each other.
    const [user] = await tx.select().from(users).where(eq(users.id, who.actor.userId)).for('update');
    if (!user) throw accountProblems.notFound({ fr: 'Ce compte', en: 'This account' });
    const existing = await passkeysOf(tx, user.id);
    if (existing.length >= MAX_PASSKEYS_PER_ACCOUNT)
      throw accountProblems.passkeyLimit(MAX_PASSKEYS_PER_ACCOUNT);
    const [taken] = await tx
      .select({ id: webauthnCredentials.id })
      .from(webauthnCredentials)
      .where(eq(webauthnCredentials.credentialId, credential.id));
    if (taken) throw accountProblems.passkeyAlreadyRegistered();

    const [stored] = await tx
      .insert(webauthnCredentials)
      .values({
        userId: user.id,
        credentialId: credential.id,
        publicKey: isoBase64URL.fromBuffer(credential.publicKey),
        signCount: credential.counter,
        transports: credential.transports ?? null,
        label: input.label,
      })
      .returning();
    const firstSecondFactor = user.totpEnabledAt === null && existing.length === 0;
    const codes = (await hasUnusedRecoveryCode(tx, user.id))
      ? undefined
      : await issueRecoveryCodes(tx, user.id);
    let token: string | undefined;
    if (who.actor.secondFactorDue === 'enrol' || firstSecondFactor) {
      await endSession(tx, who.actor.sessionId, 'second_factor_enrolled', now);
      ({ token } = await openSession(tx, user.id, now, { mfaVerified: true }));
    }
    await recordAuditEvent(tx, {
      ...auditOf(deps, who),
      action: 'accounts.passkey.registered',
      target: { table: 'webauthn_credentials', ids: [stored!.id] },
      result: 'success',
    });
    return {
      passkey: passkeyView(stored!),
      ...(codes ? { recoveryCodes: codes } : {}),
      ...(token ? { token } : {}),
    };
  });
}

export async function listMyPasskeys(deps: AccountsDeps, actor: Actor) {
  return (await passkeysOf(deps.database.db, actor.userId)).map(passkeyView);
}

/**
 * Removes one of the caller's passkeys (the route asks for a recent re-authentication). The last second
 * factor of an account whose roles require one cannot go.
 */
export async function removePasskey(deps: AccountsDeps, passkeyId: string, who: Who): Promise<void> {
  await deps.database.transaction(async (tx) => {
    const now = deps.clock.now();
    const [user] = await tx.select().from(users).where(eq(users.id, who.actor.userId)).for('update');
    const passkeys = user ? await passkeysOf(tx, user.id) : [];
    if (!user || !passkeys.some((passkey) => passkey.id === passkeyId)) {
      throw accountProblems.notFound({ fr: 'Cette clé d’accès', en: 'This passkey' });
    }
    const grants = await tx.select().from(roleGrants).where(eq(roleGrants.userId, user.id));
    const refused = removalLeavesNoRequiredFactor({
      mfaRequired: requiresSecondFactor(grants, now),
      totpEnabled: user.totpEnabledAt !== null,
      passkeysAfterRemoval: passkeys.length - 1,
    });
    if (refused) throw accountProblems.lastSecondFactor();
    await tx
      .delete(webauthnCredentials)
      .where(and(eq(webauthnCredentials.id, passkeyId), eq(webauthnCredentials.userId, user.id)));
    await recordAuditEvent(tx, {
      ...auditOf(deps, who),
      action: 'accounts.passkey.removed',
      target: { table: 'webauthn_credentials', ids: [passkeyId] },
      result: 'success',
    });
  });
}

/**
 * Options for `navigator.credentials.get()` limited to the caller's passkeys; the challenge is kept for this
 * session, five minutes. Serves the second step of a login and re-authentication alike.
 */
export async function beginPasskeyAuthentication(
  deps: AccountsDeps,
  actor: Actor,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { rpID } = relyingParty(deps);
  return deps.database.transaction(async (tx) => {
    const passkeys = await passkeysOf(tx, actor.userId);
    if (passkeys.length === 0) throw accountProblems.noPasskey();
    const options = await generateAuthenticationOptions({
      rpID,
      userVerification: 'preferred',
      allowCredentials: passkeys.map((passkey) => ({
        id: passkey.credentialId,
        ...(passkey.transports ? { transports: passkey.transports } : {}),
      })),
    });
    await storeChallenge(tx, {
      sessionId: actor.sessionId,
      purpose: 'authentication',
      challenge: options.challenge,
      expiresAt: new Date(deps.clock.now().getTime() + PASSKEY_CHALLENGE_MS),
    });
    return options;
  });
}

export type PasskeyAssertion =
  | { ok: true; passkey: PasskeyRow; newCounter: number }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'counter-regressed'; passkey: PasskeyRow };

/**
 * Checks an assertion against this session's authentication challenge (taken out first, so it serves once
 * whatever the outcome), one of the user's own passkeys, our origin and RP id. Changes nothing else: the
 * caller advances the counter in the transaction that records the outcome.
 */
export async function checkPasskeyAssertion(
  deps: AccountsDeps,
  input: { userId: string; sessionId: string; response: AuthenticationResponseJSON },
): Promise<PasskeyAssertion> {
  const { db } = deps.database;
  const { rpID, origin } = relyingParty(deps);
  const challenge = await consumeChallenge(db, input.sessionId, 'authentication', deps.clock.now());
  const passkey = challenge
    ? await findPasskeyByCredentialId(db, input.userId, input.response.id)
    : undefined;
  if (!challenge || !passkey) return { ok: false, reason: 'invalid' };
  const result = await verifyAuthenticationResponse({
    response: input.response,
    expectedChallenge: challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    // Counter 0 turns off the library's own counter check: ours below tells a regression apart, to record it.
    credential: {
      id: passkey.credentialId,
      publicKey: isoBase64URL.toBuffer(passkey.publicKey),
      counter: 0,
      ...(passkey.transports ? { transports: passkey.transports } : {}),
    },
    requireUserVerification: false,
  }).catch(() => undefined);
  if (!result?.verified) return { ok: false, reason: 'invalid' };
  const { newCounter } = result.authenticationInfo;
  if (counterRegressed(passkey.signCount, newCounter))
    return { ok: false, reason: 'counter-regressed', passkey };
  return { ok: true, passkey, newCounter };
}

/** Records a passkey's use: its new counter and when. False when another use got there first (a replay). */
export async function recordPasskeyUse(
  tx: Db | Tx,
  assertion: Extract<PasskeyAssertion, { ok: true }>,
  now: Date,
): Promise<boolean> {
  return advanceCounter(tx, assertion.passkey, assertion.newCounter, now);
}

/**
 * The second step of a login with a passkey instead of a TOTP code. Failures count towards the account's lock
 * like a wrong code; a counter that goes backwards (a cloned authenticator) is refused and recorded as such.
 * Success marks the session verified and gives it a new token.
 */
export async function completePasskeySecondFactor(
  deps: AccountsDeps,
  input: { userId: string; sessionId: string; response: AuthenticationResponseJSON },
  context: RequestContext,
): Promise<{ token: string }> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const [user] = await db.select().from(users).where(eq(users.id, input.userId));
  if (!user) throw accountProblems.passkeyInvalid();
  const accountKey = accountThrottleKey(deps.keys, user.email);
  const accountState = await loadThrottle(db, accountKey);
  const decision = decideAttempt(accountState, now);
  if (decision.kind === 'locked') throw accountProblems.locked(decision.until);
  if (decision.kind === 'wait') throw accountProblems.throttled(decision.until, now);

  const assertion = await checkPasskeyAssertion(deps, input);
  const audit = { actor: user.id, organisationId: user.organisationId, ...context, at: now };
  const outcome = await deps.database.transaction(async (tx) => {
    if (!assertion.ok || !(await recordPasskeyUse(tx, assertion, now))) return { ok: false as const };
    await clearThrottle(tx, accountKey);
    await endSession(tx, input.sessionId, 'second_factor_completed', now);
    const { token, sessionId } = await openSession(tx, user.id, now, { mfaVerified: true });
    await recordAuditEvent(tx, {
      ...audit,
      action: 'accounts.passkey.authenticated',
      target: { table: 'sessions', ids: [sessionId] },
      result: 'success',
    });
    return { ok: true as const, token };
  });
  if (outcome.ok) return { token: outcome.token };

  const regressed = !assertion.ok && assertion.reason === 'counter-regressed';
  const accountAfter = afterFailure(accountState, now, ACCOUNT_POLICY);
  await deps.database.transaction(async (tx) => {
    await saveThrottle(tx, accountKey, accountAfter);
    await recordAuditEvent(tx, {
      ...audit,
      action: regressed ? 'accounts.passkey.counter-regressed' : 'accounts.passkey.failed',
      target: regressed
        ? { table: 'webauthn_credentials', ids: [assertion.passkey.id] }
        : { table: 'users', ids: [user.id] },
      result: 'failure',
    });
  });
  if (accountAfter.lockedUntil) throw accountProblems.locked(accountAfter.lockedUntil);
  throw regressed ? accountProblems.passkeyCloned() : accountProblems.passkeyInvalid();
}
