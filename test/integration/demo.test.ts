import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Games, InstanceInfo, StockSummary } from '../../contracts/programmes.js';
import type { SessionState } from '../../contracts/accounts.js';
import type { PublicDraw } from '../../contracts/draws.js';
import { ROLES } from '../../contracts/roles.js';
import { loadDemo, type DemoAccount } from '../../src/cli/demo.js';
import { assessPassword } from '../../src/modules/accounts/domain/password-policy.js';
import { DEMO_APPLICANTS } from '../../src/modules/applicants/demo.js';
import { DEMO_BEACON, loadDemoDraw } from '../../src/modules/draws/demo.js';
import { verifyRecord } from '../../src/modules/draws/domain/verify.js';
import { selectRows } from '../../src/platform/db/database.js';
import { draws, sessions, users } from '../../src/platform/db/schema/index.js';
import { ProblemError } from '../../src/platform/http/problem.js';
import { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';

const DAY = 86_400_000;

describe.each(databaseKinds)('the demo dataset on %s', (kind) => {
  let server: TestServer;
  let loaded: Awaited<ReturnType<typeof loadDemo>>;
  let admin: ApiClient;

  beforeAll(async () => {
    server = await startTestServer({ database: kind });
    loaded = await loadDemo({ database: server.database, clock: server.clock, keys: server.keys });
    // The programme administrator signs in with the printed password (TOTP enrolment is then due: the test
    // marks the session's second factor as done, as enrolment would).
    const account = loaded.accounts.find((candidate) => candidate.role === 'programme_admin')!;
    admin = await signInWithoutMfa(account);
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Signs in with the password; for roles needing a second factor the session is then marked as verified. */
  async function signInWithoutMfa(account: DemoAccount): Promise<ApiClient> {
    const client = new ApiClient(server.url);
    const login = await client.post<SessionState>('/api/v1/session', {
      email: account.email,
      password: account.password,
    });
    expect(login.status, `${account.role} signs in with the printed password`).toBe(200);
    if (login.body.nextStep !== 'none') {
      await server.database.db
        .update(sessions)
        .set({ mfaVerifiedAt: server.clock.now() })
        .where(eq(sessions.userId, login.body.user!.id));
      await client.get('/api/v1/session');
    }
    return client;
  }

  it('has one account per role, each with a password the CNIL policy accepts, printed once', async () => {
    expect(loaded.accounts.map((account) => account.role).sort()).toEqual([...ROLES].sort());
    for (const account of loaded.accounts) {
      expect(assessPassword(account.password).acceptable, account.role).toBe(true);
    }
    const gate = loaded.accounts.find((account) => account.role === 'gate_agent')!;
    const client = new ApiClient(server.url);
    const login = await client.post<SessionState>('/api/v1/session', {
      email: gate.email,
      password: gate.password,
    });
    expect(login.body).toMatchObject({ authenticated: true, nextStep: 'none' });
    const operator = loaded.accounts.find((account) => account.role === 'operator')!;
    const operatorLogin = await new ApiClient(server.url).post<SessionState>('/api/v1/session', {
      email: operator.email,
      password: operator.password,
    });
    // The demo operator runs draws: a second factor is due.
    expect(operatorLogin.body.nextStep).toBe('mfa_enrol');
  });

  it('splits the 401,220 tickets of the State exactly as Tous aux Jeux did', async () => {
    const summary = (await admin.get<StockSummary>('/api/v1/stock/summary')).body;
    expect(summary.totals.supplied).toBe(401_220);
    expect(summary.totals.pool).toBe(0);
    expect(summary.totals.programmes + summary.totals.operators).toBe(401_220);
    expect(summary.byGames.find((row) => row.games === 'olympic')!.supplied).toBe(100_700 + 960);
    expect(summary.byGames.find((row) => row.games === 'paralympic')!.supplied).toBe(298_600 + 960);
    const byPublic = Object.fromEntries(
      summary.byProgramme.map((row) => [row.targetPublic, row.held + row.withOperators]),
    );
    expect(byPublic).toEqual({
      youth: 258_800,
      sports_volunteers: 100_100,
      disability: 17_400,
      public_agents: 24_920,
    });
    const operators = new Set(summary.byOperator.map((row) => row.operatorId));
    expect(operators.size).toBe(10);
    // 80 % handed on to the ministries, the rest left to allocate live.
    expect(summary.totals.operators / 401_220).toBeGreaterThan(0.79);
    expect(summary.totals.operators / 401_220).toBeLessThanOrEqual(0.8);
    const ceremonies = summary.byEvent.filter((row) => row.code.endsWith('CER-OUV'));
    expect(ceremonies.map((row) => row.supplied)).toEqual([960, 960]);
  });

  it('replays the Paris 2024 calendar about three months ahead, keeping its shape, and says so', async () => {
    const summary = (await admin.get<StockSummary>('/api/v1/stock/summary')).body;
    expect(summary.byEvent.length).toBeGreaterThanOrEqual(40);
    expect(new Set(summary.byEvent.map((row) => row.games))).toEqual(new Set(['olympic', 'paralympic']));
    const games = (await new ApiClient(server.url).get<Games[]>('/api/v1/games')).body;
    const olympic = games.find((row) => row.code === 'olympic')!;
    const paralympic = games.find((row) => row.code === 'paralympic')!;
    const now = server.clock.now().getTime();
    const opensIn = (Date.parse(olympic.opensAt) - now) / DAY;
    expect(opensIn).toBeGreaterThan(85);
    expect(opensIn).toBeLessThan(97);
    // Same gaps as in 2024: Paralympic opening 33 days after the Olympic one (±1 h for the clock change), the
    // deadlines 86 and 88 days before their Games.
    const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY);
    expect(days(olympic.opensAt, paralympic.opensAt)).toBe(33);
    expect(days(olympic.reclaimDeadline, olympic.opensAt)).toBe(87);
    expect(days(paralympic.reclaimDeadline, paralympic.opensAt)).toBe(89);
    expect(summary.byEvent.every((row) => Date.parse(row.startsAt) > now)).toBe(true);
    const info = (await new ApiClient(server.url).get<InstanceInfo>('/api/v1/instance')).body;
    expect(info.demo).toMatchObject({ shiftDays: loaded.shiftDays, olympicOpening: olympic.opensAt });
  });

  it('publishes a demonstration draw that anyone downloads and that verifies « conforme »', async () => {
    const visitor = new ApiClient(server.url);
    const list = await visitor.get<PublicDraw[]>('/api/v1/public/draws');
    expect(list.status).toBe(200);
    const listed = list.body.find((draw) => draw.id === loaded.draw.id);
    const entryCount = DEMO_APPLICANTS.persons + 1 + DEMO_APPLICANTS.carerPairs;
    expect(listed).toMatchObject({ demonstration: true, entryCount });
    expect(loaded.draw.name).toContain('démonstration');
    expect(loaded.applicants).toBe(DEMO_APPLICANTS.persons + 1 + 2 * DEMO_APPLICANTS.carerPairs);

    const file = await visitor.get<{
      format: string;
      record: {
        commitment: { demonstration: boolean; beacon: { round: number } };
        entries: [string, number, number, number[], string, number, number][];
      };
    }>(`/api/v1/public/draws/${loaded.draw.id}/record`);
    expect(file.status).toBe(200);
    expect(file.body.format).toBe('gradins-draw-record-file-v1');
    expect(file.body.record.commitment).toMatchObject({
      demonstration: true,
      beacon: { round: DEMO_BEACON.round },
    });
    expect(verifyRecord(file.body.record)).toMatchObject({ conforme: true, differences: [] });
    // Quotas smaller than the demand: some entries win a seat, the others make a ranked reserve list, and the
    // group and the carer pair are entries of their own.
    const entries = file.body.record.entries;
    expect(entries.some((row) => row[5] > 0)).toBe(true);
    const reserve = entries.filter((row) => row[6] > 0).map((row) => row[6]);
    expect(reserve.length).toBeGreaterThan(0);
    expect(reserve).toEqual(reserve.map((_, index) => index + 1));
    expect(entries.map((row) => row[2]).sort((a, b) => b - a)).toEqual(
      expect.arrayContaining([DEMO_APPLICANTS.groupSize, 2]),
    );

    // The demo's applicants are imported as an operator's file would be: confirmed, consent day and keys set.
    const rows = await selectRows<{ n: number }>(
      server.database.db,
      sql`select count(*)::int as n from applicants
          where channel = 'import' and consented_on is not null and import_id is not null
            and confirmed_at is not null and birth_surname_key <> '' and length(identity_key) = 64`,
    );
    expect(rows[0]!.n).toBe(loaded.applicants);
  });

  it('refuses to load twice, and never makes a second draw', async () => {
    await expect(
      loadDemo({ database: server.database, clock: server.clock, keys: server.keys }),
    ).rejects.toSatisfy((error) => error instanceof ProblemError && error.code === 'demo-already-loaded');
    const [bucket] = await server.database.db
      .select({ programmeId: draws.programmeId, operatorId: draws.operatorId })
      .from(draws)
      .where(eq(draws.id, loaded.draw.id));
    const operator = loaded.accounts.find((account) => account.role === 'operator')!;
    const [user] = await server.database.db.select().from(users).where(eq(users.email, operator.email));
    const again = await loadDemoDraw(
      { database: server.database, clock: server.clock, keys: server.keys, publicUrl: () => '' },
      { programmeId: bucket!.programmeId, operatorId: bucket!.operatorId! },
      {
        actor: {
          userId: user!.id,
          organisationId: user!.organisationId,
          sessionId: 'demo',
          csrfToken: '',
          secondFactorDue: 'none',
          reauthenticatedAt: null,
          grants: [],
        },
        requestId: 'demo',
        sourceIp: 'local',
      },
    );
    expect(again).toEqual({ drawId: loaded.draw.id, created: false });
    expect(await server.database.db.select({ id: draws.id }).from(draws)).toHaveLength(1);
    const list = await new ApiClient(server.url).get<PublicDraw[]>('/api/v1/public/draws');
    expect(list.body).toHaveLength(1);
  });
});
