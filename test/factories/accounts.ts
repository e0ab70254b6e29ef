import { generate, generateSecret } from 'otplib';
import type { Role } from '../../contracts/roles.js';
import { organisations, roleGrants, users } from '../../src/platform/db/schema/index.js';
import { hashPassword } from '../../src/modules/accounts/password-hashing.js';
import type { TestServer } from '../support/server.js';
import { ApiClient } from '../support/api-client.js';
import type { SessionState } from '../../contracts/accounts.js';

export const STRONG_PASSWORD = 'Tribune-Est-Rang-12-Siège-7!';
let sequence = 0;

export interface BuiltUser {
  id: string;
  email: string;
  password: string;
  totpSecret: string | undefined;
  organisationId: string;
}

/**
 * Builds an account directly in the database (a builder, as in STYLE.md): an organisation, an active user
 * with a strong password, grants, and a TOTP secret when asked (or when a role requires one).
 */
export async function buildUser(
  server: TestServer,
  options: {
    roles?: {
      role: Role;
      runsDraws?: boolean;
      startsAt?: Date;
      endsAt?: Date;
      scopeKind?: 'platform' | 'programme' | 'operator' | 'organiser' | 'event';
      scopeId?: string;
    }[];
    totp?: boolean;
    email?: string;
    status?: 'active' | 'invited' | 'disabled';
    /** An existing organisation (by default a new operator organisation is created for the user). */
    organisationId?: string;
  } = {},
): Promise<BuiltUser> {
  const { db } = server.database;
  const now = server.clock.now();
  sequence += 1;
  const email = options.email ?? `personne.${sequence}.${Date.now()}@exemple.fr`;
  const [organisation] = options.organisationId
    ? [{ id: options.organisationId }]
    : await db
        .insert(organisations)
        .values({ name: `Organisation ${sequence} ${Date.now()}`, kind: 'operator' })
        .returning();
  const totpSecret = options.totp ? generateSecret() : undefined;
  const [user] = await db
    .insert(users)
    .values({
      organisationId: organisation!.id,
      email,
      displayName: `Personne ${sequence}`,
      passwordHash: await hashPassword(STRONG_PASSWORD),
      status: options.status ?? 'active',
      ...(totpSecret
        ? {
            totpSecretEncrypted: server.accounts.cipher.encrypt(totpSecret, 'users.totp_secret_encrypted'),
            totpEnabledAt: now,
          }
        : {}),
    })
    .returning();
  for (const grant of options.roles ?? []) {
    await db.insert(roleGrants).values({
      userId: user!.id,
      role: grant.role,
      scopeKind: grant.scopeKind ?? 'platform',
      scopeId: grant.scopeId ?? null,
      runsDraws: grant.runsDraws ?? false,
      startsAt: grant.startsAt ?? new Date(now.getTime() - 60_000),
      endsAt: grant.endsAt ?? new Date(now.getTime() + 180 * 86_400_000),
    });
  }
  return { id: user!.id, email, password: STRONG_PASSWORD, totpSecret, organisationId: organisation!.id };
}

/** The TOTP code of a secret at the server's current time. */
export function totpCode(server: TestServer, secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(server.clock.now().getTime() / 1000) });
}

/** Signs a built user in through the API, second factor included; the client then acts as that person. */
export async function signIn(server: TestServer, user: BuiltUser): Promise<ApiClient> {
  const client = new ApiClient(server.url);
  const login = await client.post<SessionState>('/api/v1/session', {
    email: user.email,
    password: user.password,
  });
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${JSON.stringify(login.body)}`);
  if (login.body.nextStep === 'mfa_challenge') {
    if (!user.totpSecret) throw new Error('this user needs a TOTP secret');
    const second = await client.post('/api/v1/session/second-factor', {
      code: await totpCode(server, user.totpSecret),
    });
    if (second.status !== 200)
      throw new Error(`second factor failed: ${second.status} ${JSON.stringify(second.body)}`);
    // A TOTP step is accepted once: later codes come from a later step.
    server.clock.advance(30_000);
  }
  return client;
}
