import { and, inArray, isNull, lt, lte } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import {
  applicantGroups,
  applicantLinks,
  applicants,
  withdrawnConsents,
} from '../../platform/db/schema/index.js';
import { deleteMailAbout } from '../../platform/mail/outbox.js';
import { pendingCutoff } from './intake.js';
import { mailAbout } from './repository.js';

export const EXPIRY_JOB = 'applicants-expiry';
const SYSTEM = `system:${EXPIRY_JOB}`;
/** How long the anonymous proof of a withdrawn consent is kept: the five-year limitation period (C. civ. 2224). */
export const CONSENT_PROOF_YEARS = 5;
const BATCH = 1000;

/**
 * Deletes the online applications whose address was never confirmed (`PENDING_HOURS` after the form), with
 * their consents, their confirmation mails and, for a group's manager, the group; and the anonymous proofs of
 * withdrawn consents past their retention (SEC-4). Queries ignore an unconfirmed application anyway, so a late run gives it no effect.
 */
export async function purgeExpiredApplications(deps: {
  database: Database;
  clock: Clock;
}): Promise<{ applications: number; consentProofs: number }> {
  const now = deps.clock.now();
  let applications = 0;
  for (;;) {
    const deleted = await deps.database.transaction(async (tx) => {
      const expired = await tx
        .select({ id: applicants.id, groupId: applicants.groupId, groupRole: applicants.groupRole })
        .from(applicants)
        .where(and(isNull(applicants.confirmedAt), lte(applicants.createdAt, pendingCutoff(now))))
        .limit(BATCH);
      if (expired.length === 0) return 0;
      const ids = expired.map((row) => row.id);
      await tx.delete(applicants).where(inArray(applicants.id, ids));
      // A group's manager never confirmed: the group goes too (its participants with it, by cascade).
      const groupIds = expired.flatMap((row) =>
        row.groupRole === 'manager' && row.groupId ? [row.groupId] : [],
      );
      if (groupIds.length > 0) await tx.delete(applicantGroups).where(inArray(applicantGroups.id, groupIds));
      await deleteMailAbout(tx, ids.map(mailAbout));
      await recordAuditEvent(tx, {
        actor: SYSTEM,
        action: 'applicants.application.expired',
        target: { table: 'applicants', ids },
        result: 'success',
        at: now,
      });
      return expired.length;
    });
    applications += deleted;
    if (deleted < BATCH) break;
  }
  const proofCutoff = new Date(now);
  proofCutoff.setUTCFullYear(proofCutoff.getUTCFullYear() - CONSENT_PROOF_YEARS);
  const proofs = await deps.database.db
    .delete(withdrawnConsents)
    .where(lt(withdrawnConsents.withdrawnAt, proofCutoff))
    .returning({ id: withdrawnConsents.id });
  // Follow-up links past their 180 days (the data inventory's period for them).
  await deps.database.db.delete(applicantLinks).where(lte(applicantLinks.expiresAt, now));
  return { applications, consentProofs: proofs.length };
}
