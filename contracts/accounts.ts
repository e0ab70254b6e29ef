import { z } from 'zod';
import { Role } from './roles.js';

// Accounts and access: the HTTP contract shared by the server and the web app (issue [B]).

export const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ error: 'adresse e-mail invalide : elle doit ressembler à prenom.nom@exemple.fr' }))
  .transform((email) => email.toLowerCase());

/** Up to 128 characters (CNIL); strength is checked by the server's password policy, not here. */
export const Password = z.string().min(1, { error: 'mot de passe requis' }).max(128, {
  error: 'le mot de passe ne peut pas dépasser 128 caractères',
});

export const DisplayName = z.string().trim().min(1).max(120);
export const OrganisationKind = z.enum(['programme_owner', 'operator', 'event_organiser', 'subcontractor']);
export const ScopeKind = z.enum(['platform', 'programme', 'operator', 'organiser', 'event']);
/** A second-factor code: 6 digits (TOTP) or a recovery code (`xxxx-xxxx-xxxx`). */
export const SecondFactorCode = z
  .string()
  .trim()
  .min(6)
  .max(20)
  .regex(/^(\d{6}|[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})$/i, {
    error: 'code invalide : 6 chiffres de votre application, ou un code de secours xxxx-xxxx-xxxx',
  });

export const GrantInput = z
  .object({
    role: Role,
    scopeKind: ScopeKind,
    scopeId: z.uuid().nullable().default(null),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    runsDraws: z.boolean().default(false),
  })
  .refine((grant) => (grant.scopeKind === 'platform') === (grant.scopeId === null), {
    error: 'la portée « platform » ne prend pas d’identifiant ; les autres portées en exigent un',
    path: ['scopeId'],
  })
  .refine((grant) => Date.parse(grant.endsAt) > Date.parse(grant.startsAt), {
    error: 'la date de fin doit être postérieure à la date de début',
    path: ['endsAt'],
  })
  .refine((grant) => !grant.runsDraws || grant.role === 'operator', {
    error: 'seul un rôle opérateur peut conduire des tirages',
    path: ['runsDraws'],
  });
export type GrantInput = z.infer<typeof GrantInput>;

export const Grant = z
  .object({
    id: z.uuid(),
    role: Role,
    scopeKind: ScopeKind,
    scopeId: z.uuid().nullable(),
    runsDraws: z.boolean(),
    startsAt: z.string(),
    endsAt: z.string(),
    revokedAt: z.string().nullable(),
    lastReviewedAt: z.string().nullable(),
    /** Valid now: started, not ended, not revoked. */
    active: z.boolean(),
  })
  .meta({ id: 'Grant' });
export type Grant = z.infer<typeof Grant>;

/** What the signed-in person must do next before using the platform. */
export const NextStep = z.enum(['none', 'mfa_enrol', 'mfa_challenge']);

export const SessionState = z
  .object({
    authenticated: z.boolean(),
    nextStep: NextStep.optional(),
    /** To send back in the `x-csrf-token` header of every state-changing request. */
    csrfToken: z.string().optional(),
    user: z
      .object({
        id: z.uuid(),
        email: z.string(),
        displayName: z.string(),
        organisation: z.object({ id: z.uuid(), name: z.string(), kind: OrganisationKind }),
        /** A second factor is on: a confirmed TOTP app, or at least one passkey. */
        mfaEnabled: z.boolean(),
        mfaRequired: z.boolean(),
        totpEnabled: z.boolean(),
        /** How many passkeys the account has (a passkey can replace the TOTP code). */
        passkeys: z.number().int().nonnegative(),
      })
      .optional(),
    grants: z.array(Grant).optional(),
  })
  .meta({ id: 'SessionState' });
export type SessionState = z.infer<typeof SessionState>;

export const LoginRequest = z.object({ email: Email, password: Password });
export const SecondFactorRequest = z.object({ code: SecondFactorCode });

// Passkeys (WebAuthn). The browser's JSON is checked loosely here (shape and sizes); @simplewebauthn/server
// verifies everything that matters (challenge, origin, RP id, signature, counter).
const Base64Url = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, { error: 'valeur base64url attendue' });
const ClientExtensionResults = z.record(z.string().max(64), z.unknown()).default({});

export const PasskeyRegistrationResponse = z.looseObject({
  id: Base64Url(1400),
  rawId: Base64Url(1400),
  type: z.literal('public-key'),
  response: z.looseObject({
    clientDataJSON: Base64Url(4096),
    attestationObject: Base64Url(32_768),
    transports: z.array(z.string().max(32)).max(10).optional(),
  }),
  authenticatorAttachment: z.string().max(32).optional(),
  clientExtensionResults: ClientExtensionResults,
});

export const PasskeyAuthenticationResponse = z.looseObject({
  id: Base64Url(1400),
  rawId: Base64Url(1400),
  type: z.literal('public-key'),
  response: z.looseObject({
    clientDataJSON: Base64Url(4096),
    authenticatorData: Base64Url(4096),
    signature: Base64Url(2048),
    userHandle: Base64Url(256).optional(),
  }),
  authenticatorAttachment: z.string().max(32).optional(),
  clientExtensionResults: ClientExtensionResults,
});

/** Options for `navigator.credentials.create()` / `.get()` as JSON (WebAuthn Level 3), passed on untouched. */
export const PasskeyCreationOptions = z
  .looseObject({ challenge: z.string(), rp: z.object({ name: z.string(), id: z.string().optional() }) })
  .meta({ id: 'PasskeyCreationOptions' });
export const PasskeyRequestOptions = z
  .looseObject({ challenge: z.string(), rpId: z.string().optional() })
  .meta({ id: 'PasskeyRequestOptions' });

export const PasskeyLabel = z
  .string()
  .trim()
  .min(1, { error: 'donnez un nom à cette clé, par exemple « clé USB du bureau »' })
  .max(60, { error: 'le nom ne peut pas dépasser 60 caractères' });
export const RegisterPasskeyRequest = z.object({
  label: PasskeyLabel,
  response: PasskeyRegistrationResponse,
});
export const PasskeyAssertionRequest = z.object({ response: PasskeyAuthenticationResponse });

/** A passkey as its owner sees it: never the key itself. */
export const PasskeySummary = z
  .object({ id: z.uuid(), label: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() })
  .meta({ id: 'PasskeySummary' });
export const PasskeyRegistered = z
  .object({
    passkey: PasskeySummary,
    /** Only when the account had no unused recovery code: shown once. */
    recoveryCodes: z.array(z.string()).optional(),
  })
  .meta({ id: 'PasskeyRegistered' });

/** The password, and the second factor when the account has one: a code, or a passkey assertion. */
export const ReauthenticateRequest = z.object({
  password: Password,
  code: SecondFactorCode.optional(),
  passkey: PasskeyAuthenticationResponse.optional(),
});

export const TotpEnrolment = z
  .object({
    /** Base32 secret to type into an authenticator app. */
    secret: z.string(),
    /** `otpauth://` URI, to show as a QR code. */
    otpauthUri: z.string(),
  })
  .meta({ id: 'TotpEnrolment' });
export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) }).meta({ id: 'RecoveryCodes' });

export const ChangePasswordRequest = z.object({ currentPassword: Password, newPassword: Password });

export const SessionSummary = z.object({
  id: z.uuid(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  current: z.boolean(),
});

/** A single-use link as the person who opens it sees it. */
export const LinkState = z
  .object({
    purpose: z.enum(['first_admin', 'invitation', 'password_reset']),
    status: z.enum(['valid', 'expired', 'used', 'unknown']),
    email: z.string().optional(),
    displayName: z.string().optional(),
    /** Whether the account will need a second factor (shown before choosing a password). */
    mfaRequired: z.boolean().optional(),
  })
  .meta({ id: 'LinkState' });

export const FirstAdminRequest = z.object({
  token: z.string().min(20).max(100),
  email: Email,
  displayName: DisplayName,
  organisationName: z.string().trim().min(2).max(200),
  password: Password,
});

export const AcceptInvitationRequest = z.object({ token: z.string().min(20).max(100), password: Password });

export const Organisation = z
  .object({ id: z.uuid(), name: z.string(), kind: OrganisationKind, createdAt: z.string() })
  .meta({ id: 'Organisation' });
export const CreateOrganisationRequest = z.object({
  name: z.string().trim().min(2).max(200),
  kind: OrganisationKind,
});

export const UserSummary = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    organisationId: z.uuid(),
    organisationName: z.string(),
    status: z.enum(['invited', 'active', 'disabled']),
    mfaEnabled: z.boolean(),
    locked: z.boolean(),
    lastLoginAt: z.string().nullable(),
    grants: z.array(Grant),
  })
  .meta({ id: 'UserSummary' });

export const InviteUserRequest = z.object({
  email: Email,
  displayName: DisplayName,
  organisationId: z.uuid(),
  grants: z.array(GrantInput).min(1).max(20),
});

export const ReviewItem = z
  .object({
    grant: Grant,
    user: z.object({
      id: z.uuid(),
      email: z.string(),
      displayName: z.string(),
      organisationName: z.string(),
    }),
    reasons: z.array(z.enum(['ending_soon', 'not_reviewed_for_a_year'])),
  })
  .meta({ id: 'ReviewItem' });

export const ReviewDecisionRequest = z.object({
  decision: z.enum(['confirmed', 'revoked']),
  comment: z.string().trim().max(1000).optional(),
});
