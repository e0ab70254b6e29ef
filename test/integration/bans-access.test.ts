import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../contracts/roles.js';
import type { BanDetail } from '../../contracts/bans.js';
import { manualClock } from '../../src/platform/clock.js';
import {
  auditEvents,
  banPhotos,
  banScreeningCases,
  bans,
  roleGrants,
} from '../../src/platform/db/schema/index.js';
import type { DeclaredRoute } from '../../src/platform/http/access.js';
import { buildUser, signIn } from '../factories/accounts.js';
import { buildOrganiser, judicialBan, signedInBanOfficer, tinyPng } from '../factories/bans.js';
import { eventsOfOrganiser, screeningCase } from '../factories/screening.js';
import { buildGateTickets } from '../support/gate.js';
import { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';

const CSV =
  'type;nom;prenom;date_naissance;lieu_naissance;date_decision;duree_mois\njudiciaire;Matrice;Zoé;1991-01-01;Paris;2026-09-01;12\n';
/** Bodies the information and rights routes (BAN-5) accept; the other writes take a ban. */
const BODIES: Record<string, unknown> = {
  '/ban-registry': {
    controllerName: 'Club d’essai',
    controllerAddress: '1 rue du Stade, 75000 Paris',
    recipients: 'le service sécurité',
    rightsServiceAddress: '1 rue du Stade, 75000 Paris',
    rightsServiceEmail: 'droits@club.example.fr',
  },
  '/bans/:banId/information-letter': { channel: 'post' },
  '/rights-requests': { kind: 'access', receivedOn: '2026-09-15', requester: 'Zoé Matrice', banId: null },
  '/rights-requests/:requestId/answer': { outcome: 'not_in_registry', answeredOn: '2026-09-15' },
};

/**
 * Who may touch the ban registry (BAN-4, AU-42 art. 5): the ban officers of the organiser, and no one else —
 * every other role, platform-wide or scoped to the same organiser, gets 403 on every ban route; a signed-out
 * caller 401; a ban officer of another organiser 403 on this registry and 404 for this registry's bans
 * through their own. Every call uses real ids and valid bodies, so a refusal is the access rule, not bad input.
 */
describe.each(databaseKinds)('access to the ban registry (BAN-4) on %s', (kind) => {
  let server: TestServer;
  let organiser: { id: string };
  let otherOrganiser: { id: string };
  let banId: string;
  let caseId: string;
  let requestId: string;
  let routes: DeclaredRoute[];
  const personas: { name: string; client: ApiClient }[] = [];
  let foreignOfficer: ApiClient;
  let ownOfficer: ApiClient;

  /** Calls a route with real ids and a body it would accept. */
  const call = async (client: ApiClient, route: DeclaredRoute, organiserId: string) => {
    let path = route.url
      .replace(':organiserId', organiserId)
      .replace(':banId', banId)
      .replace(':caseId', caseId)
      .replace(':requestId', requestId);
    if (route.method === 'DELETE' && route.url.endsWith(':banId')) path += '?cause=amnestied';
    const raw =
      route.url.endsWith('/photo') && route.method === 'PUT'
        ? { body: tinyPng(), type: 'image/png' }
        : route.url.endsWith('/ban-imports')
          ? { body: CSV, type: 'text/csv' }
          : undefined;
    if (!raw) {
      const body = route.url.endsWith('/decision')
        ? { decision: 'dismiss' }
        : route.method === 'POST' || route.method === 'PUT'
          ? (BODIES[route.url.replace('/api/v1/organisers/:organiserId', '')] ??
            judicialBan({ surname: 'Matrice' }))
          : undefined;
      return client.request<{ type?: string }>(route.method, path, body);
    }
    const response = await fetch(`${server.url}${path}`, {
      method: route.method,
      headers: {
        'content-type': raw.type,
        ...(client.cookie ? { cookie: client.cookie, 'x-csrf-token': client.csrfToken ?? '' } : {}),
      },
      body: raw.body,
    });
    return { status: response.status, body: (await response.json()) as { type?: string } };
  };

  beforeAll(async () => {
    server = await startTestServer({ database: kind, clock: manualClock(new Date('2026-09-15T10:00:00Z')) });
    organiser = await buildOrganiser(server);
    otherOrganiser = await buildOrganiser(server);
    routes = server.routes.filter(
      (route) =>
        /^\/api\/v1\/organisers\/:organiserId\/(ban|screening-cases|rights-requests)/.test(route.url) &&
        route.method !== 'HEAD',
    );
    const officer = (await signedInBanOfficer(server, organiser.id)).client;
    ownOfficer = officer;
    banId = (await officer.post<BanDetail>(`/api/v1/organisers/${organiser.id}/bans`, judicialBan())).body.id;
    const photo = await fetch(`${server.url}/api/v1/organisers/${organiser.id}/bans/${banId}/photo`, {
      method: 'PUT',
      headers: { 'content-type': 'image/png', cookie: officer.cookie!, 'x-csrf-token': officer.csrfToken! },
      body: tinyPng(),
    });
    expect(photo.status).toBe(200);
    // A screening case on a ticket of one of the organiser's events (a new ban's: the ticket stays issued).
    const gate = await buildGateTickets(server, { count: 1, now: server.clock.now() });
    await eventsOfOrganiser(server, organiser.id, [gate.eventId]);
    caseId = await screeningCase(server, {
      organiserId: organiser.id,
      ticketId: gate.tickets[0]!.id,
      banId,
      trigger: 'new_ban',
    });
    const settings = await officer.request(
      'PUT',
      `/api/v1/organisers/${organiser.id}/ban-registry`,
      BODIES['/ban-registry'],
    );
    expect(settings.status).toBe(200);
    const rights = await officer.post<{ id: string }>(`/api/v1/organisers/${organiser.id}/rights-requests`, {
      kind: 'access',
      receivedOn: '2026-09-15',
      requester: 'Zoé Matrice',
      banId: null,
    });
    requestId = rights.body.id;

    const persona = async (
      name: string,
      role: Role,
      scope?: { scopeKind: 'organiser' | 'operator'; scopeId: string },
    ) => {
      const user = await buildUser(server, { roles: [{ role, ...scope }], totp: true });
      personas.push({ name, client: await signIn(server, user) });
    };
    for (const role of ROLES) await persona(`${role} (platform-wide)`, role);
    for (const role of ROLES.filter((candidate) => candidate !== 'ban_officer'))
      await persona(`${role} of the same organiser`, role, { scopeKind: 'organiser', scopeId: organiser.id });
    await persona('operator of the organiser as an operator scope', 'operator', {
      scopeKind: 'operator',
      scopeId: organiser.id,
    });
    // A ban officer whose grant was revoked a moment ago: refused at the next request (revocable at once).
    const revoked = await signedInBanOfficer(server, organiser.id);
    await server.database.db
      .update(roleGrants)
      .set({ revokedAt: server.clock.now() })
      .where(eq(roleGrants.userId, revoked.user.id));
    personas.push({ name: 'ban officer whose grant was revoked', client: revoked.client });
    const foreign = await signedInBanOfficer(server, otherOrganiser.id);
    foreignOfficer = foreign.client;
    personas.push({ name: 'ban officer of another organiser', client: foreignOfficer });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('lists every ban route, each for the organiser’s ban officers only', () => {
    expect(
      routes
        .map((route) => `${route.method} ${route.url.replace('/api/v1/organisers/:organiserId', '')}`)
        .sort(),
    ).toEqual([
      'DELETE /bans/:banId',
      'DELETE /bans/:banId/photo',
      'DELETE /bans/:banId/suspension',
      'GET /ban-purges',
      'GET /ban-registry',
      'GET /bans',
      'GET /bans/:banId',
      'GET /bans/:banId/export',
      'GET /bans/:banId/information-letter.pdf',
      'GET /bans/:banId/photo',
      'GET /rights-requests',
      'GET /rights-requests/:requestId',
      'GET /screening-cases',
      'GET /screening-cases/:caseId',
      'POST /ban-imports',
      'POST /bans',
      'POST /bans/:banId/information-letter',
      'POST /bans/:banId/suspension',
      'POST /rights-requests',
      'POST /rights-requests/:requestId/answer',
      'POST /screening-cases/:caseId/decision',
      'PUT /ban-registry',
      'PUT /bans/:banId',
      'PUT /bans/:banId/photo',
    ]);
    for (const route of routes)
      expect(route.access, route.url).toEqual({
        kind: 'roles',
        roles: ['ban_officer'],
        scope: { kind: 'organiser', param: 'organiserId' },
      });
  });

  it('answers 401 to a signed-out caller and 403 to every other role on every ban route; nothing changes', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const anonymous = await call(new ApiClient(server.url), route, organiser.id);
      if (anonymous.status !== 401)
        failures.push(`${route.method} ${route.url} signed out → ${anonymous.status}`);
      for (const persona of personas) {
        const response = await call(persona.client, route, organiser.id);
        if (response.status !== 403 || response.body.type !== 'urn:gradins:problem:forbidden')
          failures.push(
            `${route.method} ${route.url} as ${persona.name} → ${response.status} ${response.body.type ?? ''}`,
          );
      }
    }
    expect(failures).toEqual([]);
    expect((await server.database.db.select().from(bans)).map((row) => row.id)).toEqual([banId]);
    expect((await server.database.db.select().from(banPhotos)).length).toBe(1);
    expect((await server.database.db.select().from(banScreeningCases))[0]?.status).toBe('pending');
    // Each refusal of a signed-in caller is on record.
    const denied = await server.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.result, 'denied'));
    expect(denied.length).toBeGreaterThanOrEqual(routes.length * personas.length);
  });

  it('gives a ban officer of another organiser 404 for this registry’s bans, cases and requests through their own registry', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((candidate) => /:(banId|caseId|requestId)/.test(candidate.url))) {
      const response = await call(foreignOfficer, route, otherOrganiser.id);
      const expected = route.url.includes(':caseId')
        ? 'case-not-found'
        : route.url.includes(':requestId')
          ? 'rights-request-not-found'
          : 'ban-not-found';
      if (response.status !== 404 || response.body.type !== `urn:gradins:problem:${expected}`)
        failures.push(`${route.method} ${route.url} → ${response.status} ${response.body.type ?? ''}`);
    }
    expect(failures).toEqual([]);
    expect(
      (await foreignOfficer.get<unknown[]>(`/api/v1/organisers/${otherOrganiser.id}/bans`)).body,
    ).toEqual([]);
    expect(
      (await foreignOfficer.get<unknown[]>(`/api/v1/organisers/${otherOrganiser.id}/screening-cases`)).body,
    ).toEqual([]);
    const [row] = await server.database.db.select().from(bans).where(eq(bans.id, banId));
    expect(row?.organiserId).toBe(organiser.id);
  });

  it('opens every one of those routes to the organiser’s own ban officer (the control of the refusals above)', async () => {
    // The deletion of the ban last: the other calls need it.
    const ordered = [...routes].sort(
      (a, b) =>
        Number(a.method === 'DELETE' && a.url.endsWith(':banId')) -
        Number(b.method === 'DELETE' && b.url.endsWith(':banId')),
    );
    const statuses = [];
    for (const route of ordered) {
      const response = await call(ownOfficer, route, organiser.id);
      statuses.push(`${route.method} ${route.url} → ${response.status}`);
      expect([401, 403], `${route.method} ${route.url}`).not.toContain(response.status);
    }
    // Besides successes, only conflicts the calls make on purpose: suspending a judicial ban, lifting a suspension
    // that is not there, a change to the same measure as one just created.
    expect(statuses.filter((line) => !/ → 2\d\d$/.test(line)).sort()).toEqual(
      [
        'POST /api/v1/organisers/:organiserId/bans/:banId/suspension → 409',
        'DELETE /api/v1/organisers/:organiserId/bans/:banId/suspension → 409',
        'PUT /api/v1/organisers/:organiserId/bans/:banId → 409',
      ].sort(),
    );
    expect(statuses.filter((line) => / → 2\d\d$/.test(line)).length).toBe(21);
    expect((await server.database.db.select().from(bans).where(eq(bans.id, banId))).length).toBe(0);
  });
});
