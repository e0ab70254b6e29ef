import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations, users } from './accounts.js';
import { tickets } from './tickets.js';

/**
 * A stadium ban in an organiser's registry (CNIL AU-42, BAN-2). Only what the authorisation allows, and no
 * column for the reasons of a ban (AU-42 art. 3: they may not be processed). Every identifying field and the
 * measure itself are AES-256-GCM encrypted (SEC-1): `identity_encrypted` (surname, first name, address, date
 * and place of birth), `measure_encrypted` (decision date and duration, or venues and surroundings, types of
 * events, order date and validity, duty to answer summons). In clear: what the registry needs to give a ban
 * effect only while in force and to purge it (BAN-3) — its kind and its first and last Paris days.
 */
export const bans = pgTable(
  'bans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organiserId: uuid('organiser_id')
      .notNull()
      .references(() => organisations.id),
    kind: text('kind', { enum: ['judicial', 'administrative'] }).notNull(),
    /** First Paris day of effect. */
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    /** First Paris day without effect (the day after the last day): the purge deletes the ban that day. */
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    /** Set while an administrative order is suspended by a court: data kept, no effect (BAN-3). */
    suspendedAt: timestamp('suspended_at', { withTimezone: true }),
    identityEncrypted: text('identity_encrypted').notNull(),
    measureEncrypted: text('measure_encrypted').notNull(),
    /** The field-encryption key that encrypted both columns (each value names it too). */
    keyId: text('key_id').notNull(),
    /** HMAC of the normalised surname, first name and birth date with the `identity-ban` secret. */
    identityKey: text('identity_key').notNull(),
    identityKeyKid: text('identity_key_kid').notNull(),
    /** When the person was last informed of their entry in the registry (BAN-5, AU-42 art. 6), and how. */
    informedAt: timestamp('informed_at', { withTimezone: true }),
    informedBy: text('informed_by', { enum: ['post', 'email', 'in_person'] }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * When what screening compares last changed (BAN-6): the identity as matched (surname, first name, birth
     * date) or what the measure covers (kind, period, venues, types of events); the entry itself first. A case
     * dismissed before it is looked at again on the next re-screening; one dismissed since is not.
     */
    revisedAt: timestamp('revised_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check('bans_informed', sql`(${table.informedAt} is null) = (${table.informedBy} is null)`),
    index('bans_organiser_period').on(table.organiserId, table.endsOn),
    index('bans_identity_key').on(table.identityKey),
    // One row per measure: a list imported twice, or two officers entering it at once, never doubles it.
    uniqueIndex('bans_same_measure').on(table.organiserId, table.identityKey, table.kind, table.startsOn),
    check('bans_period', sql`${table.endsOn} > ${table.startsOn}`),
  ],
);

/**
 * The photograph of a banned person, for a person to look at only (AU-42: never facial recognition). Encrypted
 * like the rest; deleted with its ban (cascade).
 */
export const banPhotos = pgTable('ban_photos', {
  banId: uuid('ban_id')
    .primaryKey()
    .references(() => bans.id, { onDelete: 'cascade' }),
  mediaType: text('media_type', { enum: ['image/png', 'image/jpeg'] }).notNull(),
  /** The image's bytes, base64, then AES-256-GCM encrypted. */
  imageEncrypted: text('image_encrypted').notNull(),
  keyId: text('key_id').notNull(),
  bytes: integer('bytes').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The anonymous trace of each deletion of bans (SEC-4, BAN-3): the purge job at their end, or an officer on an
 * annulment, overturning or amnesty. Counts and an instant only: no id, name or date of a person.
 */
export const banPurges = pgTable(
  'ban_purges',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organiserId: uuid('organiser_id')
      .notNull()
      .references(() => organisations.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
    cause: text('cause', { enum: ['expired', 'annulled', 'overturned', 'amnestied'] }).notNull(),
    bans: integer('bans').notNull(),
    photos: integer('photos').notNull(),
  },
  (table) => [index('ban_purges_organiser').on(table.organiserId, table.at)],
);

/**
 * What the information letter (BAN-5, AU-42 art. 6) names, per organiser: the controller's identity, the
 * purpose is fixed by AU-42 (not stored), the recipients of the data, and the service designated for the rights
 * of access, rectification and opposition. No personal data of banned people.
 */
export const banRegistries = pgTable('ban_registries', {
  organiserId: uuid('organiser_id')
    .primaryKey()
    .references(() => organisations.id),
  controllerName: text('controller_name').notNull(),
  controllerAddress: text('controller_address').notNull(),
  /** The recipients of the data (the organiser's security, ticketing, legal and access-control services…). */
  recipients: text('recipients').notNull(),
  /** The designated service for the rights: postal address and e-mail (AU-42 art. 6). */
  rightsServiceAddress: text('rights_service_address').notNull(),
  rightsServiceEmail: text('rights_service_email').notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A possible match between a ticket's holder and a ban in force for its event (BAN-6), for a ban officer of
 * the event's organiser to decide: found at issuance (the ticket waits in `screening`) or when a ban is added
 * (the ticket already issued stays valid until confirmed, then is revoked). Never a refusal by itself. Deleted
 * with its ban (the link between a ticket and a ban is ban data); a pending case lapses first, its ticket issued.
 */
export const banScreeningCases = pgTable(
  'ban_screening_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organiserId: uuid('organiser_id')
      .notNull()
      .references(() => organisations.id),
    ticketId: text('ticket_id')
      .notNull()
      .references(() => tickets.id),
    banId: uuid('ban_id')
      .notNull()
      .references(() => bans.id, { onDelete: 'cascade' }),
    trigger: text('trigger', { enum: ['issuance', 'new_ban'] }).notNull(),
    /** `exact`: same identity key; `close`: a near match of names or birth date (`domain/screening.ts`). */
    match: text('match', { enum: ['exact', 'close'] }).notNull(),
    status: text('status', { enum: ['pending', 'confirmed', 'dismissed', 'lapsed'] })
      .notNull()
      .default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** The ban officer who decided; null for a lapsed case (the ban ended or was deleted first). */
    decidedBy: uuid('decided_by').references(() => users.id),
  },
  (table) => [
    // One pending case per ticket and ban; decided ones stay as history, and a lapsed or (after a revision of
    // the ban) dismissed one does not stop a new look (`screening.ts`, `openScreeningCases`).
    uniqueIndex('ban_screening_cases_once')
      .on(table.ticketId, table.banId)
      .where(sql`${table.status} = 'pending'`),
    index('ban_screening_cases_organiser').on(table.organiserId, table.status, table.createdAt),
    index('ban_screening_cases_ban').on(table.banId),
    check('ban_screening_cases_decided', sql`(${table.status} = 'pending') = (${table.decidedAt} is null)`),
  ],
);

/**
 * The register of rights requests (BAN-5, AU-42 art. 6): access (export of the person's data), rectification,
 * opposition on legitimate grounds, with their due date and outcome. The requester's identity and contact are
 * encrypted like ban data (SEC-1); the grounds of an opposition are not stored, only its outcome.
 */
export const banRightsRequests = pgTable(
  'ban_rights_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organiserId: uuid('organiser_id')
      .notNull()
      .references(() => organisations.id),
    /** The ban the request is about, when the person is in the registry; null otherwise or once purged. */
    banId: uuid('ban_id').references(() => bans.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: ['access', 'rectification', 'opposition'] }).notNull(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    /** One month after receipt (GDPR art. 12(3)). */
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    /** The requester's name and contact, AES-256-GCM encrypted (`v1.<kid>.…`). */
    requesterEncrypted: text('requester_encrypted').notNull(),
    keyId: text('key_id').notNull(),
    status: text('status', { enum: ['open', 'answered'] })
      .notNull()
      .default('open'),
    outcome: text('outcome', {
      enum: [
        'data_sent',
        'not_in_registry',
        'rectified',
        'rectification_refused',
        'opposition_accepted',
        'opposition_rejected',
      ],
    }),
    answeredOn: date('answered_on', { mode: 'string' }),
    answeredBy: uuid('answered_by').references(() => users.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('ban_rights_requests_organiser').on(table.organiserId, table.status, table.dueOn),
    check('ban_rights_requests_due', sql`${table.dueOn} >= ${table.receivedOn}`),
    check(
      'ban_rights_requests_answered',
      sql`(${table.status} = 'answered') = (${table.outcome} is not null and ${table.answeredOn} is not null)`,
    ),
  ],
);
