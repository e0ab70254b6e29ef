import { randomBytes } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { selectRows, type Db, type Tx } from '../../platform/db/database.js';
import { sportEvents, tickets, type ticketSeats } from '../../platform/db/schema/index.js';
import type { TicketActing } from './deps.js';
import type { HolderPerson, SeatHolder } from './domain/holders.js';
import { validityWindow, type TicketStatus } from './domain/lifecycle.js';
import type { TicketSigner } from './domain/ticket-code.js';
import { signedTicketCode } from './ticket-codes.js';

// The SQL of tickets shared by several use cases.

export type TicketRow = typeof tickets.$inferSelect;
export type SeatRow = typeof ticketSeats.$inferSelect;

/** 16 random bytes, hex: the ticket id that the signed code carries. */
export const newTicketId = (): string => randomBytes(16).toString('hex');

/** The people that may hold seats, by applicant id (confirmed applications only). */
export async function holderPeople(
  tx: Db | Tx,
  applicantIds: readonly string[],
): Promise<Map<string, HolderPerson>> {
  if (applicantIds.length === 0) return new Map();
  const rows = await selectRows<{
    id: string;
    first_names: string;
    birth_surname: string;
    birth_date: string;
    group_id: string | null;
    group_role: 'manager' | 'participant' | null;
    carer_pair_id: string | null;
  }>(
    tx,
    sql`select id, first_names, birth_surname, birth_date::text, group_id, group_role, carer_pair_id
        from applicants
        where id = any(${sql.param([...new Set(applicantIds)])}::uuid[]) and confirmed_at is not null`,
  );
  return new Map(
    rows.map((row) => [
      row.id,
      {
        applicantId: row.id,
        firstNames: row.first_names,
        birthSurname: row.birth_surname,
        birthDate: row.birth_date,
        groupId: row.group_id,
        groupRole: row.group_role,
        carerPairId: row.carer_pair_id,
      },
    ]),
  );
}

export async function eventStarts(tx: Db | Tx, eventIds: readonly string[]): Promise<Map<string, Date>> {
  if (eventIds.length === 0) return new Map();
  const rows = await tx
    .select({ id: sportEvents.id, startsAt: sportEvents.startsAt })
    .from(sportEvents)
    .where(inArray(sportEvents.id, [...new Set(eventIds)]));
  return new Map(rows.map((row) => [row.id, row.startsAt]));
}

/** A seat to create with its first ticket. */
export interface SeatPlan {
  origin: 'draw' | 'manual';
  drawId: string | null;
  entryId: string | null;
  attributionId: string | null;
  programmeId: string;
  operatorId: string | null;
  bucket: string;
  eventId: string;
  seatIndex: number;
  holder: SeatHolder;
}

const originKey = (seat: {
  drawId: string | null;
  entryId: string | null;
  attributionId: string | null;
  seatIndex: number;
}) => `${seat.drawId ?? ''}/${seat.entryId ?? ''}/${seat.attributionId ?? ''}/${seat.seatIndex}`;

/**
 * Creates the seats and their first tickets, each with its signed code. A seat that already exists (issuance
 * run twice) is skipped, so is its ticket: issuing is idempotent. Returns the tickets created.
 */
export async function issueSeats(
  tx: Tx,
  plans: readonly SeatPlan[],
  now: Date,
  who: TicketActing,
  reason: string,
  signer: TicketSigner,
): Promise<string[]> {
  if (plans.length === 0) return [];
  const starts = await eventStarts(
    tx,
    plans.map((plan) => plan.eventId),
  );
  const issued: string[] = [];
  for (let start = 0; start < plans.length; start += ISSUE_BATCH) {
    const slice = plans.slice(start, start + ISSUE_BATCH);
    // One statement per table and batch, a parameter per column (`unnest` of arrays): no per-row SQL to build,
    // which is what issuance spent its time on (the query builder), not the database nor the signatures.
    const column = <K extends keyof SeatPlan>(key: K) => sql.param(slice.map((plan) => plan[key]));
    const created = await selectRows<{
      id: string;
      programme_id: string;
      operator_id: string | null;
      event_id: string;
      origin: 'draw' | 'manual';
      draw_id: string | null;
      entry_id: string | null;
      attribution_id: string | null;
      seat_index: number;
    }>(
      tx,
      sql`insert into ticket_seats (programme_id, operator_id, bucket, event_id, origin, draw_id, entry_id,
            attribution_id, seat_index, created_at)
          select s.*, ${now.toISOString()}::timestamptz from unnest(${column('programmeId')}::uuid[],
            ${column('operatorId')}::uuid[], ${column('bucket')}::text[], ${column('eventId')}::uuid[],
            ${column('origin')}::text[], ${column('drawId')}::uuid[], ${column('entryId')}::text[],
            ${column('attributionId')}::uuid[], ${column('seatIndex')}::smallint[]) as s
          on conflict do nothing
          returning id, programme_id, operator_id, event_id, origin, draw_id, entry_id, attribution_id, seat_index`,
    );
    if (created.length === 0) continue;
    const byOrigin = new Map(slice.map((plan) => [originKey(plan), plan]));
    const rows = created.map((row) => {
      const seat = {
        id: row.id,
        programmeId: row.programme_id,
        operatorId: row.operator_id,
        eventId: row.event_id,
        origin: row.origin,
        drawId: row.draw_id,
        entryId: row.entry_id,
        attributionId: row.attribution_id,
        seatIndex: row.seat_index,
      };
      const plan = byOrigin.get(originKey(seat))!;
      return ticketValues(seat, plan.entryId, plan.holder, starts.get(seat.eventId)!, now, null, signer);
    });
    await insertTickets(tx, rows);
    await recordHistory(
      tx,
      rows.map((row) => ({ ticketId: row.id, from: null, to: 'issued', related: null })),
      now,
      who,
      reason,
    );
    issued.push(...rows.map((row) => row.id));
  }
  return issued;
}

const ISSUE_BATCH = 2000;

/** New tickets (`ticketValues` rows, status issued) in one statement: a parameter per column. */
async function insertTickets(tx: Db | Tx, rows: readonly NewTicket[]): Promise<void> {
  const column = (pick: (row: NewTicket) => string | number | null) => sql.param(rows.map(pick));
  const at = (pick: (row: NewTicket) => Date) => sql.param(rows.map((row) => pick(row).toISOString()));
  await tx.execute(
    sql`insert into tickets (id, seat_id, programme_id, operator_id, event_id, origin, draw_id, entry_id,
          attribution_id, holder_kind, holder_applicant_id, holder_group_id, holder_check, status, valid_from,
          valid_until, issued_at, reassigned_from, code, code_key_id, code_signature)
        select * from unnest(${column((r) => r.id)}::text[], ${column((r) => r.seatId)}::uuid[],
          ${column((r) => r.programmeId)}::uuid[], ${column((r) => r.operatorId)}::uuid[],
          ${column((r) => r.eventId)}::uuid[], ${column((r) => r.origin)}::text[],
          ${column((r) => r.drawId)}::uuid[], ${column((r) => r.entryId)}::text[],
          ${column((r) => r.attributionId)}::uuid[], ${column((r) => r.holderKind)}::text[],
          ${column((r) => r.holderApplicantId)}::uuid[], ${column((r) => r.holderGroupId)}::uuid[],
          ${column((r) => r.holderCheck)}::text[], ${column((r) => r.status)}::text[],
          ${at((r) => r.validFrom)}::timestamptz[], ${at((r) => r.validUntil)}::timestamptz[],
          ${at((r) => r.issuedAt)}::timestamptz[], ${column((r) => r.reassignedFrom)}::text[],
          ${column((r) => r.code)}::text[], ${column((r) => r.codeKeyId)}::text[],
          ${column((r) => r.codeSignature)}::text[])`,
  );
}

type NewTicket = ReturnType<typeof ticketValues>;

/** The row of a new ticket on `seat` for `holder`, with its code signed by `signer` (`ticket-codes.ts`). */
export function ticketValues(
  seat: Pick<
    SeatRow,
    'id' | 'programmeId' | 'operatorId' | 'eventId' | 'origin' | 'drawId' | 'attributionId'
  >,
  entryId: string | null,
  holder: SeatHolder,
  eventStartsAt: Date,
  now: Date,
  reassignedFrom: string | null,
  signer: TicketSigner,
  id: string = newTicketId(),
) {
  const window = validityWindow(eventStartsAt);
  return {
    id,
    seatId: seat.id,
    programmeId: seat.programmeId,
    operatorId: seat.operatorId,
    eventId: seat.eventId,
    origin: seat.origin,
    drawId: seat.drawId,
    entryId,
    attributionId: seat.attributionId,
    holderKind: holder.kind,
    holderApplicantId: holder.applicantId,
    holderGroupId: holder.groupId,
    holderCheck: holder.holderCheck,
    status: 'issued' as const,
    ...window,
    issuedAt: now,
    reassignedFrom,
    ...signedTicketCode(signer, { id, eventId: seat.eventId, ...window }, holder.codeHolder, now),
  };
}

export async function recordHistory(
  tx: Db | Tx,
  changes: readonly {
    ticketId: string;
    from: TicketStatus | null;
    to: TicketStatus;
    related: string | null;
  }[],
  now: Date,
  who: TicketActing,
  reason: string,
): Promise<void> {
  for (let start = 0; start < changes.length; start += ISSUE_BATCH) {
    const slice = changes.slice(start, start + ISSUE_BATCH);
    const column = (pick: (change: (typeof changes)[number]) => string | null) => sql.param(slice.map(pick));
    await tx.execute(
      sql`insert into ticket_events (ticket_id, at, actor, from_status, to_status, reason, related_ticket_id,
            request_id)
          select c.ticket_id, ${now.toISOString()}::timestamptz, ${who.actor}, c.from_status, c.to_status,
            ${reason}, c.related, ${who.requestId}
          from unnest(${column((c) => c.ticketId)}::text[], ${column((c) => c.from)}::text[],
            ${column((c) => c.to)}::text[], ${column((c) => c.related)}::text[])
            as c(ticket_id, from_status, to_status, related)`,
    );
  }
}

/** One audit entry per change (SEC-6), naming the tickets by id (1,000 per entry for a large issuance). */
export async function auditTickets(
  tx: Db | Tx,
  who: TicketActing,
  now: Date,
  action: string,
  ids: readonly string[],
  table = 'tickets',
): Promise<void> {
  for (let start = 0; start < Math.max(ids.length, 1); start += 1000) {
    await recordAuditEvent(tx, {
      actor: who.actor,
      organisationId: who.organisationId,
      action,
      target: { table, ids: ids.slice(start, start + 1000) },
      result: 'success',
      requestId: who.requestId,
      sourceIp: who.sourceIp,
      at: now,
    });
  }
}

/** A ticket locked for the rest of the transaction (a concurrent change of it waits, then sees this one). */
export async function lockedTicket(tx: Tx, ticketId: string): Promise<TicketRow | undefined> {
  const [row] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
  return row;
}

export async function seatTickets(tx: Tx, seatId: string): Promise<TicketRow[]> {
  return tx.select().from(tickets).where(eq(tickets.seatId, seatId)).orderBy(tickets.issuedAt);
}
