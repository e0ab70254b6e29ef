import { useMemo } from 'react';
import { useSession } from './session';

/** The operators the signed-in user acts for: active operator grants scoped to one, and their own organisation. */
export function useOperatorIds(): string[] {
  const session = useSession();
  return useMemo(() => {
    const ids = (session.state?.grants ?? [])
      .filter((grant) => grant.active && grant.role === 'operator' && grant.scopeKind === 'operator')
      .flatMap((grant) => (grant.scopeId ? [grant.scopeId] : []));
    const organisation = session.state?.user?.organisation;
    if (organisation?.kind === 'operator') ids.push(organisation.id);
    return [...new Set(ids)];
  }, [session.state]);
}
