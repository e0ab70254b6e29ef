import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, Tx } from '../../platform/db/database.js';
import { roleGrants, sessions, users, webauthnCredentials } from '../../platform/db/schema/index.js';
import type { Actor, ActorResolver } from '../../platform/http/actor.js';
import type { AccountsDeps } from './deps.js';
import {
  isGrantActive,
  requiresSecondFactor,
  secondFactorDue,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
} from './domain/access-policy.js';
import { randomToken, tokenHash } from './tokens.js';

export const SESSION_COOKIE = 'gradins_session';
/** last_seen_at is written at most once a minute per session: reads stay cheap. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * Resolves the caller of a request from the session cookie, checking at every request that the session is
 * neither ended, idle nor expired, that the account is active, and which grants are in force now — so a
 * revoked grant or a disabled account stops working at the next request (SEC-3).
 */
export function createActorResolver(deps: AccountsDeps): ActorResolver {
  return async (request) => {
    const token = request.cookies?.[SESSION_COOKIE];
    if (!token) return undefined;
    return resolveSession(deps, token);
  };
}

export async function resolveSession(deps: AccountsDeps, token: string): Promise<Actor | undefined> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const [row] = await db
    .select({
      session: sessions,
      user: {
        id: users.id,
        organisationId: users.organisationId,
        status: users.status,
        totpEnabledAt: users.totpEnabledAt,
        hasPasskey: hasPasskey(),
      },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(eq(sessions.tokenHash, tokenHash(token)), isNull(sessions.endedAt), gt(sessions.expiresAt, now)),
    )
    .limit(1);
  if (!row) return undefined;
  const { session, user } = row;
  if (now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MS) {
    await endSession(db, session.id, 'idle', now);
    return undefined;
  }
  if (user.status !== 'active') {
    await endSession(db, session.id, 'account_disabled', now);
    return undefined;
  }
  const grants = await db.select().from(roleGrants).where(eq(roleGrants.userId, user.id));
  if (now.getTime() - session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, session.id));
  }
  return {
    userId: user.id,
    organisationId: user.organisationId,
    sessionId: session.id,
    csrfToken: session.csrfToken,
    secondFactorDue: secondFactorDue({
      hasSecondFactor: user.totpEnabledAt !== null || user.hasPasskey,
      mfaRequired: requiresSecondFactor(grants, now),
      mfaVerifiedAt: session.mfaVerifiedAt,
    }),
    reauthenticatedAt: session.reauthenticatedAt,
    grants: grants
      .filter((grant) => isGrantActive(grant, now))
      .map((grant) => ({
        id: grant.id,
        role: grant.role,
        scopeKind: grant.scopeKind,
        scopeId: grant.scopeId,
        runsDraws: grant.runsDraws,
      })),
  };
}

/** Whether the user of the row has at least one passkey (a second factor like TOTP). */
const hasPasskey = () =>
  sql<boolean>`exists (select 1 from ${webauthnCredentials} where ${webauthnCredentials.userId} = ${users.id})`.mapWith(
    Boolean,
  );

/** Opens a session with a fresh token (a new one at every login: no session fixation). */
export async function openSession(
  tx: Db | Tx,
  userId: string,
  now: Date,
  options: { mfaVerified: boolean },
): Promise<{ token: string; sessionId: string }> {
  const token = randomToken();
  const [created] = await tx
    .insert(sessions)
    .values({
      tokenHash: tokenHash(token),
      userId,
      csrfToken: randomToken(),
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
      mfaVerifiedAt: options.mfaVerified ? now : null,
      reauthenticatedAt: now,
    })
    .returning({ id: sessions.id });
  return { token, sessionId: created!.id };
}

export async function endSession(tx: Db | Tx, sessionId: string, reason: string, now: Date): Promise<void> {
  await tx
    .update(sessions)
    .set({ endedAt: now, endReason: reason })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.endedAt)));
}

/** Ends every open session of a user: disabled account, revoked grant, password changed, "sign out everywhere". */
export async function endAllSessions(
  tx: Db | Tx,
  userId: string,
  reason: string,
  now: Date,
): Promise<string[]> {
  const ended = await tx
    .update(sessions)
    .set({ endedAt: now, endReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.endedAt)))
    .returning({ id: sessions.id });
  return ended.map((session) => session.id);
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
  });
}
