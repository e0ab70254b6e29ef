import { randomBytes, randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/record-audit-event.js';
import { copyInto, copyRow } from '../../platform/db/copy.js';
import { selectRows, type Db, type Tx } from '../../platform/db/database.js';
import { sportEvents, tickets, type ticketSeats } from '../../platform/db/schema/index.js';
import type { TicketActing } from './deps.js';
import type { HolderPerson, SeatHolder } from './domain/holders.js';
import { validityWindow, type TicketStatus } from './domain/lifecycle.js';
import type { TicketCodeSigner, TicketSigner } from './domain/ticket-code.js';
import { signedTicketCode, signedTicketCodes } from './ticket-codes.js';

// The SQL of tickets shared by several use cases.

export type TicketRow = typeof tickets.$inferSelect;
export type SeatRow = typeof ticketSeats.$inferSelect;

/**
 * The history reason of a ticket created awaiting its ban screening (BAN-6): it says nothing of a ban, as the
 * operator reads it.
 */
export const SCREENING_REASON = 'En attente de vérification';

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
  /** The holder may match a stadium ban (BAN-6): the ticket is created `screening`, without a code. */
  screening?: boolean;
}

/** What an issuance created: the tickets issued, and those awaiting their ban screening (with their plan). */
export interface IssuedSeats {
  issued: string[];
  screening: { ticketId: string; plan: SeatPlan }[];
}

/**
 * Creates the seats and their first tickets, each with its signed code, and their history. A seat that already
 * exists (issuance run twice) is skipped, so is its ticket: issuing is idempotent. Returns the tickets created.
 *
 * In batches of `ISSUE_BATCH`, pipelined: the codes of the next batches are signed (in worker threads, see
 * `signedTicketCodes`) while this one is written; the seats with one `unnest` statement (`on conflict do
 * nothing` keeps issuance idempotent), the tickets and their history with `COPY` (`platform/db/copy.ts`).
 * A plan marked `screening` gets its ticket in that status, without a code, its history saying only
 * « En attente de vérification ».
 */
export async function issueSeats(
  tx: Tx,
  plans: readonly SeatPlan[],
  now: Date,
  who: TicketActing,
  reason: string,
  signer: TicketCodeSigner,
): Promise<IssuedSeats> {
  const result: IssuedSeats = { issued: [], screening: [] };
  if (plans.length === 0) return result;
  const starts = await eventStarts(
    tx,
    plans.map((plan) => plan.eventId),
  );
  const windows = new Map(
    [...starts].map(([eventId, startsAt]) => {
      const window = validityWindow(startsAt);
      return [
        eventId,
        { ...window, from: window.validFrom.toISOString(), until: window.validUntil.toISOString() },
      ];
    }),
  );
  // The codes of a batch are signed before its seats are written (they do not depend on them): a seat that
  // turns out to exist already only wastes its signature.
  const prepare = (start: number) => {
    const slice = plans.slice(start, start + ISSUE_BATCH);
    const ticketIds = slice.map(() => newTicketId());
    const codes = signedTicketCodes(
      signer,
      slice.map((plan, i) => ({ id: ticketIds[i]!, eventId: plan.eventId, ...windows.get(plan.eventId)! })),
      slice.map((plan) => (plan.screening ? null : plan.holder.codeHolder)),
      now,
    );
    // Awaited in its turn; a batch never reached (an earlier one failed) must not be an unhandled rejection.
    codes.catch(() => undefined);
    return { slice, seatIds: slice.map(() => randomUUID()), ticketIds, codes };
  };
  const at = now.toISOString();
  const history = historyLineEnd(at, who, reason, null, 'issued', null);
  const waiting = historyLineEnd(at, who, SCREENING_REASON, null, 'screening', null);
  const pending: ReturnType<typeof prepare>[] = [];
  const { issued } = result;
  for (let next = 0; next < plans.length || pending.length > 0;) {
    while (next < plans.length && pending.length <= SIGN_AHEAD) {
      pending.push(prepare(next));
      next += ISSUE_BATCH;
    }
    const { slice, seatIds, ticketIds, codes: signing } = pending.shift()!;
    // One statement at a time on the transaction's connection; the signatures are awaited only then.
    const created = await insertSeats(tx, slice, seatIds, at);
    const codes = await signing;
    let tickets = '';
    let events = '';
    for (let i = 0; i < slice.length; i++) {
      if (created && !created.has(seatIds[i]!)) continue;
      const plan = slice[i]!;
      const ticketId = ticketIds[i]!;
      const window = windows.get(plan.eventId)!;
      const code = codes[i]!;
      tickets += copyRow([
        ticketId,
        seatIds[i]!,
        plan.programmeId,
        plan.operatorId,
        plan.eventId,
        plan.origin,
        plan.drawId,
        plan.entryId,
        plan.attributionId,
        plan.holder.kind,
        plan.holder.applicantId,
        plan.holder.groupId,
        plan.holder.holderCheck,
        plan.screening ? 'screening' : 'issued',
        window.from,
        window.until,
        at,
        null,
        code.code,
        code.codeKeyId,
        code.codeSignature,
      ]);
      if (plan.screening) {
        events += ticketId + waiting;
        result.screening.push({ ticketId, plan });
      } else {
        events += ticketId + history;
        issued.push(ticketId);
      }
    }
    await copyInto(tx, 'tickets', NEW_TICKET_COLUMNS, tickets);
    await copyInto(tx, 'ticket_events', HISTORY_COLUMNS, events);
  }
  return result;
}

/** Rows per statement of an issuance. */
const ISSUE_BATCH = 2000;
/** Batches whose codes are being signed while one is written. */
const SIGN_AHEAD = 2;

const NEW_TICKET_COLUMNS = [
  'id',
  'seat_id',
  'programme_id',
  'operator_id',
  'event_id',
  'origin',
  'draw_id',
  'entry_id',
  'attribution_id',
  'holder_kind',
  'holder_applicant_id',
  'holder_group_id',
  'holder_check',
  'status',
  'valid_from',
  'valid_until',
  'issued_at',
  'reassigned_from',
  'code',
  'code_key_id',
  'code_signature',
];
const HISTORY_COLUMNS = [
  'ticket_id',
  'at',
  'actor',
  'from_status',
  'to_status',
  'reason',
  'related_ticket_id',
  'request_id',
];

/** A history line (`HISTORY_COLUMNS`) after its ticket id, the same for every ticket of one change. */
function historyLineEnd(
  at: string,
  who: TicketActing,
  reason: string,
  from: TicketStatus | null,
  to: TicketStatus,
  related: string | null,
): string {
  return `\t${copyRow([at, who.actor, from, to, reason, related, who.requestId])}`;
}

/**
 * The seats of `plans` with the ids `seatIds`, in one statement; `on conflict do nothing` on their unique
 * origin keeps issuance idempotent. Returns the ids of those created, or null when all were (the usual case).
 */
async function insertSeats(
  tx: Tx,
  plans: readonly SeatPlan[],
  seatIds: readonly string[],
  at: string,
): Promise<Set<string> | null> {
  const column = <K extends keyof SeatPlan>(key: K) => sql.param(plans.map((plan) => plan[key]));
  const created = await selectRows<{ id: string }>(
    tx,
    sql`insert into ticket_seats (id, programme_id, operator_id, bucket, event_id, origin, draw_id, entry_id,
          attribution_id, seat_index, created_at)
        select s.*, ${at}::timestamptz from unnest(${sql.param(seatIds)}::uuid[],
          ${column('programmeId')}::uuid[], ${column('operatorId')}::uuid[], ${column('bucket')}::text[],
          ${column('eventId')}::uuid[], ${column('origin')}::text[], ${column('drawId')}::uuid[],
          ${column('entryId')}::text[], ${column('attributionId')}::uuid[], ${column('seatIndex')}::smallint[]) as s
        on conflict do nothing
        returning id`,
  );
  return created.length === plans.length ? null : new Set(created.map((row) => row.id));
}

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

/**
 * A ticket locked for the rest of the transaction (a concurrent change of it waits, then sees this one). `NO KEY
 * UPDATE`, not `UPDATE`: rows that merely reference the ticket (a screening case opened by a new ban, a history
 * line) take a key-share lock for their foreign key and need not wait — else a hand-over, which screens its
 * successor under the organiser's screening lock, and a ban's re-screening, which holds that lock and opens a
 * case on this ticket, could wait for each other.
 */
export async function lockedTicket(tx: Tx, ticketId: string): Promise<TicketRow | undefined> {
  const [row] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('no key update');
  return row;
}

export async function seatTickets(tx: Tx, seatId: string): Promise<TicketRow[]> {
  return tx.select().from(tickets).where(eq(tickets.seatId, seatId)).orderBy(tickets.issuedAt);
}
