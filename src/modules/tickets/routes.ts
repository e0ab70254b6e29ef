import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Problem } from '../../../contracts/system.js';
import {
  MyTicket,
  OperatorTicket,
  ReassignmentRequest,
  ReassignmentResult,
  TicketCounts,
  TicketHistory,
  TicketId,
  TicketListQuery,
  WithdrawalResult,
} from '../../../contracts/tickets.js';
import { auditRead, noPersonalData } from '../../platform/audit/read-log.js';
import { publicAccess, type RouteAccess } from '../../platform/http/access.js';
import type { Actor } from '../../platform/http/actor.js';
import type { TicketActing, TicketScope, TicketsDeps } from './deps.js';
import { reassignTicket } from './reassignment.js';
import { listTickets, myTickets, ticketCounts, ticketHistory } from './views.js';
import { nameParticipant } from './participants.js';
import { linkHolder, withdrawMyTicket } from './withdrawal.js';

const errors = { 400: Problem, 404: Problem, 409: Problem };
const TokenParams = z.object({ token: z.string().min(20).max(100) });
const TicketParams = z.object({ ticketId: TicketId });

export const staff = (request: FastifyRequest): TicketActing => {
  const actor = request.actor as Actor;
  return {
    actor: actor.userId,
    userId: actor.userId,
    organisationId: actor.organisationId,
    requestId: request.id,
    sourceIp: request.ip,
  };
};

/**
 * The two doors to the operator's use cases: an operator's own tickets (operator grant on it, or a programme
 * administrator), and every ticket (programme administrator). Reading is open to the operator's staff; the
 * official reassignment changes who holds a seat, so it asks what running a draw asks (a grant marked
 * "runs draws", with a second factor).
 */
const families: {
  prefix: string;
  read: RouteAccess;
  reassign: RouteAccess;
  params: z.ZodObject;
  scope: (params: Record<string, string>) => TicketScope;
  who: string;
}[] = [
  {
    prefix: '/api/v1/operators/:operatorId/tickets',
    read: {
      kind: 'roles',
      roles: ['operator', 'programme_admin'],
      scope: { kind: 'operator', param: 'operatorId' },
    },
    reassign: {
      kind: 'roles',
      roles: ['operator', 'programme_admin'],
      scope: { kind: 'operator', param: 'operatorId' },
      runsDraws: true,
    },
    params: z.object({ operatorId: z.uuid() }),
    scope: (params) => ({ operatorId: params.operatorId! }),
    who: 'de l’opérateur',
  },
  {
    prefix: '/api/v1/tickets',
    read: { kind: 'roles', roles: ['programme_admin'], scope: { kind: 'platform' } },
    reassign: { kind: 'roles', roles: ['programme_admin'], scope: { kind: 'platform' } },
    params: z.object({}),
    scope: () => ({ everyTicket: true }),
    who: 'de tous les programmes (administration)',
  },
];

/** Tickets (issue [G]; TAJ-15, TAJ-16): thin HTTP over one use case per route. */
export async function ticketsRoutes(app: FastifyInstance, { deps }: { deps: TicketsDeps }): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tickets'];

  for (const family of families) {
    const scopeOf = (request: FastifyRequest) => family.scope(request.params as Record<string, string>);
    routes.get(
      family.prefix,
      {
        config: { access: family.read, ...auditRead('tickets.ticket.listed', 'tickets') },
        schema: {
          tags,
          summary: `Les billets ${family.who}, par épreuve et par statut`,
          params: family.params,
          querystring: TicketListQuery,
          response: { 200: z.array(OperatorTicket), ...errors },
        },
      },
      async (request) => {
        const list = await listTickets(deps.database.db, scopeOf(request), request.query);
        request.auditTargetIds = list.map((ticket) => ticket.id);
        return list;
      },
    );

    routes.get(
      `${family.prefix}/counts`,
      {
        config: { access: family.read, ...noPersonalData('counts of tickets per event and status') },
        schema: {
          tags,
          summary: `Nombre de billets ${family.who} par épreuve et par statut`,
          params: family.params,
          response: { 200: TicketCounts },
        },
      },
      async (request) => ticketCounts(deps.database.db, scopeOf(request)),
    );

    routes.get(
      `${family.prefix}/:ticketId/history`,
      {
        config: {
          access: family.read,
          ...auditRead('tickets.history.read', 'tickets'),
        },
        schema: {
          tags,
          summary: 'L’historique d’un billet (qui, quand, de quel statut à quel statut, pourquoi)',
          params: family.params.extend(TicketParams.shape),
          response: { 200: TicketHistory, ...errors },
        },
      },
      async (request) => {
        const { ticketId } = request.params as { ticketId: string };
        const history = await ticketHistory(deps.database.db, scopeOf(request), ticketId);
        request.auditTargetIds = [ticketId];
        return history;
      },
    );

    routes.post(
      `${family.prefix}/:ticketId/reassignment`,
      {
        config: { access: family.reassign },
        schema: {
          tags,
          summary:
            'Réattribution officielle : le billet est révoqué, un nouveau billet est émis pour la personne désignée ou la suivante de la liste d’attente',
          params: family.params.extend(TicketParams.shape),
          body: ReassignmentRequest,
          response: { 200: ReassignmentResult, ...errors },
        },
      },
      async (request) =>
        reassignTicket(
          deps,
          scopeOf(request),
          (request.params as { ticketId: string }).ticketId,
          request.body,
          staff(request),
        ),
    );
  }

  routes.get(
    '/api/v1/my-application/:token/tickets',
    {
      config: {
        ...publicAccess(
          'whoever holds the follow-up link sent by e-mail sees the tickets of that application (a group: its manager)',
        ),
        ...auditRead('tickets.self.read', 'tickets'),
        rateLimit: { max: 60, timeWindow: 60_000 },
      },
      schema: {
        tags,
        summary: 'Mes billets (par le lien reçu)',
        params: TokenParams,
        response: { 200: z.array(MyTicket), 410: Problem, ...errors },
      },
    },
    async (request) => {
      const { holder } = await linkHolder(deps, request.params.token);
      const list = await myTickets(deps.database.db, holder, deps.clock.now());
      request.auditTargetIds = list.map((ticket) => ticket.id);
      return list;
    },
  );

  routes.post(
    '/api/v1/my-application/:token/tickets/:ticketId/withdrawal',
    {
      config: {
        ...publicAccess(
          'whoever holds the follow-up link withdraws a ticket of that application, until the eve of the event',
        ),
        rateLimit: { max: 20, timeWindow: 60_000 },
      },
      schema: {
        tags,
        summary: 'Me désister d’un billet (jusqu’à la veille de l’épreuve, 23 h 59)',
        params: TokenParams.extend(TicketParams.shape),
        response: { 200: WithdrawalResult, 410: Problem, ...errors },
      },
    },
    async (request) =>
      withdrawMyTicket(deps, request.params.token, request.params.ticketId, {
        requestId: request.id,
        sourceIp: request.ip,
      }),
  );

  routes.put(
    '/api/v1/my-application/:token/tickets/:ticketId/participant',
    {
      config: {
        ...publicAccess(
          'whoever holds a group manager’s follow-up link names the participant of one of the group’s seats',
        ),
        rateLimit: { max: 60, timeWindow: 60_000 },
      },
      schema: {
        tags,
        summary: 'Nommer le participant d’une place du groupe (responsable)',
        params: TokenParams.extend(TicketParams.shape),
        body: z.object({ participantId: z.uuid() }),
        response: { 200: MyTicket, 410: Problem, ...errors },
      },
    },
    async (request) =>
      nameParticipant(deps, request.params.token, request.params.ticketId, request.body.participantId, {
        requestId: request.id,
        sourceIp: request.ip,
      }),
  );
}
