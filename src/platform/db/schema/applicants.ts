import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations, users } from './accounts.js';
import { programmes } from './programmes.js';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/**
 * Every version of every text a person is asked to accept (TAJ-5, TAJ-6, TAJ-19): the information notice (and
 * its easy-to-read version), the usage charter, the commitment to attend, the opt-in for after the Games.
 * A consent names the version it was given on, by id and by SHA-256 of the text. Rows are never changed.
 */
export const noticeVersions = pgTable(
  'notice_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', {
      enum: [
        'privacy_notice',
        'privacy_notice_easy',
        'usage_charter',
        'attendance_commitment',
        'post_games_contact',
      ],
    }).notNull(),
    version: text('version').notNull(),
    language: text('language').notNull().default('fr'),
    body: text('body').notNull(),
    /** SHA-256 of the body's UTF-8 bytes, hex. */
    sha256: text('sha256').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex('notice_versions_unique').on(table.kind, table.version, table.language)],
);

/**
 * A group applying together (TAJ-7, TAJ-8): only the manager's identity, the size and mobility needs as
 * counts. Participants' identities are in `group_participants`, which no operator route reads.
 */
export const applicantGroups = pgTable(
  'applicant_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    size: integer('size').notNull(),
    /** Counts only, never tied to a person (CNIL recommendation 2): `{ "wheelchair": 2, … }`. */
    mobilityNeeds: jsonb('mobility_needs').$type<Record<string, number>>().notNull(),
    /** The manager's account (group_manager), created from the e-mail link. */
    managerUserId: uuid('manager_user_id').references(() => users.id),
    submissionId: uuid('submission_id').unique(),
    createdAt: createdAt(),
  },
  (table) => [check('applicant_groups_size', sql`${table.size} between 2 and 200`)],
);

/**
 * A person who applies (TAJ-4): the identity the programme needs and nothing else. `identityKey` is the HMAC
 * of the normalised identity (TAJ-9); `entryRef` is the random, pseudonymous reference shown to the person and
 * used by the draws, never derived from the identity.
 */
export const applicants = pgTable(
  'applicants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entryRef: text('entry_ref').notNull(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => organisations.id),
    channel: text('channel', { enum: ['import', 'form', 'group'] }).notNull(),
    birthSurname: text('birth_surname').notNull(),
    /**
     * The birth surname as the operator list searches and sorts it: normalised, without accents or spaces
     * (`surnameSearchKey`: « Hélène » → « HELENE »), written with every applicant by every intake path.
     */
    birthSurnameKey: text('birth_surname_key').notNull(),
    firstNames: text('first_names').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    /** The person's e-mail, or null for a group manager's participant (their tickets go to the manager). */
    email: text('email'),
    /** What the programme's eligibility rules need: statuses held and whether their proof was given. */
    statuses: jsonb('statuses').$type<{ status: string; proofProvided: boolean }[]>().notNull(),
    identityKey: text('identity_key').notNull(),
    /** The group this person is the manager of (`role = manager`) or a participant in. */
    groupId: uuid('group_id').references(() => applicantGroups.id),
    groupRole: text('group_role', { enum: ['manager', 'participant'] }),
    /**
     * The events this application ranks, best first (ids of `sport_events`, pairwise distinct, at most the
     * programme's `max_event_choices`): validated when written (events of the programme, not started).
     * Empty: no ranking given (an application from before rankings, or an import without the column) — the
     * draw then ranks the bucket's events by start time. A group's ranking is on its manager's row; a carer
     * pair's on both rows, the same (the person's).
     */
    eventChoices: uuid('event_choices')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    /** A person with a disability and their carer: the same pair id, always allocated together. */
    carerPairId: uuid('carer_pair_id'),
    carerRole: text('carer_role', { enum: ['person', 'carer'] }),
    importId: uuid('import_id'),
    /**
     * For an imported person: the day the operator collected the consents (the texts consented to are the
     * versions in force that day) and the legal representative who signed for a minor. A form or a group
     * records its consents in `applicant_consents` instead.
     */
    consentedOn: date('consented_on', { mode: 'string' }),
    representativeName: text('representative_name'),
    /** The form's own id: the same form sent twice is recognised and records nothing new. */
    submissionId: uuid('submission_id'),
    /**
     * When the address was confirmed. An online application is recorded pending (null) and counts — holds the
     * programme's place, shows in the operator's list, raises the cross-programme flag — only once the person
     * opens the confirmation link sent to it; pending rows are deleted after `PENDING_HOURS`. Imports and
     * groups are confirmed when written (the default).
     */
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }).defaultNow(),
    /** SHA-256 of the confirmation link's token; kept after confirmation so a second use says so clearly. */
    confirmationTokenHash: text('confirmation_token_hash'),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('applicants_entry_ref').on(table.entryRef),
    uniqueIndex('applicants_submission')
      .on(table.submissionId)
      .where(sql`${table.submissionId} is not null`),
    // One person holds one place per programme: a form sent twice, a file imported twice create nothing new.
    // Only confirmed rows hold it, so that nobody takes a person's place with an address that is not theirs.
    // Identity first, so the same index answers "is this person in another programme" (TAJ-9).
    uniqueIndex('applicants_identity_programme')
      .on(table.identityKey, table.programmeId)
      .where(sql`${table.confirmedAt} is not null`),
    uniqueIndex('applicants_confirmation_token')
      .on(table.confirmationTokenHash)
      .where(sql`${table.confirmationTokenHash} is not null`),
    index('applicants_pending')
      .on(table.createdAt)
      .where(sql`${table.confirmedAt} is null`),
    // The operator list: sorted and searched by prefix on the normalised surname, in byte order (`collate "C"`),
    // so `like 'HEL%'` and the cursor both walk the index — no sequential scan, no sort of a million rows.
    index('applicants_operator_list').on(
      table.operatorId,
      table.programmeId,
      sql`"birth_surname_key" collate "C"`,
      table.id,
    ),
    index('applicants_operator_all').on(table.operatorId, sql`"birth_surname_key" collate "C"`, table.id),
    index('applicants_group')
      .on(table.groupId)
      .where(sql`${table.groupId} is not null`),
    check('applicants_import_consent', sql`${table.channel} <> 'import' or ${table.consentedOn} is not null`),
  ],
);

/** Consents and commitments (TAJ-5, TAJ-6, TAJ-20), each on a text version; withdrawal is a date, not a delete. */
export const applicantConsents = pgTable(
  'applicant_consents',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    applicantId: uuid('applicant_id')
      .notNull()
      .references(() => applicants.id, { onDelete: 'cascade' }),
    kind: text('kind', {
      enum: ['data_processing', 'usage_charter', 'attendance_commitment', 'post_games_contact'],
    }).notNull(),
    /** Who gave it: the person, or their legal representative (a minor: article 45). */
    party: text('party', { enum: ['person', 'representative'] }).notNull(),
    noticeVersionId: uuid('notice_version_id')
      .notNull()
      .references(() => noticeVersions.id),
    channel: text('channel', { enum: ['form', 'import', 'group', 'applicant_page'] }).notNull(),
    /** For an import, the operator's staff member who attests the consent was collected. */
    recordedBy: uuid('recorded_by').references(() => users.id),
    /** The representative's name, as they signed (only for `party = representative`). */
    signedName: text('signed_name'),
    givenAt: timestamp('given_at', { withTimezone: true }).notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (table) => [index('applicant_consents_applicant').on(table.applicantId)],
);

/** Participants a group manager enters (TAJ-7). Read by the manager only. */
export const groupParticipants = pgTable(
  'group_participants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => applicantGroups.id, { onDelete: 'cascade' }),
    birthSurname: text('birth_surname').notNull(),
    firstNames: text('first_names').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    identityKey: text('identity_key').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('group_participants_unique').on(table.groupId, table.identityKey),
    index('group_participants_identity').on(table.identityKey),
  ],
);

/**
 * The consent of each group participant (TAJ-5, article 45), attested by the group's manager when entering
 * them: who gave it (the participant if an adult, the legal representative of a minor, both under 15), on
 * which version of the information notice, when the manager attested it. Read by the manager only, like the
 * participants.
 */
export const groupParticipantConsents = pgTable(
  'group_participant_consents',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => groupParticipants.id, { onDelete: 'cascade' }),
    party: text('party', { enum: ['person', 'representative'] }).notNull(),
    noticeVersionId: uuid('notice_version_id')
      .notNull()
      .references(() => noticeVersions.id),
    givenAt: timestamp('given_at', { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex('group_participant_consents_party').on(table.participantId, table.party)],
);

/** An operator's CSV import of applicants, with its progress (the page polls it) and its outcome. */
export const applicantImports = pgTable('applicant_imports', {
  id: uuid('id').primaryKey().defaultRandom(),
  programmeId: uuid('programme_id')
    .notNull()
    .references(() => programmes.id),
  operatorId: uuid('operator_id')
    .notNull()
    .references(() => organisations.id),
  createdBy: uuid('created_by')
    .notNull()
    .references(() => users.id),
  status: text('status', { enum: ['running', 'done', 'failed'] }).notNull(),
  bytesTotal: integer('bytes_total'),
  bytesRead: integer('bytes_read').notNull().default(0),
  rowsRead: integer('rows_read').notNull().default(0),
  rowsCreated: integer('rows_created').notNull().default(0),
  rowsUnchanged: integer('rows_unchanged').notNull().default(0),
  rowsRejected: integer('rows_rejected').notNull().default(0),
  /** Why the whole file was refused (encoding, columns…), in French. */
  failure: text('failure'),
  /**
   * The operator's attestation (TAJ-5), as shown and confirmed when the import was opened: that each person in
   * the file, and a minor's legal representative, received the texts in force on the day in `consentement_le`
   * and consented. Stored word for word with its moment; the staff member is `created_by`.
   */
  attestation: text('attestation'),
  attestedAt: timestamp('attested_at', { withTimezone: true }),
  /** When the file started to arrive: an import takes one file, once. */
  fileReceivedAt: timestamp('file_received_at', { withTimezone: true }),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

/** Rejected lines of an import: line number and reason only (the reason names columns, never values). */
export const applicantImportRejections = pgTable(
  'applicant_import_rejections',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => applicantImports.id, { onDelete: 'cascade' }),
    line: integer('line').notNull(),
    reason: text('reason').notNull(),
  },
  (table) => [primaryKey({ columns: [table.importId, table.line] })],
);

/**
 * The link a person (or a group manager) receives to see their application, consents and withdraw them:
 * only the SHA-256 of the token is stored.
 */
export const applicantLinks = pgTable(
  'applicant_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    applicantId: uuid('applicant_id')
      .notNull()
      .references(() => applicants.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('applicant_links_applicant').on(table.applicantId)],
);

/**
 * Anonymous proof of a consent that was withdrawn (TAJ-5, GDPR art. 7(1)): when a person withdraws, their
 * application and consents are erased, and one row per consent is kept here — which text version, given and
 * withdrawn when, through which channel, for which programme and operator — with nothing that identifies the
 * person (no applicant id, reference, name, address or signed name). Kept `CONSENT_PROOF_YEARS`, then purged.
 */
export const withdrawnConsents = pgTable(
  'withdrawn_consents',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    operatorId: uuid('operator_id')
      .notNull()
      .references(() => organisations.id),
    kind: text('kind', {
      enum: ['data_processing', 'usage_charter', 'attendance_commitment', 'post_games_contact'],
    }).notNull(),
    party: text('party', { enum: ['person', 'representative'] }).notNull(),
    noticeVersionId: uuid('notice_version_id')
      .notNull()
      .references(() => noticeVersions.id),
    channel: text('channel', { enum: ['form', 'import', 'group', 'applicant_page'] }).notNull(),
    givenAt: timestamp('given_at', { withTimezone: true }).notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('withdrawn_consents_withdrawn').on(table.withdrawnAt)],
);
