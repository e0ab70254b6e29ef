import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_WIDE_ROLES, ROLES, type Role } from '../../contracts/roles.js';
import { and, eq } from 'drizzle-orm';
import { openSession } from '../../src/modules/accounts/sessions.js';
import { auditEvents } from '../../src/platform/db/schema/index.js';
import type { DeclaredRoute } from '../../src/platform/http/access.js';
import { buildUser } from '../factories/accounts.js';
import { ApiClient } from '../support/api-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Every route × every role, built from the server's own route table: a route added tomorrow is covered
 * without touching this file. A route without an access declaration cannot even be registered (the server
 * refuses to start; see access.test.ts).
 */
type Persona = { name: string; roles: Role[]; userId: string; client: ApiClient };

const anonymousAllowed = (route: DeclaredRoute) => route.access.kind === 'public';
const allowedFor = (route: DeclaredRoute, persona: Persona) => {
  switch (route.access.kind) {
    case 'public':
    case 'pending':
    case 'signed-in':
      return true;
    case 'roles': {
      // Every persona but the scoped one holds platform-wide grants; those open scoped routes only for roles
      // that are platform-wide by nature (an operator acts for its own organisation only).
      const { roles, scope } = route.access;
      return persona.roles.some(
        (role) => roles.includes(role) && (scope.kind === 'platform' || PLATFORM_WIDE_ROLES.includes(role)),
      );
    }
  }
};

describe('authorisation matrix', () => {
  let server: TestServer;
  let routes: DeclaredRoute[];
  const personas: Persona[] = [];

  /** A signed-in client (second factor done) for a user, with its own new session. */
  const signedInClient = async (userId: string) => {
    const { token } = await openSession(server.database.db, userId, server.clock.now(), {
      mfaVerified: true,
    });
    const client = new ApiClient(server.url);
    client.cookie = `gradins_session=${token}`;
    const state = await client.get<{ csrfToken: string }>('/api/v1/session');
    client.csrfToken = state.body.csrfToken;
    return client;
  };

  beforeAll(async () => {
    server = await startTestServer();
    // Only API routes: the web shell (`/*`) serves the same public HTML to everyone.
    routes = server.routes.filter((route) => route.url.startsWith('/api/') && route.method !== 'HEAD');
    const personaFor = async (
      name: string,
      roles: Role[],
      scope?: { scopeKind: 'operator'; scopeId: string },
    ): Promise<Persona> => {
      const user = await buildUser(server, { roles: roles.map((role) => ({ role, ...scope })), totp: true });
      return { name, roles, userId: user.id, client: await signedInClient(user.id) };
    };
    for (const role of ROLES) personas.push(await personaFor(role, [role]));
    // Scoped to one operator: must not open any platform-wide route (no object outside its scope).
    personas.push({
      ...(await personaFor('operator of one operator', ['operator'], {
        scopeKind: 'operator',
        scopeId: randomUUID(),
      })),
      roles: [],
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const call = (client: ApiClient, route: DeclaredRoute) =>
    client.request<{ type?: string }>(
      route.method,
      route.url.replace(/:(\w+)/g, () => randomUUID()),
      route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
    );

  it('covers every API route, each with a declared access', () => {
    expect(routes.length).toBeGreaterThanOrEqual(28);
    for (const route of routes) expect(route.access, `${route.method} ${route.url}`).toBeDefined();
  });

  it('scopes the gate routes to one event, for gate agents (issue [G], TAJ-18)', () => {
    const gate = routes.filter((route) => route.url.startsWith('/api/v1/events/:eventId/gate/'));
    expect(gate.map((route) => `${route.method} ${route.url}`).sort()).toEqual([
      'GET /api/v1/events/:eventId/gate/double-entries',
      'GET /api/v1/events/:eventId/gate/pack',
      'POST /api/v1/events/:eventId/gate/check-ins',
      'POST /api/v1/events/:eventId/gate/sync',
    ]);
    for (const route of gate)
      expect(route.access).toMatchObject({
        kind: 'roles',
        roles: expect.arrayContaining(['gate_agent']),
        scope: { kind: 'event', param: 'eventId' },
      });
  });

  it('makes every non-public read route declare the personal data it returns, and records each such read', async () => {
    const undeclared: string[] = [];
    const unrecorded: string[] = [];
    for (const route of routes.filter(
      (candidate) => candidate.method === 'GET' && candidate.access.kind !== 'public',
    )) {
      if (!route.audit) {
        undeclared.push(route.url);
        continue;
      }
      if ('none' in route.audit || route.url.includes(':')) continue;
      const action = route.audit.action;
      const persona = personas.find((candidate) => allowedFor(route, candidate))!;
      const response = await call(persona.client, route);
      if (response.status !== 200) continue;
      const [recorded] = await server.database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, action), eq(auditEvents.actor, persona.userId)));
      if (!recorded) unrecorded.push(`${route.url} (${action})`);
    }
    expect(undeclared, 'GET routes without an audit declaration').toEqual([]);
    expect(unrecorded, 'declared reads that wrote no audit entry').toEqual([]);
  });

  it('sends 401 to anonymous callers on every non-public route', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const response = await call(new ApiClient(server.url), route);
      const expectOpen = anonymousAllowed(route);
      if (expectOpen ? [401, 403].includes(response.status) : response.status !== 401) {
        failures.push(`${route.method} ${route.url} → ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('opens a scoped route to a grant of that scope only, never to another object of the same kind (IDOR)', async () => {
    const scoped = routes.filter(
      (route) => route.access.kind === 'roles' && route.access.scope.kind !== 'platform',
    );
    expect(scoped.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const route of scoped) {
      if (route.access.kind !== 'roles' || route.access.scope.kind === 'platform') continue;
      const { roles, scope } = route.access;
      const ownId = randomUUID();
      const user = await buildUser(server, {
        // A route for operators who run draws needs a grant marked so (tested in draws.test.ts).
        roles: [
          {
            role: roles[0]!,
            scopeKind: scope.kind,
            scopeId: ownId,
            runsDraws: route.access.runsDraws ?? false,
          },
        ],
        totp: true,
      });
      const client = await signedInClient(user.id);
      const pathWith = (scopeId: string) =>
        route.url.replace(/:(\w+)/g, (_, name: string) => (name === scope.param ? scopeId : randomUUID()));
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
      const own = await client.request<{ type?: string }>(route.method, pathWith(ownId), body);
      const other = await client.request<{ type?: string }>(route.method, pathWith(randomUUID()), body);
      if (own.status === 401 || own.body.type === 'urn:gradins:problem:forbidden')
        failures.push(`${route.method} ${route.url} refused its own scope → ${own.status}`);
      if (other.status !== 403 || other.body.type !== 'urn:gradins:problem:forbidden')
        failures.push(`${route.method} ${route.url} opened another ${scope.kind} → ${other.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('opens each route to its roles only: 403 for every other role', async () => {
    const failures: string[] = [];
    // DELETE routes may end every session of the caller (sign out everywhere): they go last, each with a
    // session of its own.
    const ordered = [...routes].sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
    for (const route of ordered) {
      for (const persona of personas) {
        const client = route.method === 'DELETE' ? await signedInClient(persona.userId) : persona.client;
        const response = await call(client, route);
        const allowed = allowedFor(route, persona);
        const denied = response.status === 403 && response.body.type === 'urn:gradins:problem:forbidden';
        if (allowed ? response.status === 401 || denied : !denied) {
          failures.push(
            `${route.method} ${route.url} as ${persona.name} → ${response.status} ${response.body.type ?? ''}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
    // About 1,200 requests one after the other: over a minute on a loaded 2-core machine.
  }, 240_000);
});
