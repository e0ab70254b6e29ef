import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApplicantDetail,
  ApplicantListQuery,
  ApplicantPage,
  ApplicationConfirmed,
  ApplicationForm,
  ApplicationRequest,
  ApplicationSubmitted,
  GroupApplicationRequest,
  ImportProgress,
  MyApplication,
  ParticipantsRequest,
  PostGamesContactRequest,
  StartImportRequest,
  EraseApplicantRequest,
  EventChoicesRequest,
  FollowUpLinkRequest,
} from '../../../contracts/applicants.js';
import { Problem } from '../../../contracts/system.js';
import { tokenHash } from '../../platform/crypto/tokens.js';
import { auditRead, noPersonalData } from '../../platform/audit/read-log.js';
import { readCsv } from '../../platform/csv/read-csv.js';
import { publicAccess, type RouteAccess } from '../../platform/http/access.js';
import type { Actor } from '../../platform/http/actor.js';
import { programmeProblems } from '../programmes/problems.js';
import type { Acting, ApplicantsDeps } from './deps.js';
import { APPLICANT_CSV_COLUMNS, APPLICANT_CSV_OPTIONAL_COLUMNS } from './domain/applicant-rows.js';
import { importProgress, progressView, rejectionsCsv, runImport, startImport } from './import.js';
import { applicationForm, applyOnline, confirmApplication, openProgrammes } from './intake.js';
import { applicantDetail, listApplicants } from './listing.js';
import { applicantProblems } from './problems.js';
import { changeEventChoices } from './choices.js';
import { applyAsGroup, replaceParticipants } from './groups.js';
import {
  applicationByToken,
  eraseApplicantForOperator,
  requestFollowUpLinks,
  myApplication,
  setPostGamesContact,
  withdrawApplication,
} from './self-service.js';

const errors = { 400: Problem, 404: Problem, 409: Problem };
const ProgrammeParams = z.object({ programmeId: z.uuid() });
const contextOf = (request: FastifyRequest) => ({ requestId: request.id, sourceIp: request.ip });
const acting = (request: FastifyRequest): Acting => ({
  actor: request.actor as Actor,
  ...contextOf(request),
});
/** The operator's own applicants: an operator grant scoped to it (TAJ-7: never another operator's). */
const ownOperator: { access: RouteAccess } = {
  access: { kind: 'roles', roles: ['operator'], scope: { kind: 'operator', param: 'operatorId' } },
};
const OperatorParams = z.object({ operatorId: z.uuid() });
const ImportParams = OperatorParams.extend({ importId: z.uuid() });
const IMPORT_MAX_MIB = 512;
const TokenParams = z.object({ token: z.string().min(20).max(100) });
/** Reads of applicants by an operator, which show the cross-programme flag: per client address, per minute. */
const OPERATOR_READ_LIMIT = { max: 120, timeWindow: 60_000 };
/** How many participant lists one group's link may send a minute (each is a lookup of who is in the programme). */
export const PARTICIPANT_LISTS_PER_MINUTE = 10;
const byLink = (why: string): { access: RouteAccess } =>
  publicAccess(`whoever holds the follow-up link sent by e-mail ${why}`);

/** Applicants, consent and groups (issue [E]; TAJ-4 to TAJ-9): thin HTTP over one use case per route. */
export async function applicantsRoutes(
  app: FastifyInstance,
  { deps }: { deps: ApplicantsDeps },
): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['applicants'];
  app.addContentTypeParser(['text/csv', 'application/csv'], (_request, payload, done) => done(null, payload));

  routes.get(
    '/api/v1/application-programmes',
    {
      config: {
        ...publicAccess('anyone may learn which programmes take applications'),
        ...noPersonalData('programme names and publics'),
      },
      schema: {
        tags,
        summary: 'Les programmes ouverts aux candidatures',
        response: {
          200: z.array(
            z.object({ id: z.uuid(), name: z.string(), targetPublic: z.string(), games: z.string() }),
          ),
        },
      },
    },
    async () => openProgrammes(deps),
  );

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
        summary:
          'Candidater à un programme (formulaire public ; à confirmer par le lien envoyé par courriel)',
        description:
          'La réponse est toujours la même (202, « consultez votre messagerie ») : elle ne dit pas si la personne a déjà candidaté.',
        params: ProgrammeParams,
        body: ApplicationRequest,
        response: { 202: ApplicationSubmitted, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(await applyOnline(deps, request.params.programmeId, request.body, contextOf(request))),
  );

  routes.post(
    '/api/v1/application-confirmations/:token',
    {
      config: {
        ...publicAccess('whoever holds the confirmation link sent to the address given on the form'),
        ...noPersonalData('answers with the pseudonymous reference only'),
        rateLimit: { max: 20, timeWindow: 60_000 },
      },
      schema: {
        tags,
        summary: 'Confirmer une candidature (lien reçu par courriel, valable 48 heures)',
        params: TokenParams,
        response: { 200: ApplicationConfirmed, 410: Problem, ...errors },
      },
    },
    async (request) => confirmApplication(deps, request.params.token, contextOf(request)),
  );

  routes.post(
    '/api/v1/operators/:operatorId/applicant-imports',
    {
      config: { ...ownOperator, ...noPersonalData('opens an import; the file comes next') },
      schema: {
        tags,
        summary: 'Commencer un import de candidats (le fichier suit)',
        params: OperatorParams,
        body: StartImportRequest,
        response: { 201: ImportProgress, ...errors },
      },
    },
    async (request, reply) => {
      if ((request.body.bytesTotal ?? 0) > IMPORT_MAX_MIB * 1024 * 1024)
        throw applicantProblems.fileTooLarge(IMPORT_MAX_MIB);
      return reply
        .code(201)
        .send(await startImport(deps, request.params.operatorId, request.body, acting(request)));
    },
  );

  routes.put(
    '/api/v1/operators/:operatorId/applicant-imports/:importId/file',
    {
      config: ownOperator,
      schema: {
        tags,
        summary: 'Envoyer le fichier CSV d’un import (UTF-8, « ; » ou « , »)',
        description: `Colonnes : ${APPLICANT_CSV_COLUMNS.join(';')} (et ${APPLICANT_CSV_OPTIONAL_COLUMNS.join(', ')} pour un mineur).`,
        params: ImportParams,
        consumes: ['text/csv'],
        response: { 200: ImportProgress, ...errors, 413: Problem, 415: Problem },
      },
    },
    async (request) => {
      const contentType = request.headers['content-type'] ?? '';
      if (!/^(text|application)\/csv\b/i.test(contentType))
        throw programmeProblems.notCsv(contentType.slice(0, 100));
      const declared = Number(request.headers['content-length'] ?? 0);
      if (declared > IMPORT_MAX_MIB * 1024 * 1024) throw applicantProblems.fileTooLarge(IMPORT_MAX_MIB);
      let bytes = 0;
      async function* counted(stream: AsyncIterable<Buffer>) {
        for await (const chunk of stream) {
          bytes += chunk.length;
          if (bytes > IMPORT_MAX_MIB * 1024 * 1024) throw applicantProblems.fileTooLarge(IMPORT_MAX_MIB);
          yield chunk;
        }
      }
      const rows = readCsv(counted(request.body as AsyncIterable<Buffer>), {
        columns: APPLICANT_CSV_COLUMNS,
        optionalColumns: APPLICANT_CSV_OPTIONAL_COLUMNS,
      });
      return runImport(
        deps,
        request.params.operatorId,
        request.params.importId,
        rows,
        () => bytes,
        acting(request),
      );
    },
  );

  routes.get(
    '/api/v1/operators/:operatorId/applicant-imports/:importId',
    {
      config: { ...ownOperator, ...noPersonalData('counts of an import: no personal data') },
      schema: {
        tags,
        summary: 'Avancement d’un import',
        params: ImportParams,
        response: { 200: ImportProgress, ...errors },
      },
    },
    async (request) =>
      progressView(await importProgress(deps, request.params.operatorId, request.params.importId)),
  );

  routes.get(
    '/api/v1/operators/:operatorId/applicant-imports/:importId/rejections.csv',
    {
      config: { ...ownOperator, ...noPersonalData('line numbers and reasons, which never repeat a value') },
      schema: {
        tags,
        summary: 'Les lignes refusées d’un import, avec leur motif (CSV)',
        params: ImportParams,
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="lignes-refusees-${request.params.importId}.csv"`,
        )
        .send(await rejectionsCsv(deps, request.params.operatorId, request.params.importId)),
  );

  routes.get(
    '/api/v1/operators/:operatorId/applicants',
    {
      // The list carries the cross-programme flag (TAJ-9): every read is on record, and the pace is bounded so
      // that it cannot serve as a lookup service.
      config: {
        ...ownOperator,
        ...auditRead('applicants.person.listed', 'applicants'),
        rateLimit: OPERATOR_READ_LIMIT,
      },
      schema: {
        tags,
        summary: 'Les candidats de l’opérateur (recherche, filtres, pages)',
        params: OperatorParams,
        querystring: ApplicantListQuery,
        response: { 200: ApplicantPage, ...errors },
      },
    },
    async (request) => {
      const page = await listApplicants(deps, request.params.operatorId, request.query);
      request.auditTargetIds = page.items.map((item) => item.id);
      return page;
    },
  );

  routes.get(
    '/api/v1/operators/:operatorId/applicants/:applicantId',
    {
      config: {
        ...ownOperator,
        ...auditRead('applicants.person.read', 'applicants'),
        rateLimit: OPERATOR_READ_LIMIT,
      },
      schema: {
        tags,
        summary: 'Un candidat (consultation enregistrée au journal)',
        params: OperatorParams.extend({ applicantId: z.uuid() }),
        response: { 200: ApplicantDetail, ...errors },
      },
    },
    async (request) => {
      const detail = await applicantDetail(deps, request.params.operatorId, request.params.applicantId);
      request.auditTargetIds = [detail.id];
      return detail;
    },
  );

  routes.post(
    '/api/v1/programmes/:programmeId/group-applications',
    {
      config: {
        ...publicAccess('a group manager applies without an account (TAJ-7); rate limited'),
        rateLimit: { max: 20, timeWindow: 60_000 },
      },
      schema: {
        tags,
        summary: 'Candidature d’un groupe par son responsable (à confirmer par le lien envoyé par courriel)',
        description:
          'La réponse est toujours la même (202, « consultez votre messagerie ») : elle ne dit pas si la personne a déjà candidaté.',
        params: ProgrammeParams,
        body: GroupApplicationRequest,
        response: { 202: ApplicationSubmitted, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(await applyAsGroup(deps, request.params.programmeId, request.body, contextOf(request))),
  );

  routes.post(
    '/api/v1/my-application/link-requests',
    {
      config: {
        ...publicAccess('anyone: the link goes only to the address of an application with that identity'),
        ...noPersonalData('answers the same in every case; the link goes by e-mail'),
        rateLimit: { max: 5, timeWindow: 60_000 },
      },
      schema: {
        tags,
        summary: 'Recevoir de nouveau le lien de suivi de ma candidature',
        body: FollowUpLinkRequest,
        response: { 202: z.object({ status: z.literal('check-mailbox') }), ...errors },
      },
    },
    async (request, reply) => {
      await requestFollowUpLinks(deps, request.body, contextOf(request));
      return reply.code(202).send({ status: 'check-mailbox' as const });
    },
  );

  routes.post(
    '/api/v1/operators/:operatorId/applicants/:applicantId/erasure',
    {
      config: { ...ownOperator, ...noPersonalData('erases an applicant; answers nothing about them') },
      schema: {
        tags,
        summary: 'Effacer un candidat (à sa demande, ou inscrit par erreur)',
        params: OperatorParams.extend({ applicantId: z.uuid() }),
        body: EraseApplicantRequest,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await eraseApplicantForOperator(
        deps,
        request.params.operatorId,
        request.params.applicantId,
        request.body.reason,
        acting(request),
      );
      return reply.code(204).send(null);
    },
  );

  routes.get(
    '/api/v1/my-application/:token',
    {
      config: {
        ...byLink('sees that application, and only it'),
        ...auditRead('applicants.self.read', 'applicants'),
        rateLimit: { max: 60, timeWindow: 60_000 },
      },
      schema: {
        tags,
        summary: 'Ma candidature (par le lien reçu)',
        params: TokenParams,
        response: { 200: MyApplication, 410: Problem, ...errors },
      },
    },
    async (request) => {
      const { applicant } = await applicationByToken(deps, request.params.token);
      request.auditTargetIds = [applicant.id];
      return myApplication(deps, request.params.token);
    },
  );

  routes.post(
    '/api/v1/my-application/:token/withdrawal',
    {
      config: {
        ...byLink('withdraws consent: the application is cancelled and the data erased'),
        rateLimit: { max: 20, timeWindow: 60_000 },
      },
      schema: {
        tags,
        summary: 'Retirer mon consentement (annule la candidature, efface les données)',
        params: TokenParams,
        response: { 204: z.null(), 410: Problem, ...errors },
      },
    },
    async (request, reply) => {
      await withdrawApplication(deps, request.params.token, contextOf(request));
      return reply.code(204).send(null);
    },
  );

  routes.post(
    '/api/v1/my-application/:token/post-games-contact',
    {
      config: {
        ...byLink('opts in to contact after the Games, or objects to it'),
        rateLimit: { max: 20, timeWindow: 60_000 },
      },
      schema: {
        tags,
        summary: 'Accepter ou refuser d’être recontacté après les Jeux',
        params: TokenParams,
        body: PostGamesContactRequest,
        response: { 204: z.null(), 410: Problem, ...errors },
      },
    },
    async (request, reply) => {
      await setPostGamesContact(deps, request.params.token, request.body, contextOf(request));
      return reply.code(204).send(null);
    },
  );

  routes.put(
    '/api/v1/my-application/:token/event-choices',
    {
      config: {
        ...byLink('ranks the events of that application (a carer pair: one ranking; a group: its manager)'),
        rateLimit: { max: 20, timeWindow: 60_000 },
      },
      schema: {
        tags,
        summary: 'Changer mon classement des épreuves (jusqu’à ce qu’un tirage soit figé)',
        params: TokenParams,
        body: EventChoicesRequest,
        response: { 204: z.null(), 410: Problem, ...errors },
      },
    },
    async (request, reply) => {
      const { applicant } = await applicationByToken(deps, request.params.token);
      await changeEventChoices(deps, applicant, request.body.eventChoices, contextOf(request));
      return reply.code(204).send(null);
    },
  );

  routes.put(
    '/api/v1/my-application/:token/participants',
    {
      config: {
        ...byLink('is the group manager and enters the participants'),
        // Each list tells whether its people are in the programme already: a lookup to bound, per link.
        rateLimit: {
          max: PARTICIPANT_LISTS_PER_MINUTE,
          timeWindow: 60_000,
          keyGenerator: (request) => tokenHash((request.params as { token: string }).token),
        },
      },
      schema: {
        tags,
        summary: 'Saisir les participants du groupe (responsable)',
        params: TokenParams,
        body: ParticipantsRequest,
        response: { 204: z.null(), 410: Problem, ...errors, 403: Problem },
      },
    },
    async (request, reply) => {
      await replaceParticipants(deps, request.params.token, request.body.participants, contextOf(request));
      return reply.code(204).send(null);
    },
  );
}
