import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SportEvent } from '../../contracts/programmes.js';
import { applicants, auditEvents, ticketEvents, tickets } from '../../src/platform/db/schema/index.js';
import { buildUser, signIn } from '../factories/accounts.js';
import { buildApplicants } from '../factories/applicants.js';
import { buildOperator, defaultProgramme, eventsStockedForOperator } from '../factories/programmes.js';
import { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { applicantLink, publishedDrawViaApi } from '../support/tickets.js';

const DAY = 86_400_000;

// SEC-4, TAJ-5: erasing an application (consent withdrawn, or by its operator) first ends its live tickets, in
// the same transaction, and hands each seat over like a withdrawal: no ticket is left without a holder.
describe.each(databaseKinds)('erasure ends the tickets (SEC-4) on %s', (kind) => {
  let server: TestServer;
  let operatorClient: ApiClient;
  let operator: { id: string };
  let event: SportEvent;
  const persons: string[] = [];

  const liveOf = (ids: string[]) =>
    server.database.db
      .select()
      .from(tickets)
      .where(and(inArray(tickets.holderApplicantId, ids), inArray(tickets.status, ['issued', 'delivered'])));

  beforeAll(async () => {
    server = await startTestServer({ database: kind });
    const admin = await signIn(
      server,
      await buildUser(server, { roles: [{ role: 'programme_admin' }], totp: true }),
    );
    operator = await buildOperator(server);
    const youth = await defaultProgramme(server, 'youth');
    const now = server.clock.now().getTime();
    expect(
      (
        await admin.request('PUT', '/api/v1/games/olympic', {
          opensAt: new Date(now + 100 * DAY).toISOString(),
          closesAt: new Date(now + 130 * DAY).toISOString(),
          reclaimDeadline: new Date(now + 60 * DAY).toISOString(),
        })
      ).status,
    ).toBe(200);
    expect(
      (await admin.post(`/api/v1/programmes/${youth.id}/operators`, { operatorId: operator.id })).status,
    ).toBe(200);
    [event] = (await eventsStockedForOperator(server, admin, {
      programmeId: youth.id,
      operatorId: operator.id,
      seats: [3],
      codePrefix: `ERASURE-${kind}`,
    })) as [SportEvent];
    operatorClient = await signIn(
      server,
      await buildUser(server, {
        roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id, runsDraws: true }],
        totp: true,
        organisationId: operator.id,
      }),
    );
    for (let i = 0; i < 7; i++)
      persons.push(...(await buildApplicants(server, { programmeId: youth.id, operatorId: operator.id })));
    await server.database.db
      .update(applicants)
      .set({ eventChoices: [event.id] })
      .where(inArray(applicants.id, persons));
    await server.database.db.execute(
      sql`update applicants set email = 'candidat.' || entry_ref || '@exemple.fr' where id = any(${sql.param(persons)}::uuid[])`,
    );
    await publishedDrawViaApi(server, operatorClient, { operatorId: operator.id, programmeId: youth.id });
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Checks that `ended` was ended as `status` by the erasure, and its seat went to a reserve's new ticket. */
  const expectHandedOver = async (ended: typeof tickets.$inferSelect, status: 'withdrawn' | 'revoked') => {
    const [after] = await server.database.db.select().from(tickets).where(eq(tickets.id, ended.id));
    expect(after!.status).toBe(status);
    const [successor] = await server.database.db
      .select()
      .from(tickets)
      .where(eq(tickets.reassignedFrom, ended.id));
    expect(successor).toMatchObject({ seatId: ended.seatId, status: 'issued' });
    expect(persons).toContain(successor!.holderApplicantId);
    expect(successor!.code).toMatch(/^GT1:/);
    const [history] = await server.database.db
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, ended.id), eq(ticketEvents.toStatus, status)));
    expect(history).toMatchObject({ fromStatus: 'issued', relatedTicketId: successor!.id });
    const audited = await server.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, `tickets.ticket.${status}`));
    expect(audited.flatMap((row) => row.targetIds ?? [])).toContain(ended.id);
  };

  it('withdrawing consent withdraws the live ticket and hands the seat to the reserve list', async () => {
    const [ticket] = await liveOf(persons);
    expect(ticket).toBeDefined();
    const holder = ticket!.holderApplicantId!;
    const link = await applicantLink(server, holder);
    const response = await new ApiClient(server.url).post(`/api/v1/my-application/${link}/withdrawal`);
    expect(response.status, JSON.stringify(response.body)).toBe(204);
    expect(await server.database.db.select().from(applicants).where(eq(applicants.id, holder))).toEqual([]);
    await expectHandedOver(ticket!, 'withdrawn');
  });

  it('an operator erasing an applicant recorded in error revokes the ticket, the seat handed over', async () => {
    const [ticket] = await liveOf(persons);
    const holder = ticket!.holderApplicantId!;
    const response = await operatorClient.post(
      `/api/v1/operators/${operator.id}/applicants/${holder}/erasure`,
      { reason: 'recorded_in_error' },
    );
    expect(response.status, JSON.stringify(response.body)).toBe(204);
    await expectHandedOver(ticket!, 'revoked');
  });

  it('leaves no live ticket without a holder, and at most one live ticket per seat', async () => {
    const orphans = await server.database.db
      .select()
      .from(tickets)
      .where(and(isNull(tickets.holderApplicantId), inArray(tickets.status, ['issued', 'delivered'])));
    expect(orphans).toEqual([]);
    const live = await liveOf(persons);
    expect(live).toHaveLength(3);
    expect(new Set(live.map((row) => row.seatId)).size).toBe(3);
  });
});
