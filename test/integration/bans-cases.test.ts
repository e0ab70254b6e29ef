import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BanDetail, ScreeningCase } from '../../contracts/bans.js';
import type { CheckInResult } from '../../contracts/gate.js';
import type { SportEvent } from '../../contracts/programmes.js';
import { parisDate } from '../../src/modules/programmes/domain/paris-time.js';
import { randomToken, tokenHash } from '../../src/platform/crypto/tokens.js';
import {
  applicants,
  auditEvents,
  banScreeningCases,
  mailOutbox,
  sportEvents,
  ticketEvents,
  ticketLinks,
  ticketSeats,
  tickets,
} from '../../src/platform/db/schema/index.js';
import { buildUser, signIn } from '../factories/accounts.js';
import { administrativeBan, buildOrganiser, judicialBan, signedInBanOfficer } from '../factories/bans.js';
import { eventsOfOrganiser, groupSeat, screeningCase, ticketInScreening } from '../factories/screening.js';
import { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { buildGateTickets } from '../support/gate.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { applicantLink, publishedDrawWithMail } from '../support/tickets.js';

type Problem = { type: string; detail: string; status: number };
type TicketRow = typeof tickets.$inferSelect;
const DAY = 86_400_000;
const BIRTH_PLACE = 'Lamballe-Armor';

/** The audit entries of an action, in the order written. */
const auditEntries = (server: TestServer, action: string) =>
  server.database.db.select().from(auditEvents).where(eq(auditEvents.action, action)).orderBy(auditEvents.id);

/**
 * The ban officer's screening cases (BAN-6, BAN-4): listed, read (audited with the case, ticket and ban ids) and
 * decided in one transaction — confirmed at issuance: refused, the seat to the reserve list; confirmed on a new
 * ban: revoked, the gate answers « révoqué »; dismissed: issued and mailed; twice: 409; a ban over since: lapsed.
 * And nothing of it reaches the operator, the holder, the exports or the gate: a status only.
 */
describe.each(databaseKinds)('screening cases (BAN-6) on %s', (kind) => {
  let server: TestServer;
  let organiser: { id: string };
  let officer: ApiClient;
  let officerId: string;
  let officerUser: Awaited<ReturnType<typeof signedInBanOfficer>>['user'];
  const drawn: { events: SportEvent[]; operator: { id: string }; operatorClient: ApiClient }[] = [];
  /** Per ticket: its row, its ban, its case. */
  const cases: Record<'A1' | 'A2' | 'B1' | 'B2', { ticket: TicketRow; banId: string; caseId: string }> =
    {} as never;
  const url = (path = '') => `/api/v1/organisers/${organiser.id}/screening-cases${path}`;
  const ticket = async (id: string) =>
    (await server.database.db.select().from(tickets).where(eq(tickets.id, id)))[0]!;
  const audits = (action: string) => auditEntries(server, action);
  const mailsTo = async (applicantId: string) => {
    const [holder] = await server.database.db.select().from(applicants).where(eq(applicants.id, applicantId));
    return server.database.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, holder!.email!));
  };

  beforeAll(async () => {
    server = await startTestServer({ database: kind });
    organiser = await buildOrganiser(server);
    const signed = await signedInBanOfficer(server, organiser.id);
    officer = signed.client;
    officerId = signed.user.id;
    officerUser = signed.user;
    for (const prefix of ['CASES-A', 'CASES-B'])
      drawn.push(await publishedDrawWithMail(server, `${prefix}-${kind}`));
    await eventsOfOrganiser(
      server,
      organiser.id,
      drawn.map((draw) => draw.events[0]!.id),
    );
    const today = parisDate(server.clock.now());
    const names = ['Chauvet', 'Clément', 'Courtois', 'Cazenave'];
    const keys = ['A1', 'A2', 'B1', 'B2'] as const;
    const issued = [];
    for (const draw of drawn)
      issued.push(
        ...(await server.database.db
          .select()
          .from(tickets)
          .where(and(eq(tickets.eventId, draw.events[0]!.id), eq(tickets.status, 'issued')))
          .orderBy(tickets.id)),
      );
    expect(issued).toHaveLength(4);
    for (const [index, key] of keys.entries()) {
      const row = issued[index]!;
      // A name the registry accepts (letters only), then a ban for that very person.
      await server.database.db
        .update(applicants)
        .set({ birthSurname: names[index]!, birthSurnameKey: names[index]!.toUpperCase() })
        .where(eq(applicants.id, row.holderApplicantId!));
      const identity = {
        surname: names[index]!,
        firstName: 'Camille',
        birthDate: '2005-03-14',
        birthPlace: BIRTH_PLACE,
      };
      // B2's ban is a prefect's order ending the day after the event: the clock moved past it, its case lapses.
      const eventDay = parisDate(new Date(drawn[1]!.events[0]!.startsAt));
      const input =
        key === 'B2'
          ? administrativeBan(
              today,
              eventDay,
              identity,
              [drawn[1]!.events[0]!.venue],
              [drawn[1]!.events[0]!.sport],
            )
          : judicialBan(identity, today, 24);
      const created = await officer.post<BanDetail>(`/api/v1/organisers/${organiser.id}/bans`, input);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const trigger = key === 'A2' ? 'new_ban' : 'issuance';
      if (trigger === 'issuance') await ticketInScreening(server, row.id);
      const caseId = await screeningCase(server, {
        organiserId: organiser.id,
        ticketId: row.id,
        banId: created.body.id,
        trigger,
        match: key === 'B1' ? 'close' : 'exact',
        createdAt: new Date(server.clock.now().getTime() - (10 - index) * 60_000),
      });
      cases[key] = { ticket: await ticket(row.id), banId: created.body.id, caseId };
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('lists the pending cases newest first, page by page, and reads one; each read audited with its ids', async () => {
    const list = await officer.get<ScreeningCase[]>(url());
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.map((item) => item.id)).toEqual(
      [cases.B2, cases.B1, cases.A2, cases.A1].map((item) => item.caseId),
    );
    const first = await officer.get<ScreeningCase[]>(url('?limit=2'));
    const next = await officer.get<ScreeningCase[]>(url(`?limit=2&before=${first.body[1]!.id}`));
    expect([...first.body, ...next.body].map((item) => item.id)).toEqual(list.body.map((item) => item.id));
    expect((await officer.get<ScreeningCase[]>(url('?status=dismissed'))).body).toEqual([]);
    expect((await officer.get<Problem>(url('?status=closed'))).status).toBe(400);

    const read = await officer.get<ScreeningCase>(url(`/${cases.B1.caseId}`));
    expect(read.status).toBe(200);
    const event = drawn[1]!.events[0]!;
    expect(read.body).toMatchObject({
      id: cases.B1.caseId,
      status: 'pending',
      trigger: 'issuance',
      match: 'close',
      decidedAt: null,
      event: { id: event.id, venue: 'Stade de France', startsAt: new Date(event.startsAt).toISOString() },
      ticket: { id: cases.B1.ticket.id, status: 'screening' },
      holder: { surname: 'Courtois', firstNames: 'Camille', birthDate: '2005-03-14' },
      ban: {
        id: cases.B1.banId,
        kind: 'judicial',
        surname: 'Courtois',
        firstName: 'Camille',
        birthPlace: BIRTH_PLACE,
        hasPhoto: false,
      },
    });
    expect(read.body.event.name).toContain('—');
    const unknown = await officer.get<Problem>(url(`/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`));
    expect(unknown.body.type).toBe('urn:gradins:problem:case-not-found');

    const listed = (await audits('bans.case.listed')).at(0)!;
    expect(listed).toMatchObject({ actor: officerId, targetTable: 'ban_screening_cases', result: 'success' });
    // Each case shown, with its ticket, its ban and the application whose identity it shows.
    for (const item of Object.values(cases))
      expect(listed.targetIds).toEqual(
        expect.arrayContaining([item.caseId, item.ticket.id, item.banId, item.ticket.holderApplicantId]),
      );
    const [detail] = await audits('bans.case.read');
    expect(detail!.targetIds).toEqual([
      cases.B1.caseId,
      cases.B1.ticket.id,
      cases.B1.banId,
      cases.B1.ticket.holderApplicantId,
    ]);
  });

  it('shows the operator, the exports, the holder and the gate a status only: no case, ban or match', async () => {
    const { operator, operatorClient } = drawn[1]!;
    const eventId = drawn[1]!.events[0]!.id;
    const screened = cases.B1.ticket;
    const admin = await signIn(
      server,
      await buildUser(server, { roles: [{ role: 'programme_admin' }], totp: true }),
    );
    const agent = await signIn(
      server,
      await buildUser(server, {
        roles: [{ role: 'gate_agent', scopeKind: 'event', scopeId: eventId }],
        totp: true,
      }),
    );
    const applicantToken = await applicantLink(server, screened.holderApplicantId!);
    const linkToken = randomToken();
    await server.database.db.insert(ticketLinks).values({
      tokenHash: tokenHash(linkToken),
      applicantId: screened.holderApplicantId!,
      programmeId: screened.programmeId,
      createdAt: server.clock.now(),
      expiresAt: new Date(server.clock.now().getTime() + 365 * DAY),
    });
    const visitor = new ApiClient(server.url);
    const ops = `/api/v1/operators/${operator.id}/tickets`;
    const views: [string, ApiClient, string][] = [
      ['operator list', operatorClient, `${ops}?eventId=${eventId}`],
      ['operator list by status', operatorClient, `${ops}?status=screening`],
      ['operator counts', operatorClient, `${ops}/counts`],
      ['operator history', operatorClient, `${ops}/${screened.id}/history`],
      ['administration list', admin, `/api/v1/tickets?eventId=${eventId}`],
      ['administration history', admin, `/api/v1/tickets/${screened.id}/history`],
      ['summary', operatorClient, `${ops}/summary`],
      ['summary CSV', operatorClient, `${ops}/summary.csv`],
      ['holder (application link)', visitor, `/api/v1/my-application/${applicantToken}/tickets`],
      ['holder (ticket link)', visitor, `/api/v1/ticket-links/${linkToken}`],
      ['holder PDF', visitor, `/api/v1/ticket-links/${linkToken}/tickets.pdf`],
      ['gate pack', agent, `/api/v1/events/${eventId}/gate/pack`],
    ];
    const bodies: [string, string][] = [];
    for (const [name, client, path] of views) {
      const response = await fetch(`${server.url}${path}`, {
        headers: client.cookie ? { cookie: client.cookie } : {},
      });
      expect(response.status, `${name}: ${path}`).toBe(200);
      bodies.push([name, Buffer.from(await response.arrayBuffer()).toString('latin1')]);
    }
    const checked = await agent.post<CheckInResult>(`/api/v1/events/${eventId}/gate/check-ins`, {
      code: screened.code,
      gateId: 'Porte A',
    });
    expect(checked.status).toBe(200);
    bodies.push(['gate check-in', JSON.stringify(checked.body)]);

    const secrets = Object.values(cases).flatMap((item) => [item.caseId, item.banId]);
    for (const [name, body] of bodies) {
      for (const secret of [...secrets, BIRTH_PLACE, 'close', 'exact', 'new_ban'])
        expect(body.includes(secret), `${name} shows ${secret}`).toBe(false);
      expect(/"[^"]*(ban|interdiction)[^"]*"\s*:/i.test(body), `${name} has a ban key`).toBe(false);
    }
    const shows = (name: string) => bodies.find(([candidate]) => candidate === name)![1];
    // The status, and nothing else: « screening » in the lists and the holder's page; in the gate's pack, the
    // ticket is among those that admit no one.
    for (const name of [
      'operator list',
      'operator list by status',
      'administration list',
      'holder (application link)',
    ])
      expect(shows(name)).toContain(`"status":"screening"`);
    expect(JSON.parse(shows('gate pack')).ended).toContain(screened.id);
    expect(shows('summary CSV')).toContain('screening');
    // Before its hours the gate says so; within them, « révoqué » (below, after a confirmation).
    expect(checked.body.accepted).toBe(false);
    // The issued ticket with a pending case on a new ban stays valid: its operator sees it issued.
    const ownOperator = (
      await drawn[0]!.operatorClient.get<{ id: string; status: string }[]>(
        `/api/v1/operators/${drawn[0]!.operator.id}/tickets?eventId=${drawn[0]!.events[0]!.id}`,
      )
    ).body.find((item) => item.id === cases.A2.ticket.id);
    expect(ownOperator?.status).toBe('issued');
  });

  it('confirms a match at issuance: the ticket refused, the seat to the reserve list’s next entry', async () => {
    const { ticket: held, caseId, banId } = cases.A1;
    const decided = await officer.post<ScreeningCase>(url(`/${caseId}/decision`), { decision: 'confirm' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({ status: 'confirmed', ticket: { id: held.id, status: 'refused' } });
    expect(decided.body.decidedAt).toBe(server.clock.now().toISOString());
    expect((await ticket(held.id)).status).toBe('refused');
    const [successor] = await server.database.db
      .select()
      .from(tickets)
      .where(eq(tickets.reassignedFrom, held.id));
    expect(successor).toMatchObject({ status: 'issued', seatId: held.seatId, drawId: held.drawId });
    expect(successor!.entryId).not.toBe(held.entryId);
    expect(successor!.holderApplicantId).not.toBe(held.holderApplicantId);
    expect((await mailsTo(successor!.holderApplicantId!)).map((mail) => mail.category)).toContain(
      'tickets.reserve-promoted',
    );
    const [row] = await server.database.db
      .select()
      .from(banScreeningCases)
      .where(eq(banScreeningCases.id, caseId));
    expect(row).toMatchObject({ status: 'confirmed', decidedBy: officerId });
    const [audit] = await audits('bans.case.confirmed');
    expect(audit).toMatchObject({ actor: officerId, result: 'success' });
    expect(audit!.targetIds).toEqual(
      expect.arrayContaining([caseId, held.id, banId, held.holderApplicantId]),
    );
    // The ticket's history says « refusé après vérification », nothing of a ban.
    const history = await server.database.db
      .select()
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, held.id));
    expect(history.at(-1)).toMatchObject({ fromStatus: 'screening', toStatus: 'refused' });
    expect(history.at(-1)!.reason).not.toMatch(/interdiction|ban/i);
    // Nor does the operator's view of it name the ban officer who decided.
    const seen = await drawn[0]!.operatorClient.get(
      `/api/v1/operators/${drawn[0]!.operator.id}/tickets/${held.id}/history`,
    );
    expect(seen.status).toBe(200);
    expect(JSON.stringify(seen.body)).toContain('refused');
    expect(JSON.stringify(seen.body)).not.toContain(officerId);
  });

  it('dismisses a match at issuance: the ticket issued and mailed; a second decision is refused (409)', async () => {
    const { ticket: held, caseId } = cases.B1;
    const before = (await mailsTo(held.holderApplicantId!)).length;
    const decided = await officer.post<ScreeningCase>(url(`/${caseId}/decision`), { decision: 'dismiss' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({ status: 'dismissed', ticket: { id: held.id, status: 'issued' } });
    expect((await ticket(held.id)).status).toBe('issued');
    const mails = await mailsTo(held.holderApplicantId!);
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)!.category).toBe('tickets.delivery-link');
    expect((await audits('bans.case.dismissed')).at(-1)!.targetIds).toEqual([
      caseId,
      held.id,
      cases.B1.banId,
      held.holderApplicantId,
    ]);
    for (const decision of ['confirm', 'dismiss']) {
      const again = await officer.post<Problem>(url(`/${caseId}/decision`), { decision });
      expect(again.status).toBe(409);
      expect(again.body.type).toBe('urn:gradins:problem:case-already-decided');
      expect(again.body.detail).toContain('dismissed');
    }
    expect((await ticket(held.id)).status).toBe('issued');
    const english = await officer.request<Problem>(
      'POST',
      url(`/${caseId}/decision`),
      { decision: 'confirm' },
      {
        'accept-language': 'en',
      },
    );
    expect(english.body.detail).toMatch(/no longer awaits a decision/);
    const bad = await officer.post<Problem>(url(`/${cases.B2.caseId}/decision`), { decision: 'maybe' });
    expect(bad.status).toBe(400);
  });

  it('confirms a match on a new ban: the ticket revoked, and the gate answers « révoqué »', async () => {
    const { ticket: held, caseId } = cases.A2;
    const decided = await officer.post<ScreeningCase>(url(`/${caseId}/decision`), { decision: 'confirm' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({
      status: 'confirmed',
      trigger: 'new_ban',
      ticket: { status: 'revoked' },
    });
    expect((await ticket(held.id)).status).toBe('revoked');
    const history = await server.database.db
      .select()
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, held.id));
    expect(history.at(-1)).toMatchObject({ toStatus: 'revoked', reason: 'Révoqué après vérification' });
    // The seat went to the reserve list too.
    const [successor] = await server.database.db
      .select()
      .from(tickets)
      .where(eq(tickets.reassignedFrom, held.id));
    expect(successor?.status).toBe('issued');

    const eventId = held.eventId;
    // Within the ticket's hours at the gate (sessions opened before a move of the clock have expired).
    server.clock.set(new Date(held.validFrom.getTime() + 3_600_000));
    const agent = await signIn(
      server,
      await buildUser(server, {
        roles: [{ role: 'gate_agent', scopeKind: 'event', scopeId: eventId }],
        totp: true,
      }),
    );
    for (const id of [held.id, cases.A1.ticket.id]) {
      const code = (await ticket(id)).code!;
      const checked = await agent.post<CheckInResult>(`/api/v1/events/${eventId}/gate/check-ins`, {
        code,
        gateId: 'Porte B',
      });
      expect(checked.status).toBe(200);
      expect(checked.body).toMatchObject({ accepted: false, reason: 'revoked', reasonText: 'révoqué' });
      expect(JSON.stringify(checked.body)).not.toMatch(/interdiction|ban/i);
    }
    // The reserve's ticket admits its holder.
    const entered = await agent.post<CheckInResult>(`/api/v1/events/${eventId}/gate/check-ins`, {
      code: successor!.code,
      gateId: 'Porte B',
    });
    expect(entered.body.accepted).toBe(true);
  });

  it('lapses a case whose ban is over by the time of the decision: 409, the ticket issued as if dismissed', async () => {
    const { ticket: held, caseId, banId } = cases.B2;
    // The order's last day is the event's day: two days later it has no effect any more (the purge not run).
    server.clock.set(new Date(new Date(drawn[1]!.events[0]!.startsAt).getTime() + 2 * DAY));
    officer = await signIn(server, officerUser);
    // Counted from the new time on: with the clock weeks ahead, the mail-retention job may delete older mails.
    const movedAt = server.clock.now();
    const decided = await officer.post<Problem>(url(`/${caseId}/decision`), { decision: 'confirm' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(409);
    expect(decided.body.type).toBe('urn:gradins:problem:case-lapsed');
    const [row] = await server.database.db
      .select()
      .from(banScreeningCases)
      .where(eq(banScreeningCases.id, caseId));
    expect(row).toMatchObject({ status: 'lapsed', decidedBy: null });
    expect((await ticket(held.id)).status).toBe('issued');
    const mailed = (await mailsTo(held.holderApplicantId!)).filter((mail) => mail.createdAt >= movedAt);
    expect(mailed.map((mail) => mail.category)).toEqual(['tickets.delivery-link']);
    expect((await audits('bans.case.lapsed')).at(-1)!.targetIds).toEqual([caseId, held.id, banId]);
    const lapsed = await officer.get<ScreeningCase[]>(url('?status=lapsed'));
    expect(lapsed.body.map((item) => item.id)).toEqual([caseId]);
    const confirmed = await officer.get<ScreeningCase[]>(url('?status=confirmed'));
    expect(confirmed.body.map((item) => item.id).sort()).toEqual([cases.A1.caseId, cases.A2.caseId].sort());
    const remaining = await server.database.db
      .select()
      .from(banScreeningCases)
      .where(inArray(banScreeningCases.status, ['pending']));
    expect(remaining).toEqual([]);
  });
});

/** Several cases on one ticket (two bans of the same person): the ticket moves once, whatever the order. */
describe.each(databaseKinds)('several screening cases of one ticket on %s', (kind) => {
  let server: TestServer;
  let organiser: { id: string };
  let officer: ApiClient;
  const built: { tickets: { id: string }[]; holderId: string } = { tickets: [], holderId: '' };
  const bans: string[] = [];
  const url = (path = '') => `/api/v1/organisers/${organiser.id}/screening-cases${path}`;
  const ticket = async (id: string) =>
    (await server.database.db.select().from(tickets).where(eq(tickets.id, id)))[0]!;
  const bansUrl = (path = '') => `/api/v1/organisers/${organiser.id}/bans${path}`;
  const days = (count: number) => parisDate(new Date(server.clock.now().getTime() + count * DAY));
  const audits = (action: string) => auditEntries(server, action);
  const holders = new Map<string, string>();
  const holderOf = (ticketId: string) => holders.get(ticketId);
  const casesOfBan = (ticketId: string, banId: string) =>
    server.database.db
      .select()
      .from(banScreeningCases)
      .where(and(eq(banScreeningCases.ticketId, ticketId), eq(banScreeningCases.banId, banId)));
  /** An event of the organiser `inDays` days ahead, and `count` issued tickets of it (a new Dupont Camille). */
  const laterEvent = async (inDays: number, count = 1) => {
    const startsAt = new Date(server.clock.now().getTime() + inDays * DAY);
    const gate = await buildGateTickets(server, { count, now: server.clock.now(), startsAt });
    await eventsOfOrganiser(server, organiser.id, [gate.eventId]);
    for (const { id } of gate.tickets) holders.set(id, (await ticket(id)).holderApplicantId!);
    return { ...gate, venue: 'Stade de France', sport: 'Athlétisme' };
  };
  /** A prefect's order on the holders' person (the same identity as the bans of `beforeAll`). */
  const orderOfDupont = (from: string, until: string, venue: string, sport: string) =>
    administrativeBan(
      from,
      until,
      { surname: 'Dupont', firstName: 'Camille', birthDate: '2005-03-14', birthPlace: BIRTH_PLACE },
      [venue],
      [sport],
    );
  /**
   * A ticket waiting for its screening at an event `inDays` ahead, and a prefect's order on its holder from
   * `from` to `until` entered by hand: the engine opens the order's case at once if it covers the event.
   */
  const waitingTicketWithOrder = async (inDays: number, from: number, until: number) => {
    const later = await laterEvent(inDays);
    const ticketId = later.tickets[0]!.id;
    await ticketInScreening(server, ticketId);
    const order = await officer.post<BanDetail>(
      bansUrl(),
      orderOfDupont(days(from), days(until), later.venue, later.sport),
    );
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    const [opened] = await casesOfBan(ticketId, order.body.id);
    expect(opened).toMatchObject({ status: 'pending', trigger: 'issuance' });
    return { later, ticketId, order: order.body, opened: opened! };
  };
  const casesOf = async (ticketId: string) =>
    Promise.all(
      bans.map((banId) =>
        screeningCase(server, { organiserId: organiser.id, ticketId, banId, trigger: 'issuance' }),
      ),
    );

  beforeAll(async () => {
    server = await startTestServer({ database: kind });
    organiser = await buildOrganiser(server);
    officer = (await signedInBanOfficer(server, organiser.id)).client;
    const gate = await buildGateTickets(server, { count: 2, now: server.clock.now() });
    await eventsOfOrganiser(server, organiser.id, [gate.eventId]);
    built.tickets = gate.tickets;
    built.holderId = (await ticket(gate.tickets[0]!.id)).holderApplicantId!;
    for (const { id } of gate.tickets) holders.set(id, built.holderId);
    await server.database.db
      .update(applicants)
      .set({ email: 'camille.dupont@exemple.fr' })
      .where(eq(applicants.id, built.holderId));
    const identity = {
      surname: 'Dupont',
      firstName: 'Camille',
      birthDate: '2005-03-14',
      birthPlace: BIRTH_PLACE,
    };
    const today = parisDate(server.clock.now());
    const month = parisDate(new Date(server.clock.now().getTime() + 30 * DAY));
    for (const input of [
      judicialBan(identity, today, 12),
      administrativeBan(today, month, identity, ['Stade de France'], ['Athlétisme']),
    ]) {
      const created = await officer.post<BanDetail>(`/api/v1/organisers/${organiser.id}/bans`, input);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      bans.push(created.body.id);
    }
    for (const { id } of gate.tickets) await ticketInScreening(server, id);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('issues the ticket once when both its cases are dismissed at the same moment', async () => {
    const ticketId = built.tickets[0]!.id;
    const caseIds = await casesOf(ticketId);
    const answers = await Promise.all(
      caseIds.map((caseId) =>
        officer.post<ScreeningCase>(url(`/${caseId}/decision`), { decision: 'dismiss' }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect((await ticket(ticketId)).status).toBe('issued');
    const history = await server.database.db
      .select()
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, ticketId));
    expect(
      history.filter((line) => line.toStatus === 'issued' && line.fromStatus === 'screening'),
    ).toHaveLength(1);
    const mails = await server.database.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.recipient, 'camille.dupont@exemple.fr'));
    expect(mails).toHaveLength(1);
  });

  it('keeps the ticket waiting while another case of it is pending; refused, a seat without a reserve list goes to the pool', async () => {
    const ticketId = built.tickets[1]!.id;
    const [first, second] = await casesOf(ticketId);
    const dismissed = await officer.post<ScreeningCase>(url(`/${first}/decision`), { decision: 'dismiss' });
    // One case dismissed, the other still pending: the ticket waits.
    expect(dismissed.body).toMatchObject({ status: 'dismissed', ticket: { status: 'screening' } });
    const confirmed = await officer.post<ScreeningCase>(url(`/${second}/decision`), { decision: 'confirm' });
    expect(confirmed.body).toMatchObject({ status: 'confirmed', ticket: { status: 'refused' } });
    const [seat] = await server.database.db
      .select({ status: ticketSeats.status })
      .from(ticketSeats)
      .where(eq(ticketSeats.id, (await ticket(ticketId)).seatId));
    expect(seat?.status).toBe('returned_to_pool');
  });

  it('closes the other pending cases of a ticket refused by one confirmation: confirmed, their ban covering the event too', async () => {
    const gate = await buildGateTickets(server, {
      count: 1,
      now: server.clock.now(),
      eventId: (await ticket(built.tickets[0]!.id)).eventId,
    });
    const ticketId = gate.tickets[0]!.id;
    holders.set(ticketId, (await ticket(ticketId)).holderApplicantId!);
    await ticketInScreening(server, ticketId);
    const [first, second] = await casesOf(ticketId);
    expect((await officer.post(url(`/${first}/decision`), { decision: 'confirm' })).status).toBe(200);
    const [other] = await server.database.db
      .select()
      .from(banScreeningCases)
      .where(eq(banScreeningCases.id, second!));
    expect(other).toMatchObject({ status: 'confirmed' });
    expect((await ticket(ticketId)).status).toBe('refused');
    // One entry names both cases, the ticket, both bans and the holder shown.
    const [confirmed] = (await audits('bans.case.confirmed')).slice(-1);
    expect(confirmed!.targetIds).toEqual([first, ticketId, bans[0], holderOf(ticketId), second, bans[1]]);
    const again = await officer.post<Problem>(url(`/${second}/decision`), { decision: 'dismiss' });
    expect(again.body.type).toBe('urn:gradins:problem:case-already-decided');
  });

  it('lapses, instead of confirming, the other pending case of a refused ticket whose ban no longer covers the event', async () => {
    // An order covering the event: the engine opens its case at once (the ticket waits).
    const { later, ticketId, order, opened: orderCase } = await waitingTicketWithOrder(45, 2, 90);
    // The event is put off past the order's last day. No route reschedules an event yet (a change of the order
    // itself lapses its cases at once, `ban-screening.test.ts`): the database stands in. The case stays open.
    await server.database.db
      .update(sportEvents)
      .set({ startsAt: new Date(server.clock.now().getTime() + 100 * DAY) })
      .where(eq(sportEvents.id, later.eventId));
    expect((await casesOfBan(ticketId, order.id))[0]).toMatchObject({ status: 'pending' });
    const judicialCase = await screeningCase(server, {
      organiserId: organiser.id,
      ticketId,
      banId: bans[0]!,
      trigger: 'issuance',
    });

    const decided = await officer.post<ScreeningCase>(url(`/${judicialCase}/decision`), {
      decision: 'confirm',
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({ status: 'confirmed', ticket: { status: 'refused' } });
    expect((await casesOfBan(ticketId, order.id))[0]).toMatchObject({
      status: 'lapsed',
      decidedBy: null,
    });
    expect((await audits('bans.case.confirmed')).at(-1)!.targetIds).toEqual([
      judicialCase,
      ticketId,
      bans[0],
      holderOf(ticketId),
    ]);
    expect((await audits('bans.case.lapsed')).at(-1)!.targetIds).toEqual([orderCase.id, ticketId, order.id]);
  });

  it('confirms a case on an order that starts after today but covers the later event: 200, the ticket refused', async () => {
    // The prefect's order takes effect in ten days, before the event: entered now, it opens the case now.
    const { ticketId, order, opened } = await waitingTicketWithOrder(60, 10, 90);
    expect(order.status).toBe('not_yet_in_force');
    const decided = await officer.post<ScreeningCase>(url(`/${opened.id}/decision`), {
      decision: 'confirm',
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({ status: 'confirmed', ticket: { id: ticketId, status: 'refused' } });
    expect((await ticket(ticketId)).status).toBe('refused');
  });

  it('lapses a case whose event has gone to another organiser since (409), the ticket issued', async () => {
    const later = await laterEvent(20);
    const ticketId = later.tickets[0]!.id;
    await ticketInScreening(server, ticketId);
    const caseId = await screeningCase(server, {
      organiserId: organiser.id,
      ticketId,
      banId: bans[0]!,
      trigger: 'issuance',
    });
    // Set in the database: what the decision itself checks, whatever a change of organiser does to cases.
    const other = await buildOrganiser(server);
    await eventsOfOrganiser(server, other.id, [later.eventId]);
    const decided = await officer.post<Problem>(url(`/${caseId}/decision`), { decision: 'confirm' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(409);
    expect(decided.body.type).toBe('urn:gradins:problem:case-lapsed');
    expect((await casesOfBan(ticketId, bans[0]!))[0]).toMatchObject({ status: 'lapsed', decidedBy: null });
    expect((await ticket(ticketId)).status).toBe('issued');
  });

  // PostgreSQL only: PGlite serves one connection, so its transactions never overlap (nothing to order there).
  it.skipIf(kind === 'pglite')(
    'decides a case while its ban is being annulled without a deadlock: the ban locked first, the decision then the removal',
    async () => {
      const { ticketId, order, opened } = await waitingTicketWithOrder(50, 3, 90);
      // Requests waiting for a lock in this test's database, one per backend.
      const waiting = async (count: number) => {
        for (let tries = 0; tries < 200; tries += 1) {
          const [row] = await server.database.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity
             where datname = current_database() and wait_event_type = 'Lock'`,
            [],
          );
          if (row!.n >= count) return;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        throw new Error(`never ${count} requests waiting for a lock`);
      };
      // The ticket held by another transaction: the decision waits for it, then the removal comes.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const holding = server.database.transaction(async (tx) => {
        await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
        locked();
        await released;
      });
      await isLocked;
      const decision = officer.post<ScreeningCase>(url(`/${opened.id}/decision`), {
        decision: 'confirm',
      });
      const removal = waiting(1).then(() => officer.delete(bansUrl(`/${order.id}?cause=annulled`)));
      try {
        await waiting(2);
      } finally {
        release();
        await holding;
      }
      const [decided, removed] = await Promise.all([decision, removal]);
      // The decision holds the ban: the removal waits for it, then deletes the ban (and the case with it).
      expect([decided.status, removed.status], JSON.stringify([decided.body, removed.body])).toEqual([
        200, 204,
      ]);
      expect(decided.body).toMatchObject({ status: 'confirmed', ticket: { status: 'refused' } });
      expect((await ticket(ticketId)).status).toBe('refused');
      expect(await casesOfBan(ticketId, order.id)).toEqual([]);
    },
  );

  it('shows a group seat’s named participant as the holder, not its manager (null until named), audited with the participant’s id', async () => {
    const later = await laterEvent(30, 2);
    const [namedSeat, unnamedSeat] = later.tickets.map((item) => item.id) as [string, string];
    const participant = { birthSurname: 'Dupond', firstNames: 'Camille Lou', birthDate: '2005-03-14' };
    const { participantId } = await groupSeat(server, namedSeat, participant);
    await groupSeat(server, unnamedSeat, null);
    for (const seat of [namedSeat, unnamedSeat]) {
      const caseId = await screeningCase(server, {
        organiserId: organiser.id,
        ticketId: seat,
        banId: bans[0]!,
        trigger: 'new_ban',
      });
      const read = await officer.get<ScreeningCase>(url(`/${caseId}`));
      expect(read.status, JSON.stringify(read.body)).toBe(200);
      const [audit] = (await audits('bans.case.read')).slice(-1);
      if (seat === namedSeat) {
        expect(read.body.holder).toEqual({
          surname: participant.birthSurname,
          firstNames: participant.firstNames,
          birthDate: participant.birthDate,
        });
        expect(audit!.targetIds).toEqual([caseId, seat, bans[0], participantId]);
      } else {
        expect(read.body.holder).toBeNull();
        expect(audit!.targetIds).toEqual([caseId, seat, bans[0]]);
      }
      const listed = await officer.get<ScreeningCase[]>(url());
      expect(listed.body.find((item) => item.id === caseId)?.holder).toEqual(read.body.holder);
    }
  });
});
