import type { Role } from '../../../contracts/roles';
import { useSession } from './session';

export type { Role };

/**
 * Who may open a page: everyone, anyone signed in (second factor done), or anyone holding at least one of the
 * listed roles through an active grant.
 */
export type PageAccess = 'public' | 'signed-in' | readonly [Role, ...Role[]];

export function canOpen(access: PageAccess, roles: readonly Role[], signedIn = false): boolean {
  if (access === 'public') return true;
  if (access === 'signed-in') return signedIn;
  return access.some((role) => roles.includes(role));
}

/** The roles of the signed-in user: those of their active grants; none when anonymous. */
export function useCurrentRoles(): readonly Role[] {
  return useSession().roles;
}

/** The query parameter of /connexion that says where to go back after signing in. */
export const returnParam = 'retour';
