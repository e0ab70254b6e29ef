import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApplicationConfirmed,
  ApplicationForm,
  ApplicationSubmitted,
} from '../../contracts/applicants.js';
import { EXPIRY_JOB } from '../../src/modules/applicants/expiry.js';
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
    visitor.post<ApplicationSubmitted & Problem>(`/api/v1/programmes/${youth.id}/applications`, body);
  const CHECK_MAILBOX = { status: 'check-mailbox', confirmWithinHours: 48 };
  const mailsTo = async (recipient: string, category: string) =>
    (
      await server.database.db
        .select()
        .from(mailOutbox)
        .where(eq(mailOutbox.recipient, recipient))
        .orderBy(mailOutbox.createdAt)
    ).filter((mail) => mail.category === category);
  /** The confirmation link in the newest confirmation mail to an address. */
  const confirmationTokenFor = async (recipient: string) =>
    /\/confirmer-candidature\/([\w-]+)/.exec(
      (await mailsTo(recipient, 'applicants.confirmation-link')).at(-1)!.textBody,
    )![1]!;
  const confirm = (token: string) =>
    visitor.post<ApplicationConfirmed & Problem>(`/api/v1/application-confirmations/${token}`);
  const rowsFor = (birthSurname: string) =>
    server.database.db.select().from(applicants).where(eq(applicants.birthSurname, birthSurname));
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

  it('records a 12-year-old pupil with the joint consent of the child and the parent, pending until the address is confirmed', async () => {
    const response = await apply(pupilApplication());
    expect(response.status).toBe(202);
    expect(response.body).toEqual(CHECK_MAILBOX);
    const [applicant] = await rowsFor('Lefèvre');
    expect(applicant).toMatchObject({ channel: 'form', operatorId: operator.id, confirmedAt: null });
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
    // No follow-up link before confirmation: only the confirmation link.
    expect(await mailsTo('claire.lefevre@exemple.fr', 'applicants.follow-up-link')).toEqual([]);
    const token = await confirmationTokenFor('claire.lefevre@exemple.fr');

    const confirmed = await confirm(token);
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.entryRef).toBe(applicant!.entryRef);
    expect(confirmed.body.entryRef).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect((await rowsFor('Lefèvre'))[0]!.confirmedAt).not.toBeNull();
    const [mail] = await mailsTo('claire.lefevre@exemple.fr', 'applicants.follow-up-link');
    expect(mail!.textBody).toContain(confirmed.body.entryRef);
    expect(mail!.textBody).toMatch(/\/ma-candidature\/[\w-]{40,}/);
    const actions = (await server.database.db.select().from(auditEvents)).filter(
      (entry) =>
        entry.targetIds?.includes(applicant!.id) && entry.action.startsWith('applicants.application'),
    );
    expect(actions.map((entry) => entry.action)).toEqual([
      'applicants.application.submitted',
      'applicants.application.confirmed',
    ]);

    // The confirmation link used twice: a clear answer, nothing changes, no second follow-up link.
    const twice = await confirm(token);
    expect(twice.status).toBe(409);
    expect(twice.body.type).toBe('urn:gradins:problem:already-confirmed');
    expect(twice.body.detail).toContain('Ce lien a déjà servi');
    expect(await mailsTo('claire.lefevre@exemple.fr', 'applicants.follow-up-link')).toHaveLength(1);
    const unknown = await confirm('x'.repeat(43));
    expect(unknown.status).toBe(410);
    expect(unknown.body.type).toBe('urn:gradins:problem:confirmation-invalid');
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

  it('answers the same in every case, and lets nobody take a person’s place with another address', async () => {
    const body = pupilApplication({
      person: { birthSurname: 'Martin', firstNames: 'Léo', birthDate: '2014-03-02' },
    });
    const first = await apply(body);
    await confirm(await confirmationTokenFor('claire.lefevre@exemple.fr'));
    const again = await apply(body);
    const other = await apply({
      ...body,
      submissionId: randomUUID(),
      email: 'autre.adresse@exemple.fr',
      person: { birthSurname: 'MARTIN', firstNames: 'leo', birthDate: '2014-03-02' },
    });
    // The same form again, a stranger naming a person who already applied: the same answer as a new one.
    for (const response of [first, again, other]) {
      expect(response.status).toBe(202);
      expect(response.body).toEqual(CHECK_MAILBOX);
    }
    const [holder] = await rowsFor('Martin');
    const reminders = async () =>
      (await mailsTo('claire.lefevre@exemple.fr', 'applicants.follow-up-link')).filter((mail) =>
        mail.textBody.includes(holder!.entryRef),
      );
    // The holder's address got its follow-up link at confirmation; the reminder waits a day.
    expect(await reminders()).toHaveLength(1);
    // The new address is told nothing of the existing application: it gets a confirmation link, as anyone.
    const strangerMails = await server.database.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.recipient, 'autre.adresse@exemple.fr'));
    expect(strangerMails.map((mail) => mail.category)).toEqual(['applicants.confirmation-link']);
    expect(strangerMails[0]!.textBody).not.toContain(holder!.entryRef);

    // Confirming it takes nothing: the place stays with the holder, nothing of the stranger's stays.
    const taken = await confirm(await confirmationTokenFor('autre.adresse@exemple.fr'));
    expect(taken.status).toBe(409);
    expect(taken.body.type).toBe('urn:gradins:problem:cannot-confirm');
    expect((await rowsFor('Martin')).map((row) => row.id)).toEqual([holder!.id]);
    expect((await rowsFor('MARTIN')).length).toBe(0);

    server.clock.advance(86_400_000 + 1000);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await apply({ ...body, submissionId: randomUUID(), email: 'autre.adresse@exemple.fr' });
    }
    // At most one reminder a day, to the first address; one confirmation mail per address while pending.
    const mails = await reminders();
    expect(mails).toHaveLength(2);
    expect(await mailsTo('autre.adresse@exemple.fr', 'applicants.confirmation-link')).toHaveLength(1);
    // One live link: the newest; the first one no longer opens the application.
    const links = mails.map((mail) => /\/ma-candidature\/([\w-]+)/.exec(mail.textBody)![1]!);
    expect((await visitor.get(`/api/v1/my-application/${links[0]}`)).status).toBe(410);
    expect((await visitor.get(`/api/v1/my-application/${links[1]}`)).status).toBe(200);
  });

  it('gives the place to the first address confirmed, not the first form sent', async () => {
    const person = { birthSurname: 'Petit', firstNames: 'Jade', birthDate: '2013-06-06' };
    // Someone who knows the child's name and birth date applies first, with their own address…
    await apply(pupilApplication({ person, email: 'intrus@exemple.fr' }));
    // …then the parent, with theirs.
    await apply(pupilApplication({ person, email: 'parent.petit@exemple.fr' }));
    expect((await rowsFor('Petit')).every((row) => row.confirmedAt === null)).toBe(true);
    const parent = await confirm(await confirmationTokenFor('parent.petit@exemple.fr'));
    expect(parent.status).toBe(200);
    const intruder = await confirm(await confirmationTokenFor('intrus@exemple.fr'));
    expect(intruder.status).toBe(409);
    const left = await rowsFor('Petit');
    expect(left.map((row) => [row.email, row.confirmedAt !== null])).toEqual([
      ['parent.petit@exemple.fr', true],
    ]);
    // The intruder's mails went with their pending application.
    expect(
      await server.database.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, 'intrus@exemple.fr')),
    ).toEqual([]);
  });

  it('deletes an application left unconfirmed after 48 hours, with its consents and mails', async () => {
    const person = { birthSurname: 'Oubli', firstNames: 'Tom', birthDate: '2012-02-02' };
    await apply(pupilApplication({ person, email: 'oubli@exemple.fr' }));
    const token = await confirmationTokenFor('oubli@exemple.fr');
    const [pending] = await rowsFor('Oubli');
    server.clock.advance(47 * 3_600_000);
    await server.jobs.runNow(EXPIRY_JOB);
    expect(await rowsFor('Oubli')).toHaveLength(1);
    server.clock.advance(3_600_000 + 1000);
    // Expired: refused at once, whether the job has run or not.
    const late = await confirm(token);
    expect(late.status).toBe(410);
    expect(late.body.detail).toContain('Rien n’a été enregistré');
    await server.jobs.runNow(EXPIRY_JOB);
    expect(await rowsFor('Oubli')).toEqual([]);
    expect(
      await server.database.db
        .select()
        .from(applicantConsents)
        .where(eq(applicantConsents.applicantId, pending!.id)),
    ).toEqual([]);
    expect(
      await server.database.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, 'oubli@exemple.fr')),
    ).toEqual([]);
    const [expired] = (await server.database.db.select().from(auditEvents)).filter(
      (entry) => entry.action === 'applicants.application.expired',
    );
    expect(expired?.targetIds).toContain(pending!.id);
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
