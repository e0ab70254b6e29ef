import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../../contracts/roles.js';
import {
  isGrantActive,
  mayEnrolSecondFactor,
  requiresSecondFactor,
  secondFactorDue,
  type GrantFacts,
} from './access-policy.js';

const now = new Date('2030-06-01T10:00:00Z');
const DAY = 86_400_000;

const grant = (role: Role, overrides: Partial<GrantFacts> = {}): GrantFacts => ({
  role,
  runsDraws: false,
  startsAt: new Date(now.getTime() - DAY),
  endsAt: new Date(now.getTime() + 30 * DAY),
  revokedAt: null,
  ...overrides,
});

describe('requiresSecondFactor (SEC-2: stronger factors for the roles that see ban data or run draws)', () => {
  it.each(['programme_admin', 'ban_officer', 'controller', 'sysadmin'] as const)('is true for %s', (role) => {
    expect(requiresSecondFactor([grant(role)], now)).toBe(true);
  });

  it('is true for an operator who runs draws, false for one who does not', () => {
    expect(requiresSecondFactor([grant('operator', { runsDraws: true })], now)).toBe(true);
    expect(requiresSecondFactor([grant('operator')], now)).toBe(false);
  });

  it('is false for every other role, and for an account without grants', () => {
    const others = ROLES.filter(
      (role) => !['programme_admin', 'ban_officer', 'controller', 'sysadmin', 'operator'].includes(role),
    );
    expect(others.length).toBeGreaterThan(0);
    for (const role of others) expect(requiresSecondFactor([grant(role)], now), role).toBe(false);
    expect(requiresSecondFactor([], now)).toBe(false);
  });

  it('counts a grant that starts later (the factor is set up before it opens), not an ended or revoked one', () => {
    expect(requiresSecondFactor([grant('sysadmin', { startsAt: new Date(now.getTime() + DAY) })], now)).toBe(
      true,
    );
    expect(requiresSecondFactor([grant('sysadmin', { endsAt: now })], now)).toBe(false);
    expect(requiresSecondFactor([grant('sysadmin', { revokedAt: new Date(now.getTime() - 1) })], now)).toBe(
      false,
    );
  });

  it('is true as soon as one grant needs it, whatever the others', () => {
    expect(requiresSecondFactor([grant('group_manager'), grant('controller')], now)).toBe(true);
  });
});

describe('secondFactorDue', () => {
  it('asks whoever has a factor to use it, whoever must have one to enrol, and nothing once verified', () => {
    const cases: [Parameters<typeof secondFactorDue>[0], string][] = [
      [{ hasSecondFactor: true, mfaRequired: true, mfaVerifiedAt: null }, 'challenge'],
      [{ hasSecondFactor: true, mfaRequired: false, mfaVerifiedAt: null }, 'challenge'],
      [{ hasSecondFactor: false, mfaRequired: true, mfaVerifiedAt: null }, 'enrol'],
      [{ hasSecondFactor: false, mfaRequired: false, mfaVerifiedAt: null }, 'none'],
      [{ hasSecondFactor: true, mfaRequired: true, mfaVerifiedAt: now }, 'none'],
    ];
    for (const [facts, due] of cases) expect(secondFactorDue(facts), JSON.stringify(facts)).toBe(due);
  });
});

describe('mayEnrolSecondFactor', () => {
  it('lets a signed-in session or a forced enrolment add a factor, never a session that owes its own', () => {
    expect(mayEnrolSecondFactor('none')).toBe(true);
    expect(mayEnrolSecondFactor('enrol')).toBe(true);
    expect(mayEnrolSecondFactor('challenge')).toBe(false);
  });
});

describe('isGrantActive', () => {
  it('is true from its start (included) to its end (excluded), unless revoked', () => {
    const facts = { startsAt: now, endsAt: new Date(now.getTime() + DAY), revokedAt: null };
    expect(isGrantActive(facts, now)).toBe(true);
    expect(isGrantActive(facts, new Date(now.getTime() - 1))).toBe(false);
    expect(isGrantActive(facts, facts.endsAt)).toBe(false);
    expect(isGrantActive({ ...facts, revokedAt: now }, now)).toBe(false);
  });
});
