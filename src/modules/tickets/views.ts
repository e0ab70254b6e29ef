import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  MyTicket,
  OperatorTicket,
  TicketCounts,
  TicketHistory,
  TicketListQuery,
  TicketStatus,
} from '../../../contracts/tickets.js';
import { selectRows, type Db, type Tx } from '../../platform/db/database.js';
import { parisFromInstant } from '../programmes/domain/paris-time.js';
import type { TicketScope } from './deps.js';
import { withdrawalDeadline, withdrawalOpen, isLive } from './domain/lifecycle.js';
import { ticketProblems } from './problems.js';

// What the operator and the holder see of tickets. Operators see a group's name and manager, never its
// participants (TAJ-7); the holder sees the holder check the gate will compare with an ID.

interface Row {
  id: string;
  event_id: string;
  event: string;
  sport: string;
  venue: string;
  starts_at: string | Date;
  status: TicketStatus;
  origin: 'draw' | 'manual';
  draw_id: string | null;
  holder_kind: OperatorTicket['holderKind'];
  holder: string | null;
  entry_ref: string | null;
  issued_at: string | Date;
  ended_at: string | Date | null;
  reassigned_from: string | null;
  holder_check: string | null;
  valid_from: string | Date;
  valid_until: string | Date;
}

const iso = (value: string | Date) => new Date(value).toISOString();

const SELECT = sql`select t.id, t.event_id, e.code as event, e.sport, e.venue, e.starts_at, t.status, t.origin,
    t.draw_id, t.holder_kind, t.holder_check, t.valid_from, t.valid_until, t.issued_at, t.ended_at,
    t.reassigned_from, a.entry_ref,
    case when a.id is null then null
         when t.holder_kind = 'group' then coalesce(g.name, 'Groupe') || ' — ' || a.first_names || ' ' || a.birth_surname
         else a.first_names || ' ' || a.birth_surname end as holder
  from tickets t
  join sport_events e on e.id = t.event_id
  left join applicants a on a.id = t.holder_applicant_id
  left join applicant_groups g on g.id = t.holder_group_id`;

const eventFields = (row: Row) => ({
  eventId: row.event_id,
  event: row.event,
  sport: row.sport,
  venue: row.venue,
  startsAt: iso(row.starts_at),
  startsAtParis: parisFromInstant(new Date(row.starts_at)),
});

export function operatorTicket(row: Row): OperatorTicket {
  return {
    id: row.id,
    ...eventFields(row),
    status: row.status,
    origin: row.origin,
    drawId: row.draw_id,
    holderKind: row.holder_kind,
    holder: row.holder,
    holderEntryRef: row.entry_ref,
    issuedAt: iso(row.issued_at),
    endedAt: row.ended_at ? iso(row.ended_at) : null,
    reassignedFrom: row.reassigned_from,
  };
}

const scopeFilter = (scope: TicketScope): SQL =>
  'operatorId' in scope ? sql`t.operator_id = ${scope.operatorId}` : sql`true`;

/** The tickets the caller reaches, by id, filtered by event and status, one page. */
export async function listTickets(
  db: Db,
  scope: TicketScope,
  query: z.infer<typeof TicketListQuery>,
): Promise<OperatorTicket[]> {
  const rows = await selectRows<Row>(
    db,
    sql`${SELECT} where ${scopeFilter(scope)}
          ${query.eventId ? sql`and t.event_id = ${query.eventId}` : sql``}
          ${query.status ? sql`and t.status = ${query.status}` : sql``}
          ${query.after ? sql`and t.id > ${query.after}` : sql``}
        order by t.id limit ${query.limit}`,
  );
  return rows.map(operatorTicket);
}

export async function operatorTicketById(db: Db | Tx, ticketId: string): Promise<OperatorTicket> {
  const [row] = await selectRows<Row>(db, sql`${SELECT} where t.id = ${ticketId}`);
  if (!row) throw ticketProblems.notFound();
  return operatorTicket(row);
}

/** Tickets per event and status in the caller's scope (no personal data). */
export async function ticketCounts(db: Db, scope: TicketScope): Promise<z.infer<typeof TicketCounts>> {
  const rows = await selectRows<{ event_id: string; event: string; status: TicketStatus; count: number }>(
    db,
    sql`select t.event_id, e.code as event, t.status, count(*)::int as count
        from tickets t join sport_events e on e.id = t.event_id
        where ${scopeFilter(scope)}
        group by t.event_id, e.code, e.starts_at, t.status
        order by e.starts_at, e.code, t.status`,
  );
  return rows.map((row) => ({
    eventId: row.event_id,
    event: row.event,
    status: row.status,
    count: row.count,
  }));
}

/** A ticket's history, oldest first, if the caller reaches it. */
export async function ticketHistory(
  db: Db,
  scope: TicketScope,
  ticketId: string,
): Promise<z.infer<typeof TicketHistory>> {
  const [reached] = await selectRows<{ id: string }>(
    db,
    sql`select t.id from tickets t where t.id = ${ticketId} and ${scopeFilter(scope)}`,
  );
  if (!reached) throw ticketProblems.notFound();
  const rows = await selectRows<{
    at: string | Date;
    actor: string;
    from_status: TicketStatus | null;
    to_status: TicketStatus;
    reason: string;
    related_ticket_id: string | null;
  }>(
    db,
    sql`select at, actor, from_status, to_status, reason, related_ticket_id from ticket_events
        where ticket_id = ${ticketId} order by id`,
  );
  return rows.map((row) => ({
    at: iso(row.at),
    actor: row.actor,
    from: row.from_status,
    to: row.to_status,
    reason: row.reason,
    relatedTicketId: row.related_ticket_id,
  }));
}

/** Who an application link speaks for: the person, their carer pair, or the group they manage. */
export interface LinkHolder {
  applicantId: string;
  carerPairId: string | null;
  managedGroupId: string | null;
}

export const heldThroughLink = (holder: LinkHolder): SQL =>
  sql`(t.holder_applicant_id = ${holder.applicantId}
       ${holder.managedGroupId ? sql`or t.holder_group_id = ${holder.managedGroupId}` : sql``}
       ${
         holder.carerPairId
           ? sql`or t.holder_applicant_id in (select id from applicants where carer_pair_id = ${holder.carerPairId})`
           : sql``
       })`;

export function myTicket(row: Row, now: Date): MyTicket {
  const startsAt = new Date(row.starts_at);
  const deadline = withdrawalDeadline(startsAt).shown;
  return {
    id: row.id,
    ...eventFields(row),
    status: row.status,
    holderKind: row.holder_kind,
    holderCheck: row.holder_check,
    validFrom: iso(row.valid_from),
    validUntil: iso(row.valid_until),
    withdrawalDeadline: deadline.toISOString(),
    withdrawalDeadlineParis: parisFromInstant(deadline),
    canWithdraw: isLive(row.status) && withdrawalOpen(startsAt, now),
  };
}

/** The tickets an application link reaches, by event start then id. */
export async function myTickets(
  db: Db | Tx,
  holder: LinkHolder,
  now: Date,
  ticketId?: string,
): Promise<MyTicket[]> {
  const rows = await selectRows<Row>(
    db,
    sql`${SELECT} where ${heldThroughLink(holder)} ${ticketId ? sql`and t.id = ${ticketId}` : sql``}
        order by e.starts_at, t.id`,
  );
  return rows.map((row) => myTicket(row, now));
}
