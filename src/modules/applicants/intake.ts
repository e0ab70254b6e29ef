import { randomUUID } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import type {
  ApplicationForm,
  ApplicationReceipt,
  ApplicationRequest,
} from '../../../contracts/applicants.js';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { randomReference, randomToken, tokenHash } from '../../platform/crypto/tokens.js';
import { selectRows, type Tx } from '../../platform/db/database.js';
import { applicantConsents, applicantLinks, applicants } from '../../platform/db/schema/index.js';
import { enqueueMail } from '../../platform/mail/outbox.js';
import { checkEligibility } from '../programmes/domain/eligibility.js';
import { parisDate } from '../programmes/domain/paris-time.js';
import type { ApplicantsDeps, RequestContext } from './deps.js';
import { consentRule, type ConsentParty } from './domain/consent.js';
import { applicantProblems } from './problems.js';
import {
  ageCountedOn,
  currentNotices,
  identityColumns,
  identityKey,
  lockIdentities,
  programmeWithOperators,
} from './repository.js';

const LINK_DAYS = 180;
const DAY = 86_400_000;
type ParsedApplication = Omit<ApplicationRequest, 'statuses' | 'consents'> & {
  statuses: { status: string; proofProvided: boolean }[];
  consents: ApplicationRequest['consents'] & { postGamesContact: boolean };
};

/** The programmes people can apply to: those with at least one operator. */
export async function openProgrammes(deps: ApplicantsDeps) {
  return selectRows<{ id: string; name: string; targetPublic: string; games: string }>(
    deps.database.db,
    sql`select p.id, p.name, p.target_public as "targetPublic", p.games from programmes p
        where exists (select 1 from programme_operators po where po.programme_id = p.id)
        order by p.created_at, p.name`,
  );
}

/** What the public application page shows: the programme, its operators, the texts in force. */
export async function applicationForm(deps: ApplicantsDeps, programmeId: string): Promise<ApplicationForm> {
  const found = await programmeWithOperators(deps.database.db, programmeId);
  if (!found) throw applicantProblems.notFound({ fr: 'Ce programme', en: 'This programme' });
  const notices = await currentNotices(deps.database.db, deps.clock.now());
  return {
    programme: {
      id: found.programme.id,
      name: found.programme.name,
      targetPublic: found.programme.targetPublic,
      games: found.programme.games,
      ageCountedOn: await ageCountedOn(deps.database.db, found.programme),
      eligibility: found.programme.eligibility,
    },
    operators: found.operators,
    notices: [...notices.values()],
  };
}

/**
 * The public application form (TAJ-4, TAJ-5, TAJ-6): eligibility is checked against the programme's rules,
 * then the person and every consent are recorded in one transaction — nothing is kept before consent, and a
 * refused application keeps nothing. The same form sent twice (same submission id) records nothing new.
 */
export async function applyOnline(
  deps: ApplicantsDeps,
  programmeId: string,
  request: ParsedApplication,
  context: RequestContext,
): Promise<ApplicationReceipt> {
  const now = deps.clock.now();
  const db = deps.database.db;
  const [earlier] = await db
    .select({ entryRef: applicants.entryRef, programmeId: applicants.programmeId })
    .from(applicants)
    .where(eq(applicants.submissionId, request.submissionId));
  if (earlier) return { entryRef: earlier.entryRef, alreadyRecorded: true };

  const found = await programmeWithOperators(db, programmeId);
  if (!found) throw applicantProblems.notFound({ fr: 'Ce programme', en: 'This programme' });
  if (!found.operators.some((operator) => operator.id === request.operatorId))
    throw applicantProblems.operatorNotInProgramme();

  const rule = consentRule(request.person.birthDate, parisDate(now));
  if (!rule) throw applicantProblems.invalidBirthDate();
  const verdict = checkEligibility(
    found.programme.eligibility,
    { birthDate: request.person.birthDate, statuses: request.statuses as never },
    await ageCountedOn(db, found.programme),
  );
  if (!verdict.eligible) throw applicantProblems.notEligible(verdict.reasons);
  if (request.carer) {
    const carerRule = consentRule(request.carer.birthDate, parisDate(now));
    if (!carerRule || carerRule.age < 18) throw applicantProblems.carerMustBeAdult();
    const carerVerdict = checkEligibility(
      found.programme.eligibility,
      {
        birthDate: request.carer.birthDate,
        statuses: [{ status: 'carer', proofProvided: request.carer.proofProvided }],
      },
      await ageCountedOn(db, found.programme),
    );
    if (!carerVerdict.eligible) throw applicantProblems.notEligible(carerVerdict.reasons);
    if (!request.carer.consents) throw applicantProblems.carerConsentMissing();
  }

  const given: ConsentParty[] = [
    ...(request.consents.person ? (['person'] as const) : []),
    ...(request.consents.representative && request.representative ? (['representative'] as const) : []),
  ];
  const missing = [
    ...rule.required.filter((party) => !given.includes(party)),
    ...(!request.consents.usageCharter ? (['usageCharter'] as const) : []),
    ...(!request.consents.attendance ? (['attendance'] as const) : []),
  ];
  if (missing.length > 0) throw applicantProblems.consentMissing(missing, rule.age);

  const notices = await currentNotices(db, deps.clock.now());
  const privacyShown = [notices.get('privacy_notice')?.id, notices.get('privacy_notice_easy')?.id];
  if (
    !privacyShown.includes(request.notices.privacy) ||
    request.notices.usageCharter !== notices.get('usage_charter')?.id ||
    request.notices.attendance !== notices.get('attendance_commitment')?.id ||
    (request.consents.postGamesContact &&
      request.notices.postGamesContact !== notices.get('post_games_contact')?.id)
  )
    throw applicantProblems.noticeOutdated();

  const identity = identityColumns(deps.keys, request.person);
  const key = identity.identityKey;
  const carerKey = request.carer ? identityKey(deps.keys, request.carer) : undefined;
  const token = randomToken();
  const [existing] = await db
    .select()
    .from(applicants)
    .where(and(eq(applicants.programmeId, programmeId), eq(applicants.identityKey, key)));
  if (existing) {
    // The follow-up link goes again to the address given the first time, never to the new one — at most once
    // a day, so that nobody can flood that address by sending the form again and again.
    const [recent] = await db
      .select({ createdAt: applicantLinks.createdAt })
      .from(applicantLinks)
      .where(
        and(
          eq(applicantLinks.applicantId, existing.id),
          gt(applicantLinks.createdAt, new Date(now.getTime() - DAY)),
        ),
      );
    if (!recent)
      await deps.database.transaction((tx) =>
        sendFollowUpLink(deps, tx, existing, token, now, found.programme.name),
      );
    throw applicantProblems.alreadyApplied();
  }
  return deps.database.transaction(async (tx) => {
    // Nobody already a group's participant in the programme (an applicant: the unique index below).
    const keys = carerKey ? [key, carerKey] : [key];
    await lockIdentities(tx, programmeId, keys);
    if (await participantAmong(tx, programmeId, keys)) throw applicantProblems.alreadyInProgramme();
    const [created] = await tx
      .insert(applicants)
      .values({
        entryRef: randomReference(),
        programmeId,
        operatorId: request.operatorId,
        channel: 'form',
        birthSurname: request.person.birthSurname,
        firstNames: request.person.firstNames,
        birthDate: request.person.birthDate,
        email: request.email,
        statuses: request.statuses,
        ...identity,
        submissionId: request.submissionId,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    // Sent at the same moment by another request: the same form is recognised, another one for the same
    // person is refused.
    if (!created) {
      const [twin] = await tx
        .select({ entryRef: applicants.entryRef })
        .from(applicants)
        .where(eq(applicants.submissionId, request.submissionId));
      if (twin) return { entryRef: twin.entryRef, alreadyRecorded: true };
      throw applicantProblems.alreadyApplied();
    }
    if (request.carer) await recordCarer(deps, tx, created, request, now);
    const parties = rule.required;
    const consent = (kind: (typeof applicantConsents.$inferInsert)['kind'], noticeVersionId: string) =>
      parties.map((party) => ({
        applicantId: created.id,
        kind,
        party,
        noticeVersionId,
        channel: 'form' as const,
        signedName: party === 'representative' ? request.representative!.fullName : null,
        givenAt: now,
      }));
    await tx
      .insert(applicantConsents)
      .values([
        ...consent('data_processing', request.notices.privacy),
        ...consent('usage_charter', request.notices.usageCharter),
        ...consent('attendance_commitment', request.notices.attendance),
        ...(request.consents.postGamesContact
          ? consent('post_games_contact', request.notices.postGamesContact!)
          : []),
      ]);
    await sendFollowUpLink(deps, tx, created, token, now, found.programme.name);
    await recordAuditEvent(tx, {
      actor: 'anonymous',
      organisationId: request.operatorId,
      action: 'applicants.application.submitted',
      target: { table: 'applicants', ids: [created.id] },
      result: 'success',
      ...context,
      at: now,
    });
    return { entryRef: created.entryRef, alreadyRecorded: false };
  });
}

/** Whether one of `keys` is a participant of a group of the programme. */
async function participantAmong(tx: Tx, programmeId: string, keys: string[]): Promise<boolean> {
  const rows = await selectRows<{ one: number }>(
    tx,
    sql`select 1 as one from group_participants gp join applicant_groups g on g.id = gp.group_id
        where g.programme_id = ${programmeId} and gp.identity_key = any(${sql.param(keys)}::text[]) limit 1`,
  );
  return rows.length > 0;
}

/** The carer of a person with a disability: a second applicant of the same pair, with their own consents. */
async function recordCarer(
  deps: ApplicantsDeps,
  tx: Tx,
  person: typeof applicants.$inferSelect,
  request: ParsedApplication,
  now: Date,
): Promise<void> {
  const carer = request.carer!;
  const pairId = randomUUID();
  await tx
    .update(applicants)
    .set({ carerPairId: pairId, carerRole: 'person' })
    .where(eq(applicants.id, person.id));
  const identity = {
    birthSurname: carer.birthSurname,
    firstNames: carer.firstNames,
    birthDate: carer.birthDate,
  };
  const [created] = await tx
    .insert(applicants)
    .values({
      entryRef: randomReference(),
      programmeId: person.programmeId,
      operatorId: person.operatorId,
      channel: 'form',
      ...identity,
      email: person.email,
      statuses: [{ status: 'carer', proofProvided: carer.proofProvided }],
      ...identityColumns(deps.keys, identity),
      carerPairId: pairId,
      carerRole: 'carer',
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!created) throw applicantProblems.alreadyApplied();
  await tx.insert(applicantConsents).values(
    (
      [
        ['data_processing', request.notices.privacy],
        ['usage_charter', request.notices.usageCharter],
        ['attendance_commitment', request.notices.attendance],
      ] as const
    ).map(([kind, noticeVersionId]) => ({
      applicantId: created.id,
      kind,
      party: 'person' as const,
      noticeVersionId,
      channel: 'form' as const,
      givenAt: now,
    })),
  );
}

/** Sends the person their follow-up link (status, consents, withdrawal), through the outbox. */
export async function sendFollowUpLink(
  deps: ApplicantsDeps,
  tx: Tx,
  applicant: { id: string; email: string | null; entryRef: string },
  token: string,
  now: Date,
  programmeName: string,
): Promise<void> {
  if (!applicant.email) return;
  // One live link per person: a new one ends the older ones.
  await tx.delete(applicantLinks).where(eq(applicantLinks.applicantId, applicant.id));
  await tx.insert(applicantLinks).values({
    tokenHash: tokenHash(token),
    applicantId: applicant.id,
    expiresAt: new Date(now.getTime() + LINK_DAYS * 86_400_000),
    createdAt: now,
  });
  await enqueueMail(
    tx,
    {
      recipient: applicant.email,
      category: 'applicants.follow-up-link',
      subject: `Gradins — votre candidature au programme « ${programmeName} »`,
      text: [
        'Bonjour,',
        '',
        `Votre candidature au programme « ${programmeName} » est enregistrée sous la référence ${applicant.entryRef}.`,
        'Cette référence est celle que publiera le tirage au sort : elle ne dit rien de vous.',
        '',
        `Suivre votre candidature, voir ou retirer vos consentements : ${deps.publicUrl()}/ma-candidature/${token}`,
        `Ce lien est personnel et reste valable ${LINK_DAYS} jours. Ne le transmettez pas.`,
        '',
        '—',
        `Your application to the programme is recorded under reference ${applicant.entryRef}. Follow it: ${deps.publicUrl()}/en/ma-candidature/${token}`,
      ].join('\n'),
    },
    { now },
  );
}
