import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** An organisation: the State programme owner, an operator, an event organiser or a subcontractor. */
export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind', {
      enum: ['programme_owner', 'operator', 'event_organiser', 'subcontractor'],
    }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('organisations_name_unique').on(sql`lower(${table.name})`)],
);

/** A personal account (SEC-2): one person, one e-mail address, one organisation. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** Stored lower-cased; unique. */
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    /** PHC string (argon2id with its parameters); null until the account is activated. */
    passwordHash: text('password_hash'),
    status: text('status', { enum: ['invited', 'active', 'disabled'] }).notNull(),
    /** TOTP secret, AES-256-GCM encrypted with the field-encryption key (SEC-1). */
    totpSecretEncrypted: text('totp_secret_encrypted'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    /** The last TOTP time step accepted: a code is never accepted twice. */
    totpLastStep: integer('totp_last_step'),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('users_email_unique').on(table.email)],
);

/**
 * A role grant (SEC-3): user × role × scope × validity. A grant works only between `starts_at` and
 * `ends_at` and while not revoked; the check is made at every request.
 */
export const roleGrants = pgTable(
  'role_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', {
      enum: [
        'programme_admin',
        'operator',
        'group_manager',
        'beneficiary',
        'ban_officer',
        'gate_agent',
        'controller',
        'sysadmin',
      ],
    }).notNull(),
    scopeKind: text('scope_kind', {
      enum: ['platform', 'programme', 'operator', 'organiser', 'event'],
    }).notNull(),
    /** The programme, operator, organiser or event id; null for the whole platform. */
    scopeId: uuid('scope_id'),
    /** An operator grant that allows running draws (requires MFA). */
    runsDraws: boolean('runs_draws').notNull().default(false),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    grantedBy: uuid('granted_by').references(() => users.id),
    grantedAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => users.id),
    lastReviewedAt: timestamp('last_reviewed_at', { withTimezone: true }),
  },
  (table) => [
    index('role_grants_user').on(table.userId),
    check('role_grants_period', sql`${table.endsAt} > ${table.startsAt}`),
    check('role_grants_scope', sql`(${table.scopeKind} = 'platform') = (${table.scopeId} is null)`),
  ],
);

/**
 * Server-side sessions. Only the SHA-256 of the token is stored: a database dump does not give sessions away.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    /** Absolute end (12 h after creation). */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** When the second factor was checked in this session; null = password only. */
    mfaVerifiedAt: timestamp('mfa_verified_at', { withTimezone: true }),
    /** Last password (+ second factor) re-entry, for sensitive actions. */
    reauthenticatedAt: timestamp('reauthenticated_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason'),
  },
  (table) => [
    uniqueIndex('sessions_token_hash').on(table.tokenHash),
    index('sessions_user').on(table.userId),
  ],
);

/**
 * Single-use links: first administrator set-up, invitation, password reset. Only the token's hash is kept.
 */
export const oneTimeLinks = pgTable(
  'one_time_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    purpose: text('purpose', { enum: ['first_admin', 'invitation', 'password_reset'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id').references(() => users.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    /** Replaced by a newer link of the same purpose, or cancelled. */
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (table) => [uniqueIndex('one_time_links_token_hash').on(table.tokenHash)],
);

/** Recovery codes for a lost second factor: hashes only, each usable once. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    createdAt: createdAt(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (table) => [index('recovery_codes_user').on(table.userId)],
);

/**
 * Consecutive failed logins, per account name (`account:<HMAC of the e-mail>`) and per client address
 * (`client:<HMAC of the address>`). Keyed by the name typed rather than by user id, so an e-mail address that
 * has no account is throttled and locked exactly like one that has: the answers never tell them apart.
 */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull(),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

/** A habilitation review decision (SEC-3): who looked at which grant, when, and what they decided. */
export const habilitationReviews = pgTable(
  'habilitation_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    grantId: uuid('grant_id')
      .notNull()
      .references(() => roleGrants.id),
    reviewerId: uuid('reviewer_id')
      .notNull()
      .references(() => users.id),
    decision: text('decision', { enum: ['confirmed', 'revoked'] }).notNull(),
    comment: text('comment'),
    reviewedAt: createdAt(),
  },
  (table) => [index('habilitation_reviews_grant').on(table.grantId)],
);

/**
 * The audit trail's entries. Issue [C] makes it tamper-evident (Merkle tree, signed heads); the columns are
 * the ones it needs: never personal values, only references to the data concerned.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    /** A user id, or `system:<job>`, or `anonymous`. */
    actor: text('actor').notNull(),
    organisationId: uuid('organisation_id'),
    /** Dotted action name, e.g. `accounts.grant.revoked`. */
    action: text('action').notNull(),
    targetTable: text('target_table'),
    targetIds: text('target_ids').array(),
    result: text('result', { enum: ['success', 'denied', 'failure'] }).notNull(),
    requestId: text('request_id'),
    sourceIp: text('source_ip'),
  },
  (table) => [
    index('audit_events_occurred_at').on(table.occurredAt),
    index('audit_events_actor').on(table.actor),
    index('audit_events_action').on(table.action),
    index('audit_events_target').on(table.targetTable),
  ],
);

/**
 * Passkeys (WebAuthn), an optional second factor next to TOTP: the public key and signature counter of each
 * authenticator a person registered. Nothing secret is stored.
 */
export const webauthnCredentials = pgTable(
  'webauthn_credentials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** The credential id chosen by the authenticator, base64url. */
    credentialId: text('credential_id').notNull(),
    /** COSE public key, base64url. */
    publicKey: text('public_key').notNull(),
    signCount: integer('sign_count').notNull().default(0),
    transports: text('transports').array(),
    /** A name the person gives it ("clé USB du bureau"). */
    label: text('label').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('webauthn_credentials_id').on(table.credentialId),
    index('webauthn_credentials_user').on(table.userId),
  ],
);

/** A WebAuthn challenge issued to a session, single use, short-lived (registration or authentication). */
export const webauthnChallenges = pgTable('webauthn_challenges', {
  sessionId: uuid('session_id')
    .primaryKey()
    .references(() => sessions.id),
  purpose: text('purpose', { enum: ['registration', 'authentication'] }).notNull(),
  challenge: text('challenge').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
