import crypto from 'node:crypto';
import quicknet from '../../../shared/data/drand-quicknet.json' with { type: 'json' };
import type { DrawView } from '../../contracts/draws.js';
import { randomToken, tokenHash } from '../../src/platform/crypto/tokens.js';
import { applicantLinks, instance } from '../../src/platform/db/schema/index.js';
import { expect } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { buildUser, signIn } from '../factories/accounts.js';
import { buildApplicants } from '../factories/applicants.js';
import { buildOperator, defaultProgramme, eventsStockedForOperator } from '../factories/programmes.js';
import { applicants, tickets } from '../../src/platform/db/schema/index.js';
import { ApiClient } from './api-client.js';
import { waitForRun } from './draws.js';
import type { TestServer } from './server.js';

const REAL = quicknet.vectors[0]!;
const DAY = 86_400_000;

/**
 * A published demonstration draw of an operator's bucket, every step through the API (setup, freeze,
 * commitment to a real past quicknet round, beacon, run, publish) — so its tickets are issued as in
 * production. Marks the installation as a demo one (demonstrations need it).
 */
export async function publishedDrawViaApi(
  server: TestServer,
  operatorClient: ApiClient,
  input: { operatorId: string; programmeId: string; name?: string },
): Promise<DrawView> {
  await server.database.db.update(instance).set({ demoLoadedAt: server.clock.now() });
  const url = `/api/v1/operators/${input.operatorId}/draws`;
  const expectOk = <T>(response: { status: number; body: T }, what: string, status = 200): T => {
    if (response.status !== status)
      throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const draw = expectOk(
    await operatorClient.post<DrawView>(url, {
      programmeId: input.programmeId,
      name: input.name ?? 'Tirage des billets',
      demonstration: true,
    }),
    'setup',
    201,
  );
  expectOk(await operatorClient.post(`${url}/${draw.id}/freeze`), 'freeze');
  expectOk(
    await operatorClient.post(`${url}/${draw.id}/commitment`, {
      round: REAL.round,
      witnesses: [
        { name: 'Huissier A', commitment: crypto.createHash('sha256').update('a').digest('hex') },
        { name: 'Témoin B', commitment: crypto.createHash('sha256').update('b').digest('hex') },
      ],
      minReveals: 2,
    }),
    'commitment',
  );
  expectOk(await operatorClient.post(`${url}/${draw.id}/beacon`, { signature: REAL.signature }), 'beacon');
  expectOk(await operatorClient.post(`${url}/${draw.id}/run`), 'run', 202);
  const ran = await waitForRun(operatorClient, `${url}/${draw.id}`);
  if (ran.status !== 'run') throw new Error(`run failed: ${JSON.stringify(ran.runError)}`);
  return expectOk(await operatorClient.post<DrawView>(`${url}/${draw.id}/publish`), 'publish');
}

/** A follow-up link for an applicant, as the mail would carry it (its hash stored), valid a year. */
export async function applicantLink(server: TestServer, applicantId: string): Promise<string> {
  const token = randomToken();
  await server.database.db.insert(applicantLinks).values({
    tokenHash: tokenHash(token),
    applicantId,
    expiresAt: new Date(server.clock.now().getTime() + 365 * 86_400_000),
  });
  return token;
}

/**
 * A programme administrator signed in, the Olympic Games' window set (applications open in 100 days, close in
 * 130, reclaim in 60), and an operator taking part in the youth programme.
 */
export async function youthProgrammeWithOperator(server: TestServer) {
  const admin = await signIn(
    server,
    await buildUser(server, { roles: [{ role: 'programme_admin' }], totp: true }),
  );
  const operator = await buildOperator(server);
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
  return { admin, operator, youth };
}

/**
 * A programme with a logo, one event of 2 seats, five applicants with an address ranking it, and its draw
 * published: two tickets issued, and a mail with a download link queued for each winner (ticket delivery).
 */
export async function publishedDrawWithMail(server: TestServer, codePrefix: string) {
  const { admin, operator, youth } = await youthProgrammeWithOperator(server);
  const events = await eventsStockedForOperator(server, admin, {
    programmeId: youth.id,
    operatorId: operator.id,
    seats: [2],
    codePrefix: codePrefix,
  });
  // The programme's logo on the page and the PDF: a 1×1 PNG.
  const logo = await admin.request('PUT', `/api/v1/programmes/${youth.id}/logo`, {
    pngBase64:
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    alt: 'Logo du programme Jeunesse',
  });
  expect(logo.status, JSON.stringify(logo.body)).toBe(204);
  const operatorClient = await signIn(
    server,
    await buildUser(server, {
      roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id, runsDraws: true }],
      totp: true,
      organisationId: operator.id,
    }),
  );
  const ids = { programmeId: youth.id, operatorId: operator.id };
  const persons: string[] = [];
  for (let i = 0; i < 5; i++) persons.push(...(await buildApplicants(server, ids)));
  await server.database.db
    .update(applicants)
    .set({ eventChoices: [events[0]!.id] })
    .where(inArray(applicants.id, persons));
  await server.database.db.execute(
    sql`update applicants set email = 'porteur.' || entry_ref || '@exemple.fr' where id = any(${sql.param(persons)}::uuid[])`,
  );
  await publishedDrawViaApi(server, operatorClient, ids);
  return { events, operator, operatorClient };
}

/** The ticket that took a withdrawn ticket's seat over, and its holder (the reserve). */
export async function successorOf(server: TestServer, ticketId: string) {
  const [successor] = await server.database.db
    .select()
    .from(tickets)
    .where(eq(tickets.reassignedFrom, ticketId));
  const [reserve] = await server.database.db
    .select()
    .from(applicants)
    .where(eq(applicants.id, successor!.holderApplicantId!));
  return { successor: successor!, reserve: reserve! };
}

/** One winner of the event withdraws from their follow-up link: their ticket ends, the reserve gets the seat. */
export async function withdrawOneTicket(server: TestServer, eventId: string): Promise<void> {
  const [ticket] = await server.database.db
    .select()
    .from(tickets)
    .where(and(eq(tickets.eventId, eventId), eq(tickets.status, 'issued')));
  const token = await applicantLink(server, ticket!.holderApplicantId!);
  const withdrawn = await new ApiClient(server.url).post(
    `/api/v1/my-application/${token}/tickets/${ticket!.id}/withdrawal`,
  );
  expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
}
