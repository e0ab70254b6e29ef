import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Games,
  ImportReport,
  OperatorStock,
  Programme,
  ReclaimReport,
  SportEvent,
  StockSummary,
} from '../../contracts/programmes.js';
import { RECLAIM_JOB } from '../../src/modules/programmes/reclaim.js';
import { selectRows } from '../../src/platform/db/database.js';
import { auditEvents, mailOutbox, organisations } from '../../src/platform/db/schema/index.js';
import { buildUser, signIn } from '../factories/accounts.js';
import { buildOperator, createEventViaApi, defaultProgramme, parisInDays } from '../factories/programmes.js';
import { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { startTestServer, type TestServer } from '../support/server.js';

const DAY = 86_400_000;

/** Uploads a CSV file as the web page does: the raw file, Content-Type text/csv. */
async function sendCsv(client: ApiClient, body: string | Buffer) {
  const response = await fetch(`${client.baseUrl}/api/v1/events/import`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', cookie: client.cookie!, 'x-csrf-token': client.csrfToken! },
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as ImportReport & { type?: string; detail?: string },
  };
}

describe.each(databaseKinds)('programmes, events and stock on %s', (kind) => {
  let server: TestServer;
  let admin: ApiClient;
  let adminUser: Awaited<ReturnType<typeof buildUser>>;
  let operatorClient: ApiClient;
  let operator: { id: string; name: string };
  let otherOperator: { id: string; name: string };
  let youth: { id: string; name: string };
  let agents: { id: string; name: string };

  /** The Games a few months ahead, with a reclaim deadline `deadlineDays` from the server's now. */
  const futureGames = async (code: 'olympic' | 'paralympic', deadlineDays: number) => {
    const now = server.clock.now().getTime();
    const offset = code === 'olympic' ? 0 : 33 * DAY;
    const response = await admin.request<Games>('PUT', `/api/v1/games/${code}`, {
      opensAt: new Date(now + 100 * DAY + offset).toISOString(),
      closesAt: new Date(now + 116 * DAY + offset).toISOString(),
      reclaimDeadline: new Date(now + deadlineDays * DAY).toISOString(),
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };

  const transfer = (client: ApiClient, body: unknown) =>
    client.post<{ movements: unknown[]; detail?: string; type?: string }>('/api/v1/stock/transfers', body);
  const line = (event: SportEvent, quantity: number, category = 'C') => ({
    eventId: event.id,
    category,
    quantity,
  });
  const poolTo = (programmeId: string) => ({
    from: { level: 'pool' },
    to: { level: 'programme', programmeId },
  });
  const toOperator = (programmeId: string, operatorId: string) => ({
    from: { level: 'programme', programmeId },
    to: { level: 'operator', programmeId, operatorId },
  });
  const summary = async () => (await admin.get<StockSummary>('/api/v1/stock/summary')).body;
  const balance = (
    s: StockSummary,
    level: string,
    eventId: string,
    programmeId: string | null = null,
    operatorId: string | null = null,
  ) =>
    s.balances.find(
      (row) =>
        row.level === level &&
        row.eventId === eventId &&
        row.programmeId === programmeId &&
        row.operatorId === operatorId,
    )?.quantity ?? 0;

  beforeAll(async () => {
    server = await startTestServer({ database: kind });
    adminUser = await buildUser(server, { roles: [{ role: 'programme_admin' }], totp: true });
    admin = await signIn(server, adminUser);
    operator = await buildOperator(server, 'Ministère de l’Éducation nationale');
    otherOperator = await buildOperator(server, 'Ministère des Armées');
    const operatorUser = await buildUser(server, {
      organisationId: operator.id,
      roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id }],
    });
    operatorClient = await signIn(server, operatorUser);
    youth = await defaultProgramme(server, 'youth');
    agents = await defaultProgramme(server, 'public_agents');
    await futureGames('olympic', 30);
    await futureGames('paralympic', 60);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('has the four publics of Tous aux Jeux as programmes, with eligibility rules as data', async () => {
    const response = await admin.get<Programme[]>('/api/v1/programmes');
    expect(response.status).toBe(200);
    expect(response.body.map((programme) => programme.targetPublic).sort()).toEqual([
      'disability',
      'public_agents',
      'sports_volunteers',
      'youth',
    ]);
    const publicAgents = response.body.find((programme) => programme.targetPublic === 'public_agents')!;
    expect(publicAgents.eligibility.requirements[0]!.anyOf.map((option) => option.status)).toEqual([
      'public_agent_category_b',
      'public_agent_category_c',
    ]);
  });

  it('creates a programme and refuses a second one of the same name, or rules that contradict themselves', async () => {
    const body = {
      name: 'Clubs de quartier',
      targetPublic: 'youth',
      games: 'paralympic',
      eligibility: { age: { min: 8, max: 17 }, requirements: [] },
    };
    const created = await admin.post<Programme>('/api/v1/programmes', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Clubs de quartier', maxEventChoices: 3, operators: [] });
    const again = await admin.post<{ type: string; detail: string }>('/api/v1/programmes', {
      ...body,
      name: 'CLUBS DE QUARTIER',
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('Un programme porte déjà ce nom');
    const contradictory = await admin.post<{ detail: string }>('/api/v1/programmes', {
      ...body,
      name: 'Autre',
      eligibility: { age: { min: 18, max: 12 }, requirements: [] },
    });
    expect(contradictory.status).toBe(400);
    expect(contradictory.body.detail).toContain('l’âge minimum ne peut pas dépasser l’âge maximum');
  });

  it('creates an event with its stock in the State pool, and refuses one in the past or with zero tickets', async () => {
    const event = await createEventViaApi(server, admin, {
      stock: [
        { category: 'C', count: 40 },
        { category: 'PMR', count: 4 },
      ],
    });
    expect(event.stock).toEqual([
      { category: 'C', count: 40 },
      { category: 'PMR', count: 4 },
    ]);
    const s = await summary();
    expect(s.balances.filter((row) => row.eventId === event.id)).toEqual([
      { level: 'pool', programmeId: null, operatorId: null, eventId: event.id, category: 'C', quantity: 40 },
      { level: 'pool', programmeId: null, operatorId: null, eventId: event.id, category: 'PMR', quantity: 4 },
    ]);
    expect(s.byEvent.find((row) => row.eventId === event.id)).toMatchObject({ supplied: 44, pool: 44 });

    const past = await admin.post<{ type: string; detail: string }>('/api/v1/events', {
      code: 'PASSE-1',
      games: 'olympic',
      kind: 'competition',
      sport: 'Escrime',
      discipline: 'Sabre',
      venue: 'Grand Palais',
      startsAtParis: parisInDays(server, -1),
      stock: [{ category: 'C', count: 10 }],
    });
    expect(past.status).toBe(400);
    expect(past.body.type).toBe('urn:gradins:problem:event-in-past');
    expect(past.body.detail).toContain('Cet événement a déjà eu lieu');

    for (const count of [0, -5, 2.5]) {
      const bad = await admin.post<{ type: string }>('/api/v1/events', {
        code: `ZERO-${String(count).replace('.', '-')}`,
        games: 'olympic',
        kind: 'competition',
        sport: 'Escrime',
        discipline: 'Sabre',
        venue: 'Grand Palais',
        startsAtParis: parisInDays(server, 10),
        stock: [{ category: 'C', count }],
      });
      expect(bad.status, `count ${count}`).toBe(400);
      expect(bad.body.type).toBe('urn:gradins:problem:validation-failed');
    }
    const listed = await new ApiClient(server.url).get<SportEvent[]>('/api/v1/events');
    expect(
      listed.body.some(
        (candidate) => candidate.code.startsWith('PASSE') || candidate.code.startsWith('ZERO'),
      ),
    ).toBe(false);
  });

  it('names the organiser whose ban registry covers an event: an event organiser only, by an administrator, audited', async () => {
    const event = await createEventViaApi(server, admin, { stock: [{ category: 'C', count: 5 }] });
    expect(event.organiserId).toBeNull();
    const [organiser] = await server.database.db
      .insert(organisations)
      .values({ name: `Organisateur d’essai ${Date.now()}`, kind: 'event_organiser' })
      .returning();
    const url = `/api/v1/events/${event.id}/organiser`;

    const named = await admin.request<SportEvent>('PUT', url, { organiserId: organiser!.id });
    expect(named.status, JSON.stringify(named.body)).toBe(200);
    expect(named.body.organiserId).toBe(organiser!.id);
    expect((await admin.get<SportEvent>(`/api/v1/events/${event.id}`)).body.organiserId).toBe(organiser!.id);
    const audited = await server.database.db
      .select({ targetIds: auditEvents.targetIds, result: auditEvents.result })
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'programmes.event.organiser-set'), eq(auditEvents.actor, adminUser.id)),
      );
    expect(audited).toEqual([{ targetIds: [event.id], result: 'success' }]);

    // An operator is no event organiser: refused, the event unchanged.
    const wrong = await admin.request<{ type: string; errors: { path: string }[] }>('PUT', url, {
      organiserId: operator.id,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.type).toBe('urn:gradins:problem:not-an-organiser');
    expect(wrong.body.errors[0]!.path).toBe('body.organiserId');
    expect((await admin.get<SportEvent>(`/api/v1/events/${event.id}`)).body.organiserId).toBe(organiser!.id);

    // Only a programme administrator names it.
    expect((await operatorClient.request('PUT', url, { organiserId: null })).status).toBe(403);
    const detached = await admin.request<SportEvent>('PUT', url, { organiserId: null });
    expect(detached.body.organiserId).toBeNull();
  });

  it('moves tickets down the cascade and back, the balances always derived from the ledger', async () => {
    const event = await createEventViaApi(server, admin, { stock: [{ category: 'C', count: 100 }] });
    expect(
      (await transfer(admin, { ...poolTo(youth.id), lines: [line(event, 60)], reason: 'Quota jeunesse' }))
        .status,
    ).toBe(201);
    // Not attached yet: refused with the way out.
    const refused = await transfer(admin, {
      ...toOperator(youth.id, operator.id),
      lines: [line(event, 25)],
      reason: 'Académies',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toContain('n’est pas rattaché à ce programme');
    expect(
      (await admin.post(`/api/v1/programmes/${youth.id}/operators`, { operatorId: operator.id })).status,
    ).toBe(200);
    const moved = await transfer(admin, {
      ...toOperator(youth.id, operator.id),
      lines: [line(event, 25)],
      reason: 'Académies',
    });
    expect(moved.status).toBe(201);

    let s = await summary();
    expect(balance(s, 'pool', event.id)).toBe(40);
    expect(balance(s, 'programme', event.id, youth.id)).toBe(35);
    expect(balance(s, 'operator', event.id, youth.id, operator.id)).toBe(25);

    // The operator gives 5 back to its programme; the programme gives 10 back to the pool.
    const returned = await operatorClient.post(`/api/v1/operators/${operator.id}/stock/returns`, {
      programmeId: youth.id,
      lines: [line(event, 5)],
      reason: 'Classe indisponible',
    });
    expect(returned.status).toBe(201);
    expect(
      (
        await transfer(admin, {
          from: { level: 'programme', programmeId: youth.id },
          to: { level: 'pool' },
          lines: [line(event, 10)],
          reason: 'Surplus',
        })
      ).status,
    ).toBe(201);
    s = await summary();
    expect(balance(s, 'pool', event.id)).toBe(50);
    expect(balance(s, 'programme', event.id, youth.id)).toBe(30);
    expect(balance(s, 'operator', event.id, youth.id, operator.id)).toBe(20);
    expect(s.byEvent.find((row) => row.eventId === event.id)).toMatchObject({
      supplied: 100,
      pool: 50,
      programmes: 30,
      operators: 20,
    });

    const ledger = await selectRows<{ kind: string; quantity: number }>(
      server.database.db,
      sql`select kind, quantity from stock_movements where event_id = ${event.id} order by id`,
    );
    expect(ledger.map((row) => `${row.kind}:${row.quantity}`)).toEqual([
      'supply:100',
      'allocation:60',
      'allocation:25',
      'return:5',
      'return:10',
    ]);
    const audited = await server.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(sql`${auditEvents.action} like 'programmes.stock.%'`);
    expect(audited.map((row) => row.action)).toEqual(
      expect.arrayContaining(['programmes.stock.allocated', 'programmes.stock.returned']),
    );
  });

  it('refuses a transfer larger than the balance, skipping a level or across programmes, and moves nothing', async () => {
    const event = await createEventViaApi(server, admin, { stock: [{ category: 'C', count: 10 }] });
    const before = await summary();
    const tooMuch = await transfer(admin, {
      ...poolTo(agents.id),
      lines: [line(event, 6), line(event, 6)],
      reason: 'Trop',
    });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.type).toBe('urn:gradins:problem:insufficient-balance');
    expect(tooMuch.body.detail).toBe(
      `Aucun billet n’a été déplacé : ce niveau ne détient pas assez de billets. ${event.code}, catégorie C : 12 demandés, 10 disponibles. Réduisez les quantités.`,
    );
    const skip = await transfer(admin, {
      from: { level: 'pool' },
      to: { level: 'operator', programmeId: youth.id, operatorId: operator.id },
      lines: [line(event, 1)],
      reason: 'Raccourci',
    });
    expect(skip.status).toBe(400);
    expect(skip.body.detail).toContain('d’un niveau au suivant');
    await transfer(admin, { ...poolTo(youth.id), lines: [line(event, 3)], reason: 'Jeunesse' });
    const across = await transfer(admin, {
      from: { level: 'programme', programmeId: youth.id },
      to: { level: 'programme', programmeId: agents.id },
      lines: [line(event, 1)],
      reason: 'Échange',
    });
    expect(across.status).toBe(400);
    expect(across.body.detail).toContain('rendez-les au pot commun');
    const zero = await transfer(admin, { ...poolTo(agents.id), lines: [line(event, 0)], reason: 'Rien' });
    expect(zero.status).toBe(400);
    const after = await summary();
    expect(balance(after, 'pool', event.id)).toBe(balance(before, 'pool', event.id) - 3);
    expect(balance(after, 'programme', event.id, agents.id)).toBe(0);
  });

  it('refuses a reclaim deadline after the opening of the Games, or in the past', async () => {
    const now = server.clock.now().getTime();
    const late = await admin.request<{ type: string; detail: string }>('PUT', '/api/v1/games/olympic', {
      opensAt: new Date(now + 100 * DAY).toISOString(),
      closesAt: new Date(now + 116 * DAY).toISOString(),
      reclaimDeadline: new Date(now + 101 * DAY).toISOString(),
    });
    expect(late.status).toBe(400);
    expect(late.body.type).toBe('urn:gradins:problem:deadline-after-games');
    expect(late.body.detail).toContain('doit précéder l’ouverture des Jeux');
    const past = await admin.request<{ type: string }>('PUT', '/api/v1/games/olympic', {
      opensAt: new Date(now + 100 * DAY).toISOString(),
      closesAt: new Date(now + 116 * DAY).toISOString(),
      reclaimDeadline: new Date(now - DAY).toISOString(),
    });
    expect(past.status).toBe(400);
    expect(past.body.type).toBe('urn:gradins:problem:deadline-in-past');
    const games = await new ApiClient(server.url).get<Games[]>('/api/v1/games');
    expect(new Date(games.body.find((g) => g.code === 'olympic')!.reclaimDeadline).getTime()).toBe(
      now + 30 * DAY,
    );
  });

  it('imports events from CSV, reports each rejected row and keeps the good ones; a re-import changes nothing', async () => {
    const day = parisInDays(server, 90).slice(0, 10).split('-').reverse().join('/');
    const csv = [
      'code;jeux;nature;sport;discipline;site;debut;catégorie;billets',
      `NAT-1;Olympiques;Compétition;Natation;400 m 4 nages, finale;Paris La Défense Arena;${day} 20:30;C;1 200`,
      `NAT-1;Olympiques;Compétition;Natation;400 m 4 nages, finale;Paris La Défense Arena;${day} 20:30;D;800`,
      `NAT-2;Hivernaux;Compétition;Natation;Relais;Paris La Défense Arena;${day} 21:30;C;100`,
      `NAT-3;Paralympiques;Compétition;Para natation;100 m dos;Paris La Défense Arena;demain;C;100`,
      `NAT-4;Paralympiques;Compétition;Para natation;50 m libre;Paris La Défense Arena;01/01/2020 10:00;C;100`,
      `NAT-1;Olympiques;Compétition;Natation;400 m 4 nages, finale;Paris La Défense Arena;${day} 20:30;C;1 200`,
      `NAT-5;Paralympiques;Cérémonie;Cérémonie;Ouverture;Place de la Concorde;${day} 20:00;C`,
      '',
    ].join('\r\n');
    const post = (body: string | Buffer) => sendCsv(admin, body);

    const first = await post(csv);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ rows: 7, created: 2, unchanged: 0 });
    expect(first.body.rejected).toEqual([
      { line: 4, code: 'NAT-2', reason: 'jeux « Hivernaux » inconnus (olympiques ou paralympiques)' },
      {
        line: 5,
        code: 'NAT-3',
        reason: 'début « demain » illisible (AAAA-MM-JJ HH:MM ou JJ/MM/AAAA HH:MM, heure de Paris)',
      },
      {
        line: 6,
        code: 'NAT-4',
        reason: 'cet événement a déjà eu lieu : on ne peut plus y répartir de billets',
      },
      { line: 7, code: 'NAT-1', reason: 'ligne en double : la catégorie C de NAT-1 figure déjà plus haut' },
      { line: 8, code: 'NAT-5', reason: '8 cellules au lieu de 9 : vérifiez les séparateurs de cette ligne' },
    ]);
    const events = await new ApiClient(server.url).get<SportEvent[]>('/api/v1/events');
    expect(events.body.find((event) => event.code === 'NAT-1')?.stock).toEqual([
      { category: 'C', count: 1200 },
      { category: 'D', count: 800 },
    ]);

    const again = await post(csv);
    expect(again.body).toMatchObject({ rows: 7, created: 0, unchanged: 2 });
    expect(
      (await new ApiClient(server.url).get<SportEvent[]>('/api/v1/events')).body.filter(
        (e) => e.code === 'NAT-1',
      ),
    ).toHaveLength(1);

    const commas = await post(
      `code,jeux,nature,sport,discipline,site,debut,categorie,billets\nJUD-1,olympiques,competition,Judo,Par équipes,Champ-de-Mars Arena,${day} 10:00,D,50\n`,
    );
    expect(commas.body).toMatchObject({ created: 1, rejected: [] });
  });

  it('explains a CSV in the wrong encoding or with the wrong separator, and imports nothing', async () => {
    const day = parisInDays(server, 90).slice(0, 10);
    const header = 'code;jeux;nature;sport;discipline;site;debut;categorie;billets';
    const latin1 = Buffer.from(
      `${header}\nESC-1;olympiques;compétition;Escrime;Épée;Grand Palais;${day} 10:00;C;10\n`,
      'latin1',
    );
    const send = (body: Buffer | string) => sendCsv(admin, body);
    const encoding = await send(latin1);
    expect(encoding.status).toBe(400);
    expect(encoding.body.type).toBe('urn:gradins:problem:csv-invalid');
    expect(encoding.body.detail).toContain('n’est pas encodé en UTF-8');
    expect(encoding.body.detail).toContain('« CSV UTF-8 »');

    const tabs = await send(
      `${header.replaceAll(';', '\t')}\nESC-2\tolympiques\tcompétition\tEscrime\tÉpée\tGrand Palais\t${day} 10:00\tC\t10\n`,
    );
    expect(tabs.status).toBe(400);
    expect(tabs.body.detail).toContain('séparées par des tabulations');

    const missing = await send('code;sport\nESC-3;Escrime\n');
    expect(missing.body.detail).toContain(
      'il y manque : jeux, nature, discipline, site, debut, categorie, billets',
    );

    const events = await new ApiClient(server.url).get<SportEvent[]>('/api/v1/events');
    expect(events.body.some((event) => event.code.startsWith('ESC-'))).toBe(false);
  });

  it('shows an operator its own allocation only (another operator’s is refused)', async () => {
    const own = await operatorClient.get<OperatorStock>(`/api/v1/operators/${operator.id}/stock`);
    expect(own.status).toBe(200);
    expect(own.body.operator.name).toBe('Ministère de l’Éducation nationale');
    expect(own.body.programmes.find((programme) => programme.programmeId === youth.id)?.held).toBeGreaterThan(
      0,
    );
    const other = await operatorClient.get<{ type: string }>(`/api/v1/operators/${otherOperator.id}/stock`);
    expect(other.status).toBe(403);
    expect((await operatorClient.get('/api/v1/stock/summary')).status).toBe(403);
    const foreignReturn = await operatorClient.post<{ type: string }>(
      `/api/v1/operators/${otherOperator.id}/stock/returns`,
      {
        programmeId: youth.id,
        lines: [{ eventId: '00000000-0000-4000-8000-000000000000', category: 'C', quantity: 1 }],
        reason: 'Essai',
      },
    );
    expect(foreignReturn.status).toBe(403);
    expect((await admin.get(`/api/v1/operators/${otherOperator.id}/stock`)).status).toBe(200);
  });

  it('never lets 50 parallel transfers overdraw a balance of 10', async () => {
    const event = await createEventViaApi(server, admin, { stock: [{ category: 'C', count: 10 }] });
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        transfer(admin, { ...poolTo(agents.id), lines: [line(event, 1)], reason: 'En parallèle' }),
      ),
    );
    expect(results.filter((result) => result.status === 201)).toHaveLength(10);
    expect(results.filter((result) => result.status === 409)).toHaveLength(40);
    const s = await summary();
    expect(balance(s, 'pool', event.id)).toBe(0);
    expect(balance(s, 'programme', event.id, agents.id)).toBe(10);
    const [sums] = await selectRows<{ supplied: string; allocated: string }>(
      server.database.db,
      sql`select sum(quantity) filter (where kind = 'supply')::bigint as supplied,
                 sum(quantity) filter (where kind = 'allocation')::bigint as allocated
          from stock_movements where event_id = ${event.id}`,
    );
    expect(Number(sums!.supplied)).toBe(10);
    expect(Number(sums!.allocated)).toBe(10);
  });

  it('keeps the ledger append-only in the database itself', async () => {
    await expect(
      server.database.db.execute(sql`update stock_movements set quantity = quantity + 1`),
    ).rejects.toThrow();
    await expect(server.database.db.execute(sql`delete from stock_movements`)).rejects.toThrow();
  });

  it('returns unassigned tickets to the State pool at the deadline, exactly once, and tells the operators', async () => {
    await admin.post(`/api/v1/programmes/${agents.id}/operators`, { operatorId: operator.id });
    const olympic = await createEventViaApi(server, admin, {
      games: 'olympic',
      stock: [{ category: 'C', count: 30 }],
    });
    const paralympic = await createEventViaApi(server, admin, {
      games: 'paralympic',
      startsAtParis: parisInDays(server, 140),
      stock: [{ category: 'C', count: 30 }],
    });
    for (const event of [olympic, paralympic]) {
      await transfer(admin, { ...poolTo(agents.id), lines: [line(event, 20)], reason: 'Agents' });
      await transfer(admin, {
        ...toOperator(agents.id, operator.id),
        lines: [line(event, 8)],
        reason: 'Ministère',
      });
    }
    const before = await summary();
    const isOlympic = (eventId: string) =>
      before.byEvent.find((e) => e.eventId === eventId)?.games === 'olympic';
    const expectedLines = new Map<string, number>();
    for (const row of before.balances.filter((row) => row.level !== 'pool' && isOlympic(row.eventId))) {
      const key = `${row.programmeId}/${row.operatorId}`;
      expectedLines.set(key, (expectedLines.get(key) ?? 0) + row.quantity);
    }
    const heldBefore = [...expectedLines.values()].reduce((sum, quantity) => sum + quantity, 0);
    expect(expectedLines.get(`${agents.id}/${operator.id}`)).toBe(8);

    // Nothing happens before the deadline.
    expect(await server.jobs.runNow(RECLAIM_JOB)).toEqual([]);
    server.clock.advance(30 * DAY + 1000);
    // Between the deadline and the job's run, nothing more goes down for these Games.
    admin = await signIn(server, adminUser);
    const late = await transfer(admin, {
      ...poolTo(agents.id),
      lines: [line(olympic, 1)],
      reason: 'Trop tard',
    });
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('urn:gradins:problem:reclaim-in-progress');
    const [first, second] = (await Promise.all([
      server.jobs.runNow(RECLAIM_JOB),
      server.jobs.runNow(RECLAIM_JOB),
    ])) as ReclaimReport[][];
    const reports = [...first!, ...second!];
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ games: 'olympic', total: heldBefore, operatorsNotified: 1 });
    expect(
      new Map(reports[0]!.lines.map((line) => [`${line.programmeId}/${line.operatorId}`, line.quantity])),
    ).toEqual(expectedLines);

    // Every session ended during those 30 days: sign in again.
    admin = await signIn(server, adminUser);
    const after = await summary();
    expect(balance(after, 'pool', olympic.id)).toBe(30);
    expect(balance(after, 'operator', olympic.id, agents.id, operator.id)).toBe(0);
    // The Paralympic deadline is later: its tickets stay where they are.
    expect(balance(after, 'operator', paralympic.id, agents.id, operator.id)).toBe(8);
    expect(after.totals.reclaimed).toBe(heldBefore);
    expect(await server.jobs.runNow(RECLAIM_JOB)).toEqual([]);

    const mails = await server.database.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.category, 'programmes.reclaim'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('repris à l’échéance (Jeux olympiques)');
    expect(mails[0]!.textBody).toContain('Tous aux Jeux — Agents publics : 8 billets');
    const [entry] = await server.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'programmes.stock.reclaimed'),
          eq(auditEvents.actor, 'system:stock-reclaim'),
        ),
      );
    expect(entry?.targetIds).toEqual([reports[0]!.id]);

    // The programme administrator reallocates them to another programme.
    expect(
      (
        await transfer(admin, {
          ...poolTo(youth.id),
          lines: [line(olympic, 30)],
          reason: 'Réaffectation après reprise',
        })
      ).status,
    ).toBe(201);
    const listed = await admin.get<ReclaimReport[]>('/api/v1/stock/reclaims');
    expect(listed.body.map((report) => report.id)).toEqual([reports[0]!.id]);

    // A new deadline would take back what was just reallocated: only when asked for explicitly.
    const now = server.clock.now().getTime();
    const dates = {
      opensAt: new Date(now + 70 * DAY).toISOString(),
      closesAt: new Date(now + 86 * DAY).toISOString(),
      reclaimDeadline: new Date(now + 20 * DAY).toISOString(),
    };
    const again = await admin.request<{ type: string; detail: string }>(
      'PUT',
      '/api/v1/games/olympic',
      dates,
    );
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('ont déjà été repris le');
    const rearmed = await admin.request<Games>('PUT', '/api/v1/games/olympic', {
      ...dates,
      newReclaim: true,
    });
    expect(rearmed.status).toBe(200);
    expect(rearmed.body.reclaimedAt).toBeNull();
  });

  it('lets the dates be set after a reclaim that found nothing (the 2024 defaults of a new installation)', async () => {
    const fresh = await startTestServer({ database: kind });
    try {
      const freshAdmin = await signIn(
        fresh,
        await buildUser(fresh, { roles: [{ role: 'programme_admin' }], totp: true }),
      );
      const [report] = ((await fresh.jobs.runNow(RECLAIM_JOB)) as ReclaimReport[]).filter(
        (r) => r.games === 'olympic',
      );
      expect(report).toMatchObject({ total: 0 });
      const now = fresh.clock.now().getTime();
      const response = await freshAdmin.request<Games>('PUT', '/api/v1/games/olympic', {
        opensAt: new Date(now + 100 * DAY).toISOString(),
        closesAt: new Date(now + 116 * DAY).toISOString(),
        reclaimDeadline: new Date(now + 10 * DAY).toISOString(),
      });
      expect(response.status).toBe(200);
      expect(response.body.reclaimedAt).toBeNull();
    } finally {
      await fresh.stop();
    }
  });

  it('refuses tickets of Games a programme does not cover, and texts with control characters', async () => {
    const paralympicOnly = await admin.post<Programme>('/api/v1/programmes', {
      name: 'Para-sport en famille',
      targetPublic: 'disability',
      games: 'paralympic',
      eligibility: { requirements: [] },
    });
    const event = await createEventViaApi(server, admin, {
      games: 'olympic',
      stock: [{ category: 'C', count: 5 }],
    });
    const refused = await transfer(admin, {
      ...poolTo(paralympicOnly.body.id),
      lines: [line(event, 1)],
      reason: 'Essai',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toBe(
      'Le programme « Para-sport en famille » ne distribue pas de billets des Jeux olympiques. Choisissez un événement de ses Jeux, ou modifiez le programme.',
    );
    const control = await admin.post<{ detail: string }>('/api/v1/events', {
      code: 'CTRL-1',
      games: 'olympic',
      kind: 'competition',
      sport: 'Judo\u0000',
      discipline: 'Équipes',
      venue: 'Champ-de-Mars Arena',
      startsAtParis: parisInDays(server, 50),
    });
    expect(control.status).toBe(400);
    expect(control.body.detail).toContain('caractère de contrôle interdit');
  });

  it('exports every balance as CSV for a spreadsheet', async () => {
    const formula = await admin.post('/api/v1/events', {
      code: 'FORMULE-1',
      games: 'paralympic',
      kind: 'competition',
      sport: '=1+1',
      discipline: 'Essai',
      venue: 'Stade de France',
      startsAtParis: parisInDays(server, 40),
      stock: [{ category: 'C', count: 3 }],
    });
    expect(formula.status).toBe(201);
    const response = await fetch(`${server.url}/api/v1/stock/export.csv`, {
      headers: { cookie: admin.cookie! },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await response.arrayBuffer());
    // A byte-order mark, so that spreadsheets read the accents as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(
      text.startsWith(
        'jeux;code;sport;discipline;debut_heure_de_paris;categorie;niveau;programme;operateur;billets\r\n',
      ),
    ).toBe(true);
    // A name a spreadsheet would run as a formula stays text.
    expect(text).toContain(`;'=1+1;`);
    expect(text).toContain(
      ';opérateur;Tous aux Jeux — Agents publics;Ministère de l’Éducation nationale;8\r\n',
    );
  });
});

describe.runIf(databaseKinds.includes('postgresql'))(
  'the reclaim job with two server processes on postgresql',
  () => {
    let first: TestServer;
    let second: RunningServer;
    beforeAll(async () => {
      first = await startTestServer({ database: 'postgresql' });
      // A second Gradins node on the same database, with the same keys and clock.
      second = await startServer({ ...first.config, port: 0 }, { clock: first.clock, mailIntervalMs: 200 });
    });
    afterAll(async () => {
      await second?.close();
      await first?.stop();
    });

    it('returns the tickets once, whichever node runs the job, even both at the same moment', async () => {
      const admin = await signIn(
        first,
        await buildUser(first, { roles: [{ role: 'programme_admin' }], totp: true }),
      );
      const now = first.clock.now().getTime();
      await admin.request('PUT', '/api/v1/games/olympic', {
        opensAt: new Date(now + 100 * DAY).toISOString(),
        closesAt: new Date(now + 116 * DAY).toISOString(),
        reclaimDeadline: new Date(now + DAY).toISOString(),
      });
      const youth = await defaultProgramme(first, 'youth');
      const event = await createEventViaApi(first, admin, { stock: [{ category: 'C', count: 50 }] });
      await admin.post('/api/v1/stock/transfers', {
        from: { level: 'pool' },
        to: { level: 'programme', programmeId: youth.id },
        lines: [{ eventId: event.id, category: 'C', quantity: 30 }],
        reason: 'Jeunesse',
      });
      first.clock.advance(DAY + 1000);
      const runs = (await Promise.all([
        first.jobs.runNow(RECLAIM_JOB),
        second.jobs.runNow(RECLAIM_JOB),
        first.jobs.runNow(RECLAIM_JOB),
        second.jobs.runNow(RECLAIM_JOB),
      ])) as ReclaimReport[][];
      // The Olympic deadline just passed; the Paralympic one (1 June 2024 by default) passed long ago, with
      // nothing to reclaim. Each is reclaimed once.
      expect(
        runs
          .flat()
          .map((report) => `${report.games}:${report.total}`)
          .sort(),
      ).toEqual(['olympic:30', 'paralympic:0']);
      const [moved] = await selectRows<{ reclaimed: string }>(
        first.database.db,
        sql`select coalesce(sum(quantity), 0)::bigint as reclaimed from stock_movements where kind = 'reclaim'`,
      );
      expect(Number(moved!.reclaimed)).toBe(30);
    });
  },
);
