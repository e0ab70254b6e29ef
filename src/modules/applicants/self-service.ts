import { and, eq, gt, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { MyApplication, NoticeVersion, PostGamesContactRequest } from '../../../contracts/applicants.js';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { randomToken, tokenHash } from '../../platform/crypto/tokens.js';
import type { Tx } from '../../platform/db/database.js';
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
  withdrawnConsents,
} from '../../platform/db/schema/index.js';
import { deleteMailAbout } from '../../platform/mail/outbox.js';
import { parisDate } from '../programmes/domain/paris-time.js';
import type { Acting, ApplicantsDeps, ErasureContext, RequestContext } from './deps.js';
import type { Identity } from './domain/identity.js';
import { eventChoicesView, myDrawEntries } from './choices.js';
import { sendFollowUpLink } from './intake.js';
import { consentRule, missingConsents, type ConsentParty } from './domain/consent.js';
import { applicantProblems } from './problems.js';
import { consentRecords, currentNotices, identityKey, mailAbout } from './repository.js';

/** The application a follow-up link opens, or a clear refusal (expired, unknown, withdrawn). */
export async function applicationByToken(deps: Pick<ApplicantsDeps, 'database' | 'clock'>, token: string) {
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

/**
 * What a person sees of their own application: identity, consents, group (for its manager), their ranking of
 * events, and the frozen draws they are in — entry id, and after the run their outcome.
 */
export async function myApplication(deps: ApplicantsDeps, token: string): Promise<MyApplication> {
  const { applicant } = await applicationByToken(deps, token);
  const db = deps.database.db;
  const [context] = await db
    .select({ programme: programmes.name, operator: organisations.name })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, applicant.operatorId))
    .where(eq(programmes.id, applicant.programmeId));
  const consents = await consentRecords(db, applicant);
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
    consents,
    group,
    postGamesContact: consents.some(
      (consent) => consent.kind === 'post_games_contact' && consent.withdrawnAt === null,
    ),
    postGamesNotice: (await currentNotices(db, deps.clock.now())).get('post_games_contact') ?? null,
    postGamesConsentParties: [
      ...(consentRule(applicant.birthDate, parisDate(deps.clock.now()))?.required ?? ['person']),
    ],
    eventChoices: await eventChoicesView(db, applicant, deps.clock.now()),
    draws: await myDrawEntries(db, applicant.id),
  };
}

/**
 * Withdrawing consent (TAJ-5): as simple as giving it, one step. The application is cancelled and the
 * person's data erased at once — with a group, its participants too; with a carer, the pair — and so are the
 * mails about it still in the outbox (their addresses and personal links). What remains: an audit entry naming
 * the record's id, never its content, and an anonymous proof of each consent that was given then withdrawn
 * (text version, dates, channel; `withdrawn_consents`), so that the operator can show the processing was
 * lawful while it lasted.
 */
export async function withdrawApplication(
  deps: ApplicantsDeps,
  token: string,
  context: RequestContext,
): Promise<void> {
  const { applicant } = await applicationByToken(deps, token);
  const now = deps.clock.now();
  await deps.database.transaction(async (tx) => {
    await eraseApplication(deps, tx, applicant, {
      now,
      cause: 'consent_withdrawn',
      who: {
        actor: `applicant:${applicant.entryRef}`,
        userId: null,
        organisationId: applicant.operatorId,
        ...context,
      },
    });
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

/**
 * Erases an application in a transaction: the person, with a carer the pair, with a group's manager the group
 * and its participants, the mails about them; keeps an anonymous proof of each consent (`withdrawn_consents`).
 */
async function eraseApplication(
  deps: ApplicantsDeps,
  tx: Tx,
  applicant: typeof applicants.$inferSelect,
  erasure: ErasureContext,
): Promise<void> {
  const { now } = erasure;
  // A person and their carer were applied for together, on one form and one address: the pair goes together.
  const erased = await tx
    .select()
    .from(applicants)
    .where(
      applicant.carerPairId
        ? or(eq(applicants.id, applicant.id), eq(applicants.carerPairId, applicant.carerPairId))
        : eq(applicants.id, applicant.id),
    );
  const ids = erased.map((row) => row.id);
  // Their live tickets end first, their seats handed over like a withdrawal's: no ticket is left without holder.
  await deps.endTicketsOfErased(tx, ids, erasure);
  // Every consent, recorded or derived from an import's attestation (decision 0005), leaves its proof.
  const consents = (await Promise.all(erased.map((row) => consentRecords(tx, row)))).flat();
  if (consents.length > 0)
    await tx.insert(withdrawnConsents).values(
      consents.map((consent) => ({
        programmeId: applicant.programmeId,
        operatorId: applicant.operatorId,
        kind: consent.kind,
        party: consent.party,
        noticeVersionId: consent.noticeVersionId,
        channel: consent.channel,
        givenAt: new Date(consent.givenAt),
        withdrawnAt: consent.withdrawnAt ? new Date(consent.withdrawnAt) : now,
      })),
    );
  if (applicant.groupId && applicant.groupRole === 'manager') {
    // The participants' consents, attested by the manager, leave their proof too.
    const attested = await tx
      .select({ consent: groupParticipantConsents })
      .from(groupParticipantConsents)
      .innerJoin(groupParticipants, eq(groupParticipants.id, groupParticipantConsents.participantId))
      .where(eq(groupParticipants.groupId, applicant.groupId));
    if (attested.length > 0)
      await tx.insert(withdrawnConsents).values(
        attested.map(({ consent }) => ({
          programmeId: applicant.programmeId,
          operatorId: applicant.operatorId,
          kind: 'data_processing' as const,
          party: consent.party,
          noticeVersionId: consent.noticeVersionId,
          channel: 'group' as const,
          givenAt: consent.givenAt,
          withdrawnAt: now,
        })),
      );
  }
  await tx.delete(applicants).where(inArray(applicants.id, ids));
  if (applicant.groupId && applicant.groupRole === 'manager')
    await tx.delete(applicantGroups).where(eq(applicantGroups.id, applicant.groupId));
  await deleteMailAbout(tx, ids.map(mailAbout));
}

/**
 * The separate opt-in for after the Games (TAJ-20), and the right to object to it at any time. Opting in names
 * the version of the text the page showed, which must be the one in force; for a minor the legal
 * representative consents, under 15 the child too (article 45, `consentRule`). Objecting needs nothing.
 */
export async function setPostGamesContact(
  deps: ApplicantsDeps,
  token: string,
  request: PostGamesContactRequest,
  context: RequestContext,
): Promise<void> {
  const { applicant } = await applicationByToken(deps, token);
  const now = deps.clock.now();
  const consent = request.consent;
  let parties: readonly ConsentParty[] = [];
  let notice: NoticeVersion | undefined;
  if (consent) {
    notice = (await currentNotices(deps.database.db, now)).get('post_games_contact');
    if (!notice || request.noticeVersionId !== notice.id) throw applicantProblems.noticeOutdated();
    const rule = consentRule(applicant.birthDate, parisDate(now));
    if (!rule) throw applicantProblems.invalidBirthDate();
    const given: ConsentParty[] = [
      ...(request.parties?.person ? (['person'] as const) : []),
      ...(request.parties?.representative && request.representative ? (['representative'] as const) : []),
    ];
    const missing = missingConsents(rule, given);
    if (missing.length > 0) throw applicantProblems.consentMissing(missing, rule.age);
    parties = rule.required;
  }
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
    if (consent && active.length === 0)
      await tx.insert(applicantConsents).values(
        parties.map((party) => ({
          applicantId: applicant.id,
          kind: 'post_games_contact' as const,
          party,
          noticeVersionId: notice!.id,
          channel: 'applicant_page' as const,
          signedName: party === 'representative' ? request.representative!.fullName : null,
          givenAt: now,
        })),
      );
    if (!consent && active.length > 0)
      await tx
        .update(applicantConsents)
        .set({ withdrawnAt: now })
        .where(
          and(
            eq(applicantConsents.applicantId, applicant.id),
            eq(applicantConsents.kind, 'post_games_contact'),
            isNull(applicantConsents.withdrawnAt),
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

/**
 * An operator erases one of its applicants (GDPR art. 17: the person asked it of the operator, e.g. an imported
 * pupil's parent by letter; or a line imported by mistake), exactly as a withdrawal would: the pair or the group
 * goes with it and an anonymous proof of each consent stays. Audited with the staff member and the reason.
 */
export async function eraseApplicantForOperator(
  deps: ApplicantsDeps,
  operatorId: string,
  applicantId: string,
  reason: 'person_request' | 'recorded_in_error',
  who: Acting,
): Promise<void> {
  const now = deps.clock.now();
  await deps.database.transaction(async (tx) => {
    const [applicant] = await tx
      .select()
      .from(applicants)
      .where(
        and(
          eq(applicants.id, applicantId),
          eq(applicants.operatorId, operatorId),
          isNotNull(applicants.confirmedAt),
          // A participant is not the operator's to see: erasing goes through their group's manager.
          or(isNull(applicants.groupRole), eq(applicants.groupRole, 'manager')),
        ),
      );
    if (!applicant) throw applicantProblems.notFound({ fr: 'Ce candidat', en: 'This applicant' });
    await eraseApplication(deps, tx, applicant, {
      now,
      cause: reason,
      who: {
        actor: who.actor.userId,
        userId: who.actor.userId,
        organisationId: operatorId,
        requestId: who.requestId,
        sourceIp: who.sourceIp,
      },
    });
    await recordAuditEvent(tx, {
      actor: who.actor.userId,
      organisationId: operatorId,
      // The reason is in the action's name: the audit entry holds references, never free text.
      action:
        reason === 'person_request'
          ? 'applicants.application.erased-on-request'
          : 'applicants.application.erased-in-error',
      target: { table: 'applicants', ids: [applicant.id] },
      result: 'success',
      requestId: who.requestId,
      sourceIp: who.sourceIp,
      at: now,
    });
  });
}

/**
 * A person asks for their follow-up link again — an imported person never had one, a mail gets lost. They give
 * their identity and address; for each confirmed application with that identity key and that address, a new
 * link goes to the address, at most once an hour. The answer is the same in every case, so that nobody learns
 * from it whether a person applied.
 */
export async function requestFollowUpLinks(
  deps: ApplicantsDeps,
  request: { person: Identity; email: string },
  context: RequestContext,
): Promise<void> {
  const now = deps.clock.now();
  const key = identityKey(deps.keys, request.person);
  const address = request.email.trim().toLowerCase();
  const found = await deps.database.db
    .select({ applicant: applicants, programme: programmes.name })
    .from(applicants)
    .innerJoin(programmes, eq(programmes.id, applicants.programmeId))
    .where(
      and(
        eq(applicants.identityKey, key),
        isNotNull(applicants.confirmedAt),
        sql`lower(${applicants.email}) = ${address}`,
      ),
    );
  const sent: string[] = [];
  for (const { applicant, programme } of found) {
    const [recent] = await deps.database.db
      .select({ createdAt: applicantLinks.createdAt })
      .from(applicantLinks)
      .where(
        and(
          eq(applicantLinks.applicantId, applicant.id),
          gt(applicantLinks.createdAt, new Date(now.getTime() - LINK_REQUEST_INTERVAL_MS)),
        ),
      );
    if (recent) continue;
    await deps.database.transaction((tx) =>
      sendFollowUpLink(deps, tx, applicant, randomToken(), now, programme),
    );
    sent.push(applicant.id);
  }
  await recordAuditEvent(deps.database.db, {
    actor: 'anonymous',
    organisationId: null,
    action: 'applicants.link.requested',
    target: { table: 'applicants', ids: sent },
    result: 'success',
    ...context,
    at: now,
  });
}

const LINK_REQUEST_INTERVAL_MS = 3_600_000;
