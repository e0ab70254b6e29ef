import type { FastifyRequest } from 'fastify';
import type { Role } from '../../../contracts/roles.js';

export type ScopeKind = 'platform' | 'programme' | 'operator' | 'organiser' | 'event';

/** A grant in force at the time of the request. */
export interface ActiveGrant {
  id: string;
  role: Role;
  scopeKind: ScopeKind;
  scopeId: string | null;
  runsDraws: boolean;
}

/** Who is calling, as established from the session cookie at this request. */
export interface Actor {
  userId: string;
  organisationId: string;
  sessionId: string;
  csrfToken: string;
  /** What the login still needs: nothing, enrolling a second factor, or entering it. */
  secondFactorDue: 'none' | 'enrol' | 'challenge';
  reauthenticatedAt: Date | null;
  grants: ActiveGrant[];
}

export type ActorResolver = (request: FastifyRequest) => Promise<Actor | undefined>;
