import { and, desc, eq, gt, isNull, ne } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { sessions, users } from '../../platform/db/schema/index.js';
import type { Actor } from '../../platform/http/actor.js';
import type { AccountsDeps, RequestContext } from './deps.js';
import { mayEnrolSecondFactor } from './domain/access-policy.js';
import { assessPassword } from './domain/password-policy.js';
import { hashPassword, verifyPassword } from './password-hashing.js';
import { accountProblems } from './problems.js';
import { checkTotp, issueRecoveryCodes, startTotpEnrolment } from './second-factor.js';
import { endAllSessions, endSession, openSession } from './sessions.js';

type Who = { actor: Actor } & RequestContext;

const record = (
  deps: AccountsDeps,
  tx: Parameters<typeof recordAuditEvent>[0],
  who: Who,
  action: string,
  table: string,
  ids: string[],
) =>
  recordAuditEvent(tx, {
    actor: who.actor.userId,
    organisationId: who.actor.organisationId,
    action,
    target: { table, ids },
    result: 'success',
    requestId: who.requestId,
    sourceIp: who.sourceIp,
    at: deps.clock.now(),
  });

/**
 * A new TOTP secret, to confirm with a first code. Refused to a session whose second factor is still due: it
 * has only proved the password (SEC-2).
 */
export async function beginTotpEnrolment(deps: AccountsDeps, who: Who) {
  if (!mayEnrolSecondFactor(who.actor.secondFactorDue)) throw accountProblems.secondFactorEnrolmentRefused();
  return deps.database.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, who.actor.userId));
    if (!user) throw accountProblems.notFound({ fr: 'Ce compte', en: 'This account' });
    if (user.totpEnabledAt) throw accountProblems.mfaAlreadyEnabled();
    const enrolment = await startTotpEnrolment(deps, tx, user);
    await record(deps, tx, who, 'accounts.mfa.enrolment-started', 'users', [user.id]);
    return enrolment;
  });
}

/**
 * The first code from the app confirms the secret: the second factor is on, this session counts as verified
 * (with a new token), and ten recovery codes are shown once.
 */
export async function confirmTotpEnrolment(deps: AccountsDeps, code: string, who: Who) {
  if (!mayEnrolSecondFactor(who.actor.secondFactorDue)) throw accountProblems.secondFactorEnrolmentRefused();
  return deps.database.transaction(async (tx) => {
    const now = deps.clock.now();
    const [user] = await tx.select().from(users).where(eq(users.id, who.actor.userId));
    if (!user?.totpSecretEncrypted) throw accountProblems.mfaNotStarted();
    if (user.totpEnabledAt) throw accountProblems.mfaAlreadyEnabled();
    if (!(await checkTotp(deps, tx, user, code))) throw accountProblems.secondFactorInvalid();
    await tx.update(users).set({ totpEnabledAt: now }).where(eq(users.id, user.id));
    const recoveryCodes = await issueRecoveryCodes(tx, user.id);
    await endSession(tx, who.actor.sessionId, 'second_factor_enrolled', now);
    const { token } = await openSession(tx, user.id, now, { mfaVerified: true });
    await record(deps, tx, who, 'accounts.mfa.enrolled', 'users', [user.id]);
    return { recoveryCodes, token };
  });
}

export async function regenerateRecoveryCodes(deps: AccountsDeps, who: Who) {
  return deps.database.transaction(async (tx) => {
    const recoveryCodes = await issueRecoveryCodes(tx, who.actor.userId);
    await record(deps, tx, who, 'accounts.mfa.recovery-codes-replaced', 'users', [who.actor.userId]);
    return { recoveryCodes };
  });
}

/** A new password ends every other session (whoever knew the old one is signed out). */
export async function changePassword(
  deps: AccountsDeps,
  input: { currentPassword: string; newPassword: string },
  who: Who,
): Promise<void> {
  const [user] = await deps.database.db.select().from(users).where(eq(users.id, who.actor.userId));
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw accountProblems.invalidCredentials();
  }
  const assessment = assessPassword(input.newPassword, { email: user.email, displayName: user.displayName });
  if (!assessment.acceptable) throw accountProblems.weakPassword(assessment.problems);
  const passwordHash = await hashPassword(input.newPassword);
  await deps.database.transaction(async (tx) => {
    const now = deps.clock.now();
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await tx
      .update(sessions)
      .set({ endedAt: now, endReason: 'password_changed' })
      .where(
        and(eq(sessions.userId, user.id), isNull(sessions.endedAt), ne(sessions.id, who.actor.sessionId)),
      );
    await record(deps, tx, who, 'accounts.password.changed', 'users', [user.id]);
  });
}

export async function listMySessions(deps: AccountsDeps, actor: Actor) {
  const now = deps.clock.now();
  const rows = await deps.database.db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, actor.userId), isNull(sessions.endedAt), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt));
  return rows.map((session) => ({
    id: session.id,
    createdAt: session.createdAt.toISOString(),
    lastSeenAt: session.lastSeenAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    current: session.id === actor.sessionId,
  }));
}

export async function logOutEverywhere(deps: AccountsDeps, who: Who): Promise<void> {
  await deps.database.transaction(async (tx) => {
    const ended = await endAllSessions(tx, who.actor.userId, 'logout_everywhere', deps.clock.now());
    await record(deps, tx, who, 'accounts.logout.everywhere', 'sessions', ended);
  });
}
