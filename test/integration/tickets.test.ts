import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrawView } from '../../contracts/draws.js';
import type { ManualDecisionView } from '../../contracts/attributions.js';
import type { SportEvent } from '../../contracts/programmes.js';
import type { MyTicket, OperatorTicket, TicketHistory } from '../../contracts/tickets.js';
import { allocatedEntries, reserveList } from '../../src/modules/draws/results.js';
import { instantFromParis, parisDate } from '../../src/modules/programmes/domain/paris-time.js';
import { verifyTicketCode } from '../../src/modules/tickets/domain/ticket-code.js';
import { ticketKeysFromDocument } from '../../src/modules/tickets/domain/ticket-keys.js';
import { issueDrawTickets } from '../../src/modules/tickets/issuance.js';
import { nativeEd25519 } from '../../src/modules/tickets/native-ticket-keys.js';
import { selectRows } from '../../src/platform/db/database.js';
import {
  applicants,
  auditEvents,
  groupParticipants,
  mailOutbox,
  ticketSeats,
  tickets,
} from '../../src/platform/db/schema/index.js';
import { buildUser, signIn } from '../factories/accounts.js';
import { buildApplicants } from '../factories/applicants.js';
import { buildOperator, defaultProgramme, eventsStockedForOperator } from '../factories/programmes.js';
import { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { applicantLink, publishedDrawViaApi } from '../support/tickets.js';

type Problem = { type: string; detail: string; status: number };
type Withdrawal = { ticket: MyTicket; seat: 'reserve' | 'pool' };
const DAY = 86_400_000;
const SYSTEM = { actor: 'system:test', userId: null, organisationId: null, requestId: null, sourceIp: null };

describe.each(databaseKinds)('ticket lifecycle (TAJ-15, TAJ-16) on %s', (kind) => {
  let server: TestServer;
  let admin: ApiClient;
  let operatorClient: ApiClient;
  let operator: { id: string };
  let youth: { id: string };
  let events: SportEvent[];
  let draw: DrawView;
  const persons: string[] = [];
  let group = '';
  let pair: string[] = [];
  const visitor = () => new ApiClient(server.url);
  /** Checks a stored code as a gate would: the platform's published keys, an event, a time in the window. */
  const checkCode = async (
    ticket: typeof tickets.$inferSelect,
    eventId = ticket.eventId,
    at = new Date(ticket.validFrom.getTime() + 60_000),
  ) => {
    const published = await visitor().get('/.well-known/gradins/keys.json');
    expect(published.status).toBe(200);
    const keys = ticketKeysFromDocument(published.body, nativeEd25519);
    expect(keys.length).toBeGreaterThan(0);
    return verifyTicketCode(ticket.code, { keys, eventId, now: at });
  };
  /** A stored code is genuine, for its ticket, event and holder, over the ticket's window. */
  const expectValidCode = async (
    ticket: typeof tickets.$inferSelect,
    initials: string,
    birthYear: number,
  ) => {
    expect(ticket.code).toMatch(/^GT1:/);
    const checked = await checkCode(ticket);
    expect(checked).toMatchObject({
      ok: true,
      ticket: {
        kid: ticket.codeKeyId,
        ticketId: ticket.id,
        eventId: ticket.eventId,
        holder: { initials, birthYear },
        notBefore: Math.floor(ticket.validFrom.getTime() / 1000),
        notAfter: Math.floor(ticket.validUntil.getTime() / 1000),
      },
    });
    expect(ticket.codeSignature).toMatch(/^[0-9a-f]{128}$/);
    expect((await checkCode(ticket, ticket.eventId, new Date(ticket.validUntil.getTime() + 1000))).ok).toBe(
      false,
    );
  };
  const liveTickets = () =>
    server.database.db
      .select()
      .from(tickets)
      .where(inArray(tickets.status, ['issued', 'delivered']));
  const poolReturns = async (eventId: string) =>
    (
      await selectRows<{ n: number }>(
        server.database.db,
        sql`select coalesce(sum(m.quantity), 0)::int as n from stock_movements m
            join stock_holders h on h.id = m.to_holder
            where m.event_id = ${eventId} and m.kind = 'return' and h.level = 'pool'`,
      )
    )[0]!.n;

  beforeAll(async () => {
    server = await startTestServer({ database: kind });
    admin = await signIn(
      server,
      await buildUser(server, { roles: [{ role: 'programme_admin' }], totp: true }),
    );
    operator = await buildOperator(server);
    youth = await defaultProgramme(server, 'youth');
    const now = server.clock.now().getTime();
    const games = await admin.request('PUT', '/api/v1/games/olympic', {
      opensAt: new Date(now + 100 * DAY).toISOString(),
      closesAt: new Date(now + 130 * DAY).toISOString(),
      reclaimDeadline: new Date(now + 60 * DAY).toISOString(),
    });
    expect(games.status, JSON.stringify(games.body)).toBe(200);
    expect(
      (await admin.post(`/api/v1/programmes/${youth.id}/operators`, { operatorId: operator.id })).status,
    ).toBe(200);
    // Event 0: 3 seats for the draw; event 1: 7 seats attributed by hand.
    events = await eventsStockedForOperator(server, admin, {
      programmeId: youth.id,
      operatorId: operator.id,
      seats: [3, 7],
      codePrefix: `TICKETS-${kind}`,
    });
    operatorClient = await signIn(
      server,
      await buildUser(server, {
        roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id, runsDraws: true }],
        totp: true,
        organisationId: operator.id,
      }),
    );
    const ids = { programmeId: youth.id, operatorId: operator.id };
    for (let i = 0; i < 8; i++) persons.push(...(await buildApplicants(server, ids)));
    group = (await buildApplicants(server, { ...ids, kind: 'group', groupSize: 2 }))[0]!;
    pair = await buildApplicants(server, { ...ids, kind: 'carer_pair' });
    // Every applicant ranks only event 0, so the draw is about it alone; each has an address.
    const all = [...persons, group, ...pair];
    await server.database.db
      .update(applicants)
      .set({ eventChoices: [events[0]!.id] })
      .where(inArray(applicants.id, all));
    await server.database.db.execute(
      sql`update applicants set email = 'candidat.' || entry_ref || '@exemple.fr' where id = any(${sql.param(all)}::uuid[])`,
    );
    draw = await publishedDrawViaApi(server, operatorClient, {
      operatorId: operator.id,
      programmeId: youth.id,
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('issues, at publication, one ticket per allocated seat bound to its holder; issuing again creates nothing', async () => {
    const allocated = await allocatedEntries(server.database.db, draw.id);
    const seats = allocated.reduce((sum, entry) => sum + entry.seats, 0);
    expect(seats).toBeGreaterThan(0);
    expect(seats).toBeLessThanOrEqual(3);
    const rows = await server.database.db.select().from(tickets).where(eq(tickets.drawId, draw.id));
    expect(rows).toHaveLength(seats);
    for (const entry of allocated) {
      const mine = rows.filter((row) => row.entryId === entry.entryId);
      expect(mine).toHaveLength(entry.seats);
      for (const ticket of mine) {
        expect(ticket).toMatchObject({ status: 'issued', holderKind: entry.kind, eventId: events[0]!.id });
        expect(ticket.id).toMatch(/^[0-9a-f]{32}$/);
        expect(ticket.validFrom < ticket.validUntil).toBe(true);
      }
      if (entry.kind === 'group') {
        expect(new Set(mine.map((t) => t.holderApplicantId))).toEqual(new Set([group]));
        expect(mine.every((t) => t.holderGroupId !== null && t.holderCheck === null)).toBe(true);
      } else {
        // A person, or each person of a carer pair: their own ticket, with initials and birth year.
        expect(mine.map((t) => t.holderApplicantId).sort()).toEqual([...entry.applicantIds].sort());
        for (const t of mine) expect(t.holderCheck).toBe('CC-2005');
        // Each gets its signed code at publication: valid for its event in its window, refused for another.
        for (const t of mine) {
          await expectValidCode(t, 'CC', 2005);
          expect(await checkCode(t, events[1]!.id)).toMatchObject({ ok: false, reason: 'other-event' });
        }
      }
    }
    // A group seat has no code until its participant is named (the code carries the holder check).
    expect(rows.filter((t) => t.holderKind === 'group').every((t) => t.code === null)).toBe(true);
    expect(new Set(rows.filter((t) => t.code).map((t) => t.code)).size).toBe(
      rows.filter((t) => t.code).length,
    );
    const again = await server.database.transaction((tx) =>
      issueDrawTickets(tx, draw.id, server.clock.now(), SYSTEM, server.keys, ''),
    );
    expect(again).toEqual([]);
    expect(await server.database.db.select().from(tickets).where(eq(tickets.drawId, draw.id))).toHaveLength(
      seats,
    );
    const audited = await server.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'tickets.ticket.issued'));
    expect(audited.flatMap((row) => row.targetIds ?? []).sort()).toEqual(rows.map((row) => row.id).sort());
  });

  it('the database refuses a second live holder on a seat and any step back from an end', async () => {
    const [ticket] = await server.database.db.select().from(tickets).where(eq(tickets.drawId, draw.id));
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => 'accepted',
        (error: Error) => String(error.cause ?? error),
      );
    const twin = await refusal(server.database.db.insert(tickets).values({ ...ticket!, id: 'f'.repeat(32) }));
    expect(twin).toMatch(/tickets_one_live_per_seat/);
    const someoneElse = persons.find((id) => id !== ticket!.holderApplicantId)!;
    const otherHolder = await refusal(
      server.database.db
        .update(tickets)
        .set({ holderApplicantId: someoneElse })
        .where(eq(tickets.id, ticket!.id)),
    );
    expect(otherHolder).toMatch(/holder never changes/);
    const backwards = await refusal(
      server.database.db.execute(
        sql`update tickets set status = 'delivered', delivered_at = now() where id = ${ticket!.id}`,
      ),
    );
    expect(backwards).toBe('accepted');
    const revived = await refusal(
      server.database.db.execute(sql`update tickets set status = 'issued' where id = ${ticket!.id}`),
    );
    expect(revived).toMatch(/cannot become/);
    const deleted = await refusal(server.database.db.delete(tickets).where(eq(tickets.id, ticket!.id)));
    expect(deleted).toMatch(/never deleted/);
  });

  it('shows the holder their tickets by their link, and the operator the event’s tickets, reads audited', async () => {
    const [ticket] = await server.database.db
      .select()
      .from(tickets)
      .where(
        and(
          eq(tickets.drawId, draw.id),
          eq(tickets.holderKind, 'person'),
          inArray(tickets.status, ['issued', 'delivered']),
        ),
      );
    const link = await applicantLink(server, ticket!.holderApplicantId!);
    const mine = await visitor().get<MyTicket[]>(`/api/v1/my-application/${link}/tickets`);
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body).toHaveLength(1);
    expect(mine.body[0]).toMatchObject({
      id: ticket!.id,
      status: ticket!.status,
      holderCheck: 'CC-2005',
      canWithdraw: true,
    });
    // 23:59 Paris time on the eve.
    expect(mine.body[0]!.withdrawalDeadlineParis).toMatch(/T23:59$/);
    const list = await operatorClient.get<OperatorTicket[]>(
      `/api/v1/operators/${operator.id}/tickets?eventId=${events[0]!.id}&status=${ticket!.status}`,
    );
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.map((t) => t.id)).toContain(ticket!.id);
    expect(list.body.find((t) => t.id === ticket!.id)!.holder).toMatch(/^Camille Candidat/);
    const counts = await operatorClient.get<{ status: string; count: number }[]>(
      `/api/v1/operators/${operator.id}/tickets/counts`,
    );
    expect(counts.body.find((row) => row.status === ticket!.status)!.count).toBe(list.body.length);
    const other = await buildOperator(server);
    const foreign = await operatorClient.get(`/api/v1/operators/${other.id}/tickets`);
    expect(foreign.status).toBe(403);
    const reads = await server.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(inArray(auditEvents.action, ['tickets.self.read', 'tickets.ticket.listed']));
    expect(new Set(reads.map((row) => row.action))).toEqual(
      new Set(['tickets.self.read', 'tickets.ticket.listed']),
    );
  });

  it('a withdrawal revokes the ticket at once and gives the seat to the next eligible person on the reserve list', async () => {
    const [ticket] = await server.database.db
      .select()
      .from(tickets)
      .where(
        and(
          eq(tickets.drawId, draw.id),
          eq(tickets.holderKind, 'person'),
          inArray(tickets.status, ['issued', 'delivered']),
        ),
      );
    const served = new Set(
      (await server.database.db.select().from(tickets).where(eq(tickets.drawId, draw.id))).map(
        (t) => t.entryId,
      ),
    );
    const expected = (
      await reserveList(server.database.db, draw.id, { bucket: operator.id, event: events[0]!.code })
    ).find((entry) => entry.seats === 1 && !served.has(entry.entryId))!;
    const link = await applicantLink(server, ticket!.holderApplicantId!);
    const withdrawn = await visitor().post<Withdrawal>(
      `/api/v1/my-application/${link}/tickets/${ticket!.id}/withdrawal`,
    );
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body).toMatchObject({
      seat: 'reserve',
      ticket: { id: ticket!.id, status: 'withdrawn', canWithdraw: false },
    });
    const [successor] = await server.database.db
      .select()
      .from(tickets)
      .where(eq(tickets.reassignedFrom, ticket!.id));
    expect(successor).toMatchObject({
      seatId: ticket!.seatId,
      status: 'issued',
      entryId: expected.entryId,
      holderApplicantId: expected.applicantIds[0],
    });
    // The reserve's new ticket has its own valid code; the withdrawn one keeps its code (the gate's revocation
    // list refuses it).
    await expectValidCode(successor!, 'CC', 2005);
    expect(successor!.code).not.toBe(ticket!.code);
    const [ended] = await server.database.db.select().from(tickets).where(eq(tickets.id, ticket!.id));
    expect(ended).toMatchObject({ status: 'withdrawn', code: ticket!.code, codeKeyId: ticket!.codeKeyId });
    expect((await checkCode(ended!)).ok).toBe(true);
    const [holder] = await server.database.db
      .select()
      .from(applicants)
      .where(eq(applicants.id, expected.applicantIds[0]!));
    const mails = await server.database.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.recipient, holder!.email!));
    expect(mails.map((mail) => mail.category)).toContain('tickets.reserve-promoted');
    expect(mails.find((mail) => mail.category === 'tickets.reserve-promoted')!.textBody).toContain(
      events[0]!.venue,
    );

    const twice = await visitor().post<Problem>(
      `/api/v1/my-application/${link}/tickets/${ticket!.id}/withdrawal`,
    );
    expect(twice.status).toBe(409);
    expect(twice.body.type).toBe('urn:gradins:problem:ticket-ended');
    expect(twice.body.detail).toContain('désisté');

    const history = await operatorClient.get<TicketHistory>(
      `/api/v1/operators/${operator.id}/tickets/${ticket!.id}/history`,
    );
    expect(history.body.map((row) => [row.from, row.to])).toEqual([
      [null, 'issued'],
      // (the step to delivered, if any, was written straight in the database above, without history)
      [ticket!.status, 'withdrawn'],
    ]);
    expect(history.body[1]).toMatchObject({
      actor: `applicant:${await entryRef(ticket!.holderApplicantId!)}`,
      relatedTicketId: successor!.id,
    });
    // Someone else's link does not reach the ticket.
    const stranger = await applicantLink(server, expected.applicantIds[0]!);
    const notTheirs = await visitor().post<Problem>(
      `/api/v1/my-application/${stranger}/tickets/${ticket!.id}/withdrawal`,
    );
    expect(notTheirs.status).toBe(404);
    expect(notTheirs.body.type).toBe('urn:gradins:problem:ticket-not-found');
  });

  const entryRef = async (applicantId: string) =>
    (await server.database.db.select().from(applicants).where(eq(applicants.id, applicantId)))[0]!.entryRef;

  it('when the reserve list is exhausted, the seat goes back to the State pool in the stock ledger', async () => {
    const before = await poolReturns(events[0]!.id);
    let seat: 'reserve' | 'pool' = 'reserve';
    const holders = new Set<string>();
    for (let turn = 0; turn < 20 && seat === 'reserve'; turn++) {
      const [live] = await server.database.db
        .select()
        .from(tickets)
        .where(
          and(
            eq(tickets.drawId, draw.id),
            eq(tickets.holderKind, 'person'),
            inArray(tickets.status, ['issued', 'delivered']),
          ),
        );
      expect(holders.has(live!.holderApplicantId!)).toBe(false);
      holders.add(live!.holderApplicantId!);
      const link = await applicantLink(server, live!.holderApplicantId!);
      const response = await visitor().post<Withdrawal>(
        `/api/v1/my-application/${link}/tickets/${live!.id}/withdrawal`,
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      seat = response.body.seat;
    }
    expect(seat).toBe('pool');
    expect(await poolReturns(events[0]!.id)).toBe(before + 1);
    const returned = await server.database.db
      .select()
      .from(ticketSeats)
      .where(and(eq(ticketSeats.drawId, draw.id), eq(ticketSeats.status, 'returned_to_pool')));
    expect(returned).toHaveLength(1);
    // Never two live tickets on a seat, never two for one person in the programme.
    const live = await liveTickets();
    expect(new Set(live.map((t) => t.seatId)).size).toBe(live.length);
    const people = live.filter((t) => t.holderKind !== 'group').map((t) => t.holderApplicantId);
    expect(new Set(people).size).toBe(people.length);
  });

  let decision: ManualDecisionView;
  it('a manual attribution issues its tickets (a group its size, a carer pair one each); the manager withdraws seat by seat', async () => {
    const manual = `/api/v1/operators/${operator.id}/draws/manual-attributions`;
    const recorded = await operatorClient.post<ManualDecisionView>(manual, {
      programmeId: youth.id,
      circumstances:
        'Séance réservée à une classe de l’unité hospitalière : trop peu de candidats pour tirer au sort.',
      criteria: 'Élèves suivis par l’unité, par ordre d’inscription.',
      quotas: [{ eventId: events[1]!.id, seats: 7 }],
    });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    decision = recorded.body;
    const ids = { programmeId: youth.id, operatorId: operator.id };
    const classe = (await buildApplicants(server, { ...ids, kind: 'group', groupSize: 3 }))[0]!;
    const binome = await buildApplicants(server, { ...ids, kind: 'carer_pair' });
    for (const applicantId of [classe, binome[0]!]) {
      const made = await operatorClient.post(`${manual}/${decision.id}/attributions`, {
        applicantId,
        eventId: events[1]!.id,
        criterion: 'Élève suivi par l’unité',
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
    }
    const groupTickets = await server.database.db
      .select()
      .from(tickets)
      .where(eq(tickets.holderApplicantId, classe));
    expect(groupTickets).toHaveLength(3);
    expect(groupTickets.every((t) => t.holderKind === 'group' && t.origin === 'manual')).toBe(true);
    const pairTickets = await server.database.db
      .select()
      .from(tickets)
      .where(inArray(tickets.holderApplicantId, binome));
    expect(pairTickets.map((t) => t.holderApplicantId).sort()).toEqual([...binome].sort());

    const managerLink = await applicantLink(server, classe);
    const seen = await visitor().get<MyTicket[]>(`/api/v1/my-application/${managerLink}/tickets`);
    expect(seen.body).toHaveLength(3);
    const before = await poolReturns(events[1]!.id);
    const one = await visitor().post<Withdrawal>(
      `/api/v1/my-application/${managerLink}/tickets/${groupTickets[0]!.id}/withdrawal`,
    );
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    // A manual attribution has no reserve list: the seat goes back to the pool.
    expect(one.body.seat).toBe('pool');
    expect(await poolReturns(events[1]!.id)).toBe(before + 1);
    const after = await visitor().get<MyTicket[]>(`/api/v1/my-application/${managerLink}/tickets`);
    expect(after.body.filter((t) => t.status === 'issued')).toHaveLength(2);
  });

  it('the group’s manager names a seat’s participant once; the operator never sees the participant', async () => {
    const [seat] = await server.database.db
      .select()
      .from(tickets)
      .where(
        and(
          eq(tickets.eventId, events[1]!.id),
          eq(tickets.holderKind, 'group'),
          eq(tickets.status, 'issued'),
        ),
      );
    const [participant] = await server.database.db
      .insert(groupParticipants)
      .values({
        groupId: seat!.holderGroupId!,
        birthSurname: 'Zébulon',
        firstNames: 'Ondine',
        birthDate: '2011-09-01',
        identityKey: 'f'.repeat(64),
      })
      .returning();
    const link = await applicantLink(server, seat!.holderApplicantId!);
    const url = `/api/v1/my-application/${link}/tickets/${seat!.id}/participant`;
    const named = await visitor().request<MyTicket>('PUT', url, { participantId: participant!.id });
    expect(named.status, JSON.stringify(named.body)).toBe(200);
    expect(named.body).toMatchObject({ id: seat!.id, holderCheck: 'OZ-2011', status: 'issued' });
    expect(seat!.code).toBeNull();
    const [signed] = await server.database.db.select().from(tickets).where(eq(tickets.id, seat!.id));
    await expectValidCode(signed!, 'OZ', 2011);
    const again = await visitor().request<Problem>('PUT', url, { participantId: participant!.id });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('urn:gradins:problem:participant-already-named');
    const list = await operatorClient.get(
      `/api/v1/operators/${operator.id}/tickets?eventId=${events[1]!.id}`,
    );
    expect(JSON.stringify(list.body)).not.toMatch(/Zébulon|Ondine|OZ-2011/);
    // The holder never changes in the database either: another participant is refused.
    const changed = await server.database.db
      .execute(sql`update tickets set participant_id = gen_random_uuid() where id = ${seat!.id}`)
      .then(
        () => 'accepted',
        (error: Error) => String(error.cause ?? error),
      );
    expect(changed).toMatch(/holder never changes|foreign key/);
  });

  it('erasing an application (consent withdrawn) leaves its ticket naming nobody', async () => {
    const [person] = await buildApplicants(server, { programmeId: youth.id, operatorId: operator.id });
    const made = await operatorClient.post(
      `/api/v1/operators/${operator.id}/draws/manual-attributions/${decision.id}/attributions`,
      { applicantId: person, eventId: events[1]!.id, criterion: 'Élève suivi par l’unité' },
    );
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const [ticket] = await server.database.db
      .select()
      .from(tickets)
      .where(eq(tickets.holderApplicantId, person!));
    const link = await applicantLink(server, person!);
    const erased = await visitor().post(`/api/v1/my-application/${link}/withdrawal`);
    expect(erased.status).toBe(204);
    const [after] = await server.database.db.select().from(tickets).where(eq(tickets.id, ticket!.id));
    expect(after!.holderApplicantId).toBeNull();
    const listed = await operatorClient.get<OperatorTicket[]>(
      `/api/v1/operators/${operator.id}/tickets?eventId=${events[1]!.id}`,
    );
    expect(listed.body.find((t) => t.id === ticket!.id)!.holder).toBeNull();
  });

  it('the official reassignment ends the ticket and issues a new one to the person named, never to someone placed', async () => {
    // Two live seats of the manual attribution's group: the first goes to a newcomer, who is then placed, so
    // the second cannot go to them. (Not a person placed by the draw: whether the draw left one depends on it.)
    const [ticket, other] = await server.database.db
      .select()
      .from(tickets)
      .where(
        and(
          eq(tickets.eventId, events[1]!.id),
          eq(tickets.holderKind, 'group'),
          eq(tickets.status, 'issued'),
        ),
      );
    expect(other).toBeDefined();
    const url = `/api/v1/operators/${operator.id}/tickets/${ticket!.id}/reassignment`;
    const [newcomer] = await buildApplicants(server, { programmeId: youth.id, operatorId: operator.id });
    const done = await operatorClient.post<{ previous: OperatorTicket; successor: OperatorTicket }>(url, {
      reason: 'Le responsable a signalé un participant absent',
      applicantId: newcomer,
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.previous).toMatchObject({ id: ticket!.id, status: 'reassigned' });
    expect(done.body.successor).toMatchObject({
      status: 'issued',
      holderKind: 'person',
      reassignedFrom: ticket!.id,
    });
    const [successor] = await server.database.db
      .select()
      .from(tickets)
      .where(eq(tickets.id, done.body.successor.id));
    await expectValidCode(successor!, 'CC', 2005);
    const refused = await operatorClient.post<Problem>(
      `/api/v1/operators/${operator.id}/tickets/${other!.id}/reassignment`,
      { reason: 'Le responsable a signalé un participant absent', applicantId: newcomer },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('urn:gradins:problem:successor-not-eligible');
    const again = await operatorClient.post<Problem>(url, {
      reason: 'Deuxième essai sur le même billet',
      applicantId: newcomer,
    });
    expect(again.status).toBe(409);
    const actions = await server.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'tickets.ticket.reassigned'));
    expect(actions).toHaveLength(1);
  });

  it('accepts a withdrawal up to 23:59 Paris time on the eve and refuses it from midnight, showing the deadline', async () => {
    const pairTickets = await server.database.db
      .select()
      .from(tickets)
      .where(and(eq(tickets.eventId, events[1]!.id), eq(tickets.holderKind, 'carer_pair')));
    expect(pairTickets).toHaveLength(2);
    const link = await applicantLink(server, pairTickets[0]!.holderApplicantId!);
    const eventDay = parisDate(new Date(events[1]!.startsAt));
    const eve = new Date(instantFromParis(`${eventDay}T00:00`)!.getTime() - DAY);
    const eveDate = parisDate(eve);
    server.clock.set(instantFromParis(`${eveDate}T23:59:30`)!);
    const inTime = await visitor().post<Withdrawal>(
      `/api/v1/my-application/${link}/tickets/${pairTickets[0]!.id}/withdrawal`,
    );
    expect(inTime.status, JSON.stringify(inTime.body)).toBe(200);
    server.clock.set(instantFromParis(`${eventDay}T00:00`)!);
    // The pair's link reaches both of its tickets.
    const late = await visitor().post<Problem>(
      `/api/v1/my-application/${link}/tickets/${pairTickets[1]!.id}/withdrawal`,
    );
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('urn:gradins:problem:withdrawal-deadline-passed');
    expect(late.body.detail).toContain(`${eveDate} à 23:59`);
    const english = await visitor().request<Problem>(
      'POST',
      `/api/v1/my-application/${link}/tickets/${pairTickets[1]!.id}/withdrawal`,
      {},
      { 'accept-language': 'en' },
    );
    expect(english.body.detail).toContain('until the eve of the event');
    const [still] = await server.database.db.select().from(tickets).where(eq(tickets.id, pairTickets[1]!.id));
    expect(still!.status).toBe('issued');
    const denied = await server.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'tickets.ticket.withdrawn'), eq(auditEvents.result, 'denied')));
    expect(denied.length).toBeGreaterThanOrEqual(2);
  });
});
