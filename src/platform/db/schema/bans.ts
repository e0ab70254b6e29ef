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
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
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
