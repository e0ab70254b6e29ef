import { sql } from 'drizzle-orm';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { selectRows, type Tx } from '../../platform/db/database.js';
import { releaseScreenedTicket } from '../tickets/screening-outcomes.js';
import { auditCases, type ScreeningActing } from './screening.js';

// A ban that ends, is deleted or suspended has no effect any more (BAN-3): its pending cases lapse — before the
// delete would cascade them away — and a ticket that was waiting on them alone is issued and sent.

/**
 * Lapses the pending cases of `banIds` (`lapsed`, decided now, by no one) and releases each ticket awaiting
 * its screening with no pending case left (`tickets/screening-outcomes.ts`: issued, signed, mailed). Audited
 * `bans.screening.lapsed`, naming the cases. Returns the tickets released.
 */
export async function lapseCasesOfBans(
  tx: Tx,
  deps: { keys: KeyStore; publicUrl: () => string },
  banIds: readonly string[],
  now: Date,
  who: ScreeningActing,
): Promise<string[]> {
  if (banIds.length === 0) return [];
  const lapsed = await selectRows<{ id: string; ticket_id: string; organiser_id: string }>(
    tx,
    sql`update ban_screening_cases set status = 'lapsed', decided_at = ${now.toISOString()}::timestamptz,
          decided_by = null
        where ban_id = any(${sql.param([...banIds])}::uuid[]) and status = 'pending'
        returning id, ticket_id, organiser_id`,
  );
  if (lapsed.length === 0) return [];
  await auditCases(tx, 'bans.screening.lapsed', lapsed, now, who);
  const waiting = await selectRows<{ id: string }>(
    tx,
    sql`select t.id from tickets t
        where t.id = any(${sql.param([...new Set(lapsed.map((row) => row.ticket_id))])}::text[])
          and t.status = 'screening'
          and not exists (select 1 from ban_screening_cases c where c.ticket_id = t.id and c.status = 'pending')
        order by t.id`,
  );
  const released: string[] = [];
  const acting = { ...who, userId: null };
  for (const { id } of waiting)
    if (await releaseScreenedTicket(tx, id, now, acting, deps.publicUrl(), deps.keys)) released.push(id);
  return released;
}
