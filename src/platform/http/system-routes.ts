import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HealthResponse, Problem } from '../../../contracts/system.js';
import type { Database } from '../db/database.js';
import { currentSchemaVersion } from '../db/migrations.js';
import { publicAccess } from './access.js';
import { platformProblems } from './problem.js';

const CspReport = z.object({
  'csp-report': z
    .object({
      'violated-directive': z.string().max(200).optional(),
      'effective-directive': z.string().max(200).optional(),
      'blocked-uri': z.string().max(2048).optional(),
    })
    .loose(),
});

export async function systemRoutes(
  app: FastifyInstance,
  { database }: { database: Database },
): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/api/v1/health',
    {
      config: publicAccess('load balancers and monitoring probe it without an account'),
      schema: {
        tags: ['system'],
        summary: 'État du service et de sa base de données',
        response: { 200: HealthResponse, 503: Problem },
      },
    },
    async () => {
      try {
        // Reading the schema version is the database probe: one round trip.
        return {
          status: 'ok' as const,
          database: database.kind,
          schema: await currentSchemaVersion(database.db),
        };
      } catch {
        throw platformProblems.serviceUnavailable();
      }
    },
  );

  routes.get(
    '/api/openapi.json',
    {
      config: publicAccess('the API description is public documentation'),
      schema: { hide: true },
    },
    async () => app.swagger(),
  );

  // Browsers report Content-Security-Policy violations here. Only the directive and the blocked origin are
  // logged: the page address may carry a token.
  app.addContentTypeParser(
    ['application/csp-report', 'application/reports+json'],
    { parseAs: 'string', bodyLimit: 16_384 },
    app.getDefaultJsonParser('error', 'error'),
  );
  routes.post(
    '/api/v1/csp-reports',
    {
      config: publicAccess('browsers send violation reports without credentials'),
      bodyLimit: 16_384,
      schema: {
        tags: ['system'],
        summary: 'Reçoit les rapports de violation de la politique de sécurité du contenu (CSP)',
        body: CspReport,
        response: { 204: z.null(), 400: Problem },
      },
    },
    async (request, reply) => {
      const report = request.body['csp-report'];
      request.log.warn(
        {
          directive: report['effective-directive'] ?? report['violated-directive'],
          blocked: originOf(report['blocked-uri']),
        },
        'content security policy violation',
      );
      return reply.code(204).send(null);
    },
  );
}

function originOf(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  try {
    return new URL(uri).origin;
  } catch {
    return uri.slice(0, 32); // "inline", "eval", "data"…
  }
}
