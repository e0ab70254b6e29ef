import { z } from 'zod';

/** The eight roles of PRODUCT.md ("Who uses it"); a grant gives one of them within a scope. */
export const ROLES = [
  'programme_admin',
  'operator',
  'group_manager',
  'beneficiary',
  'ban_officer',
  'gate_agent',
  'controller',
  'sysadmin',
] as const;

export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/**
 * Roles that act over the whole platform by nature. A platform-wide grant of any other role (an operator, a
 * gate agent…) never opens a route scoped to one operator, organiser or event: those roles act for their
 * own organisation only.
 */
export const PLATFORM_WIDE_ROLES: readonly Role[] = ['programme_admin', 'controller', 'sysadmin'];
