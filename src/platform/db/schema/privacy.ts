import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { noticeVersions } from './applicants.js';
import { programmes } from './programmes.js';

/**
 * The anonymous trace of the retention purge (SEC-4), one row per programme: when its applicants' data became
 * due for erasure (six months after the last of its Games closed), when the purge started and last finished,
 * and how many records of each kind it erased. Counts only: no id, name or reference of a person.
 */
export const retentionPurges = pgTable('retention_purges', {
  programmeId: uuid('programme_id')
    .primaryKey()
    .references(() => programmes.id),
  dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  /** Null while a purge is under way (or was interrupted: the next run finishes it). */
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  applicants: integer('applicants').notNull().default(0),
  groupParticipants: integer('group_participants').notNull().default(0),
  groups: integer('groups').notNull().default(0),
  imports: integer('imports').notNull().default(0),
  mails: integer('mails').notNull().default(0),
  /** Addresses kept for the post-Games contact the person opted in to (TAJ-20), in `post_games_contacts`. */
  postGamesContacts: integer('post_games_contacts').notNull().default(0),
});

/**
 * What is left of an applicant who opted in to be contacted after the Games (TAJ-20) once their application is
 * purged: the address and the opt-in (text version, date), for twelve more months, then purged too.
 */
export const postGamesContacts = pgTable(
  'post_games_contacts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    email: text('email').notNull(),
    noticeVersionId: uuid('notice_version_id')
      .notNull()
      .references(() => noticeVersions.id),
    givenAt: timestamp('given_at', { withTimezone: true }).notNull(),
    purgeAfter: timestamp('purge_after', { withTimezone: true }).notNull(),
  },
  (table) => [index('post_games_contacts_purge').on(table.purgeAfter)],
);

/**
 * The state of the rotation of a secret (TAJ-9: the identity key): the secret in use, the one replacing it
 * while rows are re-keyed, and the step reached, so an interrupted rotation is resumed, never half-applied.
 * While a rotation is not `done`, intake refuses to write identity keys.
 */
export const keyRotations = pgTable(
  'key_rotations',
  {
    purpose: text('purpose').primaryKey(),
    activeKid: text('active_kid').notNull(),
    nextKid: text('next_kid'),
    state: text('state', { enum: ['rekeying', 'swapping', 'done'] }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    rowsRekeyed: integer('rows_rekeyed').notNull().default(0),
  },
  (table) => [check('key_rotations_next', sql`${table.state} = 'done' or ${table.nextKid} is not null`)],
);

/**
 * Identity keys recomputed with the next secret during a rotation, before they replace the current ones
 * (`target` is `applicants` or `group_participants`). Emptied by the swap: rows live only during a rotation.
 */
export const identityKeyRekeys = pgTable(
  'identity_key_rekeys',
  {
    target: text('target', { enum: ['applicants', 'group_participants'] }).notNull(),
    rowId: uuid('row_id').notNull(),
    newKey: text('new_key').notNull(),
  },
  (table) => [primaryKey({ columns: [table.target, table.rowId] })],
);
