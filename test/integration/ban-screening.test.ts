import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BanDetail } from '../../contracts/bans.js';
import type { SportEvent } from '../../contracts/programmes.js';
import type { OperatorTicket, TicketHistory } from '../../contracts/tickets.js';
import { BAN_PURGE_JOB } from '../../src/modules/bans/purge.js';
import { gatePack } from '../../src/modules/tickets/gate.js';
import { refuseScreenedTicket } from '../../src/modules/tickets/screening-outcomes.js';
import { manualClock, type ManualClock } from '../../src/platform/clock.js';
import { selectRows } from '../../src/platform/db/database.js';
import {
  applicants,
  banScreeningCases,
  mailOutbox,
  organisations,
  sportEvents,
  tickets,
} from '../../src/platform/db/schema/index.js';
import { buildUser, signIn } from '../factories/accounts.js';
import { buildApplicants } from '../factories/applicants.js';
import { administrativeBan, judicialBan, signedInBanOfficer } from '../factories/bans.js';
import { eventsStockedForOperator } from '../factories/programmes.js';
import { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { applicantLink, publishedDrawViaApi, youthProgrammeWithOperator } from '../support/tickets.js';

const START = new Date('2026-12-02T10:00:00Z');
const DAY = 86_400_000;
const SYSTEM = { actor: 'system:test', userId: null, organisationId: null, requestId: null, sourceIp: null };
type Identity = { birthSurname: string; firstNames: string; birthDate: string };

describe.each(databaseKinds)('screening at issuance against stadium bans (BAN-6) on %s', (kind) => {
  let server: TestServer;
  let clock: ManualClock;
  let officer: ApiClient;
  let operatorClient: ApiClient;
  let organiserId: string;
  let events: SportEvent[];
  const people = new Map<string, string>();
  const bans = new Map<string, string>();

  const ticketOf = async (name: string) => {
    const rows = await server.database.db
      .select()
      .from(tickets)
      .where(eq(tickets.holderApplicantId, people.get(name)!))
      .orderBy(tickets.issuedAt);
    return rows.at(-1)!;
  };
  const casesOf = (ticketId: string) =>
    server.database.db.select().from(banScreeningCases).where(eq(banScreeningCases.ticketId, ticketId));
  const mailsAbout = async (name: string) =>
    (
      await server.database.db
        .select()
        .from(mailOutbox)
        .where(eq(mailOutbox.about, `applicant:${people.get(name)!}`))
    ).filter((mail) => mail.category.startsWith('tickets.'));
  const createBan = async (label: string, body: unknown) => {
    const created = await officer.post<BanDetail>(`/api/v1/organisers/${organiserId}/bans`, body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    bans.set(label, created.body.id);
    return created.body.id;
  };

  beforeAll(async () => {
    clock = manualClock(START);
    server = await startTestServer({ database: kind, clock });
    const { admin, operator, youth } = await youthProgrammeWithOperator(server);
    const now = clock.now().getTime();
    // Event 0: 12 seats, the organiser's; event 1: 2 seats, no organiser; event 2: 1 seat, the organiser's.
    events = await eventsStockedForOperator(server, admin, {
      programmeId: youth.id,
      operatorId: operator.id,
      seats: [12, 2, 1],
      codePrefix: `SCREEN-${kind}`,
    });
    const [organiser] = await server.database.db
      .insert(organisations)
      .values({ name: `Organisateur filtrage ${kind} ${Date.now()}`, kind: 'event_organiser' })
      .returning();
    organiserId = organiser!.id;
    await server.database.db
      .update(sportEvents)
      .set({ organiserId })
      .where(inArray(sportEvents.id, [events[0]!.id, events[2]!.id]));
    // Another event of the organiser, so that its bans may name another venue and sport.
    await server.database.db.insert(sportEvents).values({
      code: `SCREEN-${kind}-PARC-${Date.now()}`,
      games: 'olympic',
      kind: 'competition',
      sport: 'Football',
      discipline: 'Match',
      venue: 'Parc des Princes',
      startsAt: new Date(now + 120 * DAY),
      organiserId,
    });
    officer = (await signedInBanOfficer(server, organiserId)).client;
    operatorClient = await signIn(
      server,
      await buildUser(server, {
        roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id, runsDraws: true }],
        totp: true,
        organisationId: operator.id,
      }),
    );

    // The registry, before the draw. Events are on 2027-04-01 (Paris), at Stade de France, Athlétisme.
    await createBan('judicial', judicialBan());
    await createBan(
      'carer',
      judicialBan({ surname: 'Aubertin', firstName: 'Yanis', birthDate: '1988-07-01' }),
    );
    await createBan(
      'other venue',
      administrativeBan('2026-11-01', '2027-10-31', { surname: 'Marchetti' }, ['Parc des Princes']),
    );
    const otherSport = administrativeBan('2026-11-01', '2027-10-31', { surname: 'Bernard' }, [
      'Stade de France',
    ]);
    otherSport.measure.eventTypes = ['Football'];
    await createBan('other sport', otherSport);
    await createBan(
      'ended before',
      judicialBan({ surname: 'Fontaine', firstName: 'Hugo', birthDate: '1992-02-02' }, '2025-03-01', 24),
    );
    const suspended = administrativeBan('2026-11-01', '2027-10-31', { surname: 'Leclerc' }, [
      'Stade de France',
    ]);
    suspended.measure.eventTypes = ['Athlétisme'];
    const suspendedId = await createBan('suspended', suspended);
    expect(
      (await officer.post(`/api/v1/organisers/${organiserId}/bans/${suspendedId}/suspension`)).status,
    ).toBe(200);
    await createBan(
      'reserve A',
      judicialBan({ surname: 'Renaud', firstName: 'Théo', birthDate: '2004-05-05' }),
    );
    await createBan(
      'reserve B',
      judicialBan({ surname: 'Perrin', firstName: 'Inès', birthDate: '2003-06-06' }),
    );

    const ids = { programmeId: youth.id, operatorId: operator.id };
    const person = async (name: string, identity: Identity, eventIndex: number) => {
      const [id] = await buildApplicants(server, ids);
      await server.database.db
        .update(applicants)
        .set({
          ...identity,
          birthSurnameKey: identity.birthSurname.toUpperCase(),
          eventChoices: [events[eventIndex]!.id],
        })
        .where(eq(applicants.id, id!));
      people.set(name, id!);
    };
    const banned = { firstNames: 'Kévin', birthDate: '1990-04-12' };
    await person('exact', { birthSurname: 'Vautrin-Lebrun', ...banned }, 0);
    await person('close', { birthSurname: 'Vautrin-Lebrum', ...banned }, 0);
    await person(
      'same birth date',
      { birthSurname: 'Martin', firstNames: 'Sophie', birthDate: '1990-04-12' },
      0,
    );
    await person(
      'other venue',
      { birthSurname: 'Marchetti', firstNames: 'Loïc', birthDate: '1995-11-02' },
      0,
    );
    await person('other sport', { birthSurname: 'Bernard', firstNames: 'Loïc', birthDate: '1995-11-02' }, 0);
    await person(
      'ended before',
      { birthSurname: 'Fontaine', firstNames: 'Hugo', birthDate: '1992-02-02' },
      0,
    );
    await person('suspended', { birthSurname: 'Leclerc', firstNames: 'Loïc', birthDate: '1995-11-02' }, 0);
    await person('no organiser', { birthSurname: 'Vautrin-Lebrun', ...banned, birthDate: '1990-04-12' }, 1);
    await person('reserve A', { birthSurname: 'Renaud', firstNames: 'Théo', birthDate: '2004-05-05' }, 2);
    await person('reserve B', { birthSurname: 'Perrin', firstNames: 'Inès', birthDate: '2003-06-06' }, 2);
    const pair = await buildApplicants(server, { ...ids, kind: 'carer_pair' });
    await server.database.db
      .update(applicants)
      .set({
        birthSurname: 'Aubertin',
        birthSurnameKey: 'AUBERTIN',
        firstNames: 'Yanis',
        birthDate: '1988-07-01',
      })
      .where(eq(applicants.id, pair[0]!));
    await server.database.db
      .update(applicants)
      .set({ eventChoices: [events[0]!.id] })
      .where(inArray(applicants.id, pair));
    people.set('pair banned', pair[0]!);
    people.set('pair other', pair[1]!);
    await server.database.db.execute(
      sql`update applicants set email = 'porteur.' || entry_ref || '@exemple.fr'
          where id = any(${sql.param([...people.values()])}::uuid[])`,
    );
    await publishedDrawViaApi(server, operatorClient, ids);
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('a winner whose identity is a ban in force for the event waits, with one case and no mail; so does a close match', async () => {
    for (const [name, match] of [
      ['exact', 'exact'],
      ['close', 'close'],
    ] as const) {
      const ticket = await ticketOf(name);
      expect(ticket.status, name).toBe('screening');
      expect(ticket.code, name).toBeNull();
      const cases = await casesOf(ticket.id);
      expect(cases, name).toHaveLength(1);
      expect(cases[0], name).toMatchObject({
        banId: bans.get('judicial'),
        organiserId,
        trigger: 'issuance',
        match,
        status: 'pending',
        decidedAt: null,
      });
      // Opened with the ticket, at the draw's publication.
      expect(cases[0]!.createdAt.getTime()).toBe(ticket.issuedAt.getTime());
      expect(await mailsAbout(name), name).toEqual([]);
    }
  });

  it('issues and mails the others: a birth date alone, another venue or sport, a ban over or suspended, no organiser', async () => {
    for (const name of [
      'same birth date',
      'other venue',
      'other sport',
      'ended before',
      'suspended',
      'no organiser',
    ]) {
      const ticket = await ticketOf(name);
      expect(ticket.status, name).toBe('issued');
      expect(ticket.code, name).toMatch(/^GT1:/);
      expect(await casesOf(ticket.id), name).toEqual([]);
      expect((await mailsAbout(name)).length, name).toBe(1);
    }
  });

  it('in a carer pair, only the ticket of the person who matches waits', async () => {
    expect((await ticketOf('pair banned')).status).toBe('screening');
    expect((await ticketOf('pair other')).status).toBe('issued');
    expect(await casesOf((await ticketOf('pair other')).id)).toEqual([]);
  });

  it('the operator sees only « en attente de vérification », never a ban; the case row holds no name', async () => {
    const ticket = await ticketOf('exact');
    const listed = await operatorClient.get<OperatorTicket[]>(
      `/api/v1/operators/${ticket.operatorId}/tickets?eventId=${ticket.eventId}&status=screening`,
    );
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.map((row) => row.id)).toContain(ticket.id);
    const history = await operatorClient.get<TicketHistory>(
      `/api/v1/operators/${ticket.operatorId}/tickets/${ticket.id}/history`,
    );
    expect(history.status).toBe(200);
    expect(history.body.map((row) => [row.to, row.reason])).toEqual([
      ['screening', 'En attente de vérification'],
    ]);
    expect(JSON.stringify([listed.body, history.body]).toLowerCase()).not.toMatch(/interdiction|ban_|banid/);
    const raw = await selectRows<{ row: string }>(
      server.database.db,
      sql`select c::text as row from ban_screening_cases c`,
    );
    expect(raw.length).toBeGreaterThan(0);
    for (const { row } of raw)
      expect(row.toLowerCase()).not.toMatch(/vautrin|kévin|kevin|1990-04-12|aubertin/);
    // The gate refuses it as it refuses an ended ticket (« révoqué »): it is in the offline pack's list.
    const pack = await gatePack(
      { database: server.database, clock, keys: server.keys, publicUrl: () => server.url },
      ticket.eventId,
    );
    expect(pack!.ended).toContain(ticket.id);
    // The holder cannot withdraw it meanwhile: it is awaiting its verification, in neutral words.
    const token = await applicantLink(server, people.get('exact')!);
    const withdrawal = await new ApiClient(server.url).post<{ type: string; detail: string }>(
      `/api/v1/my-application/${token}/tickets/${ticket.id}/withdrawal`,
    );
    expect(withdrawal.status).toBe(409);
    expect(withdrawal.body.type).toContain('ticket-awaiting-screening');
    expect(withdrawal.body.detail).not.toMatch(/interdiction|stade/i);
  });

  it('a refused ticket hands its seat to the reserve list, whose next person is screened in turn', async () => {
    const [first] = await server.database.db.select().from(tickets).where(eq(tickets.eventId, events[2]!.id));
    expect(first!.status).toBe('screening');
    const handOver = await server.database.transaction((tx) =>
      refuseScreenedTicket(tx, first!.id, clock.now(), SYSTEM, server.url, server.keys),
    );
    expect(handOver.successorTicketId).not.toBeNull();
    const after = await server.database.db.select().from(tickets).where(eq(tickets.eventId, events[2]!.id));
    expect(after.find((row) => row.id === first!.id)!.status).toBe('refused');
    const successor = after.find((row) => row.id === handOver.successorTicketId)!;
    expect(successor.status).toBe('screening');
    expect(successor.reassignedFrom).toBe(first!.id);
    expect(await casesOf(successor.id)).toMatchObject([{ trigger: 'issuance', match: 'exact' }]);
    const holder = [...people].find(([, id]) => id === successor.holderApplicantId)![0];
    expect(await mailsAbout(holder)).toEqual([]);
  });

  it('a ban added after issuance opens a « new_ban » case; the ticket stays valid, and a second screening adds nothing', async () => {
    const ticket = await ticketOf('same birth date');
    const banId = await createBan(
      'added',
      judicialBan({ surname: 'Martin', firstName: 'Sophie', birthDate: '1990-04-12' }),
    );
    expect(await casesOf(ticket.id)).toMatchObject([
      { banId, trigger: 'new_ban', match: 'exact', status: 'pending' },
    ]);
    expect((await ticketOf('same birth date')).status).toBe('issued');
    // A rectification of the ban screens again: the same pair is not opened twice.
    const changed = await officer.request(
      'PUT',
      `/api/v1/organisers/${organiserId}/bans/${banId}`,
      judicialBan({ surname: 'Martin', firstName: 'Sophie', birthDate: '1990-04-12', birthPlace: 'Lyon' }),
    );
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(await casesOf(ticket.id)).toHaveLength(1);
  });

  it('a ban deleted at once lapses its pending cases; the waiting ticket is issued and mailed', async () => {
    const removed = await officer.request(
      'DELETE',
      `/api/v1/organisers/${organiserId}/bans/${bans.get('carer')}?cause=overturned`,
    );
    expect(removed.status, JSON.stringify(removed.body)).toBe(204);
    const ticket = await ticketOf('pair banned');
    expect(ticket.status).toBe('issued');
    expect(ticket.code).toMatch(/^GT1:/);
    // The case went with the ban (cascade) after it lapsed; the ticket's history says only the outcome.
    expect(await casesOf(ticket.id)).toEqual([]);
    const [history] = await selectRows<{ reasons: string }>(
      server.database.db,
      sql`select string_agg(reason, ' | ' order by id) as reasons from ticket_events where ticket_id = ${ticket.id}`,
    );
    expect(history!.reasons).toBe('En attente de vérification | Vérification terminée : billet émis');
    expect((await mailsAbout('pair banned')).length).toBeGreaterThan(0);
  });

  it('the purge of a ban with pending issuance cases lapses them first: the tickets are issued and mailed', async () => {
    const waiting = [await ticketOf('exact'), await ticketOf('close')];
    const lapsedAudit = () =>
      selectRows<{ n: number }>(
        server.database.db,
        sql`select count(*)::int as n from audit_events where action = 'bans.screening.lapsed'`,
      );
    const before = (await lapsedAudit())[0]!.n;
    // The judicial ban's last day is 2028-05-31: the day after, the job deletes it.
    clock.set(new Date('2028-06-01T08:00:00Z'));
    await server.jobs.runNow(BAN_PURGE_JOB);
    for (const ticket of waiting) {
      const [row] = await server.database.db.select().from(tickets).where(eq(tickets.id, ticket.id));
      expect(row!.status).toBe('issued');
    }
    expect(await mailsAbout('exact')).toHaveLength(1);
    expect(await mailsAbout('close')).toHaveLength(1);
    expect((await lapsedAudit())[0]!.n).toBeGreaterThan(before);
    const [system] = await selectRows<{ actor: string }>(
      server.database.db,
      sql`select actor from audit_events where action = 'bans.screening.lapsed' order by id desc limit 1`,
    );
    expect(system!.actor).toBe(`system:${BAN_PURGE_JOB}`);
    expect(
      await server.database.db
        .select()
        .from(banScreeningCases)
        .where(and(eq(banScreeningCases.banId, bans.get('judicial')!))),
    ).toEqual([]);
  });
});
