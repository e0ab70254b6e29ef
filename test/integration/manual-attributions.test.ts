import { randomUUID } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualAttributionView, ManualDecisionView } from '../../contracts/attributions.js';
import type { SportEvent } from '../../contracts/programmes.js';
import { auditEvents } from '../../src/platform/db/schema/index.js';
import { buildUser, signIn } from '../factories/accounts.js';
import { buildApplicants } from '../factories/applicants.js';
import { buildOperator, defaultProgramme, eventsStockedForOperator } from '../factories/programmes.js';
import type { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { downloadPdfText } from '../support/pdf.js';
import { startTestServer, type TestServer } from '../support/server.js';

type Problem = { type: string; detail: string; status: number };
const DAY = 86_400_000;
const CIRCUMSTANCES =
  'Séance réservée aux élèves de l’unité d’enseignement de l’hôpital : trop peu de candidats pour un tirage au sort.';
const CRITERIA =
  'Ordre d’inscription des élèves suivis par l’unité, priorité aux élèves jamais invités à un événement.';

describe.each(databaseKinds)('manual attribution (TAJ-11) through the API on %s', (kind) => {
  let server: TestServer;
  let admin: ApiClient;
  let operatorClient: ApiClient;
  let operator: { id: string };
  let youth: { id: string };
  let events: SportEvent[];
  let base: string;
  let decision: ManualDecisionView;
  const people: string[] = [];
  let group = '';
  let pair: string[];

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
      closesAt: new Date(now + 116 * DAY).toISOString(),
      reclaimDeadline: new Date(now + 60 * DAY).toISOString(),
    });
    expect(games.status, JSON.stringify(games.body)).toBe(200);
    expect(
      (await admin.post(`/api/v1/programmes/${youth.id}/operators`, { operatorId: operator.id })).status,
    ).toBe(200);
    events = await eventsStockedForOperator(server, admin, {
      programmeId: youth.id,
      operatorId: operator.id,
      seats: [5, 2],
      codePrefix: `MANUAL-${kind}`,
    });
    operatorClient = await signIn(
      server,
      await buildUser(server, {
        roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id, runsDraws: true }],
        totp: true,
        organisationId: operator.id,
      }),
    );
    base = `/api/v1/operators/${operator.id}/draws/manual-attributions`;
    const ids = { programmeId: youth.id, operatorId: operator.id };
    for (let i = 0; i < 3; i++) people.push(...(await buildApplicants(server, ids)));
    group = (await buildApplicants(server, { ...ids, kind: 'group', groupSize: 3 }))[0]!;
    pair = await buildApplicants(server, { ...ids, kind: 'carer_pair' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses any attribution that cites no recorded decision, saying a decision comes first', async () => {
    const refused = await operatorClient.post<Problem>(`${base}/${randomUUID()}/attributions`, {
      applicantId: people[0],
      eventId: events[0]!.id,
      criterion: 'Premier inscrit',
    });
    expect(refused.status).toBe(404);
    expect(refused.body.type).toBe('urn:gradins:problem:manual-decision-required');
    expect(refused.body.detail).toContain('consigné');
    const vague = await operatorClient.post<Problem>(base, {
      programmeId: youth.id,
      circumstances: 'Pas le temps',
      criteria: CRITERIA,
    });
    expect(vague.status).toBe(400);
  });

  it('records the decision — circumstances, criteria, who, when, seats per event from the bucket’s stock', async () => {
    const created = await operatorClient.post<ManualDecisionView>(base, {
      programmeId: youth.id,
      circumstances: CIRCUMSTANCES,
      criteria: CRITERIA,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    decision = created.body;
    expect(decision).toMatchObject({
      bucket: operator.id,
      circumstances: CIRCUMSTANCES,
      criteria: CRITERIA,
      attributions: [],
    });
    expect(Object.fromEntries(decision.quotas.map((q) => [q.eventId, [q.seats, q.attributed]]))).toEqual({
      [events[0]!.id]: [5, 0],
      [events[1]!.id]: [2, 0],
    });
    // Written once: the database refuses to change it.
    const changed = await server.database.db
      .execute(sql`update manual_attribution_decisions set criteria = 'autre' where id = ${decision.id}`)
      .then(
        () => 'changed',
        (error: Error) => String(error.cause ?? error),
      );
    expect(changed).toMatch(/immutable/);
  });

  it('attributes seats citing the decision: a person 1, a group its size, a carer pair 2 — never over the quota', async () => {
    const attribute = (applicantId: string, eventId: string, criterion: string) =>
      operatorClient.post<ManualAttributionView & Problem>(`${base}/${decision.id}/attributions`, {
        applicantId,
        eventId,
        criterion,
      });
    const first = await attribute(people[0]!, events[0]!.id, 'Critère 1 : premier inscrit');
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ decisionId: decision.id, seats: 1, kind: 'person' });
    const again = await attribute(people[0]!, events[1]!.id, 'Critère 1');
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('urn:gradins:problem:already-attributed');
    const classe = await attribute(group, events[0]!.id, 'Critère 2 : classe jamais invitée');
    expect(classe.status, JSON.stringify(classe.body)).toBe(201);
    expect(classe.body).toMatchObject({ seats: 3, kind: 'group' });
    // 4 of 5 seats taken on event 0: a pair (2 seats) gets both or nothing.
    const tooBig = await attribute(pair[0]!, events[0]!.id, 'Critère 1');
    expect(tooBig.status).toBe(409);
    expect(tooBig.body.type).toBe('urn:gradins:problem:manual-quota-exhausted');
    expect(tooBig.body.detail).toContain('il en reste 1');
    const pairOk = await attribute(pair[0]!, events[1]!.id, 'Critère 1 : binôme inscrit en premier');
    expect(pairOk.status, JSON.stringify(pairOk.body)).toBe(201);
    expect(pairOk.body).toMatchObject({ seats: 2, kind: 'carer_pair' });
    const mate = await attribute(pair[1]!, events[0]!.id, 'Critère 1');
    expect(mate.status).toBe(409);
    expect(mate.body.type).toBe('urn:gradins:problem:already-attributed');
    // Another decision of the same bucket cannot go past the bucket's stock either.
    const second = await operatorClient.post<ManualDecisionView>(base, {
      programmeId: youth.id,
      circumstances: CIRCUMSTANCES,
      criteria: CRITERIA,
    });
    expect(second.status).toBe(201);
    const overStock = await operatorClient.post<Problem>(`${base}/${second.body.id}/attributions`, {
      applicantId: people[1],
      eventId: events[1]!.id,
      criterion: 'Critère 1',
    });
    expect(overStock.status).toBe(409);
    expect(overStock.body.type).toBe('urn:gradins:problem:manual-quota-exhausted');
    const shown = await operatorClient.get<ManualDecisionView>(`${base}/${decision.id}`);
    expect(shown.status).toBe(200);
    const cited = shown.body.attributions.map((a) => [a.applicantId, a.seats, a.criterion.slice(0, 9)]);
    expect(cited).toHaveLength(3);
    expect(cited).toEqual(
      expect.arrayContaining([
        [people[0], 1, 'Critère 1'],
        [group, 3, 'Critère 2'],
        [pair[0], 2, 'Critère 1'],
      ]),
    );
    expect(shown.body.quotas.find((q) => q.eventId === events[0]!.id)!.attributed).toBe(4);
  });

  it('refuses an application outside the bucket, a grant that does not run draws, and another operator', async () => {
    const other = await buildOperator(server);
    expect(
      (await admin.post(`/api/v1/programmes/${youth.id}/operators`, { operatorId: other.id })).status,
    ).toBe(200);
    const [stranger] = await buildApplicants(server, { programmeId: youth.id, operatorId: other.id });
    const outside = await operatorClient.post<Problem>(`${base}/${decision.id}/attributions`, {
      applicantId: stranger,
      eventId: events[0]!.id,
      criterion: 'Critère 1',
    });
    expect(outside.status).toBe(409);
    expect(outside.body.type).toBe('urn:gradins:problem:applicant-not-in-bucket');
    const plain = await signIn(
      server,
      await buildUser(server, {
        roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id }],
        organisationId: operator.id,
      }),
    );
    expect((await plain.get(base)).status).toBe(403);
    const viaOther = await admin.get<Problem>(
      `/api/v1/operators/${other.id}/draws/manual-attributions/${decision.id}`,
    );
    expect(viaOther.status).toBe(404);
    const all = await admin.get<ManualDecisionView[]>('/api/v1/draws/manual-attributions');
    expect(all.status).toBe(200);
    expect(all.body.map((d) => d.id)).toContain(decision.id);
  });

  it('produces the control report (PDF, French): the decision’s circumstances and criteria, every attribution citing it', async () => {
    const report = await downloadPdfText(operatorClient, `${base}/${decision.id}/control-report.pdf`);
    expect(report.status).toBe(200);
    expect(report.contentType).toContain('application/pdf');
    expect(report.text).toContain('Rapport de contrôle interne — attribution manuelle');
    expect(report.text).toContain(decision.id);
    expect(report.text).toContain(CIRCUMSTANCES.slice(0, 60));
    expect(report.text).toContain(CRITERIA.slice(0, 60));
    expect(report.text).toContain('Attributions citant la décision (3)');
    expect(report.text).toContain('Total : 3 attribution(s), 6 place(s)');
    const shown = await operatorClient.get<ManualDecisionView>(`${base}/${decision.id}`);
    for (const attribution of shown.body.attributions) {
      expect(report.text).toContain(attribution.entryRef);
      expect(report.text).toContain(attribution.holder);
    }
    expect(report.text).toContain('Critère 2 : classe jamais invitée');
    expect(report.text).toContain('Décision consignée');
    const other = await admin.get<Problem>(`${base}/${randomUUID()}/control-report.pdf`);
    expect(other.status).toBe(404);
  });

  it('writes each step in the audit trail, and each reading of the attributions', async () => {
    const rows = await server.database.db
      .select()
      .from(auditEvents)
      .where(
        inArray(auditEvents.action, [
          'draws.manual-decision.recorded',
          'draws.manual-attribution.made',
          'draws.manual-decision.read',
          'draws.manual-report.downloaded',
        ]),
      );
    const count = (action: string) => rows.filter((row) => row.action === action).length;
    expect(count('draws.manual-decision.recorded')).toBe(2);
    expect(count('draws.manual-attribution.made')).toBe(3);
    expect(count('draws.manual-decision.read')).toBeGreaterThanOrEqual(1);
    expect(count('draws.manual-report.downloaded')).toBe(1);
    const read = rows.find((row) => row.action === 'draws.manual-decision.read')!;
    expect(read.targetIds).toEqual(expect.arrayContaining([decision.id, people[0], group, pair[0]]));
  });
});
