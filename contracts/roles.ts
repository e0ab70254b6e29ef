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
