import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SportEvent } from '../../contracts/programmes.js';
import type { TicketStatus, TicketSummary } from '../../contracts/tickets.js';
import { tickets } from '../../src/platform/db/schema/index.js';
import { buildUser, signIn } from '../factories/accounts.js';
import { buildOperator } from '../factories/programmes.js';
import type { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { publishedDrawWithMail, withdrawOneTicket } from '../support/tickets.js';

describe.each(databaseKinds)('ticket reports per event and status (issue [G]) on %s', (kind) => {
  let server: TestServer;
  let events: SportEvent[];
  let operator: { id: string };
  let operatorClient: ApiClient;
  const url = () => `/api/v1/operators/${operator.id}/tickets/summary`;

  beforeAll(async () => {
    server = await startTestServer({ database: kind });
    ({ events, operator, operatorClient } = await publishedDrawWithMail(server, `REPORT-${kind}`));
    // One winner withdraws: their ticket ends « withdrawn », the first reserve gets a ticket in their place.
    await withdrawOneTicket(server, events[0]!.id);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('counts the operator’s tickets per event and status, with totals, from what the database holds', async () => {
    const rows = await server.database.db.select().from(tickets).where(eq(tickets.operatorId, operator.id));
    const summary = await operatorClient.get<TicketSummary>(url());
    expect(summary.status, JSON.stringify(summary.body)).toBe(200);
    expect(summary.body.events).toHaveLength(1);
    const [event] = summary.body.events;
    expect(event).toMatchObject({ eventId: events[0]!.id, code: events[0]!.code, total: rows.length });
    expect(event!.counts).toMatchObject({ issued: 2, withdrawn: 1, revoked: 0, scanned: 0, reassigned: 0 });
    expect(event!.fromReassignment).toBe(1);
    for (const status of Object.keys(event!.counts) as TicketStatus[])
      expect(event!.counts[status]).toBe(rows.filter((row) => row.status === status).length);
    expect(summary.body.totals).toEqual({
      counts: event!.counts,
      fromReassignment: 1,
      total: rows.length,
    });
  });

  it('exports the same counts as CSV, with no personal data', async () => {
    const summary = (await operatorClient.get<TicketSummary>(url())).body;
    const csv = await operatorClient.get<string>(`${url()}.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="gradins-billets-/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'event_id;code;name;starts_at;screening;issued;delivered;withdrawn;revoked;reassigned;scanned;returned_to_pool;refused;from_reassignment;total',
    );
    const [event] = summary.events;
    const figures = [...Object.values(event!.counts), event!.fromReassignment, event!.total].join(';');
    expect(lines[1]).toBe(`${event!.eventId};${event!.code};${event!.name};${event!.startsAt};${figures}`);
    expect(lines[2]).toBe(`;TOTAL;;;${figures}`);
    expect(lines).toHaveLength(3);
    expect(csv.body).not.toMatch(/@exemple\.fr/);
  });

  it('refuses another operator (403); the programme administrator reads any operator', async () => {
    const other = await buildOperator(server);
    const stranger = await signIn(
      server,
      await buildUser(server, {
        roles: [{ role: 'operator', scopeKind: 'operator', scopeId: other.id }],
        organisationId: other.id,
      }),
    );
    expect((await stranger.get(url())).status).toBe(403);
    expect((await stranger.get(`${url()}.csv`)).status).toBe(403);
    const own = await stranger.get<TicketSummary>(`/api/v1/operators/${other.id}/tickets/summary`);
    expect(own.body).toEqual({ events: [], totals: expect.objectContaining({ total: 0 }) });
    const admin = await signIn(
      server,
      await buildUser(server, { roles: [{ role: 'programme_admin' }], totp: true }),
    );
    const read = await admin.get<TicketSummary>(url());
    expect(read.status).toBe(200);
    expect(read.body.totals.total).toBeGreaterThan(0);
  });
});
