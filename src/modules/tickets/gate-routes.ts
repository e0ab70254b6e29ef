import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CheckInRequest,
  CheckInResult,
  DoubleEntry,
  GateEvent,
  GatePack,
  SyncRequest,
  SyncResult,
} from '../../../contracts/gate.js';
import { Problem } from '../../../contracts/system.js';
import { auditRead, noPersonalData } from '../../platform/audit/read-log.js';
import type { RouteAccess } from '../../platform/http/access.js';
import type { Actor } from '../../platform/http/actor.js';
import { preferredLanguage, ProblemError } from '../../platform/http/problem.js';
import type { TicketsDeps } from './deps.js';
import { checkIn, doubleEntries, gateEvents, gatePack, syncScans } from './gate.js';
import { staff } from './routes.js';

/** A gate agent works for one event: a `gate_agent` grant scoped to that event (docs/api/tickets.md "Gate"). */
const gateAgent: RouteAccess = {
  kind: 'roles',
  roles: ['gate_agent'],
  scope: { kind: 'event', param: 'eventId' },
};
/** The double entries are also for the programme administration (platform-wide). */
const gateReview: RouteAccess = { ...gateAgent, roles: ['gate_agent', 'programme_admin'] };
const EventParams = z.object({ eventId: z.uuid() });
const prefix = '/api/v1/events/:eventId/gate';

const eventNotFound = () =>
  new ProblemError(
    404,
    'event-not-found',
    { fr: 'Épreuve introuvable', en: 'Event not found' },
    { fr: 'Cette épreuve n’existe pas.', en: 'This event does not exist.' },
  );

/** The gate (issue [G], TAJ-18): online check-in, the offline pack, the sync of offline scans. */
export async function gateRoutes(app: FastifyInstance, { deps }: { deps: TicketsDeps }): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tickets'];

  routes.get(
    '/api/v1/gate/events',
    {
      config: {
        access: { kind: 'signed-in' },
        ...noPersonalData('the events the caller’s own gate-agent grants name'),
      },
      schema: {
        tags,
        summary: 'Les épreuves où je contrôle les entrées (mes habilitations d’agent d’accueil)',
        response: { 200: z.array(GateEvent) },
      },
    },
    async (request) => {
      const actor = (await request.resolveActor()) as Actor;
      const ids = actor.grants
        .filter((grant) => grant.role === 'gate_agent' && grant.scopeKind === 'event' && grant.scopeId)
        .map((grant) => grant.scopeId!);
      return gateEvents(deps.database.db, ids);
    },
  );

  routes.post(
    `${prefix}/check-ins`,
    {
      config: { access: gateAgent },
      bodyLimit: 16_384,
      schema: {
        tags,
        summary:
          'Contrôle d’un billet à l’entrée : accepté une seule fois, ou refusé avec la raison (invalide, révoqué, déjà entré…)',
        params: EventParams,
        body: CheckInRequest,
        response: { 200: CheckInResult, 400: Problem },
      },
    },
    async (request) =>
      checkIn(
        deps,
        request.params.eventId,
        request.body.code,
        { ...staff(request), gateId: request.body.gateId, deviceId: request.body.deviceId ?? null },
        preferredLanguage(request),
      ),
  );

  routes.get(
    `${prefix}/pack`,
    {
      config: { access: gateAgent, ...auditRead('tickets.gate.pack-read', 'sport_events') },
      schema: {
        tags,
        summary:
          'Ce qu’il faut à la porte pour contrôler hors ligne : clés publiques, billets révoqués, entrées déjà faites',
        params: EventParams,
        response: { 200: GatePack, 404: Problem },
      },
    },
    async (request, reply) => {
      const pack = await gatePack(deps, request.params.eventId);
      if (!pack) throw eventNotFound();
      request.auditTargetIds = [request.params.eventId];
      reply.header('cache-control', 'no-store');
      return pack;
    },
  );

  routes.post(
    `${prefix}/sync`,
    {
      config: { access: gateAgent, rateLimit: { max: 120, timeWindow: 60_000 } },
      bodyLimit: 1_048_576,
      schema: {
        tags,
        summary: 'Envoi des entrées faites hors ligne ; signale les doubles entrées',
        params: EventParams,
        body: SyncRequest,
        response: { 200: SyncResult, 400: Problem },
      },
    },
    async (request) => syncScans(deps, request.params.eventId, request.body, staff(request)),
  );

  routes.get(
    `${prefix}/double-entries`,
    {
      config: { access: gateReview, ...auditRead('tickets.gate.double-entries-read', 'gate_scans') },
      schema: {
        tags,
        summary: 'Les doubles entrées et entrées sur billet révoqué relevées à la synchronisation',
        params: EventParams,
        response: { 200: z.array(DoubleEntry), 404: Problem },
      },
    },
    async (request) => {
      const list = await doubleEntries(deps.database.db, request.params.eventId);
      request.auditTargetIds = list.map((entry) => String(entry.id));
      return list;
    },
  );
}
