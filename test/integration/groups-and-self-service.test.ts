import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApplicantSummary,
  ApplicationForm,
  ApplicationSubmitted,
  MyApplication,
} from '../../contracts/applicants.js';
import { selectRows } from '../../src/platform/db/database.js';
import { EXPIRY_JOB } from '../../src/modules/applicants/expiry.js';
import { randomToken, tokenHash } from '../../src/platform/crypto/tokens.js';
import {
  applicantGroups,
  applicantLinks,
  applicants,
  auditEvents,
  mailOutbox,
  programmeOperators,
} from '../../src/platform/db/schema/index.js';
import { buildUser, signIn } from '../factories/accounts.js';
import { buildOperator, defaultProgramme } from '../factories/programmes.js';
import { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';

type Problem = { type: string; detail: string };

describe.each(databaseKinds)('groups, carers and the applicant’s own page on %s', (kind) => {
  let server: TestServer;
  let visitor: ApiClient;
  let operator: { id: string };
  let operatorClient: ApiClient;
  let operatorUser: Awaited<ReturnType<typeof buildUser>>;
  let youth: { id: string };
  let disability: { id: string };
  let youthForm: ApplicationForm;
  let managerToken: string;
  let managerEntryRef: string;

  const noticesOf = (form: ApplicationForm) => {
    const id = (kind: string) => form.notices.find((notice) => notice.kind === kind)!.id;
    return {
      privacy: id('privacy_notice'),
      usageCharter: id('usage_charter'),
      attendance: id('attendance_commitment'),
      postGamesContact: id('post_games_contact'),
    };
  };
  /** The follow-up link in the newest mail to an address. */
  const linkTokenFor = async (recipient: string) => {
    const mails = await server.database.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.recipient, recipient))
      .orderBy(mailOutbox.createdAt);
    const text = mails.filter((mail) => mail.category === 'applicants.follow-up-link').at(-1)!.textBody;
    return /\/ma-candidature\/([\w-]+)/.exec(text)![1]!;
  };
  /** Confirms an online application from the link mailed to its address, as its owner would. */
  const confirmFor = async (recipient: string) => {
    const mails = await server.database.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.recipient, recipient))
      .orderBy(mailOutbox.createdAt);
    const text = mails.filter((mail) => mail.category === 'applicants.confirmation-link').at(-1)!.textBody;
    const token = /\/confirmer-candidature\/([\w-]+)/.exec(text)![1]!;
    const confirmed = await visitor.post<{ entryRef: string }>(`/api/v1/application-confirmations/${token}`);
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    return confirmed.body.entryRef;
  };
  /** A pupil of 14 (under 15: the child's and the representative's consent, both attested). */
  const participant = (index: number) => ({
    birthSurname: `Élève-${String.fromCharCode(65 + index)}`,
    firstNames: `Prénom${String.fromCharCode(65 + index)}`,
    birthDate: '2012-09-0' + ((index % 9) + 1),
    consent: { notice: noticesOf(youthForm).privacy, person: true, representative: true },
  });
  const putParticipants = (token: string, participants: unknown[]) =>
    visitor.request<Problem>('PUT', `/api/v1/my-application/${token}/participants`, { participants });
  const countOf = async (table: 'group_participants' | 'group_participant_consents' | 'applicants') =>
    Number(
      (
        await selectRows<{ n: string }>(server.database.db, sql`select count(*) as n from ${sql.raw(table)}`)
      )[0]!.n,
    );
  /** A group of the youth programme, with its manager's follow-up link. */
  const registerGroup = async (manager: { birthSurname: string; firstNames: string; birthDate: string }) => {
    const email = `responsable.${randomUUID().slice(0, 8)}@perso.exemple.fr`;
    const response = await visitor.post<ApplicationSubmitted & Problem>(
      `/api/v1/programmes/${youth.id}/group-applications`,
      {
        submissionId: randomUUID(),
        operatorId: operator.id,
        groupName: `Groupe de ${manager.firstNames}`,
        size: 5,
        manager,
        email,
        consents: { person: true, usageCharter: true, attendance: true },
        notices: noticesOf(youthForm),
      },
    );
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    // The link to enter the participants comes once the manager confirms from the mail.
    await confirmFor(email);
    return { response, email, token: await linkTokenFor(email) };
  };

  beforeAll(async () => {
    server = await startTestServer({ database: kind });
    visitor = new ApiClient(server.url);
    youth = await defaultProgramme(server, 'youth');
    disability = await defaultProgramme(server, 'disability');
    operator = await buildOperator(server, 'Rectorat de Lille');
    await server.database.db.insert(programmeOperators).values([
      { programmeId: youth.id, operatorId: operator.id },
      { programmeId: disability.id, operatorId: operator.id },
    ]);
    operatorUser = await buildUser(server, {
      organisationId: operator.id,
      roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id }],
    });
    operatorClient = await signIn(server, operatorUser);
    youthForm = (await visitor.get<ApplicationForm>(`/api/v1/programmes/${youth.id}/application-form`)).body;
    const group = await visitor.post<ApplicationSubmitted & Problem>(
      `/api/v1/programmes/${youth.id}/group-applications`,
      {
        submissionId: randomUUID(),
        operatorId: operator.id,
        groupName: 'Collège Jean-Moulin, 5e B',
        size: 21,
        mobilityNeeds: { wheelchair: 2 },
        manager: { birthSurname: 'Moreau', firstNames: 'Sophie', birthDate: '1984-02-11' },
        email: 'sophie.moreau@perso.exemple.fr',
        consents: { person: true, usageCharter: true, attendance: true },
        notices: noticesOf(youthForm),
      },
    );
    expect(group.status, JSON.stringify(group.body)).toBe(202);
    expect(group.body).toEqual({ status: 'check-mailbox', confirmWithinHours: 48 });
    managerEntryRef = await confirmFor('sophie.moreau@perso.exemple.fr');
    managerToken = await linkTokenFor('sophie.moreau@perso.exemple.fr');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('lets the group manager enter the participants through the link, up to the group size', async () => {
    const twenty = Array.from({ length: 20 }, (_, index) => participant(index));
    const entered = await visitor.request('PUT', `/api/v1/my-application/${managerToken}/participants`, {
      participants: twenty,
    });
    expect(entered.status, JSON.stringify(entered.body)).toBe(204);
    const mine = await visitor.get<MyApplication>(`/api/v1/my-application/${managerToken}`);
    expect(mine.body.group).toMatchObject({
      name: 'Collège Jean-Moulin, 5e B',
      size: 21,
      mobilityNeeds: { wheelchair: 2 },
    });
    expect(mine.body.group!.participants).toHaveLength(20);
    const tooMany = await visitor.request<Problem>(
      'PUT',
      `/api/v1/my-application/${managerToken}/participants`,
      {
        participants: [...twenty, participant(20)],
      },
    );
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.detail).toContain('vous ne pouvez pas saisir plus de 20 participants');
    const twice = await visitor.request<Problem>(
      'PUT',
      `/api/v1/my-application/${managerToken}/participants`,
      {
        participants: [participant(1), { ...participant(1), birthSurname: 'ELEVE B' }],
      },
    );
    expect(twice.body.detail).toBe(
      'Rien n’a été enregistré : participant n° 2, cette personne figure deux fois dans la liste.',
    );
    expect(
      (await visitor.get<MyApplication>(`/api/v1/my-application/${managerToken}`)).body.group!.participants,
    ).toHaveLength(20);
  });

  it('records, per participant, the consent the manager attests: who gave it, on which notice, when', async () => {
    const { token } = await registerGroup({
      birthSurname: 'Caron',
      firstNames: 'Lucie',
      birthDate: '1979-04-04',
    });
    const before = await countOf('group_participants');
    const notice = noticesOf(youthForm).privacy;
    const adult = { birthSurname: 'Adulte', firstNames: 'Marc', birthDate: '2005-01-01' };
    const teenager = { birthSurname: 'Ado', firstNames: 'Inès', birthDate: '2010-01-01' };
    const child = { birthSurname: 'Enfant', firstNames: 'Noé', birthDate: '2014-01-01' };

    // Without any attestation, or without one of the two a child under 15 needs: refused, nothing written.
    const none = await putParticipants(token!, [adult]);
    expect(none.status).toBe(400);
    expect(none.body.type).toBe('urn:gradins:problem:participant-consent-missing');
    expect(none.body.detail).toBe(
      'Rien n’a été enregistré : pour le participant n° 1, attestez le consentement du participant, donné sur l’information en vigueur.',
    );
    const half = await putParticipants(token!, [
      { ...adult, consent: { notice, person: true } },
      { ...child, consent: { notice, representative: true } },
    ]);
    expect(half.body.detail).toContain('pour le participant n° 2, attestez l’accord de l’enfant lui-même');
    const teen = await putParticipants(token!, [{ ...teenager, consent: { notice, person: true } }]);
    expect(teen.body.detail).toContain(
      'le consentement de son représentant légal (le participant est mineur)',
    );
    const english = await visitor.request<Problem>(
      'PUT',
      `/api/v1/my-application/${token}/participants`,
      { participants: [teenager] },
      { 'accept-language': 'en' },
    );
    expect(english.body.detail).toContain('attest their legal representative’s consent');
    const outdated = await putParticipants(token!, [
      { ...adult, consent: { notice: randomUUID(), person: true } },
    ]);
    expect(outdated.body.type).toBe('urn:gradins:problem:notice-outdated');
    expect(await countOf('group_participants')).toBe(before);

    const entered = await putParticipants(token!, [
      { ...adult, consent: { notice, person: true } },
      { ...teenager, consent: { notice, representative: true } },
      { ...child, consent: { notice, person: true, representative: true } },
    ]);
    expect(entered.status, JSON.stringify(entered.body)).toBe(204);
    const mine = (await visitor.get<MyApplication>(`/api/v1/my-application/${token}`)).body;
    expect(mine.group!.privacyNotice.id).toBe(notice);
    const parties = Object.fromEntries(
      mine.group!.participants.map((one) => [one.birthSurname, one.consents.map((c) => c.party).sort()]),
    );
    expect(parties).toEqual({
      Adulte: ['person'],
      Ado: ['representative'],
      Enfant: ['person', 'representative'],
    });
    const firstAttested = mine.group!.participants.find((one) => one.birthSurname === 'Adulte')!.consents[0]!;
    expect(firstAttested).toMatchObject({ noticeVersionId: notice, noticeVersion: 'privacy_notice v1' });
    expect(firstAttested.givenAt).toBe(server.clock.now().toISOString());

    // Saved again later, unchanged: the attestation keeps its day; a new participant gets today's.
    server.clock.advance(60_000);
    const newcomer = { birthSurname: 'Nouveau', firstNames: 'Léon', birthDate: '2004-04-04' };
    expect(
      (
        await putParticipants(token!, [
          { ...adult, consent: { notice, person: true } },
          { ...teenager, consent: { notice, representative: true } },
          { ...child, consent: { notice, person: true, representative: true } },
          { ...newcomer, consent: { notice, person: true } },
        ])
      ).status,
    ).toBe(204);
    const again = (await visitor.get<MyApplication>(`/api/v1/my-application/${token}`)).body.group!;
    const givenAt = (surname: string) =>
      again.participants.find((one) => one.birthSurname === surname)!.consents[0]!.givenAt;
    expect(givenAt('Adulte')).toBe(firstAttested.givenAt);
    expect(givenAt('Nouveau')).toBe(server.clock.now().toISOString());
  });

  it('refuses a participant already in the programme, in any way, without saying where (and the reverse)', async () => {
    const notice = noticesOf(youthForm).privacy;
    const adult = (person: { birthSurname: string; firstNames: string; birthDate: string }) => ({
      ...person,
      consent: { notice, person: true },
    });
    const { token } = await registerGroup({
      birthSurname: 'Lambert',
      firstNames: 'Agnès',
      birthDate: '2003-05-05',
    });
    const other = await registerGroup({
      birthSurname: 'Perrin',
      firstNames: 'Yves',
      birthDate: '2002-07-07',
    });
    const individual = await visitor.post<ApplicationSubmitted>(
      `/api/v1/programmes/${youth.id}/applications`,
      {
        submissionId: randomUUID(),
        operatorId: operator.id,
        person: { birthSurname: 'Solo', firstNames: 'Hélène', birthDate: '2003-03-03' },
        email: 'helene.solo@exemple.fr',
        statuses: [{ status: 'youth_structure_member', proofProvided: true }],
        consents: { person: true, representative: false, usageCharter: true, attendance: true },
        notices: noticesOf(youthForm),
      },
    );
    expect(individual.status).toBe(202);
    const individualRef = await confirmFor('helene.solo@exemple.fr');
    const inOtherGroup = { birthSurname: 'Membre', firstNames: 'Paul', birthDate: '2001-01-01' };
    expect((await putParticipants(other.token!, [adult(inOtherGroup)])).status).toBe(204);
    const before = await countOf('group_participants');

    const cases = [
      // An individual applicant, written otherwise.
      { birthSurname: 'SOLO', firstNames: 'Helene Marie', birthDate: '2003-03-03' },
      // Another group's participant.
      { birthSurname: 'membre', firstNames: 'Paul', birthDate: '2001-01-01' },
      // Another group's manager.
      { birthSurname: 'Perrin', firstNames: 'Yves', birthDate: '2002-07-07' },
      // This group's own manager.
      { birthSurname: 'Lambert', firstNames: 'Agnès', birthDate: '2003-05-05' },
    ];
    for (const taken of cases) {
      const refused = await putParticipants(token!, [
        adult({ birthSurname: 'Libre', firstNames: 'Zoé', birthDate: '2002-02-02' }),
        adult(taken),
      ]);
      expect(refused.status, JSON.stringify(taken)).toBe(400);
      expect(refused.body.detail).toBe(
        'Rien n’a été enregistré : participant n° 2, cette personne est déjà inscrite à ce programme par une autre candidature, et une personne n’y figure qu’une fois. Retirez-la de la liste ; en cas d’erreur, l’intéressé peut s’adresser à l’opérateur.',
      );
      const said = JSON.stringify(refused.body);
      for (const secret of [individualRef, 'Groupe de Yves', 'Perrin', 'helene.solo', 'individuelle'])
        expect(said).not.toContain(secret);
    }
    expect(await countOf('group_participants')).toBe(before);

    // The reverse: a participant does not apply again alone, as a carer, or as a group's manager.
    const alone = await visitor.post<Problem>(`/api/v1/programmes/${youth.id}/applications`, {
      submissionId: randomUUID(),
      operatorId: operator.id,
      person: { birthSurname: 'Membre', firstNames: 'Paul', birthDate: '2001-01-01' },
      email: 'paul.membre@exemple.fr',
      statuses: [{ status: 'youth_structure_member', proofProvided: true }],
      consents: { person: true, representative: false, usageCharter: true, attendance: true },
      notices: noticesOf(youthForm),
    });
    // The form answers as always; the confirmation is refused, and the pending application erased.
    expect(alone.status).toBe(202);
    const mails = await server.database.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.recipient, 'paul.membre@exemple.fr'));
    const confirmToken = /\/confirmer-candidature\/([\w-]+)/.exec(mails.at(-1)!.textBody)![1]!;
    const refusedConfirmation = await visitor.post<Problem>(
      `/api/v1/application-confirmations/${confirmToken}`,
    );
    expect(refusedConfirmation.status).toBe(409);
    expect(refusedConfirmation.body.type).toBe('urn:gradins:problem:cannot-confirm');
    expect(refusedConfirmation.body.detail).not.toContain('Yves');
    // As a group's manager: the same answer as any group, and the confirmation refused, the group erased.
    const asManager = await visitor.post<ApplicationSubmitted & Problem>(
      `/api/v1/programmes/${youth.id}/group-applications`,
      {
        submissionId: randomUUID(),
        operatorId: operator.id,
        groupName: 'Groupe de Paul',
        size: 5,
        manager: { birthSurname: 'MEMBRE', firstNames: 'paul', birthDate: '2001-01-01' },
        email: 'paul.responsable@exemple.fr',
        consents: { person: true, usageCharter: true, attendance: true },
        notices: noticesOf(youthForm),
      },
    );
    expect(asManager.status).toBe(202);
    expect(asManager.body).toEqual({ status: 'check-mailbox', confirmWithinHours: 48 });
    const [managerMail] = await server.database.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.recipient, 'paul.responsable@exemple.fr'));
    const managerConfirm = /\/confirmer-candidature\/([\w-]+)/.exec(managerMail!.textBody)![1]!;
    const refusedManager = await visitor.post<Problem>(`/api/v1/application-confirmations/${managerConfirm}`);
    expect(refusedManager.status).toBe(409);
    expect(refusedManager.body.type).toBe('urn:gradins:problem:cannot-confirm');
    const [paulGroups] = await selectRows<{ n: string }>(
      server.database.db,
      sql`select count(*) as n from applicant_groups where name = 'Groupe de Paul'`,
    );
    expect(Number(paulGroups!.n)).toBe(0);
    // Each participant refused for being in the programme already is on record, naming nobody.
    const refusals = (await server.database.db.select().from(auditEvents)).filter(
      (entry) => entry.action === 'applicants.group.participant-refused',
    );
    expect(refusals.length).toBeGreaterThanOrEqual(cases.length);
    expect(refusals.every((entry) => entry.result === 'denied')).toBe(true);
    expect(JSON.stringify(refusals)).not.toMatch(/Solo|Membre|Perrin|Lambert/);
    // An operator's file naming the participant leaves them as is, like a person already applied.
    const started = await operatorClient.post<{ id: string }>(
      `/api/v1/operators/${operator.id}/applicant-imports`,
      { programmeId: youth.id, attested: true },
    );
    const imported = await fetch(
      `${server.url}/api/v1/operators/${operator.id}/applicant-imports/${started.body.id}/file`,
      {
        method: 'PUT',
        headers: {
          'content-type': 'text/csv',
          cookie: operatorClient.cookie!,
          'x-csrf-token': operatorClient.csrfToken!,
        },
        body: [
          'nom_de_naissance;prenoms;date_de_naissance;courriel;statuts;justificatifs;consentement_le',
          'MEMBRE;Paul;01/01/2001;paul@exemple.fr;structure_jeunesse;oui;01/11/2026',
          '',
        ].join('\n'),
      },
    );
    expect(await imported.json()).toMatchObject({ status: 'done', rowsCreated: 0, rowsUnchanged: 1 });
    // Neither refusal wrote anything.
    const [moved] = await selectRows<{ n: string }>(
      server.database.db,
      sql`select count(*) as n from applicants where birth_surname = 'Membre'`,
    );
    expect(Number(moved!.n)).toBe(0);
  });

  it('refuses the same participant entered by two groups at the same moment: one of them only', async () => {
    const notice = noticesOf(youthForm).privacy;
    const first = await registerGroup({ birthSurname: 'Roux', firstNames: 'Anne', birthDate: '1980-08-08' });
    const second = await registerGroup({
      birthSurname: 'Blanc',
      firstNames: 'Éric',
      birthDate: '1981-08-08',
    });
    const person = {
      birthSurname: 'Disputé',
      firstNames: 'Tom',
      birthDate: '2000-10-10',
      consent: { notice, person: true },
    };
    const both = await Promise.all([
      putParticipants(first.token!, [person]),
      putParticipants(second.token!, [{ ...person, birthSurname: 'DISPUTE' }]),
    ]);
    expect(both.map((answer) => answer.status).sort()).toEqual([204, 400]);
    const [rows] = await selectRows<{ n: string }>(
      server.database.db,
      sql`select count(*) as n from group_participants where birth_surname in ('Disputé', 'DISPUTE')`,
    );
    expect(Number(rows!.n)).toBe(1);
  });

  it('never gives an operator a participant’s data, on any route it may call (TAJ-7)', async () => {
    const [manager] = await server.database.db
      .select()
      .from(applicants)
      .where(eq(applicants.entryRef, managerEntryRef));
    const ids: Record<string, string> = {
      operatorId: operator.id,
      applicantId: manager!.id,
      programmeId: youth.id,
    };
    const operatorRoutes = server.routes.filter(
      (route) =>
        route.method === 'GET' &&
        route.url.startsWith('/api/') &&
        (route.access.kind === 'public' ||
          route.access.kind === 'signed-in' ||
          (route.access.kind === 'roles' && route.access.roles.includes('operator'))),
    );
    expect(operatorRoutes.length).toBeGreaterThan(5);
    const seen: string[] = [];
    for (const route of operatorRoutes) {
      const path = route.url.replace(/:(\w+)/g, (_, name: string) => ids[name] ?? randomUUID());
      const response = await operatorClient.get<unknown>(path);
      const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
      for (const index of [0, 7, 19]) {
        const { birthSurname, firstNames } = participant(index);
        if (text.includes(birthSurname) || text.includes(firstNames))
          seen.push(`${route.url}: ${birthSurname}`);
      }
    }
    expect(seen).toEqual([]);
    // What the operator does see: the manager, the group's name, size and counts.
    const list = await operatorClient.get<{ items: ApplicantSummary[] }>(
      `/api/v1/operators/${operator.id}/applicants`,
    );
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.items.find((item) => item.entryRef === managerEntryRef)).toMatchObject({
      birthSurname: 'Moreau',
      group: { name: 'Collège Jean-Moulin, 5e B', size: 21, mobilityNeeds: { wheelchair: 2 } },
    });
  });

  it('refuses a minor as group manager, and needs counts that fit the group', async () => {
    const base = {
      operatorId: operator.id,
      groupName: 'Club de quartier',
      size: 5,
      manager: { birthSurname: 'Jeune', firstNames: 'Tom', birthDate: '2012-01-01' },
      email: 'tom@exemple.fr',
      consents: { person: true, usageCharter: true, attendance: true },
      notices: noticesOf(youthForm),
    };
    const minor = await visitor.post<Problem>(`/api/v1/programmes/${youth.id}/group-applications`, {
      ...base,
      submissionId: randomUUID(),
    });
    expect(minor.body.type).toBe('urn:gradins:problem:manager-must-be-adult');
    const counts = await visitor.post<Problem>(`/api/v1/programmes/${youth.id}/group-applications`, {
      ...base,
      submissionId: randomUUID(),
      manager: { ...base.manager, birthDate: '1990-01-01' },
      mobilityNeeds: { wheelchair: 4, reduced_mobility: 2 },
    });
    expect(counts.body.type).toBe('urn:gradins:problem:mobility-exceeds-size');
  });

  it('records a person with a disability and their carer as a pair the operator sees together', async () => {
    const form = (await visitor.get<ApplicationForm>(`/api/v1/programmes/${disability.id}/application-form`))
      .body;
    const applied = await visitor.post<ApplicationSubmitted & Problem>(
      `/api/v1/programmes/${disability.id}/applications`,
      {
        submissionId: randomUUID(),
        operatorId: operator.id,
        person: { birthSurname: 'Girard', firstNames: 'Nadia', birthDate: '1975-06-06' },
        email: 'nadia.girard@exemple.fr',
        statuses: [{ status: 'disability_card', proofProvided: true }],
        carer: {
          birthSurname: 'Girard',
          firstNames: 'Karim',
          birthDate: '1973-03-03',
          proofProvided: true,
          consents: true,
        },
        consents: { person: true, representative: false, usageCharter: true, attendance: true },
        notices: noticesOf(form),
      },
    );
    expect(applied.status, JSON.stringify(applied.body)).toBe(202);
    const listed = async () =>
      (
        await operatorClient.get<{ items: ApplicantSummary[] }>(
          `/api/v1/operators/${operator.id}/applicants?programmeId=${disability.id}`,
        )
      ).body.items.filter((item) => item.birthSurname === 'Girard');
    // Not confirmed yet: the operator sees neither of them.
    expect(await listed()).toEqual([]);
    const entryRef = await confirmFor('nadia.girard@exemple.fr');
    const pair = await listed();
    expect(pair.map((item) => item.carerPair?.role).sort()).toEqual(['carer', 'person']);
    const person = pair.find((item) => item.carerPair?.role === 'person')!;
    expect(person.entryRef).toBe(entryRef);
    expect(person.carerPair!.partnerEntryRef).toBe(
      pair.find((item) => item.carerPair?.role === 'carer')!.entryRef,
    );
  });

  it('lets a person object to contact after the Games, then withdraw consent: everything is erased at once', async () => {
    const applied = await visitor.post(`/api/v1/programmes/${youth.id}/applications`, {
      submissionId: randomUUID(),
      operatorId: operator.id,
      person: { birthSurname: 'Rossi', firstNames: 'Marco', birthDate: '2003-03-03' },
      email: 'marco.rossi@exemple.fr',
      statuses: [{ status: 'youth_structure_member', proofProvided: true }],
      consents: {
        person: true,
        representative: false,
        usageCharter: true,
        attendance: true,
        postGamesContact: true,
      },
      notices: noticesOf(youthForm),
    });
    expect(applied.status).toBe(202);
    const entryRef = await confirmFor('marco.rossi@exemple.fr');
    const token = await linkTokenFor('marco.rossi@exemple.fr');
    expect((await visitor.get<MyApplication>(`/api/v1/my-application/${token}`)).body.postGamesContact).toBe(
      true,
    );
    expect(
      (await visitor.post(`/api/v1/my-application/${token}/post-games-contact`, { consent: false })).status,
    ).toBe(204);
    const after = (await visitor.get<MyApplication>(`/api/v1/my-application/${token}`)).body;
    expect(after.postGamesContact).toBe(false);
    expect(
      after.consents.find((consent) => consent.kind === 'post_games_contact')?.withdrawnAt,
    ).not.toBeNull();

    expect((await visitor.post(`/api/v1/my-application/${token}/withdrawal`)).status).toBe(204);
    const gone = await visitor.get<Problem>(`/api/v1/my-application/${token}`);
    expect(gone.status).toBe(410);
    expect(gone.body.detail).toContain('la candidature a peut-être été retirée');
    const left = await selectRows<{ n: string }>(
      server.database.db,
      sql`select count(*) as n from applicants where birth_surname = 'Rossi'`,
    );
    expect(Number(left[0]!.n)).toBe(0);
    const [withdrawn] = await server.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'applicants.application.withdrawn'));
    expect(withdrawn?.actor).toBe(`applicant:${entryRef}`);
    // The same link cannot withdraw twice: it says so clearly.
    expect((await visitor.post<Problem>(`/api/v1/my-application/${token}/withdrawal`)).status).toBe(410);
    // The mails about the application, and the personal links they carried, are gone with it.
    expect(
      await server.database.db
        .select()
        .from(mailOutbox)
        .where(eq(mailOutbox.recipient, 'marco.rossi@exemple.fr')),
    ).toEqual([]);
    // What stays is an anonymous proof of each consent: text version, dates, channel — nobody's identity.
    const proofs = await selectRows<Record<string, unknown>>(
      server.database.db,
      sql`select * from withdrawn_consents where programme_id = ${youth.id} order by kind`,
    );
    expect(proofs.map((proof) => proof.kind)).toEqual([
      'attendance_commitment',
      'data_processing',
      'post_games_contact',
      'usage_charter',
    ]);
    expect(Object.keys(proofs[0]!).sort()).toEqual([
      'channel',
      'given_at',
      'id',
      'kind',
      'notice_version_id',
      'operator_id',
      'party',
      'programme_id',
      'withdrawn_at',
    ]);
    const notices = noticesOf(youthForm);
    expect(proofs.find((proof) => proof.kind === 'data_processing')?.notice_version_id).toBe(notices.privacy);
    expect(proofs.every((proof) => proof.channel === 'form' && proof.party === 'person')).toBe(true);
    expect(JSON.stringify(proofs)).not.toMatch(/Rossi|Marco|marco|2003-03-03/);
  });

  it('asks the opt-in for after the Games on the page with its text, and the representative for a minor', async () => {
    const applied = await visitor.post(`/api/v1/programmes/${youth.id}/applications`, {
      submissionId: randomUUID(),
      operatorId: operator.id,
      person: { birthSurname: 'Blanc', firstNames: 'Lou', birthDate: '2013-04-04' },
      email: 'parent.blanc@exemple.fr',
      statuses: [{ status: 'school_pupil', proofProvided: true }],
      representative: { fullName: 'Anne Blanc' },
      consents: { person: true, representative: true, usageCharter: true, attendance: true },
      notices: noticesOf(youthForm),
    });
    expect(applied.status).toBe(202);
    await confirmFor('parent.blanc@exemple.fr');
    const token = await linkTokenFor('parent.blanc@exemple.fr');
    const mine = (await visitor.get<MyApplication>(`/api/v1/my-application/${token}`)).body;
    expect(mine.postGamesContact).toBe(false);
    expect(mine.postGamesNotice?.id).toBe(noticesOf(youthForm).postGamesContact);
    expect(mine.postGamesNotice?.body).toContain('J’accepte que l’opérateur me recontacte après les Jeux');
    // Under 15: the child and the representative (article 45).
    expect(mine.postGamesConsentParties).toEqual(['person', 'representative']);
    const optIn = (body: unknown) =>
      visitor.post<Problem>(`/api/v1/my-application/${token}/post-games-contact`, body);
    const withoutText = await optIn({ consent: true, parties: { person: true, representative: true } });
    expect(withoutText.status).toBe(409);
    expect(withoutText.body.type).toBe('urn:gradins:problem:notice-outdated');
    const childOnly = await optIn({
      consent: true,
      noticeVersionId: mine.postGamesNotice!.id,
      parties: { person: true, representative: false },
    });
    expect(childOnly.status).toBe(400);
    expect(childOnly.body.type).toBe('urn:gradins:problem:consent-missing');
    expect(childOnly.body.detail).toContain('le consentement et le nom du représentant légal');
    const noName = await optIn({
      consent: true,
      noticeVersionId: mine.postGamesNotice!.id,
      parties: { person: true, representative: true },
    });
    expect(noName.status).toBe(400);
    expect((await visitor.get<MyApplication>(`/api/v1/my-application/${token}`)).body.postGamesContact).toBe(
      false,
    );
    const both = await optIn({
      consent: true,
      noticeVersionId: mine.postGamesNotice!.id,
      parties: { person: true, representative: true },
      representative: { fullName: 'Anne Blanc' },
    });
    expect(both.status).toBe(204);
    const after = (await visitor.get<MyApplication>(`/api/v1/my-application/${token}`)).body;
    expect(after.postGamesContact).toBe(true);
    const given = after.consents.filter((consent) => consent.kind === 'post_games_contact');
    expect(given.map((consent) => [consent.party, consent.channel]).sort()).toEqual([
      ['person', 'applicant_page'],
      ['representative', 'applicant_page'],
    ]);
    expect(given.every((consent) => consent.noticeSha256 === mine.postGamesNotice!.sha256)).toBe(true);
    // Objecting needs nothing more, and ends both.
    expect((await optIn({ consent: false })).status).toBe(204);
    const objected = (await visitor.get<MyApplication>(`/api/v1/my-application/${token}`)).body;
    expect(
      objected.consents
        .filter((consent) => consent.kind === 'post_games_contact')
        .every((consent) => consent.withdrawnAt !== null),
    ).toBe(true);
  });

  it('flags a person as already a beneficiary only once their other application is confirmed (TAJ-9)', async () => {
    const person = { birthSurname: 'Faure', firstNames: 'Inès', birthDate: '2004-04-04' };
    const disabilityForm = (
      await visitor.get<ApplicationForm>(`/api/v1/programmes/${disability.id}/application-form`)
    ).body;
    const base = {
      operatorId: operator.id,
      person,
      consents: { person: true, representative: false, usageCharter: true, attendance: true },
    };
    const inYouth = await visitor.post(`/api/v1/programmes/${youth.id}/applications`, {
      ...base,
      submissionId: randomUUID(),
      email: 'ines.faure@exemple.fr',
      statuses: [{ status: 'youth_structure_member', proofProvided: true }],
      notices: noticesOf(youthForm),
    });
    expect(inYouth.status, JSON.stringify(inYouth.body)).toBe(202);
    await confirmFor('ines.faure@exemple.fr');
    const inDisability = await visitor.post(`/api/v1/programmes/${disability.id}/applications`, {
      ...base,
      submissionId: randomUUID(),
      email: 'quelquun@exemple.fr',
      statuses: [{ status: 'disability_card', proofProvided: true }],
      notices: noticesOf(disabilityForm),
    });
    expect(inDisability.status, JSON.stringify(inDisability.body)).toBe(202);
    const flag = async () =>
      (
        await operatorClient.get<{ items: ApplicantSummary[] }>(
          `/api/v1/operators/${operator.id}/applicants?programmeId=${youth.id}&search=Faure`,
        )
      ).body.items.map((item) => item.alreadyBeneficiary);
    // A pending application elsewhere is nobody's place: no flag.
    expect(await flag()).toEqual([false]);
    await confirmFor('quelquun@exemple.fr');
    expect(await flag()).toEqual([true]);
    // Reading the flag is on record, with the records shown.
    const [faure] = await server.database.db
      .select()
      .from(applicants)
      .where(and(eq(applicants.birthSurname, 'Faure'), eq(applicants.programmeId, youth.id)));
    const filtered = await operatorClient.get<{ items: ApplicantSummary[] }>(
      `/api/v1/operators/${operator.id}/applicants?alreadyBeneficiary=true`,
    );
    expect(filtered.body.items.map((item) => item.id)).toContain(faure!.id);
    const reads = (await server.database.db.select().from(auditEvents)).filter(
      (entry) => entry.action === 'applicants.person.listed' && entry.targetIds?.includes(faure!.id),
    );
    expect(reads.length).toBeGreaterThanOrEqual(3);
  });

  it('erases the group and its participants when the manager withdraws, keeping an anonymous proof of their consents', async () => {
    const attested = await countOf('group_participant_consents');
    const groupProofsBefore = await selectRows<{ n: string }>(
      server.database.db,
      sql`select count(*) as n from withdrawn_consents where channel = 'group'`,
    );
    expect((await visitor.post(`/api/v1/my-application/${managerToken}/withdrawal`)).status).toBe(204);
    const groupProofs = await selectRows<{ n: string }>(
      server.database.db,
      sql`select count(*) as n from withdrawn_consents where channel = 'group'`,
    );
    // Every participant's consent of this group (the other groups keep theirs) left a proof, with no identity…
    const erasedConsents = attested - (await countOf('group_participant_consents'));
    expect(erasedConsents).toBeGreaterThan(0);
    // …and the manager's own three (data, charter, attendance).
    expect(Number(groupProofs[0]!.n) - Number(groupProofsBefore[0]!.n)).toBe(erasedConsents + 3);
    const participants = await selectRows<{ n: string }>(
      server.database.db,
      sql`select count(*) as n from group_participants where birth_surname like 'Élève-%'`,
    );
    expect(Number(participants[0]!.n)).toBe(0);
    const groups = await selectRows<{ n: string }>(
      server.database.db,
      sql`select count(*) as n from applicant_groups where name = 'Collège Jean-Moulin, 5e B'`,
    );
    expect(Number(groups[0]!.n)).toBe(0);
  });

  it('records a group’s manager pending: no place held with another’s identity, the same answer in every case', async () => {
    const victim = { birthSurname: 'Victime', firstNames: 'Rose', birthDate: '2001-06-06' };
    const applied = await visitor.post(`/api/v1/programmes/${youth.id}/applications`, {
      submissionId: randomUUID(),
      operatorId: operator.id,
      person: victim,
      email: 'rose.victime@exemple.fr',
      statuses: [{ status: 'youth_structure_member', proofProvided: true }],
      consents: { person: true, representative: false, usageCharter: true, attendance: true },
      notices: noticesOf(youthForm),
    });
    expect(applied.status).toBe(202);
    await confirmFor('rose.victime@exemple.fr');
    // A day later (the holder is reminded at most once a day), someone applies as a manager with her identity.
    server.clock.advance(25 * 3_600_000);
    operatorClient = await signIn(server, operatorUser);
    const followUps = async () =>
      (
        await server.database.db
          .select()
          .from(mailOutbox)
          .where(eq(mailOutbox.recipient, 'rose.victime@exemple.fr'))
      ).filter((mail) => mail.category === 'applicants.follow-up-link').length;
    const before = await followUps();
    const submissionId = randomUUID();
    const body = {
      submissionId,
      operatorId: operator.id,
      groupName: 'Groupe usurpé',
      size: 4,
      manager: victim,
      email: 'usurpateur@exemple.fr',
      consents: { person: true, usageCharter: true, attendance: true },
      notices: noticesOf(youthForm),
    };
    const usurped = await visitor.post<ApplicationSubmitted>(
      `/api/v1/programmes/${youth.id}/group-applications`,
      body,
    );
    expect(usurped.status).toBe(202);
    expect(usurped.body).toEqual({ status: 'check-mailbox', confirmWithinHours: 48 });
    // The holder is reminded, at her own address; the same form again answers the same and records nothing.
    expect(await followUps()).toBe(before + 1);
    const again = await visitor.post(`/api/v1/programmes/${youth.id}/group-applications`, body);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(usurped.body);
    const groupsNamed = async (name: string) =>
      (await server.database.db.select().from(applicantGroups)).filter((group) => group.name === name);
    expect(await groupsNamed('Groupe usurpé')).toHaveLength(1);
    // Pending, the manager holds nothing: the operator does not see them.
    const [pendingManager] = await server.database.db
      .select()
      .from(applicants)
      .where(eq(applicants.email, 'usurpateur@exemple.fr'));
    expect(pendingManager!.confirmedAt).toBeNull();
    const listed = await operatorClient.get<{ items: ApplicantSummary[] }>(
      `/api/v1/operators/${operator.id}/applicants?programmeId=${youth.id}&search=Victime`,
    );
    expect(listed.body.items).toHaveLength(1);
    // Opened, the link is refused like the form's: the pending manager and the group are erased.
    const mails = await server.database.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.recipient, 'usurpateur@exemple.fr'));
    expect(mails.map((mail) => mail.category)).toEqual(['applicants.confirmation-link']);
    const token = /\/confirmer-candidature\/([\w-]+)/.exec(mails[0]!.textBody)![1]!;
    const refused = await visitor.post<Problem>(`/api/v1/application-confirmations/${token}`);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('urn:gradins:problem:cannot-confirm');
    expect(await groupsNamed('Groupe usurpé')).toEqual([]);
    expect(
      await server.database.db.select().from(applicants).where(eq(applicants.id, pendingManager!.id)),
    ).toEqual([]);

    // The same group sent twice at the same moment: one group, the same answer, no error.
    const twin = {
      ...body,
      submissionId: randomUUID(),
      groupName: 'Groupe jumeau',
      manager: {
        birthSurname: 'Jumeau',
        firstNames: 'Léa',
        birthDate: '1990-09-09',
      },
      email: 'lea.jumeau@exemple.fr',
    };
    const both = await Promise.all([
      visitor.post(`/api/v1/programmes/${youth.id}/group-applications`, twin),
      visitor.post(`/api/v1/programmes/${youth.id}/group-applications`, twin),
    ]);
    expect(both.map((answer) => answer.status)).toEqual([202, 202]);
    expect(both[1]!.body).toEqual(both[0]!.body);
    expect(await groupsNamed('Groupe jumeau')).toHaveLength(1);
  });

  it('erases a manager’s group with them when the confirmation link is never opened', async () => {
    const email = 'jamais.confirme@exemple.fr';
    const applied = await visitor.post(`/api/v1/programmes/${youth.id}/group-applications`, {
      submissionId: randomUUID(),
      operatorId: operator.id,
      groupName: 'Groupe oublié',
      size: 3,
      manager: { birthSurname: 'Oubli', firstNames: 'Jean', birthDate: '1970-07-07' },
      email,
      consents: { person: true, usageCharter: true, attendance: true },
      notices: noticesOf(youthForm),
    });
    expect(applied.status).toBe(202);
    const named = async () =>
      (await server.database.db.select().from(applicantGroups)).filter(
        (group) => group.name === 'Groupe oublié',
      );
    expect(await named()).toHaveLength(1);
    server.clock.advance(49 * 3_600_000);
    operatorClient = await signIn(server, operatorUser);
    await server.jobs.runNow(EXPIRY_JOB);
    expect(await named()).toEqual([]);
    expect(await server.database.db.select().from(applicants).where(eq(applicants.email, email))).toEqual([]);
  });

  it('lets only a confirmed manager enter participants, one list at a time, at a bounded pace', async () => {
    const notice = noticesOf(youthForm).privacy;
    const person = (index: number) => ({
      birthSurname: `Concurrent-${String.fromCharCode(65 + index)}`,
      firstNames: 'Max',
      birthDate: '2005-01-01',
      consent: { notice, person: true },
    });
    // Two lists of 4 for a group of 5, at the same moment: the second replaces the first, never merges.
    const { token } = await registerGroup({
      birthSurname: 'Verrou',
      firstNames: 'Ana',
      birthDate: '1985-05-05',
    });
    const lists = await Promise.all([
      putParticipants(token, [0, 1, 2, 3].map(person)),
      putParticipants(token, [4, 5, 6, 7].map(person)),
    ]);
    expect(
      lists.map((answer) => answer.status),
      JSON.stringify(lists[0]!.body),
    ).toEqual([204, 204]);
    const mine = await visitor.get<MyApplication>(`/api/v1/my-application/${token}`);
    expect(mine.body.group!.participants).toHaveLength(4);

    // A pending manager, even holding a link, enters nobody.
    const email = 'pas.confirme@exemple.fr';
    await visitor.post(`/api/v1/programmes/${youth.id}/group-applications`, {
      submissionId: randomUUID(),
      operatorId: operator.id,
      groupName: 'Groupe en attente',
      size: 3,
      manager: { birthSurname: 'Attente', firstNames: 'Luc', birthDate: '1975-05-05' },
      email,
      consents: { person: true, usageCharter: true, attendance: true },
      notices: noticesOf(youthForm),
    });
    const [pending] = await server.database.db.select().from(applicants).where(eq(applicants.email, email));
    const link = randomToken();
    await server.database.db.insert(applicantLinks).values({
      tokenHash: tokenHash(link),
      applicantId: pending!.id,
      expiresAt: new Date(server.clock.now().getTime() + 86_400_000),
      createdAt: server.clock.now(),
    });
    const refused = await putParticipants(link, [person(8)]);
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe('urn:gradins:problem:not-a-group-manager');

    // Each list tells whether its people are in the programme: ten a minute per link, then 429.
    const paced = await registerGroup({ birthSurname: 'Rythme', firstNames: 'Eva', birthDate: '1986-06-06' });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt += 1)
      statuses.push((await putParticipants(paced.token, [person(9)])).status);
    expect(statuses.slice(0, 10).every((status) => status === 204)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  // Last of the file: it spends this address's budget of operator reads for the minute.
  it('bounds the pace of operator reads that show the flag, so they cannot serve as a lookup service', async () => {
    const path = `/api/v1/operators/${operator.id}/applicants?limit=1`;
    const statuses: number[] = [];
    for (let request = 0; request < 125; request += 1) statuses.push((await operatorClient.get(path)).status);
    expect(statuses.slice(0, 100).every((status) => status === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
