import { and, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckInResult, DoubleEntry, GateEvent, GatePack, SyncResult } from '../../contracts/gate.js';
import { decodeBase45, encodeBase45 } from '../../src/modules/tickets/domain/base45.js';
import { TICKET_CODE_PREFIX } from '../../src/modules/tickets/domain/ticket-code.js';
import { selectRows } from '../../src/platform/db/database.js';
import { auditEvents, gateScans, ticketEvents, tickets } from '../../src/platform/db/schema/index.js';
import { buildUser, signIn } from '../factories/accounts.js';
import type { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { buildGateTickets, revokeTicket, type GateTicket } from '../support/gate.js';
import { startTestServer, type TestServer } from '../support/server.js';

const HOUR = 3_600_000;

/** A code's bytes changed by `change`, as text again (the prefix, base45). */
const alter = (code: string, change: (bytes: Uint8Array) => void): string => {
  const bytes = decodeBase45(code, TICKET_CODE_PREFIX.length)!;
  change(bytes);
  return TICKET_CODE_PREFIX + encodeBase45(bytes);
};

describe.each(databaseKinds)('the gate (TAJ-18, TAJ-15) on %s', (kind) => {
  let server: TestServer;
  let agent: ApiClient;
  let agentId: string;
  let eventId: string;
  let issued: GateTicket[];
  let other: { eventId: string; tickets: GateTicket[] };
  const url = (path: string, event = eventId) => `/api/v1/events/${event}/gate${path}`;
  const checkIn = (code: string, gateId = 'Porte A') =>
    agent.post<CheckInResult>(url('/check-ins'), { code, gateId });
  /** What a refusal may write: the audit entry only. */
  const written = async () => ({
    scans: (await server.database.db.select().from(gateScans)).length,
    history: (await server.database.db.select().from(ticketEvents)).length,
    scanned: (await server.database.db.select().from(tickets).where(eq(tickets.status, 'scanned'))).length,
  });
  const refusals = async (reason: string) =>
    server.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, `tickets.checkin.refused.${reason}`), eq(auditEvents.actor, agentId)),
      );
  /** Refused with `reason`, and nothing written but one audited refusal. */
  const expectRefused = async (code: string, reason: string) => {
    const before = await written();
    const audited = (await refusals(reason)).length;
    const response = await checkIn(code);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ accepted: false, reason });
    expect(response.body.reasonText).toBeTruthy();
    expect(await written()).toEqual(before);
    const after = await refusals(reason);
    expect(after).toHaveLength(audited + 1);
    expect(after.at(-1)!.result).toBe('denied');
    return response.body;
  };

  beforeAll(async () => {
    server = await startTestServer({ database: kind });
    // The ticket key is created as the server starts, a moment after its clock: codes are signed after it.
    server.clock.set(new Date(Date.now() + 1000));
    const now = server.clock.now();
    ({ eventId, tickets: issued } = await buildGateTickets(server, { count: 12, now }));
    other = await buildGateTickets(server, { count: 1, now });
    const user = await buildUser(server, {
      roles: [{ role: 'gate_agent', scopeKind: 'event', scopeId: eventId }],
      totp: true,
    });
    agentId = user.id;
    agent = await signIn(server, user);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('lists the events the agent’s grants name', async () => {
    const response = await agent.get<GateEvent[]>('/api/v1/gate/events');
    expect(response.status).toBe(200);
    expect(response.body.map((event) => event.eventId)).toEqual([eventId]);
  });

  it('admits a valid ticket once, with the holder check, its entry, history and audit entry', async () => {
    const ticket = issued[0]!;
    const response = await checkIn(ticket.code);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      accepted: true,
      reason: null,
      ticketId: ticket.id,
      holder: { initials: 'CD', birthYear: 2005 },
    });
    const [row] = await server.database.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(row).toMatchObject({ status: 'scanned' });
    expect(row!.endedAt).not.toBeNull();
    const history = await server.database.db
      .select()
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, ticket.id));
    expect(history).toMatchObject([{ fromStatus: 'issued', toStatus: 'scanned', actor: agentId }]);
    const entries = await server.database.db
      .select()
      .from(gateScans)
      .where(eq(gateScans.ticketId, ticket.id));
    expect(entries).toMatchObject([{ result: 'entered', mode: 'online', gateId: 'Porte A', agentId }]);
    const audited = await server.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'tickets.ticket.scanned'));
    expect(audited.some((entry) => entry.targetIds?.includes(ticket.id))).toBe(true);
  });

  it('refuses the same code again as « déjà entré », with the time and gate of the first entry', async () => {
    const ticket = issued[0]!;
    const [first] = await server.database.db
      .select()
      .from(gateScans)
      .where(eq(gateScans.ticketId, ticket.id));
    const refused = await expectRefused(ticket.code, 'already-entered');
    expect(refused.reasonText).toBe('déjà entré');
    expect(refused.firstEntry).toEqual({ at: first!.scannedAt.toISOString(), gateId: 'Porte A' });
    expect(refused.holder).toEqual({ initials: 'CD', birthYear: 2005 });
  });

  it('refuses a revoked ticket (replayed after revocation) as « révoqué »', async () => {
    await revokeTicket(server.database, issued[1]!.id, server.clock.now());
    const refused = await expectRefused(issued[1]!.code, 'revoked');
    expect(refused.reasonText).toBe('révoqué');
  });

  it('refuses a ticket of another event, and one whose holder was erased', async () => {
    expect((await expectRefused(other.tickets[0]!.code, 'other-event')).reasonText).toBe('autre événement');
    await server.database.db
      .update(tickets)
      .set({ holderApplicantId: null })
      .where(eq(tickets.id, issued[2]!.id));
    await expectRefused(issued[2]!.code, 'revoked');
  });

  it('refuses codes outside their hours and codes from the future', async () => {
    const now = server.clock.now();
    const early = await buildGateTickets(server, {
      count: 1,
      now,
      startsAt: new Date(now.getTime() + 5 * HOUR),
    });
    const late = await buildGateTickets(server, {
      count: 1,
      now,
      // Its window ends a minute from now (6 h after the start); the clock then moves two minutes on.
      startsAt: new Date(now.getTime() - 6 * HOUR + 60_000),
    });
    const future = await buildGateTickets(server, {
      count: 1,
      now,
      eventId,
      signedAt: new Date(now.getTime() + HOUR),
    });
    // The early and late codes are for other events: the agent of those events sees the hours.
    const gateOf = async (event: string) =>
      signIn(
        server,
        await buildUser(server, {
          roles: [{ role: 'gate_agent', scopeKind: 'event', scopeId: event }],
          totp: true,
        }),
      );
    const earlyAgent = await gateOf(early.eventId);
    const tooEarly = await earlyAgent.post<CheckInResult>(url('/check-ins', early.eventId), {
      code: early.tickets[0]!.code,
      gateId: 'Porte B',
    });
    expect(tooEarly.body).toMatchObject({ accepted: false, reason: 'not-yet-valid' });
    expect(tooEarly.body.reasonText).toMatch(/^hors horaires/);
    const lateAgent = await gateOf(late.eventId);
    server.clock.advance(120_000);
    const tooLate = await lateAgent.post<CheckInResult>(url('/check-ins', late.eventId), {
      code: late.tickets[0]!.code,
      gateId: 'Porte B',
    });
    expect(tooLate.body).toMatchObject({ accepted: false, reason: 'expired' });
    await expectRefused(future.tickets[0]!.code, 'issued-in-future');
    const states = await server.database.db
      .select({ status: tickets.status })
      .from(tickets)
      .where(eq(tickets.id, early.tickets[0]!.id));
    expect(states).toEqual([{ status: 'issued' }]);
  });

  it('refuses bad input with its reason: truncated, oversized, not base45, another key, a changed bit', async () => {
    const code = issued[3]!.code;
    await expectRefused(code.slice(0, TICKET_CODE_PREFIX.length + 150), 'truncated');
    await expectRefused(`${code}${'A'.repeat(400)}`, 'too-long');
    await expectRefused(`${code.slice(0, 20)}a${code.slice(21)}`, 'not-base45');
    await expectRefused('https://exemple.fr/billet', 'not-a-ticket-code');
    await expectRefused('', 'not-a-ticket-code');
    await expectRefused(
      alter(code, (bytes) => (bytes[1] = bytes[1]! ^ 0xff)),
      'unknown-key',
    );
    const forged = await expectRefused(
      alter(code, (bytes) => (bytes[60] = bytes[60]! ^ 0x01)),
      'invalid-signature',
    );
    expect(forged.reasonText).toBe('invalide');
    expect(forged.holder).toBeNull();
    // A genuine ticket id with altered fields (another holder's initials; hours moved to the past): the text is
    // not the code the ticket was signed with, so its signature is checked, and it fails first.
    const otherHolder = await expectRefused(
      alter(code, (bytes) => (bytes[41] = bytes[41] === 0x41 ? 0x42 : 0x41)),
      'invalid-signature',
    );
    expect(otherHolder.holder).toBeNull();
    // Hours from 1970 to the issuing instant: well-formed and expired, but forged — read as such first.
    await expectRefused(
      alter(code, (bytes) => {
        bytes.fill(0, 49, 53);
        bytes.copyWithin(53, 45, 49);
      }),
      'invalid-signature',
    );
    // The genuine code still enters afterwards: the refusals changed nothing.
    expect((await checkIn(code)).body.accepted).toBe(true);
  });

  it('refuses a gate name with a control character (400), writing nothing', async () => {
    const before = await written();
    const response = await agent.post<{ type: string }>(url('/check-ins'), {
      code: issued[0]!.code,
      gateId: 'Porte\u0000A',
    });
    expect(response.status).toBe(400);
    expect(response.body.type).toBe('urn:gradins:problem:validation-failed');
    expect(await written()).toEqual(before);
  });

  it('answers a body far too long with a 400 problem, writing nothing', async () => {
    const before = await written();
    const response = await agent.post<{ type: string; detail: string }>(url('/check-ins'), {
      code: 'GT1:' + 'A'.repeat(9000),
      gateId: 'Porte A',
    });
    expect(response.status).toBe(400);
    expect(response.body.type).toBe('urn:gradins:problem:validation-failed');
    expect(await written()).toEqual(before);
  });

  it('gives the offline pack: public keys, ended tickets, entries, a version that moves', async () => {
    const response = await agent.get<GatePack>(url('/pack'));
    expect(response.status).toBe(200);
    const pack = response.body;
    expect(pack.eventId).toBe(eventId);
    expect(pack.keys.keys.some((key) => key.purpose === 'ticket')).toBe(true);
    expect(new Set(pack.ended)).toEqual(new Set([issued[1]!.id, issued[2]!.id]));
    expect(pack.entered.map((entry) => entry.ticketId).sort()).toEqual([issued[0]!.id, issued[3]!.id].sort());
    expect((await checkIn(issued[4]!.code)).body.accepted).toBe(true);
    const again = await agent.get<GatePack>(url('/pack'));
    expect(again.body.version).not.toBe(pack.version);
    expect(again.body.entered).toHaveLength(3);
    const read = await server.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'tickets.gate.pack-read'), eq(auditEvents.actor, agentId)));
    expect(read.length).toBeGreaterThanOrEqual(2);
  });

  it('applies offline scans and reports double entries (two devices, offline after online, after revocation)', async () => {
    // The scans below were made in the last quarter of an hour, after the tickets were issued (a scan dated
    // before its code was issued does not verify).
    server.clock.set(new Date(server.clock.now().getTime() + 15 * 60_000));
    const now = server.clock.now();
    const at = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
    const first = await agent.post<SyncResult>(url('/sync'), {
      deviceId: 'device-one-0001',
      scans: [
        { ticketId: issued[5]!.id, code: issued[5]!.code, scannedAt: at(10), gateId: 'Porte C' },
        { ticketId: issued[0]!.id, code: issued[0]!.code, scannedAt: at(9), gateId: 'Porte C' }, // entered online before
        { ticketId: issued[1]!.id, code: issued[1]!.code, scannedAt: at(8), gateId: 'Porte C' }, // revoked
      ],
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.entered).toBe(1);
    expect(first.body.doubleEntries).toMatchObject([
      { ticketId: issued[0]!.id, kind: 'double_entry', gateId: 'Porte C', firstEntry: { gateId: 'Porte A' } },
      { ticketId: issued[1]!.id, kind: 'after_end', firstEntry: null },
    ]);
    // A second device scanned the same ticket offline too; the first device retries its batch.
    const second = await agent.post<SyncResult>(url('/sync'), {
      deviceId: 'device-two-0002',
      scans: [{ ticketId: issued[5]!.id, code: issued[5]!.code, scannedAt: at(5), gateId: 'Porte D' }],
    });
    expect(second.body.doubleEntries).toMatchObject([
      {
        ticketId: issued[5]!.id,
        kind: 'double_entry',
        deviceId: 'device-two-0002',
        firstEntry: { gateId: 'Porte C', deviceId: 'device-one-0001', at: at(10) },
      },
    ]);
    // A tampered device: a ticket named by its id with another ticket's code, a code for another ticket's id,
    // a scan dated after the server's clock. Refused, nothing stored.
    const forged = await agent.post<SyncResult>(url('/sync'), {
      deviceId: 'device-bad-0003',
      scans: [
        { ticketId: issued[6]!.id, code: issued[5]!.code, scannedAt: at(4), gateId: 'Porte E' },
        { ticketId: issued[6]!.id, code: 'GT1:NOT-A-CODE', scannedAt: at(4), gateId: 'Porte E' },
        {
          ticketId: issued[6]!.id,
          code: issued[6]!.code,
          scannedAt: new Date(now.getTime() + 3_600_000).toISOString(),
          gateId: 'Porte E',
        },
      ],
    });
    expect(forged.status).toBe(200);
    expect(forged.body).toMatchObject({ entered: 0, doubleEntries: [] });
    expect(forged.body.refused.map((scan) => scan.reason)).toEqual([
      'code-of-another-ticket',
      expect.any(String),
      'scanned-in-future',
    ]);
    const untouched = await server.database.db
      .select({ status: tickets.status })
      .from(tickets)
      .where(eq(tickets.id, issued[6]!.id));
    expect(untouched).toEqual([{ status: 'issued' }]);
    const retry = await agent.post<SyncResult>(url('/sync'), {
      deviceId: 'device-one-0001',
      scans: [{ ticketId: issued[5]!.id, code: issued[5]!.code, scannedAt: at(10), gateId: 'Porte C' }],
    });
    expect(retry.body).toMatchObject({ entered: 0, alreadyKnown: 1, doubleEntries: [] });
    const [ticket] = await server.database.db.select().from(tickets).where(eq(tickets.id, issued[5]!.id));
    expect(ticket!.status).toBe('scanned');
    // Online after the sync: refused as already entered at Porte C.
    expect((await checkIn(issued[5]!.code)).body).toMatchObject({
      reason: 'already-entered',
      firstEntry: { gateId: 'Porte C' },
    });
    const list = await agent.get<DoubleEntry[]>(url('/double-entries'));
    expect(list.status).toBe(200);
    expect(list.body.map((entry) => [entry.ticketId, entry.kind])).toEqual([
      [issued[5]!.id, 'double_entry'],
      [issued[1]!.id, 'after_end'],
      [issued[0]!.id, 'double_entry'],
    ]);
    const audited = await server.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'tickets.gate.double-entry'));
    expect(audited.flatMap((entry) => entry.targetIds ?? []).sort()).toEqual(
      [issued[0]!.id, issued[1]!.id, issued[5]!.id].sort(),
    );
  });

  it('refuses an agent of another event (403) and writes nothing', async () => {
    const response = await agent.post<{ type: string }>(url('/check-ins', other.eventId), {
      code: other.tickets[0]!.code,
      gateId: 'Porte A',
    });
    expect(response.status).toBe(403);
    const [row] = await server.database.db.select().from(tickets).where(eq(tickets.id, other.tickets[0]!.id));
    expect(row!.status).toBe('issued');
  });

  it.skipIf(kind !== 'postgresql')(
    'admits a code once when gates scan it at the same instant (parallel requests)',
    async () => {
      for (const ticket of issued.slice(6, 9)) {
        const gates = await Promise.all(
          Array.from({ length: 6 }, (_, i) => checkIn(ticket.code, `Porte ${i + 1}`)),
        );
        expect(gates.every((gate) => gate.status === 200)).toBe(true);
        expect(gates.filter((gate) => gate.body.accepted)).toHaveLength(1);
        expect(gates.filter((gate) => gate.body.reason === 'already-entered')).toHaveLength(5);
        const entries = await selectRows<{ n: number }>(
          server.database.db,
          sql`select count(*)::int as n from gate_scans where ticket_id = ${ticket.id}`,
        );
        expect(entries[0]!.n).toBe(1);
      }
      const refused = await server.database.db
        .select()
        .from(auditEvents)
        .where(like(auditEvents.action, 'tickets.checkin.refused.already-entered'));
      expect(refused.length).toBeGreaterThanOrEqual(15);
    },
  );
});
