import { sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { selectRows } from '../../platform/db/database.js';
import { banPurges } from '../../platform/db/schema/index.js';
import { parisDate } from '../programmes/domain/paris-time.js';
import type { BansDeps } from './deps.js';
import { answeredRequestsCutoff } from './domain/rights-request.js';
import { lapseCasesOfBans } from './screening-lapse.js';

export const BAN_PURGE_JOB = 'ban-purge';
const SYSTEM = `system:${BAN_PURGE_JOB}`;
const BATCH = 1_000;

export interface BanPurgeReport {
  at: string;
  bans: number;
  photos: number;
  /** Rights requests answered 12 months ago or more, deleted (BAN-5, SEC-4). */
  rightsRequests: number;
}

/**
 * The automatic purge (AU-42 art. 4, BAN-3, SEC-4): every ban whose last day is over is deleted with its
 * photograph, with no one acting. Each batch is one transaction that also writes, per organiser, an anonymous
 * `ban_purges` row (counts and instant) and one audit entry naming the deleted records by id. Idempotent: a run
 * stopped half-way leaves the rest to the next one — and meanwhile those bans already have no effect
 * (`in-force.ts`). Then the rights requests answered 12 months ago or more (BAN-5).
 */
export async function purgeEndedBans(deps: BansDeps): Promise<BanPurgeReport> {
  const now = deps.clock.now();
  const day = parisDate(now);
  const report: BanPurgeReport = { at: now.toISOString(), bans: 0, photos: 0, rightsRequests: 0 };
  for (;;) {
    const deleted = await deps.database.transaction(async (tx) => {
      const ended = (
        await selectRows<{ id: string }>(
          tx,
          sql`select id from bans where ends_on <= ${day}::date order by ends_on, id limit ${BATCH}
              for update skip locked`,
        )
      ).map((row) => row.id);
      // Their pending screening cases lapse first (the delete cascades them); waiting tickets are issued.
      await lapseCasesOfBans(tx, deps, ended, now, {
        actor: SYSTEM,
        organisationId: null,
        requestId: null,
        sourceIp: null,
      });
      const rows = await selectRows<{ id: string; organiser_id: string; photo: boolean }>(
        tx,
        sql`with photos as (delete from ban_photos where ban_id = any(${sql.param(ended)}::uuid[]) returning ban_id)
            delete from bans b where b.id = any(${sql.param(ended)}::uuid[])
            returning b.id, b.organiser_id, exists (select 1 from photos where photos.ban_id = b.id) as photo`,
      );
      const byOrganiser = new Map<string, { ids: string[]; photos: number }>();
      for (const row of rows) {
        const entry = byOrganiser.get(row.organiser_id) ?? { ids: [], photos: 0 };
        entry.ids.push(row.id);
        if (row.photo) entry.photos += 1;
        byOrganiser.set(row.organiser_id, entry);
      }
      for (const [organiserId, { ids, photos }] of byOrganiser) {
        await tx
          .insert(banPurges)
          .values({ organiserId, at: now, cause: 'expired', bans: ids.length, photos });
        await recordAuditEvent(tx, {
          actor: SYSTEM,
          organisationId: organiserId,
          action: 'bans.ban.purged',
          target: { table: 'bans', ids },
          result: 'success',
          at: now,
        });
        report.photos += photos;
      }
      return rows.length;
    });
    report.bans += deleted;
    if (deleted < BATCH) break;
  }
  report.rightsRequests = await purgeAnsweredRightsRequests(deps, now, day);
  return report;
}

/**
 * SEC-4: answered rights requests are deleted 12 months after their answer (on that Paris day), in batches,
 * each with one audit entry per organiser naming the deleted ids. Open requests stay until answered; a
 * request about a ban purged meanwhile has already lost its link (`ban_id` set null).
 */
async function purgeAnsweredRightsRequests(deps: BansDeps, now: Date, day: string): Promise<number> {
  const cutoff = answeredRequestsCutoff(day);
  let total = 0;
  for (;;) {
    const deleted = await deps.database.transaction(async (tx) => {
      const rows = await selectRows<{ id: string; organiser_id: string }>(
        tx,
        sql`delete from ban_rights_requests r using (
              select id from ban_rights_requests
              where status = 'answered' and answered_on <= ${cutoff}::date
              order by answered_on, id limit ${BATCH} for update skip locked) old
            where r.id = old.id
            returning r.id, r.organiser_id`,
      );
      for (const [organiserId, ids] of idsByOrganiser(rows))
        await recordAuditEvent(tx, {
          actor: SYSTEM,
          organisationId: organiserId,
          action: 'bans.rights.purged',
          target: { table: 'ban_rights_requests', ids },
          result: 'success',
          at: now,
        });
      return rows.length;
    });
    total += deleted;
    if (deleted < BATCH) return total;
  }
}

function idsByOrganiser(rows: readonly { id: string; organiser_id: string }[]): Map<string, string[]> {
  const byOrganiser = new Map<string, string[]>();
  for (const row of rows)
    byOrganiser.set(row.organiser_id, [...(byOrganiser.get(row.organiser_id) ?? []), row.id]);
  return byOrganiser;
}
