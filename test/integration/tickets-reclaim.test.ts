import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualDecisionView } from '../../contracts/attributions.js';
import type { Programme, SportEvent } from '../../contracts/programmes.js';
import { RECLAIM_JOB } from '../../src/modules/programmes/reclaim.js';
import { selectRows } from '../../src/platform/db/database.js';
import {
  auditEvents,
  ticketEvents,
  ticketLinks,
  ticketSeats,
  tickets,
} from '../../src/platform/db/schema/index.js';
import { buildUser, signIn } from '../factories/accounts.js';
import { buildApplicants } from '../factories/applicants.js';
import { buildOperator, defaultProgramme, eventsStockedForOperator } from '../factories/programmes.js';
import type { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';

const DAY = 86_400_000;
/** Seats moved to the operator per event, and seats attributed (ticketed) on it. */
const STOCKED = 5;
const ATTRIBUTED = 3;

// TAJ-17: the reclaim at the deadline takes back what is unassigned — never a seat a ticket holds — and, when
// the programme says so (`reclaimUndeliveredTickets`, data), the tickets issued but not delivered as well.
describe.each(databaseKinds)('reclaim and tickets (TAJ-17) on %s', (kind) => {
  let server: TestServer;
  let admin: ApiClient;
  const setups: Record<'keeps' | 'takes', { programme: { id: string }; event: SportEvent; ids: string[] }> =
    {} as never;
  const operatorBalance = async (programmeId: string, operatorId: string, eventId: string) =>
    (
      await selectRows<{ n: number }>(
        server.database.db,
        sql`select coalesce(sum(case when m.to_holder = h.id then m.quantity else -m.quantity end), 0)::int as n
            from stock_movements m join stock_holders h on h.id in (m.to_holder, m.from_holder)
            where h.level = 'operator' and h.programme_id = ${programmeId} and h.operator_id = ${operatorId}
              and m.event_id = ${eventId}`,
      )
    )[0]!.n;
  const reclaimedToPool = async (eventId: string) =>
    (
      await selectRows<{ n: number }>(
        server.database.db,
        sql`select coalesce(sum(m.quantity), 0)::int as n from stock_movements m
            join stock_holders h on h.id = m.to_holder
            where m.event_id = ${eventId} and m.kind = 'reclaim' and h.level = 'pool'`,
      )
    )[0]!.n;
  let operator: { id: string };

  beforeAll(async () => {
    server = await startTestServer({ database: kind });
    admin = await signIn(
      server,
      await buildUser(server, { roles: [{ role: 'programme_admin' }], totp: true }),
    );
    operator = await buildOperator(server);
    const now = server.clock.now().getTime();
    const games = await admin.request('PUT', '/api/v1/games/olympic', {
      opensAt: new Date(now + 100 * DAY).toISOString(),
      closesAt: new Date(now + 130 * DAY).toISOString(),
      reclaimDeadline: new Date(now + 60 * DAY).toISOString(),
    });
    expect(games.status, JSON.stringify(games.body)).toBe(200);
    const operatorClient = await signIn(
      server,
      await buildUser(server, {
        roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id, runsDraws: true }],
        totp: true,
        organisationId: operator.id,
      }),
    );
    for (const [which, target] of [
      ['keeps', 'youth'],
      ['takes', 'sports_volunteers'],
    ] as const) {
      const programme = await defaultProgramme(server, target);
      expect(
        (await admin.post(`/api/v1/programmes/${programme.id}/operators`, { operatorId: operator.id }))
          .status,
      ).toBe(200);
      const [event] = await eventsStockedForOperator(server, admin, {
        programmeId: programme.id,
        operatorId: operator.id,
        seats: [STOCKED],
        codePrefix: `RECLAIM-${which}-${kind}`,
      });
      const manual = `/api/v1/operators/${operator.id}/draws/manual-attributions`;
      const decision = await operatorClient.post<ManualDecisionView>(manual, {
        programmeId: programme.id,
        circumstances: 'Séance réservée à un petit public : trop peu de candidats pour tirer au sort.',
        criteria: 'Par ordre d’inscription.',
        quotas: [{ eventId: event!.id, seats: ATTRIBUTED }],
      });
      expect(decision.status, JSON.stringify(decision.body)).toBe(201);
      const ids: string[] = [];
      for (let i = 0; i < ATTRIBUTED; i++) {
        const [applicantId] = await buildApplicants(server, {
          programmeId: programme.id,
          operatorId: operator.id,
        });
        const made = await operatorClient.post(`${manual}/${decision.body.id}/attributions`, {
          applicantId,
          eventId: event!.id,
          criterion: 'Inscrit en premier',
        });
        expect(made.status, JSON.stringify(made.body)).toBe(201);
        ids.push(applicantId!);
      }
      setups[which] = { programme, event: event!, ids };
    }
    // The programme administrator sets the reclaim of undelivered tickets on one programme, through the API.
    const current = await admin.get<Programme>(`/api/v1/programmes/${setups.takes.programme.id}`);
    expect(current.body.reclaimUndeliveredTickets).toBe(false);
    const { name, targetPublic, games: programmeGames, eligibility, maxEventChoices } = current.body;
    const updated = await admin.request<Programme>('PUT', `/api/v1/programmes/${setups.takes.programme.id}`, {
      name,
      targetPublic,
      games: programmeGames,
      eligibility,
      maxEventChoices,
      reclaimUndeliveredTickets: true,
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body.reclaimUndeliveredTickets).toBe(true);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('reclaims only unassigned seats, keeps undelivered tickets unless the programme says so, and the ledger balances', async () => {
    const ticketsOf = (ids: string[]) =>
      server.database.db.select().from(tickets).where(inArray(tickets.holderApplicantId, ids));
    const kept = await ticketsOf(setups.keeps.ids);
    const taken = await ticketsOf(setups.takes.ids);
    expect(kept).toHaveLength(ATTRIBUTED);
    expect(taken).toHaveLength(ATTRIBUTED);
    expect([...kept, ...taken].every((t) => t.status === 'issued')).toBe(true);
    // Nothing sets `delivered` in this module: one ticket is marked delivered as the delivery would.
    const delivered = taken[0]!;
    await server.database.db
      .update(tickets)
      .set({ status: 'delivered', deliveredAt: server.clock.now() })
      .where(eq(tickets.id, delivered.id));
    for (const { programme, event } of Object.values(setups))
      expect(await operatorBalance(programme.id, operator.id, event.id)).toBe(STOCKED);
    // A download link for each holder of the programme that takes them back (these holders had no address).
    const now = server.clock.now();
    await server.database.db.insert(ticketLinks).values(
      taken.map((t) => ({
        tokenHash: randomUUID(),
        applicantId: t.holderApplicantId!,
        programmeId: setups.takes.programme.id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + 365 * 86_400_000),
      })),
    );

    server.clock.advance(61 * DAY);
    // The Paralympic Games of a new installation have a past default deadline: only the Olympic run counts.
    const reports = ((await server.jobs.runNow(RECLAIM_JOB)) as { games: string; total: number }[]).filter(
      (report) => report.games === 'olympic',
    );
    expect(reports).toHaveLength(1);

    // Setting off: the issued tickets stay, their seats too; only the unassigned seats went to the pool.
    const keptAfter = await ticketsOf(setups.keeps.ids);
    expect(keptAfter.every((t) => t.status === 'issued' && t.endedAt === null)).toBe(true);
    expect(await reclaimedToPool(setups.keeps.event.id)).toBe(STOCKED - ATTRIBUTED);
    expect(await operatorBalance(setups.keeps.programme.id, operator.id, setups.keeps.event.id)).toBe(
      ATTRIBUTED,
    );

    // Setting on: the undelivered tickets are returned (history, audit, seat), the delivered one stays.
    const takenAfter = await ticketsOf(setups.takes.ids);
    const returned = takenAfter.filter((t) => t.id !== delivered.id);
    expect(takenAfter.find((t) => t.id === delivered.id)!.status).toBe('delivered');
    expect(returned).toHaveLength(ATTRIBUTED - 1);
    expect(returned.every((t) => t.status === 'returned_to_pool' && t.endedAt !== null)).toBe(true);
    const history = await server.database.db
      .select()
      .from(ticketEvents)
      .where(
        and(
          inArray(
            ticketEvents.ticketId,
            returned.map((t) => t.id),
          ),
          eq(ticketEvents.toStatus, 'returned_to_pool'),
        ),
      );
    expect(history).toHaveLength(returned.length);
    expect(history.every((row) => row.fromStatus === 'issued' && row.actor === 'system:stock-reclaim')).toBe(
      true,
    );
    const seats = await server.database.db
      .select()
      .from(ticketSeats)
      .where(
        inArray(
          ticketSeats.id,
          returned.map((t) => t.seatId),
        ),
      );
    expect(seats.every((seat) => seat.status === 'returned_to_pool')).toBe(true);
    // Their holders' download links close with them (no live ticket left behind them).
    const links = await server.database.db
      .select()
      .from(ticketLinks)
      .where(
        inArray(
          ticketLinks.applicantId,
          returned.map((t) => t.holderApplicantId!),
        ),
      );
    expect(links).toHaveLength(returned.length);
    expect(links.every((link) => link.revokedReason === 'tickets-ended' && link.revokedAt !== null)).toBe(
      true,
    );
    const audited = await server.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'tickets.ticket.returned-to-pool'));
    expect(audited.flatMap((row) => row.targetIds ?? []).sort()).toEqual(returned.map((t) => t.id).sort());
    // The ledger: the operator keeps exactly the delivered seat; the rest is in the pool.
    expect(await operatorBalance(setups.takes.programme.id, operator.id, setups.takes.event.id)).toBe(1);
    expect(await reclaimedToPool(setups.takes.event.id)).toBe(STOCKED - 1);
    expect(reports[0]!.total).toBe(STOCKED - ATTRIBUTED + (STOCKED - 1));
  });
});
