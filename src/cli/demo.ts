import { randomBytes } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import type { Role } from '../../contracts/roles.js';
import { assessPassword } from '../modules/accounts/domain/password-policy.js';
import { hashPassword } from '../modules/accounts/password-hashing.js';
import { loadDemoApplicants } from '../modules/applicants/demo.js';
import { DEMO_DRAW_NAME, loadDemoDraw } from '../modules/draws/demo.js';
import { demoShiftDays, loadDemoStock } from '../modules/programmes/demo/load-demo.js';
import { programmeProblems } from '../modules/programmes/problems.js';
import { recordAuditEvent } from '../platform/audit/record-audit-event.js';
import type { Clock } from '../platform/clock.js';
import type { KeyStore } from '../platform/crypto/keystore.js';
import type { Database } from '../platform/db/database.js';
import {
  instance,
  organisations,
  programmes,
  roleGrants,
  sportEvents,
  users,
} from '../platform/db/schema/index.js';
import type { Actor } from '../platform/http/actor.js';

const DAY = 86_400_000;

export interface DemoAccount {
  role: Role;
  displayName: string;
  email: string;
  organisation: string;
  password: string;
}

const DIJOP = 'DIJOP — Délégation interministérielle aux Jeux (démonstration)';
const ORGANISER = 'Paris 2024 — Comité d’organisation (démonstration)';
const EDUCATION = 'Ministère de l’Éducation nationale et de la Jeunesse';

/** One account per role (PRODUCT.md), fictitious people; who holds what and where. */
const ACCOUNTS: readonly {
  role: Role;
  displayName: string;
  email: string;
  organisation: string;
  scope: 'platform' | 'operator' | 'organiser';
  runsDraws?: boolean;
}[] = [
  {
    role: 'programme_admin',
    displayName: 'Camille Lefèvre',
    email: 'camille.lefevre@dijop.gradins.test',
    organisation: DIJOP,
    scope: 'platform',
  },
  {
    role: 'operator',
    displayName: 'Karim Benali',
    email: 'karim.benali@education.gradins.test',
    organisation: EDUCATION,
    scope: 'operator',
    runsDraws: true,
  },
  {
    role: 'group_manager',
    displayName: 'Sophie Moreau',
    email: 'sophie.moreau@college-jean-moulin.gradins.test',
    organisation: EDUCATION,
    scope: 'operator',
  },
  {
    role: 'beneficiary',
    displayName: 'Lucas Petit',
    email: 'lucas.petit@famille.gradins.test',
    organisation: EDUCATION,
    scope: 'operator',
  },
  {
    role: 'ban_officer',
    displayName: 'Nadia Haddad',
    email: 'nadia.haddad@paris2024.gradins.test',
    organisation: ORGANISER,
    scope: 'organiser',
  },
  {
    role: 'gate_agent',
    displayName: 'Thomas Girard',
    email: 'thomas.girard@paris2024.gradins.test',
    organisation: ORGANISER,
    scope: 'organiser',
  },
  {
    role: 'controller',
    displayName: 'Élise Fontaine',
    email: 'elise.fontaine@dijop.gradins.test',
    organisation: DIJOP,
    scope: 'platform',
  },
  {
    role: 'sysadmin',
    displayName: 'Julien Roux',
    email: 'julien.roux@dijop.gradins.test',
    organisation: DIJOP,
    scope: 'platform',
  },
];

/** A random password that meets the CNIL policy (checked, not assumed). */
function demoPassword(): string {
  for (;;) {
    const password = `${randomBytes(12).toString('base64url')}-Aa7!`;
    if (assessPassword(password).acceptable) return password;
  }
}

/**
 * `gradins demo`: the demonstration dataset in a new installation — the four programmes with the figures of
 * "Tous aux Jeux", ten ministries, 51 Paris 2024 sessions replayed about three months ahead, the stock split
 * accordingly, one account per role, fictitious applicants of the Education ministry in the youth programme,
 * and their draw, published and marked « démonstration » (committed to a real past drand round), so that a new
 * user sees a verifiable record at once. Refused on a database already in use; the dataset is all or nothing,
 * the draw then runs step by step through the draws module (a second call never makes a second draw).
 */
export async function loadDemo(deps: {
  database: Database;
  clock: Clock;
  keys: KeyStore;
  /** The address of the ticket links in the demo draw's mails (none: relative links). */
  publicUrl?: () => string;
}): Promise<{
  accounts: DemoAccount[];
  shiftDays: number;
  events: number;
  movements: number;
  opening: Date;
  applicants: number;
  draw: { id: string; name: string };
}> {
  const now = deps.clock.now();
  const shiftDays = demoShiftDays(now);
  const passwords = new Map(ACCOUNTS.map((account) => [account.email, demoPassword()]));
  const hashes = new Map<string, string>();
  for (const [email, password] of passwords) hashes.set(email, await hashPassword(password));

  const loaded = await deps.database.transaction(async (tx) => {
    const [state] = await tx.select().from(instance);
    if (state?.demoLoadedAt) throw programmeProblems.demoAlreadyLoaded();
    const [{ value: userCount }] = (await tx.select({ value: count() }).from(users)) as [{ value: number }];
    const [{ value: eventCount }] = (await tx.select({ value: count() }).from(sportEvents)) as [
      { value: number },
    ];
    if (Number(userCount) > 0 || Number(eventCount) > 0) throw programmeProblems.databaseNotEmpty();

    const stock = await loadDemoStock(tx, { now, shiftDays });
    const organisationIds = new Map(stock.operatorIds);
    for (const [name, kind] of [
      [DIJOP, 'programme_owner'],
      [ORGANISER, 'event_organiser'],
    ] as const) {
      const [row] = await tx.insert(organisations).values({ name, kind }).returning();
      organisationIds.set(name, row!.id);
    }
    // The demo's events are all the organiser's: its stadium-ban registry covers them (issue [H]).
    await tx.update(sportEvents).set({ organiserId: organisationIds.get(ORGANISER)! });
    let drawOperator: Actor | undefined;
    for (const account of ACCOUNTS) {
      const organisationId = organisationIds.get(account.organisation)!;
      const [user] = await tx
        .insert(users)
        .values({
          organisationId,
          email: account.email,
          displayName: account.displayName,
          passwordHash: hashes.get(account.email)!,
          status: 'active',
        })
        .returning();
      const [grant] = await tx
        .insert(roleGrants)
        .values({
          userId: user!.id,
          role: account.role,
          scopeKind: account.scope,
          scopeId: account.scope === 'platform' ? null : organisationId,
          runsDraws: account.runsDraws ?? false,
          startsAt: new Date(now.getTime() - 60_000),
          endsAt: new Date(now.getTime() + 365 * DAY),
        })
        .returning();
      if (account.runsDraws)
        drawOperator = {
          userId: user!.id,
          organisationId,
          sessionId: 'demo',
          csrfToken: '',
          secondFactorDue: 'none',
          reauthenticatedAt: null,
          grants: [
            {
              id: grant!.id,
              role: grant!.role,
              scopeKind: 'operator',
              scopeId: organisationId,
              runsDraws: true,
            },
          ],
        };
    }
    // The demo draw's bucket: the youth programme's tickets handed to the Education ministry, whose operator
    // (Karim Benali) runs draws; the applicants are imported by him.
    const [youth] = await tx.select().from(programmes).where(eq(programmes.targetPublic, 'youth'));
    const operatorId = organisationIds.get(EDUCATION)!;
    const applicants = await loadDemoApplicants(tx, deps.keys, {
      programmeId: youth!.id,
      operatorId,
      importedBy: drawOperator!.userId,
      now,
    });
    await tx.update(instance).set({ demoLoadedAt: now, demoShiftDays: shiftDays });
    await recordAuditEvent(tx, {
      actor: 'system:demo',
      action: 'programmes.demo.loaded',
      target: { table: 'sport_events', ids: [] },
      result: 'success',
      at: now,
    });
    const opening = await tx.query.games.findFirst({ where: (games, { eq }) => eq(games.code, 'olympic') });
    return {
      bucket: { programmeId: youth!.id, operatorId },
      drawOperator: drawOperator!,
      applicants,
      accounts: ACCOUNTS.map((account) => ({
        role: account.role,
        displayName: account.displayName,
        email: account.email,
        organisation: account.organisation,
        password: passwords.get(account.email)!,
      })),
      shiftDays,
      events: stock.events,
      movements: stock.movements,
      opening: opening!.opensAt,
    };
  });
  const { bucket, drawOperator, ...dataset } = loaded;
  const draw = await loadDemoDraw({ publicUrl: () => '', ...deps }, bucket, {
    actor: drawOperator,
    requestId: 'demo',
    sourceIp: 'local',
  });
  return { ...dataset, draw: { id: draw.drawId, name: DEMO_DRAW_NAME } };
}
