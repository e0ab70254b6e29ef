import { randomUUID } from 'node:crypto';
import { and, eq, gt, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type {
  ApplicationConfirmed,
  ApplicationForm,
  ApplicationRequest,
  ApplicationSubmitted,
} from '../../../contracts/applicants.js';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { randomReference, randomToken, tokenHash } from '../../platform/crypto/tokens.js';
import { isUniqueViolation, selectRows, type Tx } from '../../platform/db/database.js';
import {
  applicantConsents,
  applicantGroups,
  applicantLinks,
  applicants,
  programmes,
} from '../../platform/db/schema/index.js';
import { deleteMailAbout, enqueueMail } from '../../platform/mail/outbox.js';
import { checkEligibility } from '../programmes/domain/eligibility.js';
import { parisDate } from '../programmes/domain/paris-time.js';
import type { ApplicantsDeps, RequestContext } from './deps.js';
import { checkedEventChoices, choosableEvents } from './choices.js';
import { consentRule, type ConsentParty } from './domain/consent.js';
import { holdIdentityKey, identityKeyInUse } from './identity-key-rotation.js';
import { applicantProblems } from './problems.js';
import {
  ageCountedOn,
  currentNotices,
  identityColumns,
  lockIdentities,
  mailAbout,
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
      maxEventChoices: found.programme.maxEventChoices,
    },
    operators: found.operators,
    events: await choosableEvents(deps.database.db, found.programme.id, deps.clock.now()),
    notices: [...notices.values()],
  };
}

/** How long an online application waits for its address to be confirmed before it is deleted. */
export const PENDING_HOURS = 48;
export const SUBMITTED: ApplicationSubmitted = { status: 'check-mailbox', confirmWithinHours: PENDING_HOURS };

/**
 * The public application form (TAJ-4, TAJ-5, TAJ-6): eligibility is checked against the programme's rules,
 * then the person and every consent are recorded in one transaction — nothing is kept before consent, and a
 * refused application keeps nothing. The application is pending: it counts only once the person opens the
 * confirmation link sent to the address given (`confirmApplication`), so that nobody takes a person's place
 * with an address that is not theirs.
 *
 * The answer is the same in every case (a new application, the same form again, a person who already holds a
 * place): "check your mailbox". What differs goes by e-mail, and only to addresses that already belong to the
 * application: the holder of a place gets their follow-up link again (once a day at most); the new address
 * gets a confirmation link as for any application.
 */
export async function applyOnline(
  deps: ApplicantsDeps,
  programmeId: string,
  request: ParsedApplication,
  context: RequestContext,
): Promise<ApplicationSubmitted> {
  const now = deps.clock.now();
  // Read before any key is computed: a rotation finished meanwhile is caught when writing.
  const identityKid = identityKeyInUse(deps.keys);
  const db = deps.database.db;
  const [earlier] = await db
    .select({ id: applicants.id })
    .from(applicants)
    .where(eq(applicants.submissionId, request.submissionId));
  if (earlier) return SUBMITTED;

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

  const eventChoices = await checkedEventChoices(db, found.programme, request.eventChoices ?? [], now);

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
  const address = request.email.toLowerCase();
  if (await answeredAlready(deps, programmeId, key, address, now, found.programme.name)) return SUBMITTED;

  const token = randomToken();
  return deps.database.transaction(async (tx) => {
    await holdIdentityKey(tx, deps.keys, identityKid);
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
        eventChoices,
        ...identity,
        submissionId: request.submissionId,
        confirmedAt: null,
        confirmationTokenHash: tokenHash(token),
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    // The same form sent at the same moment by another request: recorded once.
    if (!created) return SUBMITTED;
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
    await sendConfirmationLink(deps, tx, created, token, now, found.programme.name);
    await recordAuditEvent(tx, {
      actor: 'anonymous',
      organisationId: request.operatorId,
      action: 'applicants.application.submitted',
      target: { table: 'applicants', ids: [created.id] },
      result: 'success',
      ...context,
      at: now,
    });
    return SUBMITTED;
  });
}

/**
 * What the form and the group form do before writing anything, so that their answer is the same in every case:
 * a person who already holds a place gets their follow-up link again (at most once a day); the same person and
 * address still waiting for confirmation need nothing more (the first confirmation mail is enough, and nobody
 * floods an address by sending the form again and again). True when nothing else is to be done.
 */
export async function answeredAlready(
  deps: ApplicantsDeps,
  programmeId: string,
  identityKey: string,
  address: string,
  now: Date,
  programmeName: string,
): Promise<boolean> {
  const db = deps.database.db;
  const [holder] = await db
    .select()
    .from(applicants)
    .where(
      and(
        eq(applicants.programmeId, programmeId),
        eq(applicants.identityKey, identityKey),
        isNotNull(applicants.confirmedAt),
      ),
    );
  if (holder) {
    await remindHolder(deps, holder, now, programmeName);
    // The address already belongs to the application: the reminder is all it needs.
    if (holder.email?.toLowerCase() === address) return true;
  }
  const [waiting] = await db
    .select({ id: applicants.id })
    .from(applicants)
    .where(
      and(
        eq(applicants.programmeId, programmeId),
        eq(applicants.identityKey, identityKey),
        isNull(applicants.confirmedAt),
        sql`lower(${applicants.email}) = ${address}`,
        gt(applicants.createdAt, pendingCutoff(now)),
      ),
    );
  return waiting !== undefined;
}

/** Pending applications created before this moment have expired. */
export const pendingCutoff = (now: Date) => new Date(now.getTime() - PENDING_HOURS * 3_600_000);

/**
 * The confirmation link opened (TAJ-4): the application, its carer and its consents, recorded pending by the
 * form (or a group's manager, recorded pending with their group), now count, and the follow-up link goes to the confirmed address. A link used twice says so and changes
 * nothing; a person who already holds a place keeps it, the pending rows are deleted — a manager's group with
 * them (nothing partial stays) — and the holder's address is reminded.
 */
export async function confirmApplication(
  deps: ApplicantsDeps,
  token: string,
  context: RequestContext,
): Promise<ApplicationConfirmed> {
  const now = deps.clock.now();
  const identityKid = identityKeyInUse(deps.keys);
  const [pending] = await deps.database.db
    .select()
    .from(applicants)
    .where(eq(applicants.confirmationTokenHash, tokenHash(token)));
  if (!pending) throw applicantProblems.confirmationInvalid();
  if (pending.confirmedAt) throw applicantProblems.alreadyConfirmed();
  if (pending.createdAt <= pendingCutoff(now)) throw applicantProblems.confirmationInvalid();
  const [programme] = await deps.database.db
    .select({ name: programmes.name })
    .from(programmes)
    .where(eq(programmes.id, pending.programmeId));
  const together = pending.carerPairId
    ? or(eq(applicants.id, pending.id), eq(applicants.carerPairId, pending.carerPairId))!
    : eq(applicants.id, pending.id);
  const inProgrammeAlready = new Error('a group participant of the programme');
  try {
    return await deps.database.transaction(async (tx) => {
      // Confirming makes the key count (unique index): never while the keys are being rotated.
      await holdIdentityKey(tx, deps.keys, identityKid);
      // A pending application holds nothing; confirmed, it must not be a group's participant of the programme
      // either (an applicant is caught by the unique index). Locked, so a group entering the person at the same
      // moment waits (see `lockIdentities`).
      const keys = (await tx.select({ key: applicants.identityKey }).from(applicants).where(together)).map(
        (row) => row.key,
      );
      await lockIdentities(tx, pending.programmeId, keys);
      if (await participantAmong(tx, pending.programmeId, keys)) throw inProgrammeAlready;
      const confirmed = await tx
        .update(applicants)
        .set({ confirmedAt: now })
        .where(and(together, isNull(applicants.confirmedAt)))
        .returning({ id: applicants.id });
      // Confirmed at the same moment by another request.
      if (!confirmed.some((row) => row.id === pending.id)) throw applicantProblems.alreadyConfirmed();
      await sendFollowUpLink(deps, tx, pending, randomToken(), now, programme!.name);
      await recordAuditEvent(tx, {
        actor: `applicant:${pending.entryRef}`,
        organisationId: pending.operatorId,
        action: 'applicants.application.confirmed',
        target: { table: 'applicants', ids: confirmed.map((row) => row.id) },
        result: 'success',
        ...context,
        at: now,
      });
      return { entryRef: pending.entryRef };
    });
  } catch (error) {
    if (error !== inProgrammeAlready && !isUniqueViolation(error)) throw error;
  }
  // The person (or their carer) holds a place already, confirmed from another address or in a group.
  await deps.database.transaction(async (tx) => {
    const removed = await tx
      .delete(applicants)
      .where(and(together, isNull(applicants.confirmedAt)))
      .returning({
        id: applicants.id,
        identityKey: applicants.identityKey,
        groupId: applicants.groupId,
        groupRole: applicants.groupRole,
      });
    // A group's manager refused: the group goes with them (nothing of it was ever entered).
    const groupIds = removed.flatMap((row) =>
      row.groupRole === 'manager' && row.groupId ? [row.groupId] : [],
    );
    if (groupIds.length > 0) await tx.delete(applicantGroups).where(inArray(applicantGroups.id, groupIds));
    await deleteMailAbout(
      tx,
      removed.map((row) => mailAbout(row.id)),
    );
    const holders = await tx
      .select()
      .from(applicants)
      .where(
        and(
          eq(applicants.programmeId, pending.programmeId),
          inArray(
            applicants.identityKey,
            removed.map((row) => row.identityKey),
          ),
          isNotNull(applicants.confirmedAt),
        ),
      );
    for (const holder of holders) await remindHolder(deps, holder, now, programme!.name, tx);
    await recordAuditEvent(tx, {
      actor: 'anonymous',
      organisationId: pending.operatorId,
      action: 'applicants.application.confirmation-refused',
      target: { table: 'applicants', ids: removed.map((row) => row.id) },
      result: 'denied',
      ...context,
      at: now,
    });
  });
  throw applicantProblems.cannotConfirm();
}

/**
 * The follow-up link again to the address of a confirmed application, never to another one — at most once a
 * day, so that nobody can flood that address by sending the form again and again.
 */
export async function remindHolder(
  deps: ApplicantsDeps,
  holder: typeof applicants.$inferSelect,
  now: Date,
  programmeName: string,
  tx?: Tx,
): Promise<void> {
  const db = tx ?? deps.database.db;
  const [recent] = await db
    .select({ createdAt: applicantLinks.createdAt })
    .from(applicantLinks)
    .where(
      and(
        eq(applicantLinks.applicantId, holder.id),
        gt(applicantLinks.createdAt, new Date(now.getTime() - DAY)),
      ),
    );
  if (recent) return;
  const send = (inner: Tx) => sendFollowUpLink(deps, inner, holder, randomToken(), now, programmeName);
  if (tx) await send(tx);
  else await deps.database.transaction(send);
}

/** The link that confirms an online application, to the address given (valid `PENDING_HOURS`). */
export async function sendConfirmationLink(
  deps: ApplicantsDeps,
  tx: Tx,
  applicant: { id: string; email: string | null },
  token: string,
  now: Date,
  programmeName: string,
): Promise<void> {
  if (!applicant.email) return;
  await enqueueMail(
    tx,
    {
      recipient: applicant.email,
      category: 'applicants.confirmation-link',
      about: mailAbout(applicant.id),
      subject: `Gradins — confirmez votre candidature au programme « ${programmeName} »`,
      text: [
        'Bonjour,',
        '',
        `Une candidature au programme « ${programmeName} » a été envoyée avec cette adresse.`,
        `Pour qu’elle compte, confirmez-la dans les ${PENDING_HOURS} heures : ${deps.publicUrl()}/confirmer-candidature/${token}`,
        'Sans confirmation, elle est effacée, avec tout ce qu’elle contient.',
        'Si vous n’avez rien demandé, ignorez ce message.',
        '',
        '—',
        `An application to the programme was sent with this address. Confirm it within ${PENDING_HOURS} hours: ${deps.publicUrl()}/en/confirmer-candidature/${token} — without confirmation it is erased. If you did not apply, ignore this message.`,
      ].join('\n'),
    },
    { now },
  );
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
      // One ranking for the pair: the person's.
      eventChoices: person.eventChoices,
      ...identityColumns(deps.keys, identity),
      carerPairId: pairId,
      carerRole: 'carer',
      confirmedAt: null,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!created) throw new Error('a pending carer row conflicts with nothing');
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
      about: mailAbout(applicant.id),
      subject: `Gradins — votre candidature au programme « ${programmeName} »`,
      text: [
        'Bonjour,',
        '',
        `Votre candidature au programme « ${programmeName} » est enregistrée sous la référence ${applicant.entryRef}.`,
        'Gardez-la pour vos échanges avec l’opérateur : elle ne dit rien de vous.',
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
