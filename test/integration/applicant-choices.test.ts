import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import quicknet from '../../../shared/data/drand-quicknet.json' with { type: 'json' };
import type {
  ApplicationForm,
  ApplicationSubmitted,
  ImportProgress,
  MyApplication,
} from '../../contracts/applicants.js';
import type { DrawView, InclusionProofView } from '../../contracts/draws.js';
import type { SportEvent } from '../../contracts/programmes.js';
import { fromHex } from '../../src/modules/draws/domain/bytes.js';
import { verifyInclusion } from '../../src/modules/draws/domain/merkle.js';
import { parisDate } from '../../src/modules/programmes/domain/paris-time.js';
import { selectRows } from '../../src/platform/db/database.js';
import { applicants, auditEvents, instance, mailOutbox } from '../../src/platform/db/schema/index.js';
import { buildUser, signIn } from '../factories/accounts.js';
import { buildApplicants } from '../factories/applicants.js';
import { buildOperator, createEventViaApi, defaultProgramme, parisInDays } from '../factories/programmes.js';
import { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { waitForRun } from '../support/draws.js';
import { startTestServer, type TestServer } from '../support/server.js';

type Problem = { type: string; detail: string };
const REAL = quicknet.vectors[0]!;
const DAY = 86_400_000;

describe.each(databaseKinds)('applicants’ ranked event choices and their entry ids on %s', (kind) => {
  let server: TestServer;
  let visitor: ApiClient;
  let admin: ApiClient;
  let operatorClient: ApiClient;
  let operator: { id: string };
  let youth: { id: string };
  let form: ApplicationForm;
  /** e0, e1, e3: stock down to the operator; e2: the programme's only; foreign: another programme's. */
  let events: SportEvent[];
  let foreign: SportEvent;
  let maxChoices: number;
  const tokens: Record<string, string> = {};

  const notices = () => {
    const id = (kind: string) => form.notices.find((notice) => notice.kind === kind)!.id;
    return {
      privacy: id('privacy_notice'),
      usageCharter: id('usage_charter'),
      attendance: id('attendance_commitment'),
    };
  };
  const mailToken = async (recipient: string, category: string, pattern: RegExp) => {
    const mails = await server.database.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.recipient, recipient))
      .orderBy(mailOutbox.createdAt);
    return pattern.exec(mails.filter((mail) => mail.category === category).at(-1)!.textBody)![1]!;
  };
  /** Confirms from the mailed link, returns the follow-up link's token. */
  const confirmAndFollow = async (email: string) => {
    const token = await mailToken(email, 'applicants.confirmation-link', /\/confirmer-candidature\/([\w-]+)/);
    const confirmed = await visitor.post(`/api/v1/application-confirmations/${token}`);
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    return mailToken(email, 'applicants.follow-up-link', /\/ma-candidature\/([\w-]+)/);
  };
  /** An adult applying for themself (a youth-structure member of 20 on the day the Games open). */
  const application = (surname: string, email: string, extra: Record<string, unknown> = {}) => {
    const year = new Date(form.programme.ageCountedOn).getUTCFullYear() - 20;
    return {
      submissionId: randomUUID(),
      operatorId: operator.id,
      person: { birthSurname: surname, firstNames: 'Camille', birthDate: `${year}-04-02` },
      email,
      statuses: [{ status: 'youth_structure_member', proofProvided: true }],
      consents: { person: true, representative: false, usageCharter: true, attendance: true },
      notices: notices(),
      ...extra,
    };
  };
  const apply = (body: unknown) =>
    visitor.post<ApplicationSubmitted & Problem>(`/api/v1/programmes/${youth.id}/applications`, body);
  const mine = (token: string) => visitor.get<MyApplication & Problem>(`/api/v1/my-application/${token}`);
  const rank = (token: string, eventChoices: string[]) =>
    visitor.request<Problem>('PUT', `/api/v1/my-application/${token}/event-choices`, { eventChoices });
  const choicesOf = async (surname: string) =>
    (
      await server.database.db
        .select({ eventChoices: applicants.eventChoices })
        .from(applicants)
        .where(eq(applicants.birthSurname, surname))
    ).map((row) => row.eventChoices);
  const ids = (list: SportEvent[]) => list.map((event) => event.id);

  beforeAll(async () => {
    server = await startTestServer({ database: kind });
    visitor = new ApiClient(server.url);
    admin = await signIn(
      server,
      await buildUser(server, { roles: [{ role: 'programme_admin' }], totp: true }),
    );
    operator = await buildOperator(server);
    youth = await defaultProgramme(server, 'youth');
    const volunteers = await defaultProgramme(server, 'sports_volunteers');
    // The draws here are demonstrations on the real past round: only a demo installation may (draw-integrity).
    await server.database.db.update(instance).set({ demoLoadedAt: server.clock.now() });
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
    const transfer = async (eventId: string, to: object, from: object, quantity: number) => {
      const moved = await admin.post('/api/v1/stock/transfers', {
        from,
        to,
        lines: [{ eventId, category: 'C', quantity }],
        reason: 'Dotation',
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(201);
    };
    const programmeHolder = { level: 'programme', programmeId: youth.id };
    const operatorHolder = { level: 'operator', programmeId: youth.id, operatorId: operator.id };
    events = [];
    // Starting on days 101, 103, 102, 104: e0, e2, e1, e3 by start.
    for (const [index, day] of [101, 102, 103, 104].entries()) {
      const event = await createEventViaApi(server, admin, {
        code: `CHX-${kind}-${index}-${Date.now()}`,
        startsAtParis: parisInDays(server, day),
        stock: [{ category: 'C', count: 20 }],
      });
      await transfer(event.id, programmeHolder, { level: 'pool' }, 4);
      if (index !== 2) await transfer(event.id, operatorHolder, programmeHolder, 4);
      events.push(event);
    }
    foreign = await createEventViaApi(server, admin, { code: `CHX-${kind}-other-${Date.now()}` });
    await transfer(foreign.id, { level: 'programme', programmeId: volunteers.id }, { level: 'pool' }, 4);
    operatorClient = await signIn(
      server,
      await buildUser(server, {
        roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id, runsDraws: true }],
        totp: true,
        organisationId: operator.id,
      }),
    );
    form = (await visitor.get<ApplicationForm>(`/api/v1/programmes/${youth.id}/application-form`)).body;
    maxChoices = form.programme.maxEventChoices;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('offers the programme’s events by start time and its limit on the form', () => {
    expect(maxChoices).toBe(3);
    expect(form.events.map((event) => event.id)).toEqual(ids(events));
    expect(form.events.map((event) => event.id)).not.toContain(foreign.id);
  });

  it('records a valid ranking; refuses one over the limit, with a duplicate, or with a foreign event', async () => {
    const [e0, e1, e2, e3] = events;
    expect(
      (await apply(application('Rang', 'rang@exemple.fr', { eventChoices: [e2!.id, e1!.id, e0!.id] })))
        .status,
    ).toBe(202);
    expect(await choicesOf('Rang')).toEqual([[e2!.id, e1!.id, e0!.id]]);
    tokens.rang = await confirmAndFollow('rang@exemple.fr');

    const tooMany = await apply(
      application('Trop', 'trop@exemple.fr', { eventChoices: ids([e0!, e1!, e2!, e3!]) }),
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.type).toBe('urn:gradins:problem:too-many-event-choices');
    expect(tooMany.body.detail).toContain('classer 3 épreuves au plus');
    const twice = await apply(application('Double', 'double@exemple.fr', { eventChoices: [e0!.id, e0!.id] }));
    expect(twice.status).toBe(400);
    expect(twice.body.type).toBe('urn:gradins:problem:validation-failed');
    expect(twice.body.detail).toContain('une épreuve ne peut être classée qu’une fois');
    const elsewhere = await apply(
      application('Ailleurs', 'ailleurs@exemple.fr', { eventChoices: [e0!.id, foreign.id] }),
    );
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.type).toBe('urn:gradins:problem:event-not-choosable');
    // Refused: nothing recorded.
    expect(await choicesOf('Trop')).toEqual([]);
    expect(await choicesOf('Ailleurs')).toEqual([]);
  });

  it('gives a carer pair one ranking, and a group its manager’s', async () => {
    // The disability programme takes pairs; it holds tickets for e0.
    const disability = await defaultProgramme(server, 'disability');
    expect(
      (await admin.post(`/api/v1/programmes/${disability.id}/operators`, { operatorId: operator.id })).status,
    ).toBe(200);
    const moved = await admin.post('/api/v1/stock/transfers', {
      from: { level: 'pool' },
      to: { level: 'programme', programmeId: disability.id },
      lines: [{ eventId: events[0]!.id, category: 'C', quantity: 2 }],
      reason: 'Dotation',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(201);
    const disabilityForm = (
      await visitor.get<ApplicationForm>(`/api/v1/programmes/${disability.id}/application-form`)
    ).body;
    expect(disabilityForm.events.map((event) => event.id)).toEqual([events[0]!.id]);
    const id = (kind: string) => disabilityForm.notices.find((notice) => notice.kind === kind)!.id;
    const paired = await visitor.post<Problem>(`/api/v1/programmes/${disability.id}/applications`, {
      submissionId: randomUUID(),
      operatorId: operator.id,
      person: { birthSurname: 'Personne', firstNames: 'Nadia', birthDate: '1975-06-06' },
      email: 'paire@exemple.fr',
      statuses: [{ status: 'disability_card', proofProvided: true }],
      carer: {
        birthSurname: 'Aidant',
        firstNames: 'Karim',
        birthDate: '1973-03-03',
        proofProvided: true,
        consents: true,
      },
      eventChoices: [events[0]!.id],
      consents: { person: true, representative: false, usageCharter: true, attendance: true },
      notices: {
        privacy: id('privacy_notice'),
        usageCharter: id('usage_charter'),
        attendance: id('attendance_commitment'),
      },
    });
    expect(paired.status, JSON.stringify(paired.body)).toBe(202);
    tokens.pair = await confirmAndFollow('paire@exemple.fr');
    expect(await choicesOf('Personne')).toEqual([[events[0]!.id]]);
    expect(await choicesOf('Aidant')).toEqual([[events[0]!.id]]);

    const group = await visitor.post<Problem>(`/api/v1/programmes/${youth.id}/group-applications`, {
      submissionId: randomUUID(),
      operatorId: operator.id,
      groupName: 'Club de quartier',
      size: 3,
      manager: { birthSurname: 'Responsable', firstNames: 'Sam', birthDate: '1980-05-05' },
      email: 'groupe@exemple.fr',
      eventChoices: [events[3]!.id, events[1]!.id],
      consents: { person: true, usageCharter: true, attendance: true },
      notices: notices(),
    });
    expect(group.status, JSON.stringify(group.body)).toBe(202);
    tokens.group = await confirmAndFollow('groupe@exemple.fr');
    expect(await choicesOf('Responsable')).toEqual([[events[3]!.id, events[1]!.id]]);
  });

  it('imports a ranking from the optional column, by event code, and rejects a wrong one', async () => {
    const day = parisDate(server.clock.now()).split('-').reverse().join('/');
    const file = [
      'nom_de_naissance;prenoms;date_de_naissance;courriel;statuts;justificatifs;consentement_le;choix_epreuves',
      `Importe;Lou;01/01/2006;lou@exemple.fr;structure_jeunesse;oui;${day};${events[1]!.code}|${events[0]!.code.toLowerCase()}`,
      `Inconnu;Lou;02/01/2006;lou2@exemple.fr;structure_jeunesse;oui;${day};NOPE-1`,
      `Nombreux;Lou;03/01/2006;lou3@exemple.fr;structure_jeunesse;oui;${day};${events.map((e) => e.code).join('|')}`,
      `Sans;Lou;04/01/2006;lou4@exemple.fr;structure_jeunesse;oui;${day};`,
      '',
    ].join('\n');
    const started = await operatorClient.post<ImportProgress>(
      `/api/v1/operators/${operator.id}/applicant-imports`,
      {
        programmeId: youth.id,
        attested: true,
      },
    );
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const response = await fetch(
      `${server.url}/api/v1/operators/${operator.id}/applicant-imports/${started.body.id}/file`,
      {
        method: 'PUT',
        headers: {
          'content-type': 'text/csv',
          cookie: operatorClient.cookie!,
          'x-csrf-token': operatorClient.csrfToken!,
        },
        body: file,
      },
    );
    const progress = (await response.json()) as ImportProgress;
    expect(progress).toMatchObject({ status: 'done', rowsCreated: 2, rowsRejected: 2 });
    expect(await choicesOf('Importe')).toEqual([[events[1]!.id, events[0]!.id]]);
    expect(await choicesOf('Sans')).toEqual([[]]);
    const report = await fetch(
      `${server.url}/api/v1/operators/${operator.id}/applicant-imports/${started.body.id}/rejections.csv`,
      { headers: { cookie: operatorClient.cookie! } },
    );
    expect((await report.text()).trim().split('\r\n').slice(1)).toEqual([
      '3;choix_epreuves : code d’épreuve inconnu, ou épreuve non proposée par le programme ou commencée',
      '4;choix_epreuves : 3 épreuves au plus pour ce programme',
    ]);
  });

  it('lets the applicant see and change their ranking from their page, audited', async () => {
    const page = await mine(tokens.rang!);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect(page.body.eventChoices).toMatchObject({ maxEventChoices: 3, locked: false });
    expect(page.body.eventChoices.ranked.map((event) => event.id)).toEqual(
      ids([events[2]!, events[1]!, events[0]!]),
    );
    expect(page.body.eventChoices.available.map((event) => event.id)).toEqual(ids(events));
    expect(page.body.draws).toEqual([]);

    // e2 has no quota in the operator's bucket: it will be dropped at freeze.
    expect((await rank(tokens.rang!, [events[2]!.id, events[3]!.id, events[0]!.id])).status).toBe(204);
    expect(await choicesOf('Rang')).toEqual([[events[2]!.id, events[3]!.id, events[0]!.id]]);
    const tooMany = await rank(tokens.rang!, ids(events));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.type).toBe('urn:gradins:problem:too-many-event-choices');
    const elsewhere = await rank(tokens.rang!, [foreign.id]);
    expect(elsewhere.body.type).toBe('urn:gradins:problem:event-not-choosable');
    expect(await choicesOf('Rang')).toEqual([[events[2]!.id, events[3]!.id, events[0]!.id]]);
    // The pair's page changes its one ranking: both rows.
    expect((await rank(tokens.pair!, [])).status).toBe(204);
    expect(await choicesOf('Aidant')).toEqual([[]]);
    const changes = await server.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'applicants.event-choices.changed'));
    expect(changes).toHaveLength(2);
    const pairRows = await server.database.db
      .select({ id: applicants.id })
      .from(applicants)
      .where(inArray(applicants.birthSurname, ['Personne', 'Aidant']));
    expect([...(changes[1]!.targetIds ?? [])].sort()).toEqual(pairRows.map((row) => row.id).sort());
  });

  it('freezes with each entry’s own ranking (quota events only, capped), leaving out those with none', async () => {
    // Ranked only e2, which has no quota in the operator's bucket: left out, counted.
    expect(
      (await apply(application('Exclu', 'exclu@exemple.fr', { eventChoices: [events[2]!.id] }))).status,
    ).toBe(202);
    tokens.excluded = await confirmAndFollow('exclu@exemple.fr');
    // A pair in this bucket: the person's ranking is the pair's (the carer's row is never read for it).
    const pair = await buildApplicants(server, {
      programmeId: youth.id,
      operatorId: operator.id,
      kind: 'carer_pair',
    });
    await server.database.db
      .update(applicants)
      .set({ eventChoices: [events[1]!.id] })
      .where(eq(applicants.id, pair[0]!));
    await server.database.db
      .update(applicants)
      .set({ eventChoices: [events[3]!.id] })
      .where(eq(applicants.id, pair[1]!));
    const drawsUrl = `/api/v1/operators/${operator.id}/draws`;
    const created = await operatorClient.post<DrawView>(drawsUrl, {
      programmeId: youth.id,
      name: 'Tirage des choix',
      demonstration: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.quotas.map((quota) => quota.eventId)).toEqual(
      ids([events[0]!, events[1]!, events[3]!]),
    );
    const frozen = await operatorClient.post<DrawView>(`${drawsUrl}/${created.body.id}/freeze`);
    expect(frozen.status, JSON.stringify(frozen.body)).toBe(200);
    // Rang, the group, Importe, Sans, the pair; Exclu left out.
    expect(frozen.body).toMatchObject({ entryCount: 5, entriesWithoutChoice: 1 });
    const choices = await selectRows<{ surname: string; choices: string[] }>(
      server.database.db,
      sql`select a.birth_surname as surname, e.choices from draw_entries e
          join draw_entry_applicants l on l.draw_id = e.draw_id and l.entry_id = e.entry_id
          join applicants a on a.id = l.applicant_id
          where e.draw_id = ${created.body.id} order by a.birth_surname`,
    );
    const code = (index: number) => events[index]!.code;
    const pairSurnames = (
      await server.database.db
        .select({ surname: applicants.birthSurname })
        .from(applicants)
        .where(inArray(applicants.id, pair))
    ).map((row) => row.surname);
    expect(Object.fromEntries(choices.map((row) => [row.surname, row.choices]))).toEqual({
      [pairSurnames[0]!]: [code(1)],
      [pairSurnames[1]!]: [code(1)],
      Importe: [code(1), code(0)],
      Rang: [code(3), code(0)],
      Responsable: [code(3), code(1)],
      // No ranking: the bucket's events by start, up to the limit.
      Sans: [code(0), code(1), code(3)],
    });

    // The ranking is now fixed.
    const late = await rank(tokens.rang!, [events[0]!.id]);
    expect(late.status).toBe(409);
    expect(late.body.type).toBe('urn:gradins:problem:event-choices-frozen');
    expect(await choicesOf('Rang')).toEqual([[events[2]!.id, events[3]!.id, events[0]!.id]]);

    // The applicant's page shows the entry id; the proof is not public before the commitment.
    const page = await mine(tokens.rang!);
    expect(page.body.eventChoices.locked).toBe(true);
    expect(page.body.draws).toHaveLength(1);
    const entry = page.body.draws[0]!;
    expect(entry).toMatchObject({
      drawId: created.body.id,
      drawName: 'Tirage des choix',
      status: 'frozen',
      public: false,
      outcome: null,
    });
    expect(entry.entryId).toMatch(/^[0-9a-f]{32}$/);
    const [linked] = await selectRows<{ entry_id: string }>(
      server.database.db,
      sql`select l.entry_id from draw_entry_applicants l join applicants a on a.id = l.applicant_id
          where a.birth_surname = 'Rang'`,
    );
    expect(entry.entryId).toBe(linked!.entry_id);
    // Left out: no draw on the page, and the ranking may still change (for a later draw).
    expect((await mine(tokens.excluded!)).body.draws).toEqual([]);
    expect((await rank(tokens.excluded!, [events[0]!.id])).status).toBe(204);

    // Reading the page is audited, with the applicant as target.
    const reads = await server.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'applicants.self.read'));
    const [rang] = await server.database.db
      .select({ id: applicants.id })
      .from(applicants)
      .where(eq(applicants.birthSurname, 'Rang'));
    expect(reads.some((read) => read.targetIds?.includes(rang!.id))).toBe(true);

    // Committed: the entry id gives the applicant's inclusion proof; run: their outcome.
    const committed = await operatorClient.post(`${drawsUrl}/${created.body.id}/commitment`, {
      round: REAL.round,
      witnesses: [{ name: 'Huissier A', commitment: 'a'.repeat(64) }],
    });
    expect(committed.status, JSON.stringify(committed.body)).toBe(200);
    expect((await mine(tokens.rang!)).body.draws[0]!.public).toBe(true);
    const proof = await visitor.get<InclusionProofView>(
      `/api/v1/public/draws/${created.body.id}/inclusion-proof/${entry.entryId}`,
    );
    expect(proof.status).toBe(200);
    expect(proof.body.entries_root).toBe(frozen.body.entriesRoot);
    expect(
      verifyInclusion(fromHex(proof.body.leaf), proof.body.proof, fromHex(proof.body.entries_root)),
    ).toBe(true);
    expect(
      (await operatorClient.post(`${drawsUrl}/${created.body.id}/beacon`, { signature: REAL.signature }))
        .status,
    ).toBe(200);
    expect((await operatorClient.post(`${drawsUrl}/${created.body.id}/run`)).status).toBe(202);
    expect((await waitForRun(operatorClient, `${drawsUrl}/${created.body.id}`)).status).toBe('run');
    const after = (await mine(tokens.rang!)).body.draws[0]!;
    const [result] = await selectRows<{
      outcome: number;
      outcome_event: string | null;
      reserve_rank: number;
    }>(
      server.database.db,
      sql`select outcome, outcome_event, reserve_rank from draw_entry_results where entry_id = ${entry.entryId}`,
    );
    expect(after.status).toBe('run');
    expect(after.outcome).toEqual(
      result!.outcome > 0
        ? {
            kind: 'selected',
            event: result!.outcome_event,
            eventId: events.find((event) => event.code === result!.outcome_event)!.id,
            choiceRank: result!.outcome,
          }
        : { kind: 'reserve', reserveRank: result!.reserve_rank },
    );
    // Four seats in each of three events, five entries (the group takes 3, the pair 2): Rang gets one.
    expect(after.outcome!.kind).toBe('selected');
  });
});
