import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApplicationForm, ApplicationReceipt, ApplicationRequest } from '../../../contracts/applicants.js';
import { Problem } from '../../../contracts/system.js';
import { noPersonalData } from '../../platform/audit/read-log.js';
import { publicAccess } from '../../platform/http/access.js';
import type { ApplicantsDeps } from './deps.js';
import { applicationForm, applyOnline } from './intake.js';

const errors = { 400: Problem, 404: Problem, 409: Problem };
const ProgrammeParams = z.object({ programmeId: z.uuid() });
const contextOf = (request: FastifyRequest) => ({ requestId: request.id, sourceIp: request.ip });

/** Applicants, consent and groups (issue [E]; TAJ-4 to TAJ-9): thin HTTP over one use case per route. */
export async function applicantsRoutes(
  app: FastifyInstance,
  { deps }: { deps: ApplicantsDeps },
): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['applicants'];

  routes.get(
    '/api/v1/programmes/:programmeId/application-form',
    {
      config: {
        ...publicAccess('anyone may read how to apply to a programme: its operators and the texts in force'),
        ...noPersonalData('a programme, its operators and the notices'),
      },
      schema: {
        tags,
        summary: 'Ce qu’affiche le formulaire de candidature d’un programme',
        params: ProgrammeParams,
        response: { 200: ApplicationForm, ...errors },
      },
    },
    async (request) => applicationForm(deps, request.params.programmeId),
  );

  routes.post(
    '/api/v1/programmes/:programmeId/applications',
    {
      config: {
        ...publicAccess('the public application form (TAJ-4): applicants have no account; rate limited'),
        rateLimit: { max: 20, timeWindow: 60_000 },
      },
      schema: {
        tags,
        summary: 'Candidater à un programme (formulaire public)',
        params: ProgrammeParams,
        body: ApplicationRequest,
        response: { 201: ApplicationReceipt, 200: ApplicationReceipt, ...errors },
      },
    },
    async (request, reply) => {
      const receipt = await applyOnline(deps, request.params.programmeId, request.body, contextOf(request));
      return reply.code(receipt.alreadyRecorded ? 200 : 201).send(receipt);
    },
  );
}
