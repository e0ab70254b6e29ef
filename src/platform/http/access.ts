import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { PLATFORM_WIDE_ROLES, type Role } from '../../../contracts/roles.js';
import type { RouteAudit } from '../audit/read-log.js';
import type { Clock } from '../clock.js';
import type { Actor, ActorResolver, ScopeKind } from './actor.js';
import { accessProblems, platformProblems } from './problem.js';

/** Which grants can open a route: platform-wide ones, or ones whose scope id is in a path parameter. */
export type ScopeRule = { kind: 'platform' } | { kind: Exclude<ScopeKind, 'platform'>; param: string };

/**
 * What every route must declare: who may call it (SEC-3). There is no default: a route without a
 * declaration makes the server refuse to start.
 * - public: anyone; `why` says why that is acceptable.
 * - pending: a session whose password was accepted, second factor possibly still due (login steps only).
 * - signed-in: any account that completed its login.
 * - roles: an active grant of one of `roles` whose scope covers the route.
 * `reauthenticate`: the action is sensitive; the password (and second factor) must have been re-entered
 * within the last five minutes.
 * `runsDraws`: an operator's grant opens the route only if it is marked as running draws (such grants require
 * a second factor, SEC-2); other roles listed are not concerned.
 */
export type RouteAccess =
  | { kind: 'public'; why: string }
  | { kind: 'pending' }
  | { kind: 'signed-in'; reauthenticate?: boolean }
  | {
      kind: 'roles';
      roles: readonly Role[];
      scope: ScopeRule;
      reauthenticate?: boolean;
      runsDraws?: boolean;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** The caller, once the access guard has checked them (undefined on public routes). */
    actor: Actor | undefined;
    /** Resolves the caller from the session cookie (memoised): for public routes that adapt to a session. */
    resolveActor(): Promise<Actor | undefined>;
    /** Set when the access guard refused the request (401 or 403): the audit trail records it as denied. */
    accessRefused: boolean;
  }
}

export const REAUTHENTICATION_WINDOW_MS = 5 * 60_000;
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const publicAccess = (why: string): { access: RouteAccess } => ({ access: { kind: 'public', why } });
export const platformRoles = (
  roles: readonly Role[],
  options: { reauthenticate?: boolean } = {},
): { access: RouteAccess } => ({ access: { kind: 'roles', roles, scope: { kind: 'platform' }, ...options } });

export class MissingAccessDeclarationError extends Error {
  constructor(method: string | string[], url: string) {
    super(
      `Route ${String(method)} ${url} declares no access (config.access): every route must say who may call it.`,
    );
    this.name = 'MissingAccessDeclarationError';
  }
}

/** Every declared route, for the authorisation-matrix test and the docs. */
export interface DeclaredRoute {
  method: string;
  url: string;
  access: RouteAccess;
  /** What the route says about the personal data it returns (src/platform/audit/read-log.ts). */
  audit: RouteAudit | undefined;
}

export interface AccessGuardOptions {
  resolveActor?: ActorResolver;
  clock?: Clock;
}

export function installAccessGuard(
  app: FastifyInstance,
  routes: DeclaredRoute[],
  { resolveActor = async () => undefined, clock = { now: () => new Date() } }: AccessGuardOptions = {},
): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const access = route.config?.access;
    if (!access) throw new MissingAccessDeclarationError(route.method, route.url);
    for (const method of [route.method].flat()) {
      routes.push({ method, url: route.url, access, audit: route.config?.audit });
    }
  });

  app.decorateRequest('actor', undefined);
  app.decorateRequest('resolveActor', function (this: FastifyRequest) {
    const memo = this as FastifyRequest & { actorPromise?: Promise<Actor | undefined> };
    memo.actorPromise ??= resolveActor(this);
    return memo.actorPromise;
  });

  // After onRequest (where rate limiting counts every request, refused ones included), before the body is
  // even parsed: an anonymous caller's body is never read on a closed route.
  app.decorateRequest('accessRefused', false);
  app.addHook('preParsing', async (request, _reply, payload) => {
    try {
      await guard(request);
    } catch (refusal) {
      request.accessRefused = true;
      throw refusal;
    }
    return payload;
  });

  async function guard(request: FastifyRequest): Promise<void> {
    if (STATE_CHANGING.has(request.method)) refuseForeignOrigin(request);
    if (request.is404) return;
    const access = request.routeOptions.config.access;
    if (!access) throw platformProblems.notFound(request.url.split('?')[0] ?? '/');
    const actor = await request.resolveActor();
    // A request that carries a session must prove it comes from our pages (CSRF), public route or not.
    if (actor && STATE_CHANGING.has(request.method)) requireCsrfToken(request, actor);
    if (access.kind === 'public') return;
    if (!actor) throw accessProblems.unauthenticated();
    if (access.kind === 'pending') {
      request.actor = actor;
      return;
    }
    if (actor.secondFactorDue === 'enrol') throw accessProblems.mfaEnrolmentRequired();
    if (actor.secondFactorDue === 'challenge') throw accessProblems.secondFactorRequired();
    if (access.kind === 'roles' && !actor.grants.some((grant) => grantOpens(grant, access, request))) {
      throw accessProblems.forbidden();
    }
    if (access.reauthenticate) {
      const since = actor.reauthenticatedAt
        ? clock.now().getTime() - actor.reauthenticatedAt.getTime()
        : Infinity;
      if (since > REAUTHENTICATION_WINDOW_MS) throw accessProblems.reauthenticationRequired();
    }
    request.actor = actor;
  }
}

function grantOpens(
  grant: Actor['grants'][number],
  access: Extract<RouteAccess, { kind: 'roles' }>,
  request: FastifyRequest,
): boolean {
  if (!access.roles.includes(grant.role)) return false;
  if (access.runsDraws && grant.role === 'operator' && !grant.runsDraws) return false;
  if (grant.scopeKind === 'platform')
    return access.scope.kind === 'platform' || PLATFORM_WIDE_ROLES.includes(grant.role);
  if (access.scope.kind === 'platform') return false;
  const scopeId = (request.params as Record<string, string | undefined>)[access.scope.param];
  return grant.scopeKind === access.scope.kind && scopeId !== undefined && grant.scopeId === scopeId;
}

function refuseForeignOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw accessProblems.csrfFailed();
  }
  if (host !== request.headers.host) throw accessProblems.csrfFailed();
}

function requireCsrfToken(request: FastifyRequest, actor: Actor): void {
  const sent = request.headers['x-csrf-token'];
  const expected = Buffer.from(actor.csrfToken);
  const given = Buffer.from(typeof sent === 'string' ? sent : '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw accessProblems.csrfFailed();
}
