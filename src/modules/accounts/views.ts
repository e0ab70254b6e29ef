import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Grant, SessionState, UserSummary } from '../../../contracts/accounts.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { organisations, roleGrants, users } from '../../platform/db/schema/index.js';
import type { Actor } from '../../platform/http/actor.js';
import type { AccountsDeps } from './deps.js';
import { isGrantActive, requiresSecondFactor } from './domain/access-policy.js';
import { decideAttempt } from './domain/login-throttling.js';
import { passkeyCounts } from './passkey-repository.js';
import { accountThrottleKey, loadThrottle } from './throttle-repository.js';

type GrantRow = typeof roleGrants.$inferSelect;

export function grantView(grant: GrantRow, now: Date): Grant {
  return {
    id: grant.id,
    role: grant.role,
    scopeKind: grant.scopeKind,
    scopeId: grant.scopeId,
    runsDraws: grant.runsDraws,
    startsAt: grant.startsAt.toISOString(),
    endsAt: grant.endsAt.toISOString(),
    revokedAt: grant.revokedAt?.toISOString() ?? null,
    lastReviewedAt: grant.lastReviewedAt?.toISOString() ?? null,
    active: isGrantActive(grant, now),
  };
}

/** What the signed-in person may know about their own session. */
export async function sessionStateView(deps: AccountsDeps, actor: Actor | undefined): Promise<SessionState> {
  if (!actor) return { authenticated: false };
  const { db } = deps.database;
  const now = deps.clock.now();
  const [row] = await db
    .select({ user: users, organisation: organisations })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, actor.userId));
  if (!row) return { authenticated: false };
  const grants = await db.select().from(roleGrants).where(eq(roleGrants.userId, actor.userId));
  const passkeys = (await passkeyCounts(db, [actor.userId])).get(actor.userId) ?? 0;
  const { user, organisation } = row;
  return {
    authenticated: true,
    nextStep:
      actor.secondFactorDue === 'enrol'
        ? 'mfa_enrol'
        : actor.secondFactorDue === 'challenge'
          ? 'mfa_challenge'
          : 'none',
    csrfToken: actor.csrfToken,
    user: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      organisation: { id: organisation.id, name: organisation.name, kind: organisation.kind },
      mfaEnabled: user.totpEnabledAt !== null || passkeys > 0,
      mfaRequired: requiresSecondFactor(grants, now),
      totpEnabled: user.totpEnabledAt !== null,
      passkeys,
    },
    // Until the second factor is done, the session shows who is signing in but not what they may do.
    grants:
      actor.secondFactorDue === 'none'
        ? grants
            .filter((grant) => grant.revokedAt === null && grant.endsAt > now)
            .map((grant) => grantView(grant, now))
        : [],
  };
}

export async function userSummaries(
  deps: AccountsDeps,
  db: Db | Tx,
  userIds?: string[],
): Promise<z.infer<typeof UserSummary>[]> {
  const now = deps.clock.now();
  const rows = await db
    .select({ user: users, organisationName: organisations.name })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(userIds ? inArray(users.id, userIds) : undefined)
    .orderBy(users.email);
  const ids = rows.map((row) => row.user.id);
  const grants = ids.length
    ? await db
        .select()
        .from(roleGrants)
        .where(inArray(roleGrants.userId, ids))
        .orderBy(desc(roleGrants.grantedAt))
    : [];
  const passkeys = await passkeyCounts(db, ids);
  return Promise.all(
    rows.map(async ({ user, organisationName }) => ({
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      organisationId: user.organisationId,
      organisationName,
      status: user.status,
      mfaEnabled: user.totpEnabledAt !== null || passkeys.has(user.id),
      locked:
        decideAttempt(await loadThrottle(db, accountThrottleKey(deps.keys, user.email)), now).kind ===
        'locked',
      lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
      grants: grants.filter((grant) => grant.userId === user.id).map((grant) => grantView(grant, now)),
    })),
  );
}

export async function activeGrantRows(db: Db | Tx, userId: string): Promise<GrantRow[]> {
  return db
    .select()
    .from(roleGrants)
    .where(and(eq(roleGrants.userId, userId), isNull(roleGrants.revokedAt)));
}
