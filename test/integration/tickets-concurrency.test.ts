import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrawView } from '../../contracts/draws.js';
import type { SportEvent } from '../../contracts/programmes.js';
import { selectRows } from '../../src/platform/db/database.js';
import { applicants, tickets } from '../../src/platform/db/schema/index.js';
import { buildUser, signIn } from '../factories/accounts.js';
import { buildApplicants } from '../factories/applicants.js';
import { buildOperator, defaultProgramme, eventsStockedForOperator } from '../factories/programmes.js';
import type { ApiClient } from '../support/api-client.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { applicantLink, publishedDrawViaApi } from '../support/tickets.js';

const DAY = 86_400_000;

// TAJ-15 under concurrency: PostgreSQL only (PGlite serves one connection, so requests never overlap there).
describe.skipIf(!process.env.DATABASE_URL)('tickets under concurrent requests on postgresql', () => {
  let server: TestServer;
  let operatorClient: ApiClient;
  let operator: { id: string };
  let events: SportEvent[];
  let draw: DrawView;

  const live = () =>
    server.database.db
      .select()
      .from(tickets)
      .where(and(eq(tickets.drawId, draw.id), inArray(tickets.status, ['issued', 'delivered'])));
  const withdraw = (link: string, ticketId: string) =>
    fetch(`${server.url}/api/v1/my-application/${link}/tickets/${ticketId}/withdrawal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as { type?: string },
    }));

  /** The invariants: one live ticket per seat, one per person in the programme, no entry served twice. */
  async function expectNoSeatWithTwoHolders() {
    const [twice] = await selectRows<{ seats: number; people: number; entries: number }>(
      server.database.db,
      sql`select
            (select count(*)::int from (select seat_id from tickets where status in ('issued', 'delivered')
                                        group by seat_id having count(*) > 1) s) as seats,
            (select count(*)::int from (select holder_applicant_id from tickets
                                        where status in ('issued', 'delivered') and holder_kind <> 'group'
                                        group by holder_applicant_id having count(*) > 1) p) as people,
            (select count(*)::int from (select entry_id from tickets where draw_id = ${draw.id}
                                          and reassigned_from is not null
                                        group by entry_id having count(*) > 1) e) as entries`,
    );
    expect(twice).toEqual({ seats: 0, people: 0, entries: 0 });
  }

  beforeAll(async () => {
    server = await startTestServer({ database: 'postgresql' });
    const admin = await signIn(
      server,
      await buildUser(server, { roles: [{ role: 'programme_admin' }], totp: true }),
    );
    operator = await buildOperator(server);
    const youth = await defaultProgramme(server, 'youth');
    const now = server.clock.now().getTime();
    await admin.request('PUT', '/api/v1/games/olympic', {
      opensAt: new Date(now + 100 * DAY).toISOString(),
      closesAt: new Date(now + 130 * DAY).toISOString(),
      reclaimDeadline: new Date(now + 60 * DAY).toISOString(),
    });
    await admin.post(`/api/v1/programmes/${youth.id}/operators`, { operatorId: operator.id });
    events = await eventsStockedForOperator(server, admin, {
      programmeId: youth.id,
      operatorId: operator.id,
      seats: [4],
      codePrefix: 'TICKETS-RACE',
    });
    operatorClient = await signIn(
      server,
      await buildUser(server, {
        roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id, runsDraws: true }],
        totp: true,
        organisationId: operator.id,
      }),
    );
    const ids: string[] = [];
    for (let i = 0; i < 14; i++)
      ids.push(...(await buildApplicants(server, { programmeId: youth.id, operatorId: operator.id })));
    await server.database.db
      .update(applicants)
      .set({ eventChoices: [events[0]!.id] })
      .where(inArray(applicants.id, ids));
    draw = await publishedDrawViaApi(server, operatorClient, {
      operatorId: operator.id,
      programmeId: youth.id,
    });
    expect(await live()).toHaveLength(4);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('two withdrawals of the same ticket at once: one is done, the other refused; one successor', async () => {
    const [ticket] = await live();
    const link = await applicantLink(server, ticket!.holderApplicantId!);
    const answers = await Promise.all([withdraw(link, ticket!.id), withdraw(link, ticket!.id)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(answers.find((answer) => answer.status === 409)!.body.type).toBe(
      'urn:gradins:problem:ticket-ended',
    );
    const successors = await server.database.db
      .select()
      .from(tickets)
      .where(eq(tickets.reassignedFrom, ticket!.id));
    expect(successors).toHaveLength(1);
    expect(await live()).toHaveLength(4);
    await expectNoSeatWithTwoHolders();
  });

  it('withdrawals of different seats at once never hand two seats to the same reserve', async () => {
    const current = await live();
    const links = await Promise.all(
      current.map((ticket) => applicantLink(server, ticket.holderApplicantId!)),
    );
    const answers = await Promise.all(current.map((ticket, index) => withdraw(links[index]!, ticket.id)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    const after = await live();
    expect(after).toHaveLength(4);
    expect(new Set(after.map((ticket) => ticket.holderApplicantId)).size).toBe(4);
    for (const ticket of current)
      expect(after.map((row) => row.holderApplicantId)).not.toContain(ticket.holderApplicantId);
    await expectNoSeatWithTwoHolders();
  });

  it('two official reassignments of the same ticket at once: one new ticket, the other refused', async () => {
    const [ticket] = await live();
    const url = `/api/v1/operators/${operator.id}/tickets/${ticket!.id}/reassignment`;
    const body = { reason: 'Réattribution simultanée depuis deux postes' };
    const answers = await Promise.all([operatorClient.post(url, body), operatorClient.post(url, body)]);
    expect(answers.map((answer) => answer.status).sort(), JSON.stringify(answers.map((a) => a.body))).toEqual(
      [200, 409],
    );
    expect(
      await server.database.db.select().from(tickets).where(eq(tickets.reassignedFrom, ticket!.id)),
    ).toHaveLength(1);
    await expectNoSeatWithTwoHolders();
  });

  it('a withdrawal and a reassignment of the same ticket at once: exactly one wins', async () => {
    const [ticket] = await live();
    const link = await applicantLink(server, ticket!.holderApplicantId!);
    const answers = await Promise.all([
      withdraw(link, ticket!.id),
      operatorClient.post(`/api/v1/operators/${operator.id}/tickets/${ticket!.id}/reassignment`, {
        reason: 'Réattribution pendant un désistement',
      }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(
      await server.database.db.select().from(tickets).where(eq(tickets.reassignedFrom, ticket!.id)),
    ).toHaveLength(1);
    await expectNoSeatWithTwoHolders();
  });
});
