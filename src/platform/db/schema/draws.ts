import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations, users } from './accounts.js';
import { applicants } from './applicants.js';
import { programmes, sportEvents } from './programmes.js';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/**
 * A verifiable draw (TAJ-10, docs/formats/draw-record.md) for one bucket: a programme × operator, or a whole
 * programme (`operator_id` null). Its status only moves forward: setup → frozen → committed → run → published,
 * or frozen/committed → abandoned.
 * What is published (commitment, record) is kept as the exact bytes that were signed.
 */
export const draws = pgTable(
  'draws',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    operatorId: uuid('operator_id').references(() => organisations.id),
    /** The bucket identifier written in the leaves and the quota table (§1). */
    bucket: text('bucket').notNull(),
    name: text('name').notNull(),
    status: text('status', {
      enum: ['setup', 'frozen', 'committed', 'run', 'published', 'abandoned'],
    }).notNull(),
    specVersion: smallint('spec_version').notNull().default(1),
    /** Demonstration data: its round may already be past; the record says so. */
    demonstration: boolean('demonstration').notNull().default(false),
    maxChoices: smallint('max_choices').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    frozenAt: timestamp('frozen_at', { withTimezone: true }),
    entriesRoot: text('entries_root'),
    entryCount: integer('entry_count'),
    /**
     * Confirmed applications left out at freeze because none of their ranked events has a quota in the bucket
     * (docs/api/draws.md "Freeze"); null before freeze.
     */
    entriesWithoutChoice: integer('entries_without_choice'),
    /**
     * The entries' categories for the distribution checks (draw-record.md §8.1), fixed at freeze: the distinct
     * (registration week, operator) pairs, which `draw_leaf_chunks.categories` index. Null before freeze.
     */
    entryCategories: jsonb('entry_categories').$type<{ week: string; operator: string }[]>(),
    /** The distinct tails of the frozen leaves (bucket, seats, choices), which `draw_leaf_chunks.tails` index. */
    entryTails: jsonb('entry_tails').$type<{ bucket: string; seats: number; choices: string[] }[]>(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** A frozen or committed draw given up (never a run one): when, by whom, why — public once committed. */
    abandonedAt: timestamp('abandoned_at', { withTimezone: true }),
    abandonedBy: uuid('abandoned_by').references(() => users.id),
    abandonedReason: text('abandoned_reason'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('draws_programme').on(table.programmeId, table.operatorId),
    // No cherry-picking (issue [F] review): at most one live draw per bucket of a programme — frozen,
    // committed or run, until it is published or abandoned.
    uniqueIndex('draws_one_live_per_bucket')
      .on(table.programmeId, table.bucket)
      .where(sql`${table.status} in ('frozen', 'committed', 'run')`),
  ],
);

/** The quota table of a draw (§3): seats per (bucket, event), set during setup, fixed at freeze. */
export const drawQuotas = pgTable(
  'draw_quotas',
  {
    drawId: uuid('draw_id')
      .notNull()
      .references(() => draws.id, { onDelete: 'cascade' }),
    bucket: text('bucket').notNull(),
    /** The event's identifier in the record: its code. */
    event: text('event').notNull(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => sportEvents.id),
    seats: bigint('seats', { mode: 'number' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.drawId, table.bucket, table.event] }),
    check('draw_quotas_seats', sql`${table.seats} between 0 and 4294967295`),
  ],
);

/**
 * The frozen leaves (§1): one entry per person, group (k seats, the manager's application) or carer pair
 * (2 seats). `entry_id` is 16 random bytes drawn at freeze. Never changed once frozen (trigger). The run's
 * results are in `draw_result_chunks`, read through the view `draw_entry_results` (0011).
 */
export const drawEntries = pgTable(
  'draw_entries',
  {
    drawId: uuid('draw_id')
      .notNull()
      .references(() => draws.id, { onDelete: 'cascade' }),
    /** 32 lower-case hex characters. */
    entryId: text('entry_id').notNull(),
    /** Position in the Merkle tree (entries sorted by id, §2). */
    position: integer('position').notNull(),
    kind: text('kind', { enum: ['person', 'group', 'carer_pair'] }).notNull(),
    bucket: text('bucket').notNull(),
    seats: integer('seats').notNull(),
    /** Event identifiers, best first. */
    choices: jsonb('choices').$type<string[]>().notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.drawId, table.entryId] }),
    index('draw_entries_position').on(table.drawId, table.position),
    check('draw_entries_seats', sql`${table.seats} between 1 and 65535`),
  ],
);

/** Raw bytes (PostgreSQL `bytea`); both drivers give and take a Uint8Array (a Buffer with node-postgres). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * The same frozen leaves, packed for the run (draws/domain/leaf-chunks.ts): per position its entry id (16
 * bytes) and the index of its tail (bucket, seats, choices; u32 big-endian) in `draws.entry_tails`, and its
 * category index for the checks, for positions `first_position …`, in chunks of `LEAF_CHUNK` entries written
 * at freeze. The run reads a megabyte per chunk instead of millions of rows. Never changed (trigger).
 */
export const drawLeafChunks = pgTable(
  'draw_leaf_chunks',
  {
    drawId: uuid('draw_id')
      .notNull()
      .references(() => draws.id, { onDelete: 'cascade' }),
    firstPosition: integer('first_position').notNull(),
    count: integer('count').notNull(),
    ids: bytea('ids').notNull(),
    tails: bytea('tails').notNull(),
    /** Each entry's category for the distribution checks, u32 big-endian: an index into `draws.entry_categories`. */
    categories: bytea('categories').notNull(),
  },
  (table) => [primaryKey({ columns: [table.drawId, table.firstPosition] })],
);

/**
 * The run's result for every entry, by position, in chunks of `RESULT_CHUNK` positions from `first_position`:
 * its draw rank, the rank of the choice obtained (0: none) and its reserve rank (0: allocated). Written once
 * by the run (a few hundred rows for millions of entries), never changed (trigger). Read through the view
 * `draw_entry_results`, which has one row per entry with these and `outcome_event`.
 */
export const drawResultChunks = pgTable(
  'draw_result_chunks',
  {
    drawId: uuid('draw_id')
      .notNull()
      .references(() => draws.id, { onDelete: 'cascade' }),
    firstPosition: integer('first_position').notNull(),
    drawRanks: integer('draw_ranks').array().notNull(),
    outcomes: smallint('outcomes').array().notNull(),
    reserveRanks: integer('reserve_ranks').array().notNull(),
  },
  (table) => [primaryKey({ columns: [table.drawId, table.firstPosition] })],
);

/**
 * Each bucket's reserve list in reserve-rank order, in chunks of up to `RESULT_CHUNK` entries: their positions
 * and reserve ranks (ranks are the draw's, so they grow within a bucket but skip the other buckets'). Written
 * once by the run, never changed (trigger); lets a withdrawal find the next reserve of a bucket by reading one
 * chunk rather than the whole draw (`draws/results.ts`, `reserveList`).
 */
export const drawReserveChunks = pgTable(
  'draw_reserve_chunks',
  {
    drawId: uuid('draw_id')
      .notNull()
      .references(() => draws.id, { onDelete: 'cascade' }),
    bucket: text('bucket').notNull(),
    /** Reserve rank of the chunk's first and last entries. */
    firstRank: integer('first_rank').notNull(),
    lastRank: integer('last_rank').notNull(),
    positions: integer('positions').array().notNull(),
    reserveRanks: integer('reserve_ranks').array().notNull(),
  },
  (table) => [primaryKey({ columns: [table.drawId, table.bucket, table.firstRank] })],
);

/**
 * Which applicants an entry stands for (a person; a group's manager; both people of a carer pair). Server-side
 * only: nothing public links an entry id to a person. An applicant who withdraws takes this link with them;
 * the pseudonymous entry stays, since the root was published.
 */
export const drawEntryApplicants = pgTable(
  'draw_entry_applicants',
  {
    drawId: uuid('draw_id').notNull(),
    entryId: text('entry_id').notNull(),
    applicantId: uuid('applicant_id')
      .notNull()
      .references(() => applicants.id, { onDelete: 'cascade' }),
  },
  (table) => [
    primaryKey({ columns: [table.drawId, table.applicantId] }),
    index('draw_entry_applicants_entry').on(table.drawId, table.entryId),
  ],
);

/**
 * The commitment (§4), signed and published before the beacon round exists, then the beacon value entered,
 * then the signed record (§8, §9). Bytes are stored as the UTF-8 text that was hashed and signed.
 */
export const drawCommitments = pgTable('draw_commitments', {
  drawId: uuid('draw_id')
    .primaryKey()
    .references(() => draws.id, { onDelete: 'cascade' }),
  committedAt: timestamp('committed_at', { withTimezone: true }).notNull(),
  committedBy: uuid('committed_by')
    .notNull()
    .references(() => users.id),
  beaconRound: bigint('beacon_round', { mode: 'number' }).notNull(),
  beaconDeadline: timestamp('beacon_deadline', { withTimezone: true }).notNull(),
  /** The fallback witnesses, in commitment order: `[{ name, commitment }]`. */
  witnesses: jsonb('witnesses').$type<{ name: string; commitment: string }[]>().notNull(),
  revealDeadline: timestamp('reveal_deadline', { withTimezone: true }).notNull(),
  minReveals: smallint('min_reveals').notNull(),
  commitmentBytes: text('commitment_bytes').notNull(),
  commitmentHash: text('commitment_hash').notNull(),
  signatureKeyId: text('signature_key_id').notNull(),
  /** Ed25519, base64. */
  signature: text('signature').notNull(),
  /** The beacon's BLS signature of the committed round, hex, once entered and verified. */
  beaconSignature: text('beacon_signature'),
  beaconEnteredAt: timestamp('beacon_entered_at', { withTimezone: true }),
  beaconEnteredBy: uuid('beacon_entered_by').references(() => users.id),
});

/** A run's counts, computed once by the run from its own arrays and kept with the record. */
export interface ResultsSummary {
  allocatedEntries: number;
  reserveEntries: number;
  seatsFilled: number;
  /** Seats filled per event that filled any. */
  filled: { event: string; seats: number }[];
  /** Outcome by entry size (1, a pair, a group of k). */
  bySeats: { seats: number; allocated: number; reserve: number }[];
}

export const drawRecords = pgTable('draw_records', {
  drawId: uuid('draw_id')
    .primaryKey()
    .references(() => draws.id, { onDelete: 'cascade' }),
  ranAt: timestamp('ran_at', { withTimezone: true }).notNull(),
  ranBy: uuid('ran_by')
    .notNull()
    .references(() => users.id),
  /**
   * The record bytes (§8, RFC 8785) are not stored: they are computed again from the frozen leaves, the
   * commitment and the randomness, and must hash to `record_sha256` (draws/record-bytes.ts). Records signed
   * before migration 0011 keep their bytes in `draw_record_chunks`.
   */
  recordSha256: text('record_sha256').notNull(),
  resultsHash: text('results_hash').notNull(),
  /** The run's counts (entries allocated, on the reserve list, seats per event, by size), for the pages. */
  resultsSummary: jsonb('results_summary').$type<ResultsSummary>().notNull(),
  signatureKeyId: text('signature_key_id').notNull(),
  signature: text('signature').notNull(),
});

/** The bytes of records signed before migration 0011, in chunks in order (`seq` 0, 1, …); never changed. */
export const drawRecordChunks = pgTable(
  'draw_record_chunks',
  {
    drawId: uuid('draw_id')
      .notNull()
      .references(() => draws.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    bytes: bytea('bytes').notNull(),
  },
  (table) => [primaryKey({ columns: [table.drawId, table.seq] })],
);

/**
 * The witnesses' reveals (§6.2), entered once the beacon deadline has passed without a beacon value: each
 * secret is checked against the witness's committed hash before it is kept (a wrong one is refused, audited).
 */
export const drawWitnessReveals = pgTable(
  'draw_witness_reveals',
  {
    drawId: uuid('draw_id')
      .notNull()
      .references(() => draws.id, { onDelete: 'cascade' }),
    /** The witness's index in the commitment's list. */
    witnessIndex: smallint('witness_index').notNull(),
    /** The 32-byte secret, hex; SHA-256 of it is the witness's commitment. */
    secret: text('secret').notNull(),
    revealedAt: timestamp('revealed_at', { withTimezone: true }).notNull(),
    enteredBy: uuid('entered_by')
      .notNull()
      .references(() => users.id),
  },
  (table) => [primaryKey({ columns: [table.drawId, table.witnessIndex] })],
);
