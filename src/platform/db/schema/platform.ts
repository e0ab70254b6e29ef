import { sql } from 'drizzle-orm';
import { check, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';

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
  },
  (table) => [check('instance_single_row', sql`${table.id} = 1`)],
);
