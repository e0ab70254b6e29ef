import { and, eq, gt, isNull } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { habilitationReviews, organisations, roleGrants, users } from '../../platform/db/schema/index.js';
import type { Actor } from '../../platform/http/actor.js';
import type { AccountsDeps, RequestContext } from './deps.js';
import { reviewReasons } from './domain/access-policy.js';
import { accountProblems } from './problems.js';
import { revokeGrant } from './administration.js';
import { grantView } from './views.js';

/** Grants due for review (SEC-3): in force or to come, and ending within 30 days or not reviewed for a year. */
/** The route records this read of personal data (SEC-6). */
export async function grantsToReview(deps: AccountsDeps) {
  const now = deps.clock.now();
  const rows = await deps.database.db
    .select({ grant: roleGrants, user: users, organisationName: organisations.name })
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(isNull(roleGrants.revokedAt), gt(roleGrants.endsAt, now)))
    .orderBy(roleGrants.endsAt);
  const items = rows
    .map(({ grant, user, organisationName }) => ({
      grant: grantView(grant, now),
      user: { id: user.id, email: user.email, displayName: user.displayName, organisationName },
      reasons: reviewReasons(grant, now),
    }))
    .filter((item) => item.reasons.length > 0);
  return items;
}

/** Records a reviewer's decision; a revocation takes effect in the same transaction. */
export async function decideReview(
  deps: AccountsDeps,
  input: { grantId: string; decision: 'confirmed' | 'revoked'; comment?: string | undefined },
  who: { actor: Actor } & RequestContext,
) {
  return deps.database.transaction(async (tx) => {
    const now = deps.clock.now();
    const [grant] = await tx.select().from(roleGrants).where(eq(roleGrants.id, input.grantId));
    if (!grant) throw accountProblems.notFound({ fr: 'Cette habilitation', en: 'This grant' });
    if (input.decision === 'revoked') await revokeGrant(deps, grant.id, who, tx);
    else await tx.update(roleGrants).set({ lastReviewedAt: now }).where(eq(roleGrants.id, grant.id));
    const [review] = await tx
      .insert(habilitationReviews)
      .values({
        grantId: grant.id,
        reviewerId: who.actor.userId,
        decision: input.decision,
        comment: input.comment ?? null,
      })
      .returning({ id: habilitationReviews.id });
    await recordAuditEvent(tx, {
      actor: who.actor.userId,
      organisationId: who.actor.organisationId,
      action: `accounts.review.${input.decision}`,
      target: { table: 'role_grants', ids: [grant.id] },
      result: 'success',
      requestId: who.requestId,
      sourceIp: who.sourceIp,
      at: now,
    });
    return { id: review!.id };
  });
}
