import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sportEvents } from './programmes.js';
import { tickets } from './tickets.js';

/**
 * Every entry at the gate (TAJ-18, TAJ-15 "the gate detects copies"): the check-in that moved a ticket to
 * `scanned` (`entered`, at most one per ticket: unique index), and the scans that came after it from gates that
 * were offline — a second entry of the same ticket (`double_entry`), or an entry on a ticket already ended
 * (`after_end`: the device's revocation list was stale). Online refusals are not stored here: they are audited.
 * Rows are never changed.
 */
export const gateScans = pgTable(
  'gate_scans',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: text('ticket_id')
      .notNull()
      .references(() => tickets.id),
    eventId: uuid('event_id')
      .notNull()
      .references(() => sportEvents.id),
    /** When the gate scanned it (the device's clock for an offline scan). */
    scannedAt: timestamp('scanned_at', { withTimezone: true }).notNull(),
    /** When the server received it (equal to `scanned_at` online). */
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    /** The gate (entrance) as the agent names it, and the device that scanned. */
    gateId: text('gate_id').notNull(),
    deviceId: text('device_id'),
    /** The gate agent's user id. */
    agentId: text('agent_id').notNull(),
    mode: text('mode', { enum: ['online', 'offline'] }).notNull(),
    result: text('result', { enum: ['entered', 'double_entry', 'after_end'] }).notNull(),
    /** For a double entry: the entry it repeats. */
    firstScanId: bigint('first_scan_id', { mode: 'number' }),
  },
  (table) => [
    // One entry per ticket, whatever the number of gates (with the conditional UPDATE of the ticket).
    uniqueIndex('gate_scans_one_entry')
      .on(table.ticketId)
      .where(sql`${table.result} = 'entered'`),
    index('gate_scans_event').on(table.eventId, table.result),
  ],
);
