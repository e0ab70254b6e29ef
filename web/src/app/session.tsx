import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, rememberCsrfToken } from './api';
import type { Role, SessionState } from './contracts';

export interface SessionContextValue {
  /** undefined while the first GET /api/v1/session is on its way. */
  state: SessionState | undefined;
  /** Signed in and done with the second factor. */
  signedIn: boolean;
  /** Password accepted, second factor still due. */
  pending: boolean;
  /** The roles of the active grants (empty unless signed in). */
  roles: readonly Role[];
  /** Stores a SessionState the API just answered (login, second factor…). */
  update(state: SessionState): void;
  refresh(): Promise<SessionState>;
  signOut(): Promise<void>;
}

const anonymous: SessionState = { authenticated: false };

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export function nextStepOf(state: SessionState | undefined): 'none' | 'mfa_enrol' | 'mfa_challenge' {
  return state?.nextStep ?? 'none';
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState | undefined>(undefined);

  const update = useCallback((next: SessionState) => {
    rememberCsrfToken(next.authenticated ? next.csrfToken : undefined);
    setState(next);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const next = await api<SessionState>('GET', '/api/v1/session');
      update(next);
      return next;
    } catch {
      update(anonymous);
      return anonymous;
    }
  }, [update]);

  const signOut = useCallback(async () => {
    try {
      await api('DELETE', '/api/v1/session');
    } finally {
      update(anonymous);
    }
  }, [update]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const value = useMemo((): SessionContextValue => {
    const authenticated = state?.authenticated === true;
    const signedIn = authenticated && nextStepOf(state) === 'none';
    const roles = signedIn
      ? [...new Set((state?.grants ?? []).filter((grant) => grant.active).map((grant) => grant.role))]
      : [];
    return {
      state,
      signedIn,
      pending: authenticated && !signedIn,
      roles,
      update,
      refresh,
      signOut,
    };
  }, [state, update, refresh, signOut]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (value === undefined) throw new Error('useSession() needs a <SessionProvider> above it');
  return value;
}
