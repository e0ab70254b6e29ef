import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  CreateOrganisationRequest,
  GrantInput,
  InviteUserRequest,
} from '../../../contracts/accounts.js';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { selectRows, type Db, type Tx } from '../../platform/db/database.js';
import { organisations, roleGrants, users } from '../../platform/db/schema/index.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import type { Actor } from '../../platform/http/actor.js';
import type { AccountsDeps, RequestContext } from './deps.js';
import { INVITATION_LINK_MS } from './domain/access-policy.js';
import { assessPassword } from './domain/password-policy.js';
import { consumeLink, createLink } from './links.js';
import { hashPassword } from './password-hashing.js';
import { accountProblems } from './problems.js';
import { endAllSessions } from './sessions.js';
import { accountThrottleKey, clearThrottle } from './throttle-repository.js';
import { grantView, userSummaries } from './views.js';

type Audit = { actor: Actor } & RequestContext;

const audit = (tx: Db | Tx, who: Audit, at: Date, action: string, table: string, ids: string[]) =>
  recordAuditEvent(tx, {
    actor: who.actor.userId,
    organisationId: who.actor.organisationId,
    action,
    target: { table, ids },
    result: 'success',
    requestId: who.requestId,
    sourceIp: who.sourceIp,
    at,
  });

export async function listOrganisations(deps: AccountsDeps) {
  const rows = await deps.database.db.select().from(organisations).orderBy(asc(organisations.name));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    createdAt: row.createdAt.toISOString(),
  }));
}

export async function createOrganisation(
  deps: AccountsDeps,
  input: z.infer<typeof CreateOrganisationRequest>,
  who: Audit,
) {
  const now = deps.clock.now();
  return deps.database.transaction(async (tx) => {
    const [created] = await tx.insert(organisations).values(input).onConflictDoNothing().returning();
    if (!created) throw accountProblems.organisationNameTaken();
    await audit(tx, who, now, 'accounts.organisation.created', 'organisations', [created.id]);
    return {
      id: created.id,
      name: created.name,
      kind: created.kind,
      createdAt: created.createdAt.toISOString(),
    };
  });
}

/** Reading the list of accounts is a read of personal data: it is audited (SEC-6). */
/** Reading the accounts is a read of personal data: the route records it (SEC-6). */
export async function listUsers(deps: AccountsDeps) {
  return userSummaries(deps, deps.database.db);
}

/**
 * Invites a person: the account (without password), its grants and a 7-day single-use link, sent by e-mail
 * through the outbox in the same transaction — the mail leaves only if all of it is saved.
 */
export async function inviteUser(deps: AccountsDeps, input: z.infer<typeof InviteUserRequest>, who: Audit) {
  const now = deps.clock.now();
  const userId = await deps.database.transaction(async (tx) => {
    const [organisation] = await tx
      .select()
      .from(organisations)
      .where(eq(organisations.id, input.organisationId));
    if (!organisation) throw accountProblems.organisationUnknown();
    const [created] = await tx
      .insert(users)
      .values({
        organisationId: organisation.id,
        email: input.email,
        displayName: input.displayName,
        status: 'invited',
      })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (!created) throw accountProblems.emailTaken();
    const grantIds = await insertGrants(tx, created.id, input.grants, who.actor.userId);
    const token = await createLink(tx, {
      purpose: 'invitation',
      userId: created.id,
      createdBy: who.actor.userId,
      now,
      lifetimeMs: INVITATION_LINK_MS,
    });
    await enqueueMail(
      tx,
      invitationMail(deps, { email: input.email, displayName: input.displayName, token, now }),
      { now },
    );
    await audit(tx, who, now, 'accounts.user.invited', 'users', [created.id]);
    await audit(tx, who, now, 'accounts.grant.created', 'role_grants', grantIds);
    return created.id;
  });
  const [summary] = await userSummaries(deps, deps.database.db, [userId]);
  return summary!;
}

/**
 * Sends an invited person a new link (the earlier ones stop working), when theirs expired or was lost. Only
 * for an account still waiting for its password.
 */
export async function resendInvitation(deps: AccountsDeps, userId: string, who: Audit) {
  const now = deps.clock.now();
  await deps.database.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user) throw accountProblems.notFound({ fr: 'Ce compte', en: 'This account' });
    if (user.status !== 'invited') throw accountProblems.notInvited();
    const token = await createLink(tx, {
      purpose: 'invitation',
      userId: user.id,
      createdBy: who.actor.userId,
      now,
      lifetimeMs: INVITATION_LINK_MS,
    });
    await enqueueMail(
      tx,
      invitationMail(deps, { email: user.email, displayName: user.displayName, token, now }),
      { now },
    );
    await audit(tx, who, now, 'accounts.invitation.resent', 'users', [user.id]);
  });
  const [summary] = await userSummaries(deps, deps.database.db, [userId]);
  return summary!;
}

function invitationMail(
  deps: AccountsDeps,
  { email, displayName, token, now }: { email: string; displayName: string; token: string; now: Date },
) {
  const link = `${deps.publicUrl}/invitation/${token}`;
  const until = new Date(now.getTime() + INVITATION_LINK_MS).toLocaleDateString('fr-FR', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Paris',
  });
  return {
    recipient: email,
    category: 'accounts.invitation',
    subject: 'Votre accès à Gradins',
    text: [
      `Bonjour ${displayName},`,
      '',
      'Un compte personnel vous a été ouvert sur Gradins, la plateforme de distribution des billets offerts par l’État.',
      `Pour l’activer et choisir votre mot de passe, ouvrez ce lien avant le ${until} :`,
      link,
      '',
      'Ce lien ne sert qu’une fois. Si vous n’attendiez pas ce message, ignorez-le : aucun compte ne sera activé.',
      '',
      '— Gradins',
    ].join('\n'),
  };
}

export async function acceptInvitation(
  deps: AccountsDeps,
  input: { token: string; password: string },
  context: RequestContext,
): Promise<void> {
  const now = deps.clock.now();
  await deps.database.transaction(async (tx) => {
    const link = await consumeLink(tx, input.token, 'invitation', now);
    const [user] = await tx.select().from(users).where(eq(users.id, link.userId!));
    if (!user || user.status !== 'invited') throw accountProblems.linkInvalid('used');
    const assessment = assessPassword(input.password, { email: user.email, displayName: user.displayName });
    if (!assessment.acceptable) throw accountProblems.weakPassword(assessment.problems);
    await tx
      .update(users)
      .set({ passwordHash: await hashPassword(input.password), status: 'active' })
      .where(eq(users.id, user.id));
    await recordAuditEvent(tx, {
      actor: user.id,
      organisationId: user.organisationId,
      action: 'accounts.invitation.accepted',
      target: { table: 'users', ids: [user.id] },
      result: 'success',
      ...context,
      at: now,
    });
  });
}

/**
 * A scoped grant must name something that exists and is of its kind: a programme, an operator or an
 * event-organiser organisation, an event. A typo in an id would otherwise give a grant that opens nothing.
 */
async function assertScopesExist(tx: Db | Tx, grants: GrantInput[]): Promise<void> {
  for (const [index, grant] of grants.entries()) {
    if (grant.scopeKind === 'platform' || grant.scopeId === null) continue;
    const query =
      grant.scopeKind === 'programme'
        ? sql`select 1 from programmes where id = ${grant.scopeId}`
        : grant.scopeKind === 'event'
          ? sql`select 1 from sport_events where id = ${grant.scopeId}`
          : sql`select 1 from organisations where id = ${grant.scopeId} and kind = ${
              grant.scopeKind === 'operator' ? 'operator' : 'event_organiser'
            }`;
    if ((await selectRows(tx, query)).length === 0)
      throw accountProblems.unknownScope(grant.scopeKind, index);
  }
}

async function insertGrants(
  tx: Db | Tx,
  userId: string,
  grants: GrantInput[],
  grantedBy: string,
): Promise<string[]> {
  await assertScopesExist(tx, grants);
  const inserted = await tx
    .insert(roleGrants)
    .values(
      grants.map((grant) => ({
        userId,
        role: grant.role,
        scopeKind: grant.scopeKind,
        scopeId: grant.scopeId,
        runsDraws: grant.runsDraws,
        startsAt: new Date(grant.startsAt),
        endsAt: new Date(grant.endsAt),
        grantedBy,
      })),
    )
    .returning({ id: roleGrants.id });
  return inserted.map((grant) => grant.id);
}

export async function addGrant(deps: AccountsDeps, userId: string, input: GrantInput, who: Audit) {
  const now = deps.clock.now();
  return deps.database.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!user) throw accountProblems.notFound({ fr: 'Ce compte', en: 'This account' });
    const [grantId] = await insertGrants(tx, userId, [input], who.actor.userId);
    await audit(tx, who, now, 'accounts.grant.created', 'role_grants', [grantId!]);
    const [grant] = await tx.select().from(roleGrants).where(eq(roleGrants.id, grantId!));
    return grantView(grant!, now);
  });
}

/** Revoking a grant ends the person's sessions at once: they sign in again with what they still hold. */
export async function revokeGrant(deps: AccountsDeps, grantId: string, who: Audit, tx?: Db | Tx) {
  const run = async (tx: Db | Tx) => {
    const now = deps.clock.now();
    const [grant] = await tx.select().from(roleGrants).where(eq(roleGrants.id, grantId));
    if (!grant) throw accountProblems.notFound({ fr: 'Cette habilitation', en: 'This grant' });
    if (grant.userId === who.actor.userId) throw accountProblems.cannotRemoveOwnAccess();
    const [revoked] = await tx
      .update(roleGrants)
      .set({ revokedAt: now, revokedBy: who.actor.userId })
      .where(and(eq(roleGrants.id, grantId), isNull(roleGrants.revokedAt)))
      .returning();
    if (revoked) {
      await endAllSessions(tx, grant.userId, 'grant_revoked', now);
      await audit(tx, who, now, 'accounts.grant.revoked', 'role_grants', [grantId]);
    }
    return grantView(revoked ?? grant, now);
  };
  return tx ? run(tx) : deps.database.transaction(run);
}

export async function setUserStatus(
  deps: AccountsDeps,
  userId: string,
  change: 'disable' | 'enable' | 'unlock',
  who: Audit,
) {
  const now = deps.clock.now();
  await deps.database.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user) throw accountProblems.notFound({ fr: 'Ce compte', en: 'This account' });
    if (change === 'disable') {
      if (user.id === who.actor.userId) throw accountProblems.cannotRemoveOwnAccess();
      await tx.update(users).set({ status: 'disabled', disabledAt: now }).where(eq(users.id, userId));
      await endAllSessions(tx, userId, 'account_disabled', now);
    } else if (change === 'enable') {
      await tx
        .update(users)
        .set({ status: user.passwordHash ? 'active' : 'invited', disabledAt: null })
        .where(eq(users.id, userId));
    } else {
      await clearThrottle(tx, accountThrottleKey(deps.keys, user.email));
    }
    const action = {
      disable: 'accounts.user.disabled',
      enable: 'accounts.user.enabled',
      unlock: 'accounts.user.unlocked',
    };
    await audit(tx, who, now, action[change], 'users', [userId]);
  });
  const [summary] = await userSummaries(deps, deps.database.db, [userId]);
  return summary!;
}
