import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProgrammeLogoRequest, TicketLinkPage } from '../../../contracts/ticket-delivery.js';
import { Problem } from '../../../contracts/system.js';
import { TicketId, WithdrawalResult } from '../../../contracts/tickets.js';
import { auditRead } from '../../platform/audit/read-log.js';
import { programmeLogos, programmes } from '../../platform/db/schema/index.js';
import { publicAccess } from '../../platform/http/access.js';
import type { Actor } from '../../platform/http/actor.js';
import { eq } from 'drizzle-orm';
import type { TicketActing, TicketsDeps } from './deps.js';
import { heldTickets, revokeTicketLinks, ticketLinkHolder, ticketLinkPage } from './delivery.js';
import { ticketProblems } from './problems.js';
import { ticketsPdf } from './ticket-pdf.js';
import { withdrawHeldTicket } from './withdrawal.js';
import { auditTickets } from './repository.js';

// Delivery (TAJ-3, TAJ-14): the routes a ticket link opens, the operator's revocation of a holder's links,
// and the programme's logo.

const errors = { 400: Problem, 404: Problem, 409: Problem, 410: Problem };
const LinkParams = z.object({ token: z.string().min(20).max(100) });

const staff = (request: FastifyRequest): TicketActing => {
  const actor = request.actor as Actor;
  return {
    actor: actor.userId,
    userId: actor.userId,
    organisationId: actor.organisationId,
    requestId: request.id,
    sourceIp: request.ip,
  };
};

export async function ticketDeliveryRoutes(
  app: FastifyInstance,
  { deps }: { deps: TicketsDeps },
): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tickets'];
  const context = (request: FastifyRequest) => ({ requestId: request.id, sourceIp: request.ip });

  routes.get(
    '/api/v1/ticket-links/:token',
    {
      config: {
        ...publicAccess(
          'whoever holds the download link sent by e-mail sees the tickets of its holder (a group: its manager)',
        ),
        ...auditRead('tickets.link.read', 'tickets'),
        rateLimit: { max: 60, timeWindow: 60_000 },
      },
      schema: {
        tags,
        summary: 'Mes billets, avec leur code QR (par le lien reçu par courriel)',
        params: LinkParams,
        response: { 200: TicketLinkPage, ...errors },
      },
    },
    async (request, reply) => {
      const page = await ticketLinkPage(
        deps.database,
        request.params.token,
        deps.clock.now(),
        context(request),
      );
      request.auditTargetIds = page.tickets.map((ticket) => ticket.id);
      void reply.header('cache-control', 'no-store');
      return page;
    },
  );

  routes.get(
    '/api/v1/ticket-links/:token/tickets.pdf',
    {
      config: {
        ...publicAccess('whoever holds the download link prints its tickets'),
        ...auditRead('tickets.link.printed', 'tickets'),
        rateLimit: { max: 20, timeWindow: 60_000 },
      },
      schema: {
        tags,
        summary: 'Mes billets à imprimer (PDF, un billet par page)',
        params: LinkParams,
        response: { 200: z.any(), ...errors },
      },
    },
    async (request, reply) => {
      const now = deps.clock.now();
      const { held } = await heldTickets(deps.database.db, request.params.token, now);
      const pdf = await ticketsPdf(held, now);
      request.auditTargetIds = held.tickets.filter((ticket) => ticket.code).map((ticket) => ticket.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', 'attachment; filename="billets.pdf"')
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  routes.post(
    '/api/v1/ticket-links/:token/tickets/:ticketId/withdrawal',
    {
      config: {
        ...publicAccess(
          'whoever holds the download link withdraws one of its tickets, until the eve of the event',
        ),
        rateLimit: { max: 20, timeWindow: 60_000 },
      },
      schema: {
        tags,
        summary: 'Me désister d’un billet depuis le lien reçu (jusqu’à la veille de l’épreuve, 23 h 59)',
        params: LinkParams.extend({ ticketId: TicketId }),
        response: { 200: WithdrawalResult, ...errors },
      },
    },
    async (request) =>
      withdrawHeldTicket(
        deps,
        await ticketLinkHolder(deps.database.db, request.params.token, deps.clock.now()),
        request.params.ticketId,
        context(request),
      ),
  );

  routes.post(
    '/api/v1/operators/:operatorId/tickets/:ticketId/links/revocation',
    {
      config: {
        access: {
          kind: 'roles',
          roles: ['operator', 'programme_admin'],
          scope: { kind: 'operator', param: 'operatorId' },
        },
      },
      schema: {
        tags,
        summary: 'Révoquer les liens de téléchargement du titulaire d’un billet (le billet reste valable)',
        params: z.object({ operatorId: z.uuid(), ticketId: TicketId }),
        response: { 200: z.object({ revoked: z.number().int() }), ...errors },
      },
    },
    async (request) =>
      revokeTicketLinks(
        deps.database,
        { operatorId: request.params.operatorId },
        request.params.ticketId,
        deps.clock.now(),
        staff(request),
      ),
  );

  routes.put(
    '/api/v1/programmes/:programmeId/logo',
    {
      config: { access: { kind: 'roles', roles: ['programme_admin'], scope: { kind: 'platform' } } },
      schema: {
        tags,
        summary:
          'Le logo du programme sur ses billets (PNG de 200 Ko au plus, avec son texte de remplacement)',
        params: z.object({ programmeId: z.uuid() }),
        body: ProgrammeLogoRequest,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const now = deps.clock.now();
      const { programmeId } = request.params;
      await deps.database.transaction(async (tx) => {
        const [programme] = await tx
          .select({ id: programmes.id })
          .from(programmes)
          .where(eq(programmes.id, programmeId));
        if (!programme) throw ticketProblems.programmeNotFound();
        const values = { pngBase64: request.body.pngBase64, alt: request.body.alt, updatedAt: now };
        await tx
          .insert(programmeLogos)
          .values({ programmeId, ...values })
          .onConflictDoUpdate({ target: programmeLogos.programmeId, set: values });
        await auditTickets(
          tx,
          staff(request),
          now,
          'tickets.programme-logo.set',
          [programmeId],
          'programme_logos',
        );
      });
      return reply.status(204).send(null);
    },
  );
}
