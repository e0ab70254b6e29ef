import { useMemo } from 'react';
import { useSession } from '../../app/session';
import { useOperatorId } from '../applicants/OperatorApplicantsPage';

/**
 * Where the signed-in user's draws are: every draw for a programme administrator (`/api/v1/draws`, whole
 * programmes included), an operator's own draws otherwise (their grant must run draws; the server says so).
 */
export function useDrawsApi(): {
  prefix: string | undefined;
  admin: boolean;
  operatorId: string | undefined;
} {
  const { roles } = useSession();
  const operatorId = useOperatorId();
  const admin = roles.includes('programme_admin');
  return useMemo(
    () => ({
      admin,
      operatorId,
      prefix: admin
        ? '/api/v1/draws'
        : operatorId === undefined
          ? undefined
          : `/api/v1/operators/${operatorId}/draws`,
    }),
    [admin, operatorId],
  );
}
