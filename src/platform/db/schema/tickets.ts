import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations } from './accounts.js';
import { applicantGroups, applicants, groupParticipants } from './applicants.js';
import { draws } from './draws.js';
import { programmes, sportEvents } from './programmes.js';

/**
 * A seat of an event handed out by a draw (one per seat of an allocated entry) or by a manual attribution
 * (TAJ-11). A seat outlives its tickets: when a holder withdraws, the same seat gets a new ticket for the next
 * person on the reserve list, or goes back to the State pool (`returned_to_pool`, TAJ-16). Its origin is the
 * entry (or attribution) that first won it and the seat's index in it, unique: issuing twice creates nothing.
 */
export const ticketSeats = pgTable(
  'ticket_seats',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    operatorId: uuid('operator_id').references(() => organisations.id),
    bucket: text('bucket').notNull(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => sportEvents.id),
    origin: text('origin', { enum: ['draw', 'manual'] }).notNull(),
    drawId: uuid('draw_id').references(() => draws.id),
    /** The draw entry that won the seat (32 hex), for a draw. */
    entryId: text('entry_id'),
    /** The manual attribution (TAJ-11), without a foreign key: erasing an applicant erases their attribution. */
    attributionId: uuid('attribution_id'),
    seatIndex: smallint('seat_index').notNull(),
    status: text('status', { enum: ['held', 'returned_to_pool'] })
      .notNull()
      .default('held'),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('ticket_seats_draw_origin')
      .on(table.drawId, table.entryId, table.seatIndex)
      .where(sql`${table.drawId} is not null`),
    uniqueIndex('ticket_seats_manual_origin')
      .on(table.attributionId, table.seatIndex)
      .where(sql`${table.attributionId} is not null`),
    index('ticket_seats_event').on(table.eventId, table.status),
    check(
      'ticket_seats_origin',
      sql`(${table.origin} = 'draw' and ${table.drawId} is not null and ${table.entryId} is not null and ${table.attributionId} is null)
        or (${table.origin} = 'manual' and ${table.attributionId} is not null and ${table.drawId} is null)`,
    ),
    check(
      'ticket_seats_returned',
      sql`(${table.status} = 'returned_to_pool') = (${table.returnedAt} is not null)`,
    ),
  ],
);

/** The statuses in which a ticket admits its holder; a seat has at most one ticket in them. */
export const LIVE_TICKET_STATUSES = ['issued', 'delivered'] as const;

/**
 * A nominative ticket (TAJ-3, TAJ-15): one seat, bound to one holder — a person (a carer pair: one ticket each),
 * or a group through its manager's application, the participant named by the manager later (TAJ-7). Its id is
 * 16 random bytes, hex: the ticket id of the signed code (docs/formats/ticket-code.md), whose bytes, key id
 * and signature are stored once signed (`code*`, null until then). A ticket whose holder may match a stadium
 * ban (BAN-6) is created `screening`: it admits no one and is not sent until a ban officer decides — `issued`
 * (dismissed) or `refused` (confirmed, the seat goes to the reserve list). Its status moves only forward
 * (`domain/lifecycle.ts`, and a trigger); the holder never changes — a new holder is a new ticket on the same
 * seat (`reassigned_from`).
 */
export const tickets = pgTable(
  'tickets',
  {
    /** 32 lower-case hex characters. */
    id: text('id').primaryKey(),
    seatId: uuid('seat_id')
      .notNull()
      .references(() => ticketSeats.id),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    operatorId: uuid('operator_id').references(() => organisations.id),
    eventId: uuid('event_id')
      .notNull()
      .references(() => sportEvents.id),
    origin: text('origin', { enum: ['draw', 'manual'] }).notNull(),
    drawId: uuid('draw_id').references(() => draws.id),
    /** The draw entry the holder stands for (the winner, or the reserve who took the seat over). */
    entryId: text('entry_id'),
    attributionId: uuid('attribution_id'),
    holderKind: text('holder_kind', { enum: ['person', 'carer_pair', 'group'] }).notNull(),
    /**
     * The person, or for a group the manager's application. Null once that application is erased (consent
     * withdrawn): the ticket then has no holder and no longer admits anyone.
     */
    holderApplicantId: uuid('holder_applicant_id').references(() => applicants.id, { onDelete: 'set null' }),
    holderGroupId: uuid('holder_group_id').references(() => applicantGroups.id, { onDelete: 'set null' }),
    /** A group's participant, named by the manager (read by the manager only, TAJ-7). */
    participantId: uuid('participant_id').references(() => groupParticipants.id, { onDelete: 'set null' }),
    /** What the gate compares with an ID: initials and birth year (`CD-2005`); null for an unnamed group seat. */
    holderCheck: text('holder_check'),
    status: text('status', {
      enum: [
        'screening',
        'issued',
        'delivered',
        'withdrawn',
        'revoked',
        'reassigned',
        'scanned',
        'returned_to_pool',
        'refused',
      ],
    }).notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validUntil: timestamp('valid_until', { withTimezone: true }).notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** When it stopped admitting its holder (withdrawn, revoked, reassigned, returned) or was scanned. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** The ticket whose seat this one took over (a withdrawal's reserve, an official reassignment). */
    reassignedFrom: text('reassigned_from'),
    /**
     * The signed code (docs/formats/ticket-code.md) as its QR text (`GT1:` and base45), signed when the ticket is
     * issued (`modules/tickets/ticket-codes.ts`); null for a group seat until its participant is named.
     */
    code: text('code'),
    /** The kid of the ticket key that signed the code (`ticket-…`). */
    codeKeyId: text('code_key_id'),
    /** The code's Ed25519 signature, 128 hex (also inside the code). */
    codeSignature: text('code_signature'),
  },
  (table) => [
    // TAJ-15: a seat never has two live holders, whatever the number of concurrent requests or processes; a
    // ticket awaiting its ban screening (BAN-6) holds its seat too.
    uniqueIndex('tickets_one_live_per_seat')
      .on(table.seatId)
      .where(sql`${table.status} in ('screening', 'issued', 'delivered')`),
    index('tickets_event_status').on(table.eventId, table.status),
    index('tickets_operator').on(table.operatorId, table.eventId),
    index('tickets_holder').on(table.holderApplicantId),
    index('tickets_group')
      .on(table.holderGroupId)
      .where(sql`${table.holderGroupId} is not null`),
    index('tickets_draw_entry')
      .on(table.drawId, table.entryId)
      .where(sql`${table.drawId} is not null`),
    check('tickets_id_hex', sql`${table.id} ~ '^[0-9a-f]{32}$'`),
    check('tickets_validity', sql`${table.validFrom} < ${table.validUntil}`),
    check(
      'tickets_ended',
      sql`(${table.status} in ('screening', 'issued', 'delivered')) = (${table.endedAt} is null)`,
    ),
  ],
);

/** Every change of a ticket's status (TAJ-16, SEC-6): who, when, from → to, why. Rows are never changed. */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: text('ticket_id')
      .notNull()
      .references(() => tickets.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** A user id, `applicant:<entry ref>` (the holder's link), or `system:<job>`. */
    actor: text('actor').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    reason: text('reason').notNull(),
    /** The other ticket of a hand-over: the new one for a withdrawn ticket, the old one for its successor. */
    relatedTicketId: text('related_ticket_id'),
    requestId: text('request_id'),
  },
  (table) => [index('ticket_events_ticket').on(table.ticketId, table.id)],
);

/**
 * A ticket download link (TAJ-14, `modules/tickets/delivery.ts`): one per mail sent, for one holder — the
 * application whose tickets it shows (a person, a carer pair together, a group's manager for the whole group).
 * Only the token's SHA-256 is kept. Usable as often as its holder likes until `expires_at` (the end of the
 * validity window of the last ticket it was sent for) or until revoked: when none of the holder's tickets is
 * live any more (`tickets-ended`), or by an operator (`operator`).
 */
export const ticketLinks = pgTable(
  'ticket_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    applicantId: uuid('applicant_id')
      .notNull()
      .references(() => applicants.id, { onDelete: 'cascade' }),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason', { enum: ['tickets-ended', 'operator'] }),
  },
  (table) => [
    uniqueIndex('ticket_links_token').on(table.tokenHash),
    index('ticket_links_applicant').on(table.applicantId),
    check('ticket_links_revoked', sql`(${table.revokedAt} is null) = (${table.revokedReason} is null)`),
  ],
);

/**
 * A programme's logo for its tickets' page and PDF (TAJ-3): a PNG of at most 200 KB, base64, and its text
 * alternative. Optional: without it the ticket shows the programme's name alone.
 */
export const programmeLogos = pgTable(
  'programme_logos',
  {
    programmeId: uuid('programme_id')
      .primaryKey()
      .references(() => programmes.id),
    pngBase64: text('png_base64').notNull(),
    alt: text('alt').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [check('programme_logos_size', sql`length(${table.pngBase64}) <= 280000`)],
);
