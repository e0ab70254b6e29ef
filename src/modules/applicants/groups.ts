import { eq } from 'drizzle-orm';
import type {
  ApplicationSubmitted,
  GroupApplicationRequest,
  PersonIdentity,
} from '../../../contracts/applicants.js';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { randomReference, randomToken, tokenHash } from '../../platform/crypto/tokens.js';
import {
  applicantConsents,
  applicantGroups,
  applicants,
  groupParticipantConsents,
  groupParticipants,
} from '../../platform/db/schema/index.js';
import { ageOn } from '../programmes/domain/eligibility.js';
import { parisDate } from '../programmes/domain/paris-time.js';
import type { ApplicantsDeps, RequestContext } from './deps.js';
import { consentRule, missingConsents, type ConsentParty } from './domain/consent.js';
import { holdIdentityKey, identityKeyInUse } from './identity-key-rotation.js';
import { checkedEventChoices } from './choices.js';
import { applicantProblems } from './problems.js';
import {
  ageCountedOn,
  currentNotices,
  identitiesInProgramme,
  identityColumns,
  identityKey,
  lockIdentities,
  lockProgrammeParticipants,
  programmeWithOperators,
} from './repository.js';
import { answeredAlready, sendConfirmationLink, SUBMITTED } from './intake.js';
import { applicationByToken } from './self-service.js';

type ParsedParticipant = PersonIdentity & {
  consent?: { notice: string; person: boolean; representative: boolean } | undefined;
};

type ParsedGroupApplication = Omit<GroupApplicationRequest, 'mobilityNeeds' | 'consents'> & {
  mobilityNeeds: Record<string, number | undefined>;
  consents: GroupApplicationRequest['consents'] & { postGamesContact: boolean };
};

/**
 * A group applies through its manager (TAJ-7, TAJ-8): the group's name and size, mobility needs as counts,
 * and the manager's own identity and personal address, to which the group's tickets and the link to enter
 * the participants go. The manager is an adult who consents for themself.
 *
 * As with the form (`applyOnline`), the manager and the group are recorded pending: they count only once the
 * manager opens the confirmation link sent to the address given, so nobody holds a person's place with an
 * address that is not theirs; unconfirmed, both are deleted (`purgeExpiredApplications`). The answer is the
 * same in every case ("check your mailbox"), so it never tells whether a person applied.
 */
export async function applyAsGroup(
  deps: ApplicantsDeps,
  programmeId: string,
  request: ParsedGroupApplication,
  context: RequestContext,
): Promise<ApplicationSubmitted> {
  const now = deps.clock.now();
  const identityKid = identityKeyInUse(deps.keys);
  const db = deps.database.db;
  const [earlier] = await db
    .select({ id: applicantGroups.id })
    .from(applicantGroups)
    .where(eq(applicantGroups.submissionId, request.submissionId));
  if (earlier) return SUBMITTED;

  const found = await programmeWithOperators(db, programmeId);
  if (!found) throw applicantProblems.notFound({ fr: 'Ce programme', en: 'This programme' });
  if (!found.operators.some((operator) => operator.id === request.operatorId))
    throw applicantProblems.operatorNotInProgramme();
  const age = ageOn(request.manager.birthDate, parisDate(now));
  if (age === undefined || age < 0 || age > 120) throw applicantProblems.invalidBirthDate();
  if (age < 18) throw applicantProblems.managerMustBeAdult();
  const mobilityNeeds = Object.fromEntries(
    Object.entries(request.mobilityNeeds).filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0),
  );
  if (Object.values(mobilityNeeds).reduce((sum, count) => sum + count, 0) > request.size)
    throw applicantProblems.mobilityExceedsSize();
  const missing = [
    ...(!request.consents.person ? (['person'] as const) : []),
    ...(!request.consents.usageCharter ? (['usageCharter'] as const) : []),
    ...(!request.consents.attendance ? (['attendance'] as const) : []),
  ];
  if (missing.length > 0) throw applicantProblems.consentMissing(missing, age);
  const eventChoices = await checkedEventChoices(db, found.programme, request.eventChoices ?? [], now);
  const notices = await currentNotices(db, deps.clock.now());
  if (
    ![notices.get('privacy_notice')?.id, notices.get('privacy_notice_easy')?.id].includes(
      request.notices.privacy,
    ) ||
    request.notices.usageCharter !== notices.get('usage_charter')?.id ||
    request.notices.attendance !== notices.get('attendance_commitment')?.id ||
    (request.consents.postGamesContact &&
      request.notices.postGamesContact !== notices.get('post_games_contact')?.id)
  )
    throw applicantProblems.noticeOutdated();

  const identity = identityColumns(deps.keys, request.manager);
  const address = request.email.toLowerCase();
  // As the form: the same answer in every case; a participant of a group, or a holder applying from another
  // address, is refused when the link is opened (`confirmApplication`), never here.
  if (await answeredAlready(deps, programmeId, identity.identityKey, address, now, found.programme.name))
    return SUBMITTED;

  const token = randomToken();
  return deps.database.transaction(async (tx) => {
    await holdIdentityKey(tx, deps.keys, identityKid);
    const [group] = await tx
      .insert(applicantGroups)
      .values({
        programmeId,
        operatorId: request.operatorId,
        name: request.groupName,
        size: request.size,
        mobilityNeeds,
        submissionId: request.submissionId,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    // The same group sent at the same moment by another request: recorded once, the same answer.
    if (!group) return SUBMITTED;
    // Pending, like an application from the form: it holds no place until the manager opens the link.
    const [manager] = await tx
      .insert(applicants)
      .values({
        entryRef: randomReference(),
        programmeId,
        operatorId: request.operatorId,
        channel: 'group',
        ...request.manager,
        email: request.email,
        statuses: [],
        eventChoices,
        ...identity,
        groupId: group.id,
        groupRole: 'manager',
        confirmedAt: null,
        confirmationTokenHash: tokenHash(token),
        createdAt: now,
      })
      .returning();
    await tx.insert(applicantConsents).values(
      (
        [
          ['data_processing', request.notices.privacy],
          ['usage_charter', request.notices.usageCharter],
          ['attendance_commitment', request.notices.attendance],
          ...(request.consents.postGamesContact && request.notices.postGamesContact
            ? ([['post_games_contact', request.notices.postGamesContact]] as const)
            : []),
        ] as const
      ).map(([kind, noticeVersionId]) => ({
        applicantId: manager!.id,
        kind,
        party: 'person' as const,
        noticeVersionId,
        channel: 'group' as const,
        givenAt: now,
      })),
    );
    await sendConfirmationLink(deps, tx, manager!, token, now, found.programme.name);
    await recordAuditEvent(tx, {
      actor: 'anonymous',
      organisationId: request.operatorId,
      action: 'applicants.group.submitted',
      target: { table: 'applicant_groups', ids: [group.id] },
      result: 'success',
      ...context,
      at: now,
    });
    return SUBMITTED;
  });
}

/**
 * The manager enters the participants (TAJ-7): the whole list at once, at most the group's size minus the
 * manager. For each, the manager attests the consent given to the recording of their data (TAJ-5, article
 * 45): the participant's own if an adult, the legal representative's for a minor, both under 15, on the
 * information notice in force — stored per participant. A person already in the programme (an individual
 * applicant, a carer, a group's manager, another group's participant) is refused without saying where. Only
 * the manager ever reads the participants back; each gets an identity key for one person, one ticket.
 * Anything wrong refuses the whole list: nothing is written.
 */
export async function replaceParticipants(
  deps: ApplicantsDeps,
  token: string,
  participants: ParsedParticipant[],
  context: RequestContext,
): Promise<void> {
  const now = deps.clock.now();
  const identityKid = identityKeyInUse(deps.keys);
  const { applicant } = await applicationByToken(deps, token);
  if (!applicant.groupId || applicant.groupRole !== 'manager' || !applicant.confirmedAt)
    throw applicantProblems.notAGroup();
  const [group] = await deps.database.db
    .select()
    .from(applicantGroups)
    .where(eq(applicantGroups.id, applicant.groupId));
  if (participants.length > group!.size - 1) throw applicantProblems.groupFull(group!.size);
  const found = (await programmeWithOperators(deps.database.db, group!.programmeId))!;
  const ageDay = await ageCountedOn(deps.database.db, found.programme);
  const rules = found.programme.eligibility.age;
  const notices = await currentNotices(deps.database.db, now);
  const noticesInForce = [notices.get('privacy_notice')?.id, notices.get('privacy_notice_easy')?.id];
  const keyed = participants.map((participant, index) => {
    const age = ageOn(participant.birthDate, ageDay);
    if (age === undefined || age < 0 || age > 120) throw applicantProblems.participantInvalid(index, 'date');
    if ((rules?.min !== undefined && age < rules.min) || (rules?.max !== undefined && age > rules.max))
      throw applicantProblems.participantInvalid(index, 'age');
    // Who consents is counted on the day the manager enters them, as for the form.
    const rule = consentRule(participant.birthDate, parisDate(now));
    if (!rule) throw applicantProblems.participantInvalid(index, 'date');
    const given: ConsentParty[] = [
      ...(participant.consent?.person ? (['person'] as const) : []),
      ...(participant.consent?.representative ? (['representative'] as const) : []),
    ];
    const missing = missingConsents(rule, given);
    if (!participant.consent || missing.length > 0)
      throw applicantProblems.participantConsentMissing(
        index,
        participant.consent ? missing : [...rule.required],
        rule.age,
      );
    if (!noticesInForce.includes(participant.consent.notice)) throw applicantProblems.noticeOutdated();
    const identity = {
      birthSurname: participant.birthSurname,
      firstNames: participant.firstNames,
      birthDate: participant.birthDate,
    };
    return {
      identity,
      identityKey: identityKey(deps.keys, identity),
      parties: rule.required,
      noticeVersionId: participant.consent.notice,
    };
  });
  const keys = keyed.map((participant) => participant.identityKey);
  const repeated = keys.findIndex((key, index) => keys.indexOf(key) !== index);
  if (repeated >= 0) throw applicantProblems.participantInvalid(repeated, 'twice');
  const refused = await deps.database.transaction(async (tx) => {
    // The group first: two lists sent at the same moment are written one after the other, each replacing the
    // whole list, so they never merge beyond the group's size.
    const [locked] = await tx
      .select({ id: applicantGroups.id })
      .from(applicantGroups)
      .where(eq(applicantGroups.id, group!.id))
      .for('update');
    if (!locked) throw applicantProblems.linkInvalid();
    await holdIdentityKey(tx, deps.keys, identityKid);
    // No import batch of the programme writes meanwhile (they take this lock shared), and none is left uncommitted.
    await lockProgrammeParticipants(tx, group!.programmeId, 'exclusive');
    await lockIdentities(tx, group!.programmeId, keys);
    const taken = await identitiesInProgramme(tx, group!.programmeId, keys, group!.id);
    const first = keys.findIndex((key) => taken.has(key));
    if (first >= 0) return first;
    // A consent attested before, for the same person, party and notice, keeps the day it was attested.
    const earlier = await tx
      .select({
        key: groupParticipants.identityKey,
        party: groupParticipantConsents.party,
        noticeVersionId: groupParticipantConsents.noticeVersionId,
        givenAt: groupParticipantConsents.givenAt,
      })
      .from(groupParticipantConsents)
      .innerJoin(groupParticipants, eq(groupParticipants.id, groupParticipantConsents.participantId))
      .where(eq(groupParticipants.groupId, group!.id));
    const attested = new Map(
      earlier.map((row) => [`${row.key}|${row.party}|${row.noticeVersionId}`, row.givenAt]),
    );
    await tx.delete(groupParticipants).where(eq(groupParticipants.groupId, group!.id));
    if (keyed.length > 0) {
      const inserted = await tx
        .insert(groupParticipants)
        .values(
          keyed.map((participant) => ({
            groupId: group!.id,
            ...participant.identity,
            identityKey: participant.identityKey,
            createdAt: now,
          })),
        )
        .returning({ id: groupParticipants.id, identityKey: groupParticipants.identityKey });
      const idOf = new Map(inserted.map((row) => [row.identityKey, row.id]));
      await tx.insert(groupParticipantConsents).values(
        keyed.flatMap((participant) =>
          participant.parties.map((party) => ({
            participantId: idOf.get(participant.identityKey)!,
            party,
            noticeVersionId: participant.noticeVersionId,
            givenAt:
              attested.get(`${participant.identityKey}|${party}|${participant.noticeVersionId}`) ?? now,
          })),
        ),
      );
    }
    await recordAuditEvent(tx, {
      actor: `applicant:${applicant.entryRef}`,
      organisationId: group!.operatorId,
      action: 'applicants.group.participants-entered',
      target: { table: 'applicant_groups', ids: [group!.id] },
      result: 'success',
      ...context,
      at: now,
    });
    return undefined;
  });
  if (refused === undefined) return;
  // A person already in the programme: each refusal is on record (a manager trying identities one by one
  // shows), without saying who — the route's rate limit bounds the pace.
  await recordAuditEvent(deps.database.db, {
    actor: `applicant:${applicant.entryRef}`,
    organisationId: group!.operatorId,
    action: 'applicants.group.participant-refused',
    target: { table: 'applicant_groups', ids: [group!.id] },
    result: 'denied',
    ...context,
    at: now,
  });
  throw applicantProblems.participantInvalid(refused, 'taken');
}
