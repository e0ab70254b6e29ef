import { and, eq, gt, isNull } from 'drizzle-orm';
import type { MyApplication } from '../../../contracts/applicants.js';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { tokenHash } from '../../platform/crypto/tokens.js';
import {
  applicantConsents,
  applicantGroups,
  applicantLinks,
  applicants,
  groupParticipantConsents,
  groupParticipants,
  noticeVersions,
  organisations,
  programmes,
} from '../../platform/db/schema/index.js';
import type { ApplicantsDeps, RequestContext } from './deps.js';
import { applicantProblems } from './problems.js';
import { currentNotices } from './repository.js';

/** The application a follow-up link opens, or a clear refusal (expired, unknown, withdrawn). */
export async function applicationByToken(deps: ApplicantsDeps, token: string) {
  const [found] = await deps.database.db
    .select({ applicant: applicants })
    .from(applicantLinks)
    .innerJoin(applicants, eq(applicants.id, applicantLinks.applicantId))
    .where(
      and(eq(applicantLinks.tokenHash, tokenHash(token)), gt(applicantLinks.expiresAt, deps.clock.now())),
    );
  if (!found) throw applicantProblems.linkInvalid();
  return found;
}

/** What a person sees of their own application: identity, consents, group (for its manager). */
export async function myApplication(deps: ApplicantsDeps, token: string): Promise<MyApplication> {
  const { applicant } = await applicationByToken(deps, token);
  const db = deps.database.db;
  const [context] = await db
    .select({ programme: programmes.name, operator: organisations.name })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, applicant.operatorId))
    .where(eq(programmes.id, applicant.programmeId));
  const consents = await db
    .select({ consent: applicantConsents, notice: noticeVersions })
    .from(applicantConsents)
    .innerJoin(noticeVersions, eq(noticeVersions.id, applicantConsents.noticeVersionId))
    .where(eq(applicantConsents.applicantId, applicant.id));
  let group: MyApplication['group'] = null;
  if (applicant.groupId && applicant.groupRole === 'manager') {
    const [row] = await db.select().from(applicantGroups).where(eq(applicantGroups.id, applicant.groupId));
    const participants = await db
      .select()
      .from(groupParticipants)
      .where(eq(groupParticipants.groupId, applicant.groupId))
      .orderBy(groupParticipants.birthSurname);
    const attested = await db
      .select({ consent: groupParticipantConsents, notice: noticeVersions })
      .from(groupParticipantConsents)
      .innerJoin(groupParticipants, eq(groupParticipants.id, groupParticipantConsents.participantId))
      .innerJoin(noticeVersions, eq(noticeVersions.id, groupParticipantConsents.noticeVersionId))
      .where(eq(groupParticipants.groupId, applicant.groupId))
      .orderBy(groupParticipantConsents.id);
    group = {
      name: row!.name,
      size: row!.size,
      mobilityNeeds: row!.mobilityNeeds,
      participants: participants.map((participant) => ({
        id: participant.id,
        birthSurname: participant.birthSurname,
        firstNames: participant.firstNames,
        birthDate: participant.birthDate,
        consents: attested
          .filter(({ consent }) => consent.participantId === participant.id)
          .map(({ consent, notice }) => ({
            party: consent.party,
            noticeVersionId: notice.id,
            noticeVersion: `${notice.kind} v${notice.version}`,
            givenAt: consent.givenAt.toISOString(),
          })),
      })),
      privacyNotice: (await currentNotices(db, deps.clock.now())).get('privacy_notice')!,
    };
  }
  return {
    entryRef: applicant.entryRef,
    programmeName: context!.programme,
    operatorName: context!.operator,
    person: {
      birthSurname: applicant.birthSurname,
      firstNames: applicant.firstNames,
      birthDate: applicant.birthDate,
    },
    email: applicant.email,
    consents: consents.map(({ consent, notice }) => ({
      kind: consent.kind,
      party: consent.party,
      channel: consent.channel,
      noticeVersion: `${notice.kind} v${notice.version}`,
      noticeSha256: notice.sha256,
      givenAt: consent.givenAt.toISOString(),
      withdrawnAt: consent.withdrawnAt?.toISOString() ?? null,
    })),
    group,
    postGamesContact: consents.some(
      ({ consent }) => consent.kind === 'post_games_contact' && consent.withdrawnAt === null,
    ),
  };
}

/**
 * Withdrawing consent (TAJ-5): as simple as giving it, one step. The application is cancelled and the
 * person's data erased at once — with a group, its participants too; with a carer, the pair. What remains is an audit entry naming the record's id, never its content.
 */
export async function withdrawApplication(
  deps: ApplicantsDeps,
  token: string,
  context: RequestContext,
): Promise<void> {
  const { applicant } = await applicationByToken(deps, token);
  const now = deps.clock.now();
  await deps.database.transaction(async (tx) => {
    await tx.delete(applicants).where(eq(applicants.id, applicant.id));
    if (applicant.groupId && applicant.groupRole === 'manager')
      await tx.delete(applicantGroups).where(eq(applicantGroups.id, applicant.groupId));
    // A person and their carer were applied for together, on one form and one address: the pair goes together.
    if (applicant.carerPairId)
      await tx.delete(applicants).where(eq(applicants.carerPairId, applicant.carerPairId));
    await recordAuditEvent(tx, {
      actor: `applicant:${applicant.entryRef}`,
      organisationId: applicant.operatorId,
      action: 'applicants.application.withdrawn',
      target: { table: 'applicants', ids: [applicant.id] },
      result: 'success',
      ...context,
      at: now,
    });
  });
}

/** The separate opt-in for after the Games (TAJ-20), and the right to object to it at any time. */
export async function setPostGamesContact(
  deps: ApplicantsDeps,
  token: string,
  consent: boolean,
  context: RequestContext,
): Promise<void> {
  const { applicant } = await applicationByToken(deps, token);
  const now = deps.clock.now();
  await deps.database.transaction(async (tx) => {
    const active = await tx
      .select()
      .from(applicantConsents)
      .where(
        and(
          eq(applicantConsents.applicantId, applicant.id),
          eq(applicantConsents.kind, 'post_games_contact'),
          isNull(applicantConsents.withdrawnAt),
        ),
      );
    if (consent && active.length === 0) {
      const notice = (await currentNotices(tx, now)).get('post_games_contact')!;
      await tx.insert(applicantConsents).values({
        applicantId: applicant.id,
        kind: 'post_games_contact',
        party: 'person',
        noticeVersionId: notice.id,
        channel: 'applicant_page',
        givenAt: now,
      });
    }
    if (!consent && active.length > 0)
      await tx
        .update(applicantConsents)
        .set({ withdrawnAt: now })
        .where(
          and(
            eq(applicantConsents.applicantId, applicant.id),
            eq(applicantConsents.kind, 'post_games_contact'),
          ),
        );
    await recordAuditEvent(tx, {
      actor: `applicant:${applicant.entryRef}`,
      organisationId: applicant.operatorId,
      action: consent ? 'applicants.contact.opted-in' : 'applicants.contact.objected',
      target: { table: 'applicants', ids: [applicant.id] },
      result: 'success',
      ...context,
      at: now,
    });
  });
}
