import { and, eq, isNull } from 'drizzle-orm';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, Tx } from '../../platform/db/database.js';
import { GroupCommit } from '../../platform/db/group-commit.js';
import { sessions } from '../../platform/db/schema/index.js';
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

/** A session as one statement reads it, with its user and every grant of that user. */
interface SessionRow {
  token_hash: string;
  id: string;
  user_id: string;
  csrf_token: string;
  last_seen_at: Date | string;
  expires_at: Date | string;
  mfa_verified_at: Date | string | null;
  reauthenticated_at: Date | string | null;
  organisation_id: string;
  status: string;
  totp_enabled_at: Date | string | null;
  has_passkey: boolean;
  grants: {
    id: string;
    role: Actor['grants'][number]['role'];
    scopeKind: Actor['grants'][number]['scopeKind'];
    scopeId: string | null;
    runsDraws: boolean;
    startsAt: string;
    endsAt: string;
    revokedAt: string | null;
  }[];
}

// Every request of a signed-in caller runs it: one round trip for the session, its user and the user's grants.
const SESSIONS_BY_TOKEN = `
select s.token_hash, s.id, s.user_id, s.csrf_token, s.last_seen_at, s.expires_at, s.mfa_verified_at,
  s.reauthenticated_at, u.organisation_id, u.status, u.totp_enabled_at,
  exists (select 1 from webauthn_credentials w where w.user_id = u.id) as has_passkey,
  coalesce((select json_agg(json_build_object('id', g.id, 'role', g.role, 'scopeKind', g.scope_kind,
      'scopeId', g.scope_id, 'runsDraws', g.runs_draws, 'startsAt', g.starts_at, 'endsAt', g.ends_at,
      'revokedAt', g.revoked_at))
    from role_grants g where g.user_id = u.id), '[]'::json) as grants
from sessions s join users u on u.id = s.user_id
where s.token_hash = any($1::text[]) and s.ended_at is null`;

const instant = (value: Date | string) => (value instanceof Date ? value : new Date(value));
const instantOrNull = (value: Date | string | null) => (value === null ? null : instant(value));

const sessionReaders = new WeakMap<AccountsDeps['database'], GroupCommit<string, SessionRow | undefined>>();

/** Reads sessions by token hash; the requests of concurrent callers share one statement (group commit). */
function sessionReader(database: AccountsDeps['database']): GroupCommit<string, SessionRow | undefined> {
  let reader = sessionReaders.get(database);
  if (!reader) {
    reader = new GroupCommit(
      async (hashes) => {
        const rows = await database.query<SessionRow>(
          SESSIONS_BY_TOKEN,
          [hashes],
          'gradins_sessions_by_token',
        );
        const byHash = new Map(rows.map((row) => [row.token_hash, row]));
        return hashes.map((hash) => byHash.get(hash));
      },
      { maxInFlight: database.kind === 'pglite' ? 1 : 2, isolateFailures: true },
    );
    sessionReaders.set(database, reader);
  }
  return reader;
}

export async function resolveSession(deps: AccountsDeps, token: string): Promise<Actor | undefined> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const row = await sessionReader(deps.database).submit(tokenHash(token));
  if (!row || instant(row.expires_at) <= now) return undefined;
  const lastSeenAt = instant(row.last_seen_at);
  if (now.getTime() - lastSeenAt.getTime() > SESSION_IDLE_MS) {
    await endSession(db, row.id, 'idle', now);
    return undefined;
  }
  if (row.status !== 'active') {
    await endSession(db, row.id, 'account_disabled', now);
    return undefined;
  }
  const grants = row.grants.map((grant) => ({
    ...grant,
    startsAt: new Date(grant.startsAt),
    endsAt: new Date(grant.endsAt),
    revokedAt: grant.revokedAt === null ? null : new Date(grant.revokedAt),
  }));
  if (now.getTime() - lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.id));
  }
  return {
    userId: row.user_id,
    organisationId: row.organisation_id,
    sessionId: row.id,
    csrfToken: row.csrf_token,
    secondFactorDue: secondFactorDue({
      hasSecondFactor: row.totp_enabled_at !== null || row.has_passkey,
      mfaRequired: requiresSecondFactor(grants, now),
      mfaVerifiedAt: instantOrNull(row.mfa_verified_at),
    }),
    reauthenticatedAt: instantOrNull(row.reauthenticated_at),
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
