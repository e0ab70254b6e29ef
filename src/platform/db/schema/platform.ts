import { sql } from 'drizzle-orm';
import { check, integer, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row describing this installation: when it was first set up. Later modules use it to tell a fresh
 * installation (first administrator still to create) from a running one.
 */
export const instance = pgTable(
  'instance',
  {
    id: smallint('id').primaryKey().default(1),
    installedAt: timestamp('installed_at', { withTimezone: true }).notNull().defaultNow(),
    gradinsVersion: text('gradins_version').notNull(),
    /** Set by `gradins demo`: this installation holds fictitious demonstration data. */
    demoLoadedAt: timestamp('demo_loaded_at', { withTimezone: true }),
    /** How many days the demo shifted the Paris 2024 calendar so the Games lie ahead. */
    demoShiftDays: integer('demo_shift_days'),
  },
  (table) => [check('instance_single_row', sql`${table.id} = 1`)],
);
