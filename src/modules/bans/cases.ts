import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
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
import { banProblems } from './problems.js';
import { lockScreening } from './screening.js';
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
  holder_id: string | null;
  birth_surname: string | null;
  first_names: string | null;
  birth_date: string | null;
  ban_id: string;
  has_photo: boolean;
}

// The holder whose identity a case shows: the ticket's person (a carer pair's: the one of that ticket) as their
// application names them; for a group seat, the participant its manager named (none until named) — never the
// manager, whose application the ticket points at.
const SELECT = sql`select c.id, c.status, c.trigger, c.match, c.created_at, c.decided_at,
    e.id as event_id, e.sport || ' — ' || e.discipline as event_name, e.starts_at, e.venue,
    t.id as ticket_id, t.status as ticket_status,
    coalesce(a.id, g.id) as holder_id, coalesce(a.birth_surname, g.birth_surname) as birth_surname,
    coalesce(a.first_names, g.first_names) as first_names,
    coalesce(a.birth_date, g.birth_date)::text as birth_date,
    c.ban_id, exists (select 1 from ban_photos p where p.ban_id = c.ban_id) as has_photo
  from ban_screening_cases c
  join tickets t on t.id = c.ticket_id
  join sport_events e on e.id = t.event_id
  left join applicants a on a.id = t.holder_applicant_id and t.holder_kind <> 'group'
  left join group_participants g on g.id = t.participant_id and t.holder_kind = 'group'`;

const iso = (value: string | Date) => new Date(value).toISOString();

/** A case as a ban officer reads it, and the records it shows, for the audit entry (SEC-6). */
export interface CaseRead {
  view: ScreeningCase;
  /** The case, its ticket, its ban, and the application or group participant whose identity it shows. */
  shown: string[];
}

async function reads(db: Db | Tx, deps: BansDeps, rows: CaseRow[]): Promise<CaseRead[]> {
  if (rows.length === 0) return [];
  const banRows = await db
    .select()
    .from(bans)
    .where(sql`${bans.id} = any(${sql.param([...new Set(rows.map((row) => row.ban_id))])}::uuid[])`);
  const byId = new Map(banRows.map((row) => [row.id, row]));
  return rows.map((row) => {
    const ban = byId.get(row.ban_id)!;
    const { identity } = decryptBan(deps.cipher, ban);
    const view: ScreeningCase = {
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
    return {
      view,
      shown: [row.id, row.ticket_id, ban.id, ...(row.holder_id === null ? [] : [row.holder_id])],
    };
  });
}

/** One page of the organiser's cases in `status`, newest first. */
export async function listCases(
  deps: BansDeps,
  organiserId: string,
  query: CaseListQuery,
): Promise<CaseRead[]> {
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
  return reads(db, deps, rows);
}

async function oneCase(db: Db | Tx, deps: BansDeps, organiserId: string, caseId: string): Promise<CaseRead> {
  const rows = await selectRows<CaseRow>(
    db,
    sql`${SELECT} where c.id = ${caseId} and c.organiser_id = ${organiserId}`,
  );
  const [read] = await reads(db, deps, rows);
  if (!read) throw banProblems.caseNotFound();
  return read;
}

export const caseDetail = (deps: BansDeps, organiserId: string, caseId: string) =>
  oneCase(deps.database.db, deps, organiserId, caseId);

type Decided = { lapsed: false; view: ScreeningCase } | { lapsed: true };

/**
 * The ticket's pending cases changed between finding the bans to lock and locking the ticket (a ban added
 * meanwhile opened one): the transaction starts again, so that every ban it reads is locked in order.
 */
class PendingCasesChanged extends Error {}
const ATTEMPTS = 3;

/**
 * A ban officer's decision on a pending case, all in one transaction. Lock order (docs/api/bans.md): the bans
 * of the ticket's pending cases (`for share`, by id), then the ticket, then its cases — the bans first, as
 * removing or suspending a ban and the purge take the ban before its cases and their tickets, so neither waits
 * for the other holding what the other needs. The ticket before its cases: two decisions on cases of the same
 * ticket follow each other (the last one to close sees no other pending case). If the ban no longer covers the
 * event, the case lapses instead (committed), then `409 case-lapsed`.
 */
export async function decideCase(
  deps: CaseDeps,
  organiserId: string,
  caseId: string,
  decision: 'confirm' | 'dismiss',
  acting: Acting,
): Promise<ScreeningCase> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const outcome = await deps.database.transaction((tx) =>
        decideLocked(tx, deps, organiserId, caseId, decision, acting),
      );
      if (outcome.lapsed) throw banProblems.caseLapsed();
      return outcome.view;
    } catch (error) {
      if (!(error instanceof PendingCasesChanged) || attempt === ATTEMPTS) throw error;
    }
  }
}

async function decideLocked(
  tx: Tx,
  deps: CaseDeps,
  organiserId: string,
  caseId: string,
  decision: 'confirm' | 'dismiss',
  acting: Acting,
): Promise<Decided> {
  // First of all the organiser's screening lock, shared (`screening.ts`): a change of one of its bans (which takes
  // it exclusive, then the ban) waits for this decision, or this decision for it — never each other.
  await lockScreening(tx, [organiserId], 'shared');
  const [found] = await tx
    .select({ ticketId: banScreeningCases.ticketId, banId: banScreeningCases.banId })
    .from(banScreeningCases)
    .where(and(eq(banScreeningCases.id, caseId), eq(banScreeningCases.organiserId, organiserId)));
  if (!found) throw banProblems.caseNotFound();
  const pendingOfTicket = eq(banScreeningCases.ticketId, found.ticketId);
  const banIds = new Set([
    found.banId,
    ...(
      await tx
        .select({ banId: banScreeningCases.banId })
        .from(banScreeningCases)
        .where(and(pendingOfTicket, eq(banScreeningCases.status, 'pending')))
    ).map((row) => row.banId),
  ]);
  // A ban deleted meanwhile is simply absent (its cases lapsed, then went with it).
  const lockedBans = new Map(
    (
      await tx
        .select()
        .from(bans)
        .where(inArray(bans.id, [...banIds]))
        .orderBy(asc(bans.id))
        .for('share')
    ).map((row) => [row.id, row]),
  );
  const ticket = (await lockedTicket(tx, found.ticketId))!;
  const [screening] = await tx
    .select()
    .from(banScreeningCases)
    .where(eq(banScreeningCases.id, caseId))
    .for('update');
  if (!screening) throw banProblems.caseNotFound();
  if (screening.status !== 'pending') throw banProblems.caseAlreadyDecided(screening.status);
  const others = await tx
    .select()
    .from(banScreeningCases)
    .where(and(pendingOfTicket, eq(banScreeningCases.status, 'pending'), ne(banScreeningCases.id, caseId)))
    .orderBy(asc(banScreeningCases.id))
    .for('update');
  if (others.some((other) => !banIds.has(other.banId))) throw new PendingCasesChanged();

  const now = deps.clock.now();
  const today = parisDate(now);
  // The ticket's history and the operator's view name no ban officer (who would tell a ban was at stake): the
  // tickets' side is written as the verification's; the case's audit entry, same request id, names the officer.
  const who: TicketActing = {
    actor: VERIFICATION,
    userId: null,
    organisationId: null,
    requestId: acting.requestId,
    sourceIp: acting.sourceIp,
  };
  const [event] = await tx.select().from(sportEvents).where(eq(sportEvents.id, ticket.eventId));
  const screened = { day: parisDate(event!.startsAt), venue: event!.venue, sport: event!.sport };
  // Query-time expiry (BAN-3), as the screening decided: the ban still there, not suspended, not over today, of
  // the organiser the event still belongs to, and covering the event on its own Paris day (a ban that starts
  // later than today but before the event covers it).
  const stillCovers = (banId: string) => {
    const ban = lockedBans.get(banId);
    return (
      ban !== undefined &&
      ban.suspendedAt === null &&
      ban.endsOn > today &&
      event!.organiserId === ban.organiserId &&
      covers(
        {
          startsOn: ban.startsOn,
          endsOn: ban.endsOn,
          suspended: false,
          measure: decryptBan(deps.cipher, ban).measure,
        },
        screened,
      )
    );
  };
  const close = (status: 'confirmed' | 'dismissed' | 'lapsed', ids: string[]) =>
    tx
      .update(banScreeningCases)
      .set({ status, decidedAt: now, decidedBy: status === 'lapsed' ? null : acting.actor.userId })
      .where(inArray(banScreeningCases.id, ids));
  const release = async () => {
    if (screening.trigger === 'issuance' && ticket.status === 'screening' && others.length === 0)
      await releaseScreenedTicket(tx, ticket.id, now, who, deps.publicUrl(), deps.keys);
  };
  const audit = (action: string, ids: string[]) =>
    auditChange(tx, deps, acting, action, 'ban_screening_cases', ids);

  if (!stillCovers(screening.banId)) {
    await close('lapsed', [caseId]);
    await release();
    await audit('bans.case.lapsed', [caseId, ticket.id, screening.banId]);
    return { lapsed: true };
  }
  if (decision === 'dismiss') {
    await close('dismissed', [caseId]);
    await release();
    const read = await oneCase(tx, deps, organiserId, caseId);
    await audit('bans.case.dismissed', read.shown);
    return { lapsed: false, view: read.view };
  }
  // The ticket is refused or revoked once for all: its other pending cases close with this decision — confirmed
  // where their own ban still covers the event, lapsed where it no longer does.
  const [stillConfirmed, noLonger] = [
    others.filter((other) => stillCovers(other.banId)),
    others.filter((other) => !stillCovers(other.banId)),
  ];
  await close('confirmed', [caseId, ...stillConfirmed.map((other) => other.id)]);
  if (noLonger.length > 0)
    await close(
      'lapsed',
      noLonger.map((other) => other.id),
    );
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
  const read = await oneCase(tx, deps, organiserId, caseId);
  await audit('bans.case.confirmed', [
    ...read.shown,
    ...stillConfirmed.flatMap((other) => [other.id, other.banId]),
  ]);
  if (noLonger.length > 0)
    await audit('bans.case.lapsed', [
      ...noLonger.map((other) => other.id),
      ticket.id,
      ...noLonger.map((other) => other.banId),
    ]);
  return { lapsed: false, view: read.view };
}
