import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ManualAttributionRequest,
  ManualAttributionView,
  ManualDecisionRequest,
  ManualDecisionView,
} from '../../../contracts/attributions.js';
import { Problem } from '../../../contracts/system.js';
import { auditRead } from '../../platform/audit/read-log.js';
import { decisionControlReport, drawControlReport } from './control-report.js';
import { attributeSeats, listDecisions, recordDecision, showDecision } from './attributions.js';
import type { DrawsDeps, DrawScope } from './deps.js';
import { acting, drawFamilies } from './routes.js';

const errors = { 400: Problem, 404: Problem, 409: Problem, 422: Problem };
const DecisionParams = z.object({ decisionId: z.uuid() });
const DrawParams = z.object({ drawId: z.uuid() });

/**
 * Manual attribution (TAJ-11): a decision (circumstances, criteria) first, then attributions citing it; and
 * the PDF control reports (TAJ-13). Same doors and access as the draws (`drawFamilies`).
 */
export async function controlRoutes(app: FastifyInstance, deps: DrawsDeps): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['draws'];
  for (const family of drawFamilies) {
    const config = { access: family.access };
    const base = `${family.prefix}/manual-attributions`;
    const withDecision = family.params.extend(DecisionParams.shape);
    const scopeOf = (request: FastifyRequest): DrawScope =>
      family.scope(request.params as Record<string, string>);
    const decisionIdOf = (request: FastifyRequest) => (request.params as { decisionId: string }).decisionId;

    routes.get(
      base,
      {
        config: { ...config, ...auditRead('draws.manual-decision.listed', 'manual_attribution_decisions') },
        schema: {
          tags,
          summary: `Les décisions d’attribution manuelle ${family.who}`,
          params: family.params,
          response: { 200: z.array(ManualDecisionView) },
        },
      },
      async (request) => {
        const decisions = await listDecisions(deps.database.db, scopeOf(request));
        request.auditTargetIds = decisions.flatMap((d) => [
          d.id,
          ...d.attributions.map((a) => a.applicantId),
        ]);
        return decisions;
      },
    );

    routes.post(
      base,
      {
        config,
        schema: {
          tags,
          summary:
            'Consigner une décision d’attribution manuelle : circonstances rendant le tirage impossible et critères (avant toute attribution)',
          params: family.params,
          body: ManualDecisionRequest,
          response: { 201: ManualDecisionView, ...errors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await recordDecision(deps, scopeOf(request), request.body, acting(request))),
    );

    routes.get(
      `${base}/:decisionId`,
      {
        config: { ...config, ...auditRead('draws.manual-decision.read', 'manual_attribution_decisions') },
        schema: {
          tags,
          summary: 'Une décision d’attribution manuelle et les attributions qui la citent',
          params: withDecision,
          response: { 200: ManualDecisionView, ...errors },
        },
      },
      async (request) => {
        const decision = await showDecision(deps.database.db, decisionIdOf(request), scopeOf(request));
        request.auditTargetIds = [decision.id, ...decision.attributions.map((a) => a.applicantId)];
        return decision;
      },
    );

    routes.post(
      `${base}/:decisionId/attributions`,
      {
        config,
        schema: {
          tags,
          summary: 'Attribuer des places à la main à une candidature confirmée du lot, en citant la décision',
          params: withDecision,
          body: ManualAttributionRequest,
          response: { 201: ManualAttributionView, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await attributeSeats(
              deps,
              decisionIdOf(request),
              scopeOf(request),
              request.body,
              acting(request),
            ),
          ),
    );

    routes.get(
      `${family.prefix}/:drawId/control-report.pdf`,
      {
        config: { ...config, ...auditRead('draws.control-report.downloaded', 'draws') },
        schema: {
          tags,
          summary:
            'Le rapport de contrôle interne du tirage (PDF, TAJ-13) : étapes, engagement, aléa, résultats, contrôles de répartition',
          params: family.params.extend(DrawParams.shape),
          response: { 404: Problem, 409: Problem },
        },
      },
      async (request, reply) => {
        const { drawId } = request.params as { drawId: string };
        const report = await drawControlReport(deps.database.db, drawId, scopeOf(request), deps.clock.now());
        request.auditTargetIds = [report.drawId];
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="controle-tirage-${report.drawId}.pdf"`)
          .send(report.pdf as never);
      },
    );

    routes.get(
      `${base}/:decisionId/control-report.pdf`,
      {
        config: {
          ...config,
          ...auditRead('draws.manual-report.downloaded', 'manual_attribution_decisions'),
        },
        schema: {
          tags,
          summary:
            'Le rapport de contrôle interne d’une attribution manuelle (PDF, TAJ-11, TAJ-13) : circonstances, critères, attributions',
          params: withDecision,
          response: { 404: Problem },
        },
      },
      async (request, reply) => {
        const report = await decisionControlReport(
          deps.database.db,
          decisionIdOf(request),
          scopeOf(request),
          deps.clock.now(),
        );
        request.auditTargetIds = [report.decisionId, ...report.applicantIds];
        return reply
          .type('application/pdf')
          .header(
            'content-disposition',
            `attachment; filename="controle-attribution-${report.decisionId}.pdf"`,
          )
          .send(report.pdf as never);
      },
    );
  }
}
