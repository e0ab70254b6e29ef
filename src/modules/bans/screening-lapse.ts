import { sql, type SQL } from 'drizzle-orm';
import type { KeyStore } from '../../platform/crypto/keystore.js';
import { selectRows, type Tx } from '../../platform/db/database.js';
import { releaseScreenedTicket } from '../tickets/screening-outcomes.js';
import { covers, matchKind } from './domain/screening.js';
import {
  auditCases,
  loadedBans,
  lockScreening,
  rescreenEvents,
  screenedEvent,
  TICKET_PERSON,
  type ScreeningActing,
} from './screening.js';

// A ban that ends, is deleted or suspended has no effect any more (BAN-3): its pending cases lapse — before the
// delete would cascade them away — and a ticket that was waiting on them alone is issued and sent. So do the
// cases a ban no longer finds once changed, and those of an event that changed organiser.

type LapseDeps = { keys: KeyStore; publicUrl: () => string };

/**
 * Lapses the pending cases `where` selects (`lapsed`, decided now, by no one) and releases each ticket awaiting
 * its screening with no pending case left (`tickets/screening-outcomes.ts`: issued, signed, mailed). Audited
 * `bans.screening.lapsed`, naming the cases. Returns the tickets released.
 */
async function lapseCases(
  tx: Tx,
  deps: LapseDeps,
  where: SQL,
  now: Date,
  who: ScreeningActing,
): Promise<string[]> {
  const lapsed = await selectRows<{ id: string; ticket_id: string; organiser_id: string }>(
    tx,
    sql`update ban_screening_cases set status = 'lapsed', decided_at = ${now.toISOString()}::timestamptz,
          decided_by = null
        where status = 'pending' and ${where}
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

/** Lapses the pending cases of `banIds` (the bans end, are deleted or suspended). Returns the tickets released. */
export async function lapseCasesOfBans(
  tx: Tx,
  deps: LapseDeps,
  banIds: readonly string[],
  now: Date,
  who: ScreeningActing,
): Promise<string[]> {
  if (banIds.length === 0) return [];
  return lapseCases(tx, deps, sql`ban_id = any(${sql.param([...banIds])}::uuid[])`, now, who);
}

/**
 * Lapses the pending cases of `scope` (a ban just changed, or events whose organiser changed) that screening
 * would no longer open as things now stand: the event no longer the ban's organiser's, the ban no longer
 * covering it (suspended, another period, venue or type of event), or its holder no longer a possible match of
 * the identity it names (`matchKind`). A case whose holder is no longer known stays for the officer. Returns
 * the tickets released.
 */
export async function lapseCasesNoLongerFound(
  tx: Tx,
  deps: LapseDeps,
  scope: { banIds: readonly string[] } | { eventIds: readonly string[] },
  now: Date,
  who: ScreeningActing,
): Promise<string[]> {
  const inScope =
    'banIds' in scope
      ? sql`c.ban_id = any(${sql.param([...scope.banIds])}::uuid[])`
      : sql`t.event_id = any(${sql.param([...scope.eventIds])}::uuid[])`;
  const pending = await selectRows<{
    id: string;
    ban_id: string;
    organiser_id: string;
    event_organiser_id: string | null;
    venue: string;
    sport: string;
    starts_at: string | Date;
    birth_surname: string | null;
    first_names: string | null;
    birth_date: string | null;
  }>(
    tx,
    sql`select c.id, c.ban_id, c.organiser_id, e.organiser_id as event_organiser_id, e.venue, e.sport,
          e.starts_at, p.birth_surname, p.first_names, p.birth_date::text
        from ban_screening_cases c
        join tickets t on t.id = c.ticket_id
        join sport_events e on e.id = t.event_id
        left join ${TICKET_PERSON} on true
        where c.status = 'pending' and ${inScope}
        order by c.id`,
  );
  if (pending.length === 0) return [];
  const bans = new Map(
    (
      await loadedBans(
        tx,
        deps.keys,
        sql`b.id = any(${sql.param([...new Set(pending.map((c) => c.ban_id))])}::uuid[])`,
      )
    ).map((ban) => [ban.id, ban]),
  );
  const gone = pending.filter((row) => {
    const ban = bans.get(row.ban_id);
    if (!ban || row.event_organiser_id !== row.organiser_id || !covers(ban.ban, screenedEvent(row)))
      return true;
    if (row.birth_surname === null || row.first_names === null || row.birth_date === null) return false;
    const person = {
      birthSurname: row.birth_surname,
      firstNames: row.first_names,
      birthDate: row.birth_date,
    };
    return matchKind(person, ban.identity) === null;
  });
  if (gone.length === 0) return [];
  return lapseCases(tx, deps, sql`id = any(${sql.param(gone.map((row) => row.id))}::uuid[])`, now, who);
}

/**
 * An event's organiser changed (`programmes/events.ts`, `setEventOrganiser`, through `ProgrammesDeps`): under
 * both organisers' exclusive screening lock, its live and waiting tickets are screened against the new
 * organiser's bans first — a waiting ticket they may match keeps waiting, rather than being sent and then
 * called back —, then the event's pending cases of the old organiser lapse, releasing the tickets left with no
 * pending case.
 */
export async function rescreenAfterOrganiserChange(
  tx: Tx,
  deps: LapseDeps,
  change: { eventId: string; from: string | null; to: string | null },
  now: Date,
  who: ScreeningActing,
): Promise<void> {
  if (change.from === change.to) return;
  await lockScreening(tx, [change.from, change.to], 'exclusive');
  await rescreenEvents(tx, deps, [change.eventId], now, who);
  await lapseCasesNoLongerFound(tx, deps, { eventIds: [change.eventId] }, now, who);
}
