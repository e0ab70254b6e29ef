import {
  bigint,
  bigserial,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { auditEvents, users } from './accounts.js';

/**
 * The audit log's Merkle tree (docs/formats/audit-log.md): each entry's place in its monthly shard and its
 * leaf hash, written by the sequencer only. Append-only, like the entries (database triggers refuse changes).
 */
export const auditLeaves = pgTable(
  'audit_leaves',
  {
    shard: text('shard').notNull(),
    leafIndex: bigint('leaf_index', { mode: 'number' }).notNull(),
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => auditEvents.id),
    leafHash: text('leaf_hash').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.shard, table.leafIndex] }),
    uniqueIndex('audit_leaves_event').on(table.eventId),
  ],
);

/** Signed tree heads: kept forever (they hold no personal data), so a purged shard still anchors the chain. */
export const auditHeads = pgTable(
  'audit_heads',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    shard: text('shard').notNull(),
    treeSize: bigint('tree_size', { mode: 'number' }).notNull(),
    rootHash: text('root_hash').notNull(),
    previousShardRoot: text('previous_shard_root'),
    kind: text('kind', { enum: ['checkpoint', 'final'] }).notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true, precision: 3 }).notNull(),
    keyId: text('key_id').notNull(),
    /** Ed25519 signature of the canonical statement, base64. */
    signature: text('signature').notNull(),
    /** The tree's right edge at this size, to extend it without reading the leaves (not signed). */
    frontier: jsonb('frontier').notNull(),
  },
  (table) => [index('audit_heads_shard').on(table.shard, table.treeSize)],
);

/** A controller's review of the log (SEC-6: "the review itself recorded"), signed by the platform. */
export const auditReviews = pgTable('audit_reviews', {
  id: uuid('id').primaryKey().defaultRandom(),
  reviewerId: uuid('reviewer_id')
    .notNull()
    .references(() => users.id),
  periodFrom: timestamp('period_from', { withTimezone: true }).notNull(),
  periodTo: timestamp('period_to', { withTimezone: true }).notNull(),
  findings: text('findings').notNull(),
  alertsSeen: bigint('alerts_seen', { mode: 'number' }).notNull(),
  signedAt: timestamp('signed_at', { withTimezone: true, precision: 3 }).notNull(),
  keyId: text('key_id').notNull(),
  signature: text('signature').notNull(),
});
