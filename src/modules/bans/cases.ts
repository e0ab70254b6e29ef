import { and, eq, ne, sql } from 'drizzle-orm';
import type { ScreeningCase, ScreeningCaseStatus } from '../../../contracts/bans.js';
import { selectRows, type Db, type Tx } from '../../platform/db/database.js';
import { banScreeningCases, bans, sportEvents } from '../../platform/db/schema/index.js';
import { parisDate } from '../programmes/domain/paris-time.js';
import { handOverSeat } from '../tickets/handover.js';
import { lockedTicket } from '../tickets/repository.js';
import { refuseScreenedTicket, releaseScreenedTicket } from '../tickets/screening-outcomes.js';
import type { TicketActing } from '../tickets/deps.js';
import type { Acting, BansDeps } from './deps.js';
import { addDays } from './domain/ban-period.js';
import { covers } from './domain/screening.js';
import { inForceAt } from './in-force.js';
import { banProblems } from './problems.js';
import { decryptBan } from './repository.js';
import { auditChange } from './registry.js';

// The screening cases of an organiser (BAN-6, BAN-4): a possible match between a ticket's holder and a ban in
// force, for a ban officer to decide. Found by the screening engine (at issuance: the ticket waits in
// `screening`; when a ban is added: the issued ticket stays valid meanwhile). Confirmed, the ticket is refused
// or revoked and its seat goes to the reserve list; dismissed, it is issued or stays as it is. Whatever the
// decision, the ticket's operator, holder and gate see its status alone: no case, ban or match.

/** The cases also send the holder's mail and sign a reserve's ticket. */
export interface CaseDeps extends BansDeps {
  publicUrl: () => string;
}

export interface CaseListQuery {
  status: ScreeningCaseStatus;
  /** The cases older than this one (the list is newest first), for the next page. */
  before?: string | undefined;
  limit: number;
}

/** What a revoked ticket's history says: nothing of a ban (the gate answers « révoqué »). */
const REVOKED = 'Révoqué après vérification';
/** Who the tickets' history names for a decision's effects. */
const VERIFICATION = 'system:verification';

interface CaseRow {
  id: string;
  status: ScreeningCaseStatus;
  trigger: 'issuance' | 'new_ban';
  match: 'exact' | 'close';
  created_at: string | Date;
  decided_at: string | Date | null;
  event_id: string;
  event_name: string;
  starts_at: string | Date;
  venue: string;
  ticket_id: string;
  ticket_status: string;
  birth_surname: string | null;
  first_names: string | null;
  birth_date: string | null;
  ban_id: string;
  has_photo: boolean;
}

const SELECT = sql`select c.id, c.status, c.trigger, c.match, c.created_at, c.decided_at,
    e.id as event_id, e.sport || ' — ' || e.discipline as event_name, e.starts_at, e.venue,
    t.id as ticket_id, t.status as ticket_status,
    a.birth_surname, a.first_names, a.birth_date::text as birth_date,
    c.ban_id, exists (select 1 from ban_photos p where p.ban_id = c.ban_id) as has_photo
  from ban_screening_cases c
  join tickets t on t.id = c.ticket_id
  join sport_events e on e.id = t.event_id
  left join applicants a on a.id = t.holder_applicant_id`;

const iso = (value: string | Date) => new Date(value).toISOString();

async function views(db: Db | Tx, deps: BansDeps, rows: CaseRow[]): Promise<ScreeningCase[]> {
  if (rows.length === 0) return [];
  const banRows = await db
    .select()
    .from(bans)
    .where(sql`${bans.id} = any(${sql.param([...new Set(rows.map((row) => row.ban_id))])}::uuid[])`);
  const byId = new Map(banRows.map((row) => [row.id, row]));
  return rows.map((row) => {
    const ban = byId.get(row.ban_id)!;
    const { identity } = decryptBan(deps.cipher, ban);
    return {
      id: row.id,
      status: row.status,
      trigger: row.trigger,
      match: row.match,
      createdAt: iso(row.created_at),
      decidedAt: row.decided_at === null ? null : iso(row.decided_at),
      event: { id: row.event_id, name: row.event_name, startsAt: iso(row.starts_at), venue: row.venue },
      ticket: { id: row.ticket_id, status: row.ticket_status },
      holder:
        row.birth_surname === null
          ? null
          : { surname: row.birth_surname, firstNames: row.first_names!, birthDate: row.birth_date! },
      ban: {
        id: ban.id,
        kind: ban.kind,
        surname: identity.surname,
        firstName: identity.firstName,
        birthDate: identity.birthDate,
        birthPlace: identity.birthPlace,
        startsOn: ban.startsOn,
        lastDay: addDays(ban.endsOn, -1),
        hasPhoto: row.has_photo,
      },
    };
  });
}

/** One page of the organiser's cases in `status`, newest first. */
export async function listCases(
  deps: BansDeps,
  organiserId: string,
  query: CaseListQuery,
): Promise<ScreeningCase[]> {
  const db = deps.database.db;
  const after = query.before
    ? sql`and (c.created_at, c.id) < (select b.created_at, b.id from ban_screening_cases b
               where b.id = ${query.before} and b.organiser_id = ${organiserId})`
    : sql``;
  const rows = await selectRows<CaseRow>(
    db,
    sql`${SELECT} where c.organiser_id = ${organiserId} and c.status = ${query.status} ${after}
        order by c.created_at desc, c.id desc limit ${query.limit}`,
  );
  return views(db, deps, rows);
}

async function oneCase(db: Db | Tx, deps: BansDeps, organiserId: string, caseId: string) {
  const rows = await selectRows<CaseRow>(
    db,
    sql`${SELECT} where c.id = ${caseId} and c.organiser_id = ${organiserId}`,
  );
  const [view] = await views(db, deps, rows);
  if (!view) throw banProblems.caseNotFound();
  return view;
}

export const caseDetail = (deps: BansDeps, organiserId: string, caseId: string) =>
  oneCase(deps.database.db, deps, organiserId, caseId);

type Decided = { lapsed: false; view: ScreeningCase } | { lapsed: true };

/**
 * A ban officer's decision on a pending case, all in one transaction. The ticket row is locked first, so two
 * decisions on cases of the same ticket follow each other (the last one to close sees no other pending case).
 * If the ban no longer covers the event, the case lapses instead (committed), then `409 case-lapsed`.
 */
export async function decideCase(
  deps: CaseDeps,
  organiserId: string,
  caseId: string,
  decision: 'confirm' | 'dismiss',
  acting: Acting,
): Promise<ScreeningCase> {
  const outcome = await deps.database.transaction(async (tx): Promise<Decided> => {
    const [found] = await tx
      .select({ ticketId: banScreeningCases.ticketId })
      .from(banScreeningCases)
      .where(and(eq(banScreeningCases.id, caseId), eq(banScreeningCases.organiserId, organiserId)));
    if (!found) throw banProblems.caseNotFound();
    const ticket = (await lockedTicket(tx, found.ticketId))!;
    const [screening] = await tx
      .select()
      .from(banScreeningCases)
      .where(eq(banScreeningCases.id, caseId))
      .for('update');
    if (!screening) throw banProblems.caseNotFound();
    if (screening.status !== 'pending') throw banProblems.caseAlreadyDecided(screening.status);

    const now = deps.clock.now();
    // The ticket's history and the operator's view name no ban officer (who would tell a ban was at stake): the
    // tickets' side is written as the verification's; the case's audit entry, same request id, names the officer.
    const who: TicketActing = {
      actor: VERIFICATION,
      userId: null,
      organisationId: null,
      requestId: acting.requestId,
      sourceIp: acting.sourceIp,
    };
    const [ban] = await tx
      .select()
      .from(bans)
      .where(and(eq(bans.id, screening.banId), inForceAt(now)))
      .for('share');
    const [event] = await tx.select().from(sportEvents).where(eq(sportEvents.id, ticket.eventId));
    // Query-time expiry (BAN-3): the ban in force today, and covering the event as it stands now.
    const stillCovers =
      ban !== undefined &&
      covers(
        {
          startsOn: ban.startsOn,
          endsOn: ban.endsOn,
          suspended: false,
          measure: decryptBan(deps.cipher, ban).measure,
        },
        { day: parisDate(event!.startsAt), venue: event!.venue, sport: event!.sport },
      );
    const close = (status: 'confirmed' | 'dismissed' | 'lapsed', others = false) =>
      tx
        .update(banScreeningCases)
        .set({ status, decidedAt: now, decidedBy: status === 'lapsed' ? null : acting.actor.userId })
        .where(
          others
            ? and(
                eq(banScreeningCases.ticketId, ticket.id),
                eq(banScreeningCases.status, 'pending'),
                ne(banScreeningCases.id, caseId),
              )
            : eq(banScreeningCases.id, caseId),
        )
        .returning({ id: banScreeningCases.id, banId: banScreeningCases.banId });
    const othersPending = async () =>
      (
        await tx
          .select({ id: banScreeningCases.id })
          .from(banScreeningCases)
          .where(
            and(
              eq(banScreeningCases.ticketId, ticket.id),
              eq(banScreeningCases.status, 'pending'),
              ne(banScreeningCases.id, caseId),
            ),
          )
      ).length > 0;
    const release = async () => {
      if (screening.trigger === 'issuance' && ticket.status === 'screening' && !(await othersPending()))
        await releaseScreenedTicket(tx, ticket.id, now, who, deps.publicUrl(), deps.keys);
    };
    const ids = [caseId, ticket.id, screening.banId];

    if (!stillCovers) {
      await close('lapsed');
      await release();
      await auditChange(tx, deps, acting, 'bans.case.lapsed', 'ban_screening_cases', ids);
      return { lapsed: true };
    }
    if (decision === 'dismiss') {
      await close('dismissed');
      await release();
      await auditChange(tx, deps, acting, 'bans.case.dismissed', 'ban_screening_cases', ids);
    } else {
      await close('confirmed');
      // The ticket is refused or revoked once for all: its other pending cases close with this decision.
      const others = await close('confirmed', true);
      if (ticket.status === 'screening')
        await refuseScreenedTicket(tx, ticket.id, now, who, deps.publicUrl(), deps.keys);
      else if (ticket.status === 'issued' || ticket.status === 'delivered')
        await handOverSeat(
          tx,
          ticket,
          'revoke',
          { reserve: true },
          { now, who, reason: REVOKED, publicUrl: deps.publicUrl(), keys: deps.keys },
        );
      await auditChange(tx, deps, acting, 'bans.case.confirmed', 'ban_screening_cases', [
        ...ids,
        ...others.flatMap((other) => [other.id, other.banId]),
      ]);
    }
    return { lapsed: false, view: await oneCase(tx, deps, organiserId, caseId) };
  });
  if (outcome.lapsed) throw banProblems.caseLapsed();
  return outcome.view;
}
