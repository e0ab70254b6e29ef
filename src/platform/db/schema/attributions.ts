import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations, users } from './accounts.js';
import { applicants } from './applicants.js';
import { programmes, sportEvents } from './programmes.js';

/**
 * A manual attribution decision (TAJ-11, seed 1 §3.1): where a draw is impossible, the operator first writes
 * down the circumstances that make it so and the attribution criteria, for one bucket (programme × operator,
 * or a whole programme, like a draw). Only then may seats be attributed by hand, each citing this decision.
 * Never changed once recorded (trigger).
 */
export const manualAttributionDecisions = pgTable(
  'manual_attribution_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    operatorId: uuid('operator_id').references(() => organisations.id),
    bucket: text('bucket').notNull(),
    circumstances: text('circumstances').notNull(),
    criteria: text('criteria').notNull(),
    decidedBy: uuid('decided_by')
      .notNull()
      .references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('manual_attribution_decisions_programme').on(table.programmeId, table.operatorId)],
);

/** Seats per event the decision may attribute (like a draw's quota table), at most the bucket's stock. */
export const manualAttributionQuotas = pgTable(
  'manual_attribution_quotas',
  {
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => manualAttributionDecisions.id),
    eventId: uuid('event_id')
      .notNull()
      .references(() => sportEvents.id),
    event: text('event').notNull(),
    seats: integer('seats').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.decisionId, table.eventId] }),
    check('manual_attribution_quotas_seats', sql`${table.seats} >= 0`),
  ],
);

/**
 * Seats attributed by hand to one confirmed application of the decision's bucket (a person: 1 seat; a group,
 * through its manager: its size; a carer pair: 2), citing the decision and the criterion that applies. One
 * attribution per application in a programme.
 */
export const manualAttributions = pgTable(
  'manual_attributions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => manualAttributionDecisions.id),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    applicantId: uuid('applicant_id')
      .notNull()
      .references(() => applicants.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id')
      .notNull()
      .references(() => sportEvents.id),
    seats: integer('seats').notNull(),
    /** Which of the decision's criteria applies, in the operator's words. */
    criterion: text('criterion').notNull(),
    attributedBy: uuid('attributed_by')
      .notNull()
      .references(() => users.id),
    attributedAt: timestamp('attributed_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('manual_attributions_applicant').on(table.programmeId, table.applicantId),
    index('manual_attributions_decision').on(table.decisionId),
    check('manual_attributions_seats', sql`${table.seats} between 1 and 65535`),
  ],
);
