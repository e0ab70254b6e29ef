import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ScreeningCase, ScreeningCaseStatus, ScreeningDecision } from '../../../contracts/bans.js';
import { Problem } from '../../../contracts/system.js';
import { auditRead } from '../../platform/audit/read-log.js';
import { caseDetail, decideCase, listCases, type CaseDeps } from './cases.js';
import { acting, banOfficers, base as organiserBase } from './routes.js';

const CaseParams = z.object({ organiserId: z.uuid(), caseId: z.uuid() });
const CaseListQuery = z.strictObject({
  status: ScreeningCaseStatus.default('pending'),
  /** The cases older than this one (the list is newest first), for the next page. */
  before: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const base = `${organiserBase}/screening-cases`;

/** The screening cases (BAN-6): the same door as the registry (`routes.ts`), ban officers of the organiser. */
export async function banCaseRoutes(app: FastifyInstance, { deps }: { deps: CaseDeps }): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['bans'];

  routes.get(
    base,
    {
      config: { ...banOfficers, ...auditRead('bans.case.listed', 'ban_screening_cases') },
      schema: {
        tags,
        summary:
          'Les correspondances possibles à trancher (en attente par défaut), les plus récentes d’abord',
        params: z.object({ organiserId: z.uuid() }),
        querystring: CaseListQuery,
        response: { 200: z.array(ScreeningCase), 400: Problem },
      },
    },
    async (request) => {
      // Every read is audited with the records shown: case, ticket, ban, the holder's application or participant.
      const list = await listCases(deps, request.params.organiserId, request.query);
      request.auditTargetIds = [...new Set(list.flatMap((read) => read.shown))];
      return list.map((read) => read.view);
    },
  );

  routes.get(
    `${base}/:caseId`,
    {
      config: { ...banOfficers, ...auditRead('bans.case.read', 'ban_screening_cases') },
      schema: {
        tags,
        summary: 'Un dossier : l’événement, le billet, le titulaire selon sa candidature, l’interdiction',
        params: CaseParams,
        response: { 200: ScreeningCase, 404: Problem },
      },
    },
    async (request) => {
      const read = await caseDetail(deps, request.params.organiserId, request.params.caseId);
      request.auditTargetIds = read.shown;
      return read.view;
    },
  );

  routes.post(
    `${base}/:caseId/decision`,
    {
      config: banOfficers,
      schema: {
        tags,
        summary:
          'Confirmer (billet refusé ou révoqué, la place à la liste d’attente) ou écarter (billet émis) une correspondance',
        params: CaseParams,
        body: ScreeningDecision,
        response: { 200: ScreeningCase, 400: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request) =>
      decideCase(
        deps,
        request.params.organiserId,
        request.params.caseId,
        request.body.decision,
        acting(request),
      ),
  );
}
