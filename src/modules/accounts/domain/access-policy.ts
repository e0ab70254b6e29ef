import type { Role } from '../../../../contracts/roles.js';

/** Session lifetimes (issue [B]): idle 30 minutes, absolute 12 hours. */
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
/** Single-use links. */
export const FIRST_ADMIN_LINK_MS = 24 * 60 * 60_000;
export const INVITATION_LINK_MS = 7 * 24 * 60 * 60_000;
/** Habilitation review (SEC-3): grants ending within 30 days, or not reviewed for a year. */
export const REVIEW_ENDING_SOON_MS = 30 * 24 * 60 * 60_000;
export const REVIEW_STALE_MS = 365 * 24 * 60 * 60_000;

/** Roles that see ban data, run draws, steer the programme or own the platform need a second factor (SEC-2). */
const ROLES_REQUIRING_MFA: readonly Role[] = ['programme_admin', 'ban_officer', 'controller', 'sysadmin'];

export interface GrantFacts {
  role: Role;
  runsDraws: boolean;
  startsAt: Date;
  endsAt: Date;
  revokedAt: Date | null;
}

export function isGrantActive(grant: Omit<GrantFacts, 'role' | 'runsDraws'>, now: Date): boolean {
  return grant.revokedAt === null && grant.startsAt <= now && now < grant.endsAt;
}

/** Whether an account must use a second factor, from the grants it holds now or will hold. */
export function requiresSecondFactor(grants: GrantFacts[], now: Date): boolean {
  return grants.some(
    (grant) =>
      grant.revokedAt === null &&
      grant.endsAt > now &&
      (ROLES_REQUIRING_MFA.includes(grant.role) || (grant.role === 'operator' && grant.runsDraws)),
  );
}

export type SecondFactorDue = 'none' | 'enrol' | 'challenge';

/**
 * What a session still needs before the account may act. A second factor is a confirmed TOTP app or at least
 * one passkey: whoever has one must use it at every login, required by their roles or not.
 */
export function secondFactorDue(facts: {
  hasSecondFactor: boolean;
  mfaRequired: boolean;
  mfaVerifiedAt: Date | null;
}): SecondFactorDue {
  if (facts.mfaVerifiedAt) return 'none';
  if (facts.hasSecondFactor) return 'challenge';
  return facts.mfaRequired ? 'enrol' : 'none';
}

/**
 * Whether a session may add a second factor (a TOTP app or a passkey): once signed in, or while enrolling the
 * first one its roles require — never while a factor the account already has is still due. Otherwise the
 * password alone would let anyone add a factor of their own and skip the one the account has.
 */
export function mayEnrolSecondFactor(due: SecondFactorDue): boolean {
  return due !== 'challenge';
}

export type ReviewReason = 'ending_soon' | 'not_reviewed_for_a_year';

export function reviewReasons(
  grant: { endsAt: Date; grantedAt: Date; lastReviewedAt: Date | null },
  now: Date,
): ReviewReason[] {
  const reasons: ReviewReason[] = [];
  if (grant.endsAt.getTime() - now.getTime() <= REVIEW_ENDING_SOON_MS) reasons.push('ending_soon');
  if (now.getTime() - (grant.lastReviewedAt ?? grant.grantedAt).getTime() >= REVIEW_STALE_MS) {
    reasons.push('not_reviewed_for_a_year');
  }
  return reasons;
}
