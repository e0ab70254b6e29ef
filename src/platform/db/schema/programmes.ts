import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { EligibilityRules } from '../../../../contracts/programmes.js';
import { organisations, users } from './accounts.js';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** The Olympic and the Paralympic Games: dates and the reclaim deadline (TAJ-17: deadlines are data). */
export const games = pgTable('games', {
  code: text('code', { enum: ['olympic', 'paralympic'] }).primaryKey(),
  opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
  closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
  reclaimDeadline: timestamp('reclaim_deadline', { withTimezone: true }).notNull(),
  /** Set once, by the deadline job, in the transaction that returns the tickets (exactly once). */
  reclaimedAt: timestamp('reclaimed_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A programme for one target public (TAJ-1), with its eligibility rules as data. */
export const programmes = pgTable(
  'programmes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    targetPublic: text('target_public', {
      enum: ['youth', 'sports_volunteers', 'disability', 'public_agents'],
    }).notNull(),
    games: text('games', { enum: ['olympic', 'paralympic', 'both'] }).notNull(),
    eligibility: jsonb('eligibility').$type<EligibilityRules>().notNull(),
    maxEventChoices: smallint('max_event_choices').notNull().default(3),
    /**
     * TAJ-17 (data, not code): at the reclaim deadline of its Games, the programme's tickets still `issued` —
     * not delivered to their holder — go back to the State pool too, not only the unassigned seats.
     */
    reclaimUndeliveredTickets: boolean('reclaim_undelivered_tickets').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('programmes_name_unique').on(sql`lower(${table.name})`)],
);

/** The operators (organisations of kind `operator`) that distribute a programme's tickets. */
export const programmeOperators = pgTable(
  'programme_operators',
  {
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => organisations.id),
    attachedAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.programmeId, table.operatorId] })],
);

/** An Olympic or Paralympic session (TAJ-2). Its ticket stock is in the ledger, not here. */
export const sportEvents = pgTable(
  'sport_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    games: text('games', { enum: ['olympic', 'paralympic'] })
      .notNull()
      .references(() => games.code),
    kind: text('kind', { enum: ['competition', 'ceremony'] }).notNull(),
    sport: text('sport').notNull(),
    discipline: text('discipline').notNull(),
    venue: text('venue').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    /**
     * The event organiser (an `event_organiser` organisation) whose stadium-ban registry covers this event
     * (AU-42); null until set. Its venues are the ones a ban of that organiser may name.
     */
    organiserId: uuid('organiser_id').references(() => organisations.id),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('sport_events_code_unique').on(sql`lower(${table.code})`),
    index('sport_events_games').on(table.games, table.startsAt),
  ],
);

/**
 * The levels of the cascade that can hold tickets: the supplier (the organiser's ticketing, outside
 * Gradins), the State pool, a programme, an operator within a programme.
 */
export const stockHolders = pgTable(
  'stock_holders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    level: text('level', { enum: ['supplier', 'pool', 'programme', 'operator'] }).notNull(),
    programmeId: uuid('programme_id').references(() => programmes.id),
    operatorId: uuid('operator_id').references(() => organisations.id),
  },
  (table) => [
    unique('stock_holders_unique').on(table.level, table.programmeId, table.operatorId).nullsNotDistinct(),
    check(
      'stock_holders_shape',
      sql`(${table.level} in ('supplier', 'pool') and ${table.programmeId} is null and ${table.operatorId} is null)
        or (${table.level} = 'programme' and ${table.programmeId} is not null and ${table.operatorId} is null)
        or (${table.level} = 'operator' and ${table.programmeId} is not null and ${table.operatorId} is not null)`,
    ),
  ],
);

/** A run of the deadline job for one Games: its report, without personal data. */
export const reclaimRuns = pgTable(
  'reclaim_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    games: text('games', { enum: ['olympic', 'paralympic'] })
      .notNull()
      .references(() => games.code),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    ranAt: timestamp('ran_at', { withTimezone: true }).notNull(),
    total: integer('total').notNull(),
    operatorsNotified: integer('operators_notified').notNull(),
  },
  // One run per deadline: a second process, or a second tick, finds it done.
  (table) => [unique('reclaim_runs_once').on(table.games, table.deadline)],
);

/**
 * The stock ledger: every movement of tickets between two levels (TAJ-2). Balances are sums over it; rows
 * are never updated or deleted (a trigger refuses it).
 */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    kind: text('kind', {
      enum: ['supply', 'supply_removed', 'allocation', 'return', 'reclaim'],
    }).notNull(),
    /** The user who moved them; null for a scheduled job (`system` below). */
    actorId: uuid('actor_id').references(() => users.id),
    system: text('system'),
    eventId: uuid('event_id')
      .notNull()
      .references(() => sportEvents.id),
    category: text('category').notNull(),
    fromHolder: uuid('from_holder')
      .notNull()
      .references(() => stockHolders.id),
    toHolder: uuid('to_holder')
      .notNull()
      .references(() => stockHolders.id),
    quantity: integer('quantity').notNull(),
    reason: text('reason').notNull(),
    reclaimRunId: uuid('reclaim_run_id').references(() => reclaimRuns.id),
  },
  (table) => [
    check('stock_movements_positive', sql`${table.quantity} > 0`),
    check('stock_movements_distinct', sql`${table.fromHolder} <> ${table.toHolder}`),
    check('stock_movements_actor', sql`(${table.actorId} is null) <> (${table.system} is null)`),
    index('stock_movements_from').on(table.fromHolder, table.eventId, table.category),
    index('stock_movements_to').on(table.toHolder, table.eventId, table.category),
    index('stock_movements_at').on(table.at),
  ],
);
