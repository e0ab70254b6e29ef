import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationForm, ApplicationReceipt } from '../../contracts/applicants.js';
import { selectRows } from '../../src/platform/db/database.js';
import {
  applicantConsents,
  applicants,
  auditEvents,
  mailOutbox,
} from '../../src/platform/db/schema/index.js';
import { buildOperator, defaultProgramme } from '../factories/programmes.js';
import { programmeOperators } from '../../src/platform/db/schema/index.js';
import { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';

type Problem = { type: string; detail: string };

describe.each(databaseKinds)('the public application form on %s', (kind) => {
  let server: TestServer;
  let visitor: ApiClient;
  let form: ApplicationForm;
  let youth: { id: string };
  let operator: { id: string };

  beforeAll(async () => {
    server = await startTestServer({ database: kind });
    visitor = new ApiClient(server.url);
    youth = await defaultProgramme(server, 'youth');
    operator = await buildOperator(server, 'Rectorat de Lille');
    await server.database.db
      .insert(programmeOperators)
      .values({ programmeId: youth.id, operatorId: operator.id });
    form = (await visitor.get<ApplicationForm>(`/api/v1/programmes/${youth.id}/application-form`)).body;
  });
  afterAll(async () => {
    await server?.stop();
  });

  const notice = (kind: string) => form.notices.find((candidate) => candidate.kind === kind)!.id;
  /** A 12-year-old pupil on the day the Games open, applied for by a parent. */
  const pupilApplication = (overrides: Record<string, unknown> = {}) => {
    const opening = new Date(form.programme.ageCountedOn);
    const birthYear = opening.getUTCFullYear() - 12;
    return {
      submissionId: randomUUID(),
      operatorId: operator.id,
      person: { birthSurname: 'Lefèvre', firstNames: 'Zoé Marie', birthDate: `${birthYear}-01-15` },
      email: 'claire.lefevre@exemple.fr',
      statuses: [{ status: 'school_pupil', proofProvided: true }],
      representative: { fullName: 'Claire Lefèvre' },
      consents: {
        person: true,
        representative: true,
        usageCharter: true,
        attendance: true,
        postGamesContact: false,
      },
      notices: {
        privacy: notice('privacy_notice_easy'),
        usageCharter: notice('usage_charter'),
        attendance: notice('attendance_commitment'),
      },
      ...overrides,
    };
  };
  const apply = (body: unknown) =>
    visitor.post<ApplicationReceipt & Problem>(`/api/v1/programmes/${youth.id}/applications`, body);
  const countApplicants = async () =>
    Number(
      (await selectRows<{ n: string }>(server.database.db, sql`select count(*) as n from applicants`))[0]!.n,
    );

  it('shows the programme, its operators and every text in force with its hash', () => {
    expect(form.operators).toEqual([{ id: operator.id, name: 'Rectorat de Lille' }]);
    expect(form.notices.map((notice) => notice.kind).sort()).toEqual([
      'attendance_commitment',
      'post_games_contact',
      'privacy_notice',
      'privacy_notice_easy',
      'usage_charter',
    ]);
    for (const notice of form.notices) expect(notice.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('records a 12-year-old pupil with the joint consent of the child and the parent, on the texts shown', async () => {
    const response = await apply(pupilApplication());
    expect(response.status).toBe(201);
    expect(response.body.entryRef).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    const [applicant] = await server.database.db
      .select()
      .from(applicants)
      .where(eq(applicants.entryRef, response.body.entryRef));
    expect(applicant).toMatchObject({ channel: 'form', birthSurname: 'Lefèvre', operatorId: operator.id });
    const consents = await server.database.db
      .select()
      .from(applicantConsents)
      .where(eq(applicantConsents.applicantId, applicant!.id));
    const dataConsents = consents.filter((consent) => consent.kind === 'data_processing');
    expect(dataConsents.map((consent) => consent.party).sort()).toEqual(['person', 'representative']);
    expect(dataConsents.every((consent) => consent.noticeVersionId === notice('privacy_notice_easy'))).toBe(
      true,
    );
    expect(consents.find((consent) => consent.party === 'representative')?.signedName).toBe('Claire Lefèvre');
    expect(consents.some((consent) => consent.kind === 'post_games_contact')).toBe(false);
    const [mail] = await server.database.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.recipient, 'claire.lefevre@exemple.fr'));
    expect(mail!.textBody).toContain(response.body.entryRef);
    expect(mail!.textBody).toMatch(/\/ma-candidature\/[\w-]{40,}/);
    const [entry] = await server.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'applicants.application.submitted'));
    expect(entry?.targetIds).toEqual([applicant!.id]);
  });

  it('keeps nothing for a minor without the representative, or a child under 15 without their own consent', async () => {
    const before = await countApplicants();
    const noRepresentative = await apply(
      pupilApplication({
        representative: undefined,
        consents: { person: true, representative: false, usageCharter: true, attendance: true },
      }),
    );
    expect(noRepresentative.status).toBe(400);
    expect(noRepresentative.body.type).toBe('urn:gradins:problem:consent-missing');
    expect(noRepresentative.body.detail).toBe(
      'Rien n’a été enregistré : il manque le consentement et le nom du représentant légal (la personne est mineure).',
    );
    const noChild = await apply(
      pupilApplication({
        consents: { person: false, representative: true, usageCharter: true, attendance: true },
      }),
    );
    expect(noChild.body.detail).toContain('le consentement de l’enfant lui-même');
    const noCharter = await apply(
      pupilApplication({
        consents: { person: true, representative: true, usageCharter: false, attendance: true },
      }),
    );
    expect(noCharter.body.detail).toContain('l’acceptation de la charte d’utilisation');
    expect(await countApplicants()).toBe(before);
  });

  it('recognises the same form sent twice, and refuses a second application for the same person', async () => {
    const body = pupilApplication({
      person: { birthSurname: 'Martin', firstNames: 'Léo', birthDate: '2014-03-02' },
    });
    const first = await apply(body);
    const again = await apply(body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ entryRef: first.body.entryRef, alreadyRecorded: true });
    const other = await apply({
      ...body,
      submissionId: randomUUID(),
      email: 'autre.adresse@exemple.fr',
      person: { birthSurname: 'MARTIN', firstNames: 'leo', birthDate: '2014-03-02' },
    });
    expect(other.status).toBe(409);
    expect(other.body.type).toBe('urn:gradins:problem:already-applied');
    // The reminder goes to the first address, never to the new one, and at most once a day.
    const sent = async () =>
      (await server.database.db.select().from(mailOutbox)).filter((mail) =>
        mail.textBody.includes(first.body.entryRef),
      );
    expect((await sent()).map((mail) => mail.recipient)).toEqual(['claire.lefevre@exemple.fr']);
    server.clock.advance(86_400_000 + 1000);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await apply({ ...body, submissionId: randomUUID(), email: 'autre.adresse@exemple.fr' });
    }
    const mails = await sent();
    expect(mails.map((mail) => mail.recipient)).toEqual([
      'claire.lefevre@exemple.fr',
      'claire.lefevre@exemple.fr',
    ]);
    // One live link: the newest; the first one no longer opens the application.
    const links = mails.map((mail) => /\/ma-candidature\/([\w-]+)/.exec(mail.textBody)![1]!);
    expect((await visitor.get(`/api/v1/my-application/${links[0]}`)).status).toBe(410);
    expect((await visitor.get(`/api/v1/my-application/${links[1]}`)).status).toBe(200);
  });

  it('checks eligibility against the programme’s rules and says why it refuses', async () => {
    const tooOld = await apply(
      pupilApplication({
        person: { birthSurname: 'Durand', firstNames: 'Paul', birthDate: '1960-05-05' },
        representative: undefined,
        consents: { person: true, representative: false, usageCharter: true, attendance: true },
      }),
    );
    expect(tooOld.status).toBe(400);
    expect(tooOld.body.type).toBe('urn:gradins:problem:not-eligible');
    expect(tooOld.body.detail).toContain('il faut avoir au plus 25 ans le jour de l’événement');
    const noProof = await apply(
      pupilApplication({
        person: { birthSurname: 'Durand', firstNames: 'Lina', birthDate: '2013-05-05' },
        statuses: [{ status: 'school_pupil', proofProvided: false }],
      }),
    );
    expect(noProof.body.detail).toContain(
      'justificatif manquant : Certificat de scolarité de l’année en cours',
    );
  });

  it('refuses texts that are not those in force, and an operator that does not serve the programme', async () => {
    const outdated = await apply(
      pupilApplication({
        notices: {
          privacy: randomUUID(),
          usageCharter: notice('usage_charter'),
          attendance: notice('attendance_commitment'),
        },
      }),
    );
    expect(outdated.status).toBe(409);
    expect(outdated.body.type).toBe('urn:gradins:problem:notice-outdated');
    const foreign = await apply(pupilApplication({ operatorId: randomUUID() }));
    expect(foreign.status).toBe(400);
    expect(foreign.body.type).toBe('urn:gradins:problem:operator-not-in-programme');
  });
});
