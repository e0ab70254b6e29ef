import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IMPORT_ATTESTATION,
  LIST_COUNT_LIMIT,
  type ApplicantDetail,
  type ApplicantSummary,
  type ImportProgress,
} from '../../contracts/applicants.js';
import { selectRows } from '../../src/platform/db/database.js';
import {
  applicantImports,
  applicants,
  auditEvents,
  mailOutbox,
  noticeVersions,
  programmeOperators,
  withdrawnConsents,
} from '../../src/platform/db/schema/index.js';
import { buildUser, signIn } from '../factories/accounts.js';
import { buildOperator, defaultProgramme } from '../factories/programmes.js';
import { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';

type Problem = { type: string; detail: string };
const HEADER =
  'nom_de_naissance;prenoms;date_de_naissance;courriel;statuts;justificatifs;consentement_le;representant_legal';

describe.each(databaseKinds)('importing applicants on %s', (kind) => {
  let server: TestServer;
  let operator: { id: string };
  let client: ApiClient;
  let youth: { id: string };

  beforeAll(async () => {
    server = await startTestServer({ database: kind });
    youth = await defaultProgramme(server, 'youth');
    operator = await buildOperator(server, 'Rectorat de Lille');
    await server.database.db
      .insert(programmeOperators)
      .values({ programmeId: youth.id, operatorId: operator.id });
    const user = await buildUser(server, {
      organisationId: operator.id,
      roles: [{ role: 'operator', scopeKind: 'operator', scopeId: operator.id }],
    });
    client = await signIn(server, user);
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Starts an import, sends the file, returns the final progress (or the problem). */
  async function importFile(
    as: ApiClient,
    operatorId: string,
    body: string | Buffer,
    programmeId = youth.id,
  ) {
    const started = await as.post<ImportProgress>(`/api/v1/operators/${operatorId}/applicant-imports`, {
      programmeId,
      bytesTotal: Buffer.byteLength(body),
      attested: true,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const response = await fetch(
      `${server.url}/api/v1/operators/${operatorId}/applicant-imports/${started.body.id}/file`,
      {
        method: 'PUT',
        headers: { 'content-type': 'text/csv', cookie: as.cookie!, 'x-csrf-token': as.csrfToken! },
        body,
      },
    );
    return {
      id: started.body.id,
      status: response.status,
      body: (await response.json()) as ImportProgress & Problem,
    };
  }

  const file = [
    HEADER,
    'Lefèvre;Zoé Marie;17/05/2014;claire.lefevre@exemple.fr;eleve;oui;02/11/2026;Claire Lefèvre',
    'Martin;Léo;2010-01-09;parent.martin@exemple.fr;eleve;oui;02/11/2026;Sophie Martin',
    'Nguyen;Thi;12/12/2004;thi.nguyen@exemple.fr;structure_jeunesse;oui;02/11/2026;',
    'Durand;Paul;31/02/2012;durand@exemple.fr;eleve;oui;02/11/2026;Marc Durand',
    "=cmd|' /C calc'!A0;Jean;01/01/2012;x@exemple.fr;eleve;oui;02/11/2026;Anne Jean",
    'Bernard;Lina;03/03/2013;lina@exemple.fr;eleve;oui;02/11/2026;',
    'LEFEVRE;zoe;17/05/2014;autre@exemple.fr;eleve;oui;02/11/2026;Claire Lefèvre',
    'Petit;Hugo;01/01/1980;hugo@exemple.fr;eleve;oui;02/11/2026;',
    'Moreau;Inès;01/01/2012;ines@exemple.fr;eleve',
    '',
  ].join('\n');

  it('imports the good lines, reports each rejected one with its reason, and the report repeats no value', async () => {
    const result = await importFile(client, operator.id, file);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      status: 'done',
      rowsRead: 9,
      rowsCreated: 3,
      rowsUnchanged: 0,
      rowsRejected: 6,
    });
    expect(result.body.bytesRead).toBe(Buffer.byteLength(file));
    const report = await fetch(
      `${server.url}/api/v1/operators/${operator.id}/applicant-imports/${result.id}/rejections.csv`,
      { headers: { cookie: client.cookie! } },
    );
    expect(report.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await report.text()).trim().split('\r\n');
    expect(lines[0]).toBe('ligne;motif');
    expect(lines.slice(1)).toEqual([
      '5;date_de_naissance : date illisible ou inexistante (JJ/MM/AAAA)',
      '6;nom_de_naissance : lettres, espaces, tirets et apostrophes seulement',
      '7;representant_legal : obligatoire pour un mineur (son consentement est requis, et celui de l’enfant s’il a moins de 15 ans)',
      '8;ligne en double : la même personne figure plus haut dans le fichier',
      '9;il faut avoir au plus 25 ans le jour de l’événement (44 ans ce jour-là)',
      '10;5 cellules au lieu de 8 : vérifiez les séparateurs de cette ligne',
    ]);
    for (const value of ['Durand', 'cmd', 'Bernard', 'Petit', 'Moreau'])
      expect(lines.join('\n')).not.toContain(value);
  });

  it('creates no duplicate when the same file is imported again', async () => {
    const again = await importFile(client, operator.id, file);
    expect(again.body).toMatchObject({ status: 'done', rowsCreated: 0, rowsUnchanged: 3, rowsRejected: 6 });
    const list = await client.get<{ total: number }>(`/api/v1/operators/${operator.id}/applicants`);
    expect(list.body.total).toBe(3);
  });

  it('refuses a file with wrong columns, a declared 2 GB file, and the same import sent twice', async () => {
    const wrong = await importFile(client, operator.id, 'nom;prenom\nA;B\n');
    expect(wrong.status).toBe(400);
    expect(wrong.body.type).toBe('urn:gradins:problem:csv-invalid');
    expect(wrong.body.detail).toContain('il y manque : nom_de_naissance, prenoms');
    const progress = await client.get<ImportProgress>(
      `/api/v1/operators/${operator.id}/applicant-imports/${wrong.id}`,
    );
    expect(progress.body.status).toBe('failed');
    expect(progress.body.failure).toContain('importer de nouveau le fichier corrigé ne crée pas de doublon');

    const huge = await client.post<Problem>(`/api/v1/operators/${operator.id}/applicant-imports`, {
      programmeId: youth.id,
      bytesTotal: 2 * 1024 ** 3,
      attested: true,
    });
    expect(huge.status).toBe(413);
    expect(huge.body.detail).toContain('Le fichier dépasse 512 Mo');

    // The file of an import that already received one is refused, even sent twice at the same moment.
    const started = await client.post<ImportProgress>(`/api/v1/operators/${operator.id}/applicant-imports`, {
      programmeId: youth.id,
      attested: true,
    });
    const send = () =>
      fetch(`${server.url}/api/v1/operators/${operator.id}/applicant-imports/${started.body.id}/file`, {
        method: 'PUT',
        headers: { 'content-type': 'text/csv', cookie: client.cookie!, 'x-csrf-token': client.csrfToken! },
        body: file,
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as Problem }));
    const both = await Promise.all([send(), send()]);
    expect(both.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(both.find((answer) => answer.status === 409)!.body.type).toBe(
      'urn:gradins:problem:import-already-sent',
    );
  });

  it('stores the operator’s attestation, refuses an import without it, and dates each consent on the texts of its day', async () => {
    const refused = await client.post<Problem & { type: string }>(
      `/api/v1/operators/${operator.id}/applicant-imports`,
      { programmeId: youth.id, attested: false },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.type).toBe('urn:gradins:problem:import-not-attested');
    expect(refused.body.detail).toContain('Rien n’a été importé');

    // A new privacy notice is in force from 1 June 2026: consents collected before it are on version 1.
    await server.database.db.insert(noticeVersions).values({
      kind: 'privacy_notice',
      version: '2',
      body: 'Notice d’information, version 2 (essai).',
      sha256: '',
      publishedAt: new Date('2026-06-01T00:00:00+02:00'),
    });
    const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('fr-FR', {
      timeZone: 'Europe/Paris',
    });
    const dated = [
      HEADER,
      'Roux;Camille;2000-02-02;camille@exemple.fr;structure_jeunesse;oui;31/05/2026;',
      'Faure;Nina;2001-03-03;nina@exemple.fr;structure_jeunesse;oui;01/06/2026;',
      `Blanc;Théo;2002-04-04;theo@exemple.fr;structure_jeunesse;oui;${tomorrow};`,
      'Garnier;Lou;2003-05-05;lou@exemple.fr;structure_jeunesse;oui;15/12/2023;',
      '',
    ].join('\n');
    const result = await importFile(client, operator.id, dated);
    expect(result.body).toMatchObject({ status: 'done', rowsCreated: 2, rowsRejected: 2 });
    const [stored] = await server.database.db
      .select()
      .from(applicantImports)
      .where(eq(applicantImports.id, result.id));
    expect(stored!.attestation).toBe(IMPORT_ATTESTATION.fr);
    expect(stored!.attestedAt).toBeInstanceOf(Date);
    const report = await fetch(
      `${server.url}/api/v1/operators/${operator.id}/applicant-imports/${result.id}/rejections.csv`,
      { headers: { cookie: client.cookie! } },
    );
    expect((await report.text()).trim().split('\r\n').slice(1)).toEqual([
      '4;consentement_le : date à venir (le consentement doit déjà avoir été recueilli)',
      '5;consentement_le : antérieure au 01/01/2024, date de publication des textes auxquels consentir',
    ]);

    const list = await client.get<{ items: ApplicantSummary[] }>(
      `/api/v1/operators/${operator.id}/applicants?search=`,
    );
    const privacyVersion = async (surname: string) => {
      const item = list.body.items.find((applicant) => applicant.birthSurname === surname)!;
      const detail = await client.get<ApplicantDetail>(
        `/api/v1/operators/${operator.id}/applicants/${item.id}`,
      );
      return detail.body.consents
        .filter((consent) => consent.channel === 'import')
        .map((consent) => `${consent.kind}:${consent.party}:${consent.noticeVersion}`);
    };
    expect(await privacyVersion('Roux')).toEqual([
      'data_processing:person:privacy_notice v1',
      'usage_charter:person:usage_charter v1',
      'attendance_commitment:person:attendance_commitment v1',
    ]);
    expect((await privacyVersion('Faure'))[0]).toBe('data_processing:person:privacy_notice v2');
    // Withdrawn from the test's programme afterwards, so the other tests count the people they imported.
    await server.database.db.delete(applicants).where(eq(applicants.importId, result.id));
  });

  it('lists with search and pages, logs each detail read, and keeps other operators out', async () => {
    const firstPage = await client.get<{ items: ApplicantSummary[]; total: number; next: string | null }>(
      `/api/v1/operators/${operator.id}/applicants?limit=2`,
    );
    expect(firstPage.body.items.map((item) => item.birthSurname)).toEqual(['Lefèvre', 'Martin']);
    const secondPage = await client.get<{ items: ApplicantSummary[]; next: string | null }>(
      `/api/v1/operators/${operator.id}/applicants?limit=2&after=${firstPage.body.next}`,
    );
    expect(secondPage.body.items.map((item) => item.birthSurname)).toEqual(['Nguyen']);
    expect(secondPage.body.next).toBeNull();
    // Counted on the first page only.
    expect(firstPage.body).toMatchObject({ total: 3, totalIsLowerBound: false });
    expect(secondPage.body).toMatchObject({ total: null });
    const search = await client.get<{ items: ApplicantSummary[] }>(
      `/api/v1/operators/${operator.id}/applicants?search=mar`,
    );
    expect(search.body.items.map((item) => item.firstNames)).toEqual(['Léo']);
    // Without accents, with other accents, in any case: « Lefevre », « LÉF », « lefe » find « Lefèvre ».
    for (const written of ['Lefevre', 'L%C3%89F', 'lefe', 'L%C3%A8f%C3%A8vre'])
      expect(
        (
          await client.get<{ items: ApplicantSummary[] }>(
            `/api/v1/operators/${operator.id}/applicants?search=${written}`,
          )
        ).body.items.map((item) => item.birthSurname),
        written,
      ).toEqual(['Lefèvre']);
    expect(
      (
        await client.get<{ items: ApplicantSummary[] }>(
          `/api/v1/operators/${operator.id}/applicants?search=%25`,
        )
      ).body.items,
    ).toEqual([]);
    const byRef = await client.get<{ items: ApplicantSummary[] }>(
      `/api/v1/operators/${operator.id}/applicants?search=${firstPage.body.items[0]!.entryRef}`,
    );
    expect(byRef.body.items).toHaveLength(1);

    const detail = await client.get<ApplicantDetail>(
      `/api/v1/operators/${operator.id}/applicants/${firstPage.body.items[0]!.id}`,
    );
    expect(detail.status).toBe(200);
    expect(
      detail.body.consents
        .filter((consent) => consent.kind === 'data_processing')
        .map((c) => c.party)
        .sort(),
    ).toEqual(['person', 'representative']);
    const reads = await server.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'applicants.person.read')))
      .orderBy(desc(auditEvents.id));
    expect(reads[0]?.targetIds).toEqual([firstPage.body.items[0]!.id]);

    const other = await buildOperator(server, 'Ministère des Armées');
    expect((await client.get<Problem>(`/api/v1/operators/${other.id}/applicants`)).status).toBe(403);
  });

  it('counts up to a limit only, and searches through the index, not by reading every row', async () => {
    const big = await buildOperator(server, 'Grand opérateur');
    await server.database.db.insert(programmeOperators).values({ programmeId: youth.id, operatorId: big.id });
    const bigUser = await buildUser(server, {
      organisationId: big.id,
      roles: [{ role: 'operator', scopeKind: 'operator', scopeId: big.id }],
    });
    const bigClient = await signIn(server, bigUser);
    await server.database.db.execute(
      sql`insert into applicants (entry_ref, programme_id, operator_id, channel, birth_surname, birth_surname_key,
            first_names, birth_date, email, statuses, identity_key, consented_on)
          select 'BIG-' || n, ${youth.id}, ${big.id}, 'import', 'Nom' || n, 'NOM' || n, 'Prénom', '2010-01-01',
            null, '[]'::jsonb, 'big-' || n, '2026-11-02'
          from generate_series(1, ${LIST_COUNT_LIMIT + 5}) as n`,
    );
    await server.database.db.execute(sql`analyze applicants`);
    const first = await bigClient.get<{ total: number; totalIsLowerBound: boolean; next: string }>(
      `/api/v1/operators/${big.id}/applicants?limit=10`,
    );
    expect(first.body).toMatchObject({ total: LIST_COUNT_LIMIT, totalIsLowerBound: true });
    const next = await bigClient.get<{ total: number | null; items: ApplicantSummary[] }>(
      `/api/v1/operators/${big.id}/applicants?limit=10&after=${first.body.next}`,
    );
    expect(next.body.total).toBeNull();
    expect(next.body.items).toHaveLength(10);
    // The shape of the list's search: the prefix and the order walk the operator's index.
    const plan = await selectRows<{ 'QUERY PLAN': string }>(
      server.database.db,
      sql`explain select a.id from applicants a
          where a.operator_id = ${big.id} and coalesce(a.group_role, 'manager') = 'manager'
            and a.birth_surname_key collate "C" like 'NOM12%'
          order by a.birth_surname_key collate "C", a.id limit 51`,
    );
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toContain('applicants_operator_all');
    expect(text).not.toContain('Seq Scan on applicants');
    expect(text).not.toContain('Sort');
    await server.database.db.execute(sql`delete from applicants where operator_id = ${big.id}`);
  });

  it('flags a person already in another State programme for the same Games, whatever the spelling, and says nothing more', async () => {
    const volunteers = await defaultProgramme(server, 'sports_volunteers');
    const club = await buildOperator(server, 'Fédération française de rugby');
    await server.database.db
      .insert(programmeOperators)
      .values({ programmeId: volunteers.id, operatorId: club.id });
    const clubUser = await buildUser(server, {
      organisationId: club.id,
      roles: [{ role: 'operator', scopeKind: 'operator', scopeId: club.id }],
    });
    const clubClient = await signIn(server, clubUser);
    const variants = [
      HEADER,
      // Thi Nguyen again, written otherwise: accent, case, a second first name.
      'NGUYỄN;thi anh;2004-12-12;t.nguyen@exemple.fr;benevole;oui;01/11/2026;',
      "D'Arc;Jeanne;2000-01-06;jeanne@exemple.fr;benevole;oui;01/11/2026;",
      'Lefèvre-Dupont;Élise;1999-04-04;elise@exemple.fr;benevole;oui;01/11/2026;',
      '',
    ].join('\n');
    expect((await importFile(clubClient, club.id, variants, volunteers.id)).body.rowsCreated).toBe(3);
    // On the youth side, the club's Jeanne D'Arc and Élise apply too, with other spellings.
    const youthVariants = [
      HEADER,
      'DARC;Jeanne Marie;06/01/2000;j.darc@exemple.fr;structure_jeunesse;oui;02/11/2026;',
      '',
    ].join('\n');
    await importFile(client, operator.id, youthVariants);
    const youthList = (
      await client.get<{ items: ApplicantSummary[] }>(`/api/v1/operators/${operator.id}/applicants`)
    ).body.items;
    const flags = Object.fromEntries(youthList.map((item) => [item.birthSurname, item.alreadyBeneficiary]));
    expect(flags).toEqual({ DARC: true, Lefèvre: false, Martin: false, Nguyen: true });
    const flagged = (
      await client.get<{ items: ApplicantSummary[] }>(
        `/api/v1/operators/${operator.id}/applicants?alreadyBeneficiary=true`,
      )
    ).body;
    expect(flagged.items.map((item) => item.birthSurname).sort()).toEqual(['DARC', 'Nguyen']);
    // The answer says yes or no: nothing about the other programme or operator.
    const text = JSON.stringify(youthList);
    for (const secret of ['Fédération', 'rugby', volunteers.id, club.id, 'Bénévoles'])
      expect(text).not.toContain(secret);
    const clubList = (
      await clubClient.get<{ items: ApplicantSummary[] }>(`/api/v1/operators/${club.id}/applicants`)
    ).body.items;
    expect(Object.fromEntries(clubList.map((item) => [item.birthSurname, item.alreadyBeneficiary]))).toEqual({
      "D'Arc": true,
      'Lefèvre-Dupont': false,
      NGUYỄN: true,
    });
  });

  it('sends an imported person their follow-up link on request, answering alike in every case, and lets the operator erase them', async () => {
    const imported = [
      HEADER,
      'Chevalier;Maëlle;2005-06-07;maelle.chevalier@exemple.fr;structure_jeunesse;oui;02/11/2026;',
      '',
    ].join('\n');
    expect((await importFile(client, operator.id, imported)).body.rowsCreated).toBe(1);
    const visitor = new ApiClient(server.url);
    const ask = (email: string, firstNames = 'Maëlle') =>
      visitor.post<{ status: string }>('/api/v1/my-application/link-requests', {
        person: { birthSurname: 'CHEVALIER', firstNames, birthDate: '2005-06-07' },
        email,
      });
    const linksTo = async (recipient: string) =>
      (await server.database.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, recipient))).filter(
        (mail) => mail.category === 'applicants.follow-up-link',
      );

    // Another address, another identity: the same answer, and nothing is sent to anyone.
    for (const answer of [
      await ask('quelquun@exemple.fr'),
      await ask('maelle.chevalier@exemple.fr', 'Léa'),
    ]) {
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({ status: 'check-mailbox' });
    }
    expect(await linksTo('quelquun@exemple.fr')).toHaveLength(0);
    expect(await linksTo('maelle.chevalier@exemple.fr')).toHaveLength(0);
    // The address of the application: the link goes there, once an hour at most.
    expect((await ask('Maelle.Chevalier@exemple.fr')).body).toEqual({ status: 'check-mailbox' });
    expect((await ask('maelle.chevalier@exemple.fr')).status).toBe(202);
    const sent = await linksTo('maelle.chevalier@exemple.fr');
    expect(sent).toHaveLength(1);
    const token = /\/ma-candidature\/([\w-]+)/.exec(sent[0]!.textBody)![1]!;
    const mine = await visitor.get<{ consents: { channel: string; kind: string }[] }>(
      `/api/v1/my-application/${token}`,
    );
    expect(mine.status).toBe(200);
    expect(mine.body.consents.map((consent) => `${consent.channel}:${consent.kind}`)).toEqual([
      'import:data_processing',
      'import:usage_charter',
      'import:attendance_commitment',
    ]);

    // The operator erases her at her request: gone, with her link and mails; an anonymous proof of each consent.
    const [row] = await server.database.db
      .select()
      .from(applicants)
      .where(eq(applicants.email, 'maelle.chevalier@exemple.fr'));
    const other = await buildOperator(server, 'Préfecture du Nord');
    const otherUser = await buildUser(server, {
      organisationId: other.id,
      roles: [{ role: 'operator', scopeKind: 'operator', scopeId: other.id }],
    });
    const otherClient = await signIn(server, otherUser);
    const foreign = await otherClient.post<Problem>(
      `/api/v1/operators/${other.id}/applicants/${row!.id}/erasure`,
      { reason: 'person_request' },
    );
    expect(foreign.status).toBe(404);
    const provedBefore = (await server.database.db.select().from(withdrawnConsents)).length;
    const erased = await client.post(`/api/v1/operators/${operator.id}/applicants/${row!.id}/erasure`, {
      reason: 'person_request',
    });
    expect(erased.status).toBe(204);
    expect(await server.database.db.select().from(applicants).where(eq(applicants.id, row!.id))).toHaveLength(
      0,
    );
    expect(await linksTo('maelle.chevalier@exemple.fr')).toHaveLength(0);
    expect((await visitor.get(`/api/v1/my-application/${token}`)).status).toBe(410);
    const proofs = await server.database.db.select().from(withdrawnConsents);
    expect(proofs.length - provedBefore).toBe(3);
    expect(JSON.stringify(proofs)).not.toContain('Chevalier');
    const [entry] = await server.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'applicants.application.erased-on-request'));
    expect(entry?.targetIds).toEqual([row!.id]);
  });
});
