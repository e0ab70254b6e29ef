import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { BanDetail, BanInput, BanRemovalCause, BanSummary } from '../../../contracts/bans.js';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { isUniqueViolation, type Tx } from '../../platform/db/database.js';
import { banPhotos, banPurges, bans } from '../../platform/db/schema/index.js';
import { parisDate } from '../programmes/domain/paris-time.js';
import type { Acting, BansDeps } from './deps.js';
import type { BanPeriod } from './domain/ban-period.js';
import { validateBan } from './domain/ban-validation.js';
import { screeningFingerprint } from './domain/screening.js';
import { banProblems } from './problems.js';
import { lockScreening, rescreenForBans, type ScreeningActing } from './screening.js';
import { lapseCasesNoLongerFound, lapseCasesOfBans } from './screening-lapse.js';
import {
  banIdentityKey,
  decryptBan,
  detailView,
  encryptedColumns,
  findBan,
  hasPhoto,
  organiserContext,
  sameBanExists,
  summaryView,
} from './repository.js';

// The registry of one organiser, kept by its ban officers (AU-42, BAN-2 to BAN-4). Every change and deletion
// writes its audit entry in its own transaction (SEC-6); reads are recorded by the routes (`auditRead`). Each
// change first takes the organiser's exclusive screening lock (`screening.ts`, `lockScreening`): a ticket being
// issued meanwhile is screened against the registry as changed, or re-screened by the change once issued; and
// two changes of one registry (two imports of the same list) follow each other.

export const today = (deps: BansDeps) => parisDate(deps.clock.now());

export function auditChange(
  tx: Tx,
  deps: BansDeps,
  who: Acting,
  action: string,
  table: string,
  ids: string[],
) {
  return recordAuditEvent(tx, {
    actor: who.actor.userId,
    organisationId: who.actor.organisationId,
    action,
    target: { table, ids },
    result: 'success',
    requestId: who.requestId,
    sourceIp: who.sourceIp,
    at: deps.clock.now(),
  });
}

/** A ban officer as the screening's audit entries name them. */
export const screeningActor = (who: Acting): ScreeningActing => ({
  actor: who.actor.userId,
  organisationId: who.actor.organisationId,
  requestId: who.requestId,
  sourceIp: who.sourceIp,
});

/** Every ban of the registry, ended ones awaiting the purge included (shown as ended, without effect). */
export async function listBans(deps: BansDeps, organiserId: string): Promise<BanSummary[]> {
  const rows = await deps.database.db
    .select({ ban: bans, photo: banPhotos.banId })
    .from(bans)
    .leftJoin(banPhotos, eq(banPhotos.banId, bans.id))
    .where(eq(bans.organiserId, organiserId))
    .orderBy(asc(bans.endsOn), asc(bans.id));
  const day = today(deps);
  return rows.map((row) => summaryView(deps.cipher, row.ban, row.photo !== null, day));
}

export async function banDetail(deps: BansDeps, organiserId: string, banId: string): Promise<BanDetail> {
  const row = await findBan(deps.database.db, organiserId, banId);
  if (!row) throw banProblems.notFound();
  return detailView(deps.cipher, row, await hasPhoto(deps.database.db, banId), today(deps));
}

/** Checks the input as AU-42 and the organiser's events allow; throws the reason, nothing is stored. */
async function checkedBan(deps: BansDeps, organiserId: string, raw: unknown) {
  const verdict = validateBan(raw, await organiserContext(deps.database.db, organiserId, today(deps)));
  if (!verdict.ok) throw banProblems.refused(verdict.code, verdict.errors);
  return { ...verdict, key: banIdentityKey(deps.keys, verdict.input.identity) };
}

/** The same measure written by another request at the same moment (`bans_same_measure`). */
export function sameMeasureMeanwhile(error: unknown): never {
  throw isUniqueViolation(error) ? banProblems.alreadyRecorded() : error;
}

/** Writes a checked ban (by hand or from a list), encrypted, with its identity key. */
export async function insertBan(
  tx: Tx,
  deps: BansDeps,
  organiserId: string,
  ban: { id: string; input: BanInput; period: BanPeriod; key: ReturnType<typeof banIdentityKey> },
  who: Acting,
) {
  const [row] = await tx
    .insert(bans)
    .values({
      id: ban.id,
      organiserId,
      kind: ban.input.measure.kind,
      ...ban.period,
      ...encryptedColumns(deps.cipher, ban.id, ban.input),
      ...ban.key,
      createdBy: who.actor.userId,
      createdAt: deps.clock.now(),
      updatedAt: deps.clock.now(),
      revisedAt: deps.clock.now(),
    })
    .returning();
  return row!;
}

export async function createBan(
  deps: BansDeps,
  organiserId: string,
  raw: unknown,
  who: Acting,
): Promise<BanDetail> {
  const { input, period, key } = await checkedBan(deps, organiserId, raw);
  const id = randomUUID();
  const row = await deps.database
    .transaction(async (tx) => {
      await lockScreening(tx, [organiserId], 'exclusive');
      if (
        await sameBanExists(tx, organiserId, { ...key, kind: input.measure.kind, startsOn: period.startsOn })
      )
        throw banProblems.alreadyRecorded();
      const row = await insertBan(tx, deps, organiserId, { id, input, period, key }, who);
      await auditChange(tx, deps, who, 'bans.ban.created', 'bans', [id]);
      // BAN-6: the tickets already issued for the organiser's future events are screened against it.
      await rescreenForBans(tx, deps, [id], deps.clock.now(), screeningActor(who));
      return row;
    })
    .catch(sameMeasureMeanwhile);
  return detailView(deps.cipher, row, false, today(deps));
}

/** Replaces the whole record (a rectification, a new decision on appeal…), checked as at entry. */
export async function changeBan(
  deps: BansDeps,
  organiserId: string,
  banId: string,
  raw: unknown,
  who: Acting,
): Promise<BanDetail> {
  const { input, period, key } = await checkedBan(deps, organiserId, raw);
  const row = await deps.database
    .transaction(async (tx) => {
      await lockScreening(tx, [organiserId], 'exclusive');
      const current = await findBan(tx, organiserId, banId, true);
      if (!current) throw banProblems.notFound();
      if (
        await sameBanExists(
          tx,
          organiserId,
          { ...key, kind: input.measure.kind, startsOn: period.startsOn },
          banId,
        )
      )
        throw banProblems.alreadyRecorded();
      // A revision when what screening compares changed: a case dismissed before it is looked at again.
      const revised =
        screeningFingerprint({ ...decryptBan(deps.cipher, current), ...current }) !==
        screeningFingerprint({ ...input, ...period });
      const [row] = await tx
        .update(bans)
        .set({
          kind: input.measure.kind,
          ...period,
          // A judicial ban is never suspended: a change of kind ends a suspension.
          ...(input.measure.kind === 'judicial' ? { suspendedAt: null } : {}),
          ...encryptedColumns(deps.cipher, banId, input),
          ...key,
          updatedAt: deps.clock.now(),
          ...(revised ? { revisedAt: deps.clock.now() } : {}),
        })
        .where(eq(bans.id, banId))
        .returning();
      await auditChange(tx, deps, who, 'bans.ban.changed', 'bans', [banId]);
      // BAN-6: the pending cases the record as now written no longer finds (another period, venue or identity)
      // lapse, their waiting tickets sent; then it may match other holders (a rectified name, a longer measure).
      await lapseCasesNoLongerFound(tx, deps, { banIds: [banId] }, deps.clock.now(), screeningActor(who));
      await rescreenForBans(tx, deps, [banId], deps.clock.now(), screeningActor(who));
      return row!;
    })
    .catch(sameMeasureMeanwhile);
  return detailView(deps.cipher, row, await hasPhoto(deps.database.db, banId), today(deps));
}

/**
 * A court suspends an administrative order (AU-42 art. 4): the data stays, the ban has no effect until the
 * suspension is lifted — or the order annulled, which erases it.
 */
export async function setSuspension(
  deps: BansDeps,
  organiserId: string,
  banId: string,
  suspended: boolean,
  who: Acting,
): Promise<BanDetail> {
  const row = await deps.database.transaction(async (tx) => {
    await lockScreening(tx, [organiserId], 'exclusive');
    const current = await findBan(tx, organiserId, banId, true);
    if (!current) throw banProblems.notFound();
    if (current.kind !== 'administrative') throw banProblems.notSuspendable();
    if ((current.suspendedAt !== null) === suspended) throw banProblems.suspensionState(suspended);
    const [row] = await tx
      .update(bans)
      .set({ suspendedAt: suspended ? deps.clock.now() : null, updatedAt: deps.clock.now() })
      .where(eq(bans.id, banId))
      .returning();
    await auditChange(tx, deps, who, suspended ? 'bans.ban.suspended' : 'bans.ban.reinstated', 'bans', [
      banId,
    ]);
    // Suspended, it has no effect: its pending cases lapse (their tickets issued); reinstated, it screens again
    // and opens new cases (a lapsed case does not stand in the way), the live tickets valid until confirmed.
    if (suspended) await lapseCasesOfBans(tx, deps, [banId], deps.clock.now(), screeningActor(who));
    else await rescreenForBans(tx, deps, [banId], deps.clock.now(), screeningActor(who));
    return row!;
  });
  return detailView(deps.cipher, row, await hasPhoto(deps.database.db, banId), today(deps));
}

/**
 * A penalty overturned or amnestied, an order annulled (AU-42 art. 4): the ban and its photograph are deleted
 * at once; what remains is the audit entry and an anonymous count in `ban_purges`.
 */
export async function removeBan(
  deps: BansDeps,
  organiserId: string,
  banId: string,
  cause: BanRemovalCause,
  who: Acting,
): Promise<void> {
  await deps.database.transaction(async (tx) => {
    // A screening under way opens no case on a ban about to be deleted (nor fails on its missing row).
    await lockScreening(tx, [organiserId], 'exclusive');
    const current = await findBan(tx, organiserId, banId, true);
    if (!current) throw banProblems.notFound();
    const fits = current.kind === 'judicial' ? cause !== 'annulled' : cause === 'annulled';
    if (!fits) throw banProblems.causeDoesNotFit(current.kind);
    // Its pending cases lapse before the delete cascades them away; their waiting tickets are issued.
    await lapseCasesOfBans(tx, deps, [banId], deps.clock.now(), screeningActor(who));
    const photos = await tx
      .delete(banPhotos)
      .where(eq(banPhotos.banId, banId))
      .returning({ id: banPhotos.banId });
    await tx.delete(bans).where(eq(bans.id, banId));
    await tx
      .insert(banPurges)
      .values({ organiserId, at: deps.clock.now(), cause, bans: 1, photos: photos.length });
    await auditChange(tx, deps, who, `bans.ban.${cause}`, 'bans', [banId]);
  });
}
