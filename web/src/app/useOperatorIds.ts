import { useEffect, useMemo, useState } from 'react';
import { api, asProblem, type ApiProblem } from './api';
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

/**
 * What an operator page reads for one of the user's operators: the operators, the one chosen (the first until
 * the user picks another), and `GET /api/v1/operators/{chosen}/{path}` (undefined while it loads).
 */
export function useOperatorResource<T>(path: string) {
  const operatorIds = useOperatorIds();
  const [operatorId, setOperatorId] = useState<string | undefined>(undefined);
  const chosen = operatorId ?? operatorIds[0];
  const [data, setData] = useState<T | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  useEffect(() => {
    if (chosen === undefined) return;
    setData(undefined);
    api<T>('GET', `/api/v1/operators/${chosen}/${path}`)
      .then(setData)
      .catch((error: unknown) => setProblem(asProblem(error)));
  }, [chosen, path]);
  return { operatorIds, chosen, setOperatorId, data, problem };
}
