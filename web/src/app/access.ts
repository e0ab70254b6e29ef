/** The roles of PRODUCT.md ("Who uses it"); accounts and sessions will provide them. */
export type Role =
  | 'programme_admin'
  | 'operator'
  | 'group_manager'
  | 'beneficiary'
  | 'ban_officer'
  | 'gate_agent'
  | 'controller'
  | 'sysadmin';

/** Who may open a page: everyone, or anyone holding at least one of the listed roles. */
export type PageAccess = 'public' | readonly [Role, ...Role[]];

export function canOpen(access: PageAccess, roles: readonly Role[]): boolean {
  return access === 'public' || access.some((role) => roles.includes(role));
}

const anonymous: readonly Role[] = [];

/**
 * The roles of the signed-in user. Nobody can sign in yet, so everyone is anonymous; once sessions exist this
 * hook reads them, and every page declared with roles becomes reachable to its holders only.
 */
export function useCurrentRoles(): readonly Role[] {
  return anonymous;
}
