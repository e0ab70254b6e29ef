import { and, eq } from 'drizzle-orm';
import type {
  ApplicationReceipt,
  GroupApplicationRequest,
  PersonIdentity,
} from '../../../contracts/applicants.js';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { randomReference, randomToken } from '../../platform/crypto/tokens.js';
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
import { applicantProblems } from './problems.js';
import {
  ageCountedOn,
  currentNotices,
  identitiesInProgramme,
  identityColumns,
  identityKey,
  lockIdentities,
  programmeWithOperators,
} from './repository.js';
import { sendFollowUpLink } from './intake.js';
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
 */
export async function applyAsGroup(
  deps: ApplicantsDeps,
  programmeId: string,
  request: ParsedGroupApplication,
  context: RequestContext,
): Promise<ApplicationReceipt> {
  const now = deps.clock.now();
  const identityKid = identityKeyInUse(deps.keys);
  const db = deps.database.db;
  const [earlier] = await db
    .select({ entryRef: applicants.entryRef })
    .from(applicants)
    .innerJoin(applicantGroups, eq(applicantGroups.id, applicants.groupId))
    .where(eq(applicantGroups.submissionId, request.submissionId));
  if (earlier) return { entryRef: earlier.entryRef, alreadyRecorded: true };

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
  const token = randomToken();
  return deps.database.transaction(async (tx) => {
    await holdIdentityKey(tx, deps.keys, identityKid);
    // The manager is not already a participant of a group of the programme (an applicant: the unique index).
    await lockIdentities(tx, programmeId, [identity.identityKey]);
    const [participant] = await tx
      .select({ id: groupParticipants.id })
      .from(groupParticipants)
      .innerJoin(applicantGroups, eq(applicantGroups.id, groupParticipants.groupId))
      .where(
        and(
          eq(groupParticipants.identityKey, identity.identityKey),
          eq(applicantGroups.programmeId, programmeId),
        ),
      );
    if (participant) throw applicantProblems.alreadyInProgramme();
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
      .returning();
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
        ...identity,
        groupId: group!.id,
        groupRole: 'manager',
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!manager) throw applicantProblems.alreadyApplied();
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
        applicantId: manager.id,
        kind,
        party: 'person' as const,
        noticeVersionId,
        channel: 'group' as const,
        givenAt: now,
      })),
    );
    await sendFollowUpLink(deps, tx, manager, token, now, found.programme.name);
    await recordAuditEvent(tx, {
      actor: 'anonymous',
      organisationId: request.operatorId,
      action: 'applicants.group.submitted',
      target: { table: 'applicant_groups', ids: [group!.id] },
      result: 'success',
      ...context,
      at: now,
    });
    return { entryRef: manager.entryRef, alreadyRecorded: false };
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
  if (!applicant.groupId || applicant.groupRole !== 'manager') throw applicantProblems.notAGroup();
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
  await deps.database.transaction(async (tx) => {
    await holdIdentityKey(tx, deps.keys, identityKid);
    await lockIdentities(tx, group!.programmeId, keys);
    const taken = await identitiesInProgramme(tx, group!.programmeId, keys, group!.id);
    const first = keys.findIndex((key) => taken.has(key));
    if (first >= 0) throw applicantProblems.participantInvalid(first, 'taken');
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
  });
}
