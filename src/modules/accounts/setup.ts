import { count, eq } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { organisations, roleGrants, users } from '../../platform/db/schema/index.js';
import type { AccountsDeps, RequestContext } from './deps.js';
import { FIRST_ADMIN_LINK_MS } from './domain/access-policy.js';
import { assessPassword } from './domain/password-policy.js';
import { consumeLink, createLink } from './links.js';
import { hashPassword } from './password-hashing.js';
import { accountProblems } from './problems.js';

/** The first administrator's grant: the whole platform, for one year (reviewed like every grant). */
const FIRST_ADMIN_GRANT_MS = 365 * 24 * 60 * 60_000;

export async function hasAnyUser(db: Db | Tx): Promise<boolean> {
  const [row] = await db.select({ users: count() }).from(users);
  return (row?.users ?? 0) > 0;
}

/**
 * At a start on an empty database: a one-time link (24 h) to create the first administrator, printed by
 * the server. A new start replaces the previous link. Returns undefined once an account exists.
 */
export async function issueFirstAdminLink(deps: AccountsDeps): Promise<string | undefined> {
  return deps.database.transaction(async (tx) => {
    if (await hasAnyUser(tx)) return undefined;
    const token = await createLink(tx, {
      purpose: 'first_admin',
      userId: null,
      createdBy: null,
      now: deps.clock.now(),
      lifetimeMs: FIRST_ADMIN_LINK_MS,
    });
    return `${deps.publicUrl}/installation/${token}`;
  });
}

export interface NewAdministrator {
  email: string;
  displayName: string;
  organisationName: string;
  password: string;
}

/** Through the set-up link: only while no account exists. */
export async function createFirstAdministrator(
  deps: AccountsDeps,
  input: NewAdministrator & { token: string },
  context: RequestContext,
): Promise<{ userId: string }> {
  requireStrongPassword(input);
  const passwordHash = await hashPassword(input.password);
  return deps.database.transaction(async (tx) => {
    const now = deps.clock.now();
    await consumeLink(tx, input.token, 'first_admin', now);
    if (await hasAnyUser(tx)) throw accountProblems.setupAlreadyDone();
    return insertAdministrator(deps, tx, { ...input, passwordHash }, { actor: 'anonymous', ...context });
  });
}

/**
 * From the command line (`gradins admin create`): whoever runs the server's CLI already controls it. Adds a
 * platform administrator, also when others exist; an existing organisation of that name is reused.
 */
export async function createAdministratorFromCli(
  deps: AccountsDeps,
  input: NewAdministrator,
): Promise<{ userId: string }> {
  requireStrongPassword(input);
  const passwordHash = await hashPassword(input.password);
  return deps.database.transaction(async (tx) =>
    insertAdministrator(
      deps,
      tx,
      { ...input, passwordHash },
      { actor: 'system:cli', requestId: 'cli', sourceIp: 'local' },
    ),
  );
}

/** The CLI checks the password before it opens the database: a weak one is refused with nothing written. */
export function requireStrongPassword(input: Omit<NewAdministrator, 'organisationName'>): void {
  const assessment = assessPassword(input.password, { email: input.email, displayName: input.displayName });
  if (!assessment.acceptable) throw accountProblems.weakPassword(assessment.problems);
}

async function insertAdministrator(
  deps: AccountsDeps,
  tx: Db | Tx,
  input: Omit<NewAdministrator, 'password'> & { passwordHash: string },
  audit: { actor: string } & RequestContext,
): Promise<{ userId: string }> {
  const now = deps.clock.now();
  const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
  if (existing) throw accountProblems.emailTaken();
  const [found] = await tx.select().from(organisations).where(eq(organisations.name, input.organisationName));
  const organisation =
    found ??
    (
      await tx
        .insert(organisations)
        .values({ name: input.organisationName, kind: 'programme_owner' })
        .returning()
    )[0]!;
  const [user] = await tx
    .insert(users)
    .values({
      organisationId: organisation.id,
      email: input.email,
      displayName: input.displayName,
      passwordHash: input.passwordHash,
      status: 'active',
    })
    .returning({ id: users.id });
  const [grant] = await tx
    .insert(roleGrants)
    .values({
      userId: user!.id,
      role: 'sysadmin',
      scopeKind: 'platform',
      startsAt: now,
      endsAt: new Date(now.getTime() + FIRST_ADMIN_GRANT_MS),
    })
    .returning({ id: roleGrants.id });
  await recordAuditEvent(tx, {
    actor: audit.actor,
    organisationId: organisation.id,
    action: 'accounts.administrator.created',
    target: { table: 'users', ids: [user!.id] },
    result: 'success',
    requestId: audit.requestId,
    sourceIp: audit.sourceIp,
    at: now,
  });
  await recordAuditEvent(tx, {
    actor: audit.actor,
    organisationId: organisation.id,
    action: 'accounts.grant.created',
    target: { table: 'role_grants', ids: [grant!.id] },
    result: 'success',
    requestId: audit.requestId,
    sourceIp: audit.sourceIp,
    at: now,
  });
  return { userId: user!.id };
}
