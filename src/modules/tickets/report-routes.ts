import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Problem } from '../../../contracts/system.js';
import { TicketSummary } from '../../../contracts/tickets.js';
import { noPersonalData } from '../../platform/audit/read-log.js';
import type { RouteAccess } from '../../platform/http/access.js';
import type { TicketsDeps } from './deps.js';
import { ticketSummary, ticketSummaryCsv } from './reports.js';

// The same door as the operator's ticket list (routes.ts): an operator grant on that operator, or a programme
// administrator. Counts only, as `…/tickets/counts`: no personal data, declared as such.
const operatorRead: RouteAccess = {
  kind: 'roles',
  roles: ['operator', 'programme_admin'],
  scope: { kind: 'operator', param: 'operatorId' },
};
const params = z.object({ operatorId: z.uuid() });
const counts = noPersonalData('counts of tickets per event and status');

/** Ticket reports for an operator (issue [G]): per event and status, in JSON and CSV. */
export async function ticketReportRoutes(
  app: FastifyInstance,
  { deps }: { deps: TicketsDeps },
): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tickets'];
  const prefix = '/api/v1/operators/:operatorId/tickets/summary';

  routes.get(
    prefix,
    {
      config: { access: operatorRead, ...counts },
      schema: {
        tags,
        summary: 'Par épreuve de l’opérateur : le nombre de billets dans chaque statut, et les totaux',
        params,
        response: { 200: TicketSummary, 400: Problem },
      },
    },
    async (request) => ticketSummary(deps.database.db, request.params.operatorId),
  );

  routes.get(
    `${prefix}.csv`,
    {
      config: { access: operatorRead, ...counts },
      schema: {
        tags,
        summary: 'Le même décompte en CSV (point-virgule, UTF-8 avec BOM)',
        params,
        response: { 200: z.string(), 400: Problem },
      },
    },
    async (request, reply) => {
      const csv = ticketSummaryCsv(await ticketSummary(deps.database.db, request.params.operatorId));
      const day = new Date(deps.clock.now()).toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="gradins-billets-${day}.csv"`)
        .send(csv);
    },
  );
}
