import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  BanDataExport,
  BanDetail,
  BanRegistrySettings,
  InformationLetterSending,
  RightsRequest,
  RightsRequestAnswer,
  RightsRequestInput,
} from '../../../contracts/bans.js';
import { Problem } from '../../../contracts/system.js';
import { auditRead, noPersonalData } from '../../platform/audit/read-log.js';
import {
  informationLetterDocument,
  LETTER_FILENAME,
  readRegistrySettings,
  sendInformationLetter,
  setRegistrySettings,
  type InformationDeps,
} from './information.js';
import {
  answerRightsRequest,
  createRightsRequest,
  exportBanData,
  listRightsRequests,
  rightsRequest,
} from './rights-requests.js';
import { acting, BanParams, banOfficers, base, OrganiserParams } from './routes.js';

const RequestParams = OrganiserParams.extend({ requestId: z.uuid() });
const errors = { 400: Problem, 404: Problem, 409: Problem };

/**
 * Information and rights (BAN-5, AU-42 art. 6): the registry's settings, the information letter, the register
 * of rights requests and the export of a person's data. The same access as the registry: the organiser's ban
 * officers only.
 */
export async function banRightsRoutes(
  app: FastifyInstance,
  { deps }: { deps: InformationDeps },
): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['bans'];

  routes.get(
    `${base}/ban-registry`,
    {
      config: {
        ...banOfficers,
        ...noPersonalData('the controller, recipients and rights service the letter names: no banned person'),
      },
      schema: {
        tags,
        summary: 'Ce que nomme la lettre d’information : responsable, destinataires, service des droits',
        params: OrganiserParams,
        response: { 200: BanRegistrySettings, 404: Problem },
      },
    },
    async (request) => readRegistrySettings(deps, request.params.organiserId),
  );

  routes.put(
    `${base}/ban-registry`,
    {
      config: banOfficers,
      attachValidation: true,
      schema: {
        tags,
        summary:
          'Renseigner le responsable du traitement, les destinataires et le service désigné pour les droits',
        params: OrganiserParams,
        body: BanRegistrySettings,
        response: { 200: BanRegistrySettings, 400: Problem },
      },
    },
    async (request) =>
      setRegistrySettings(deps, request.params.organiserId, request.body as unknown, acting(request)),
  );

  routes.get(
    `${base}/bans/:banId/information-letter.pdf`,
    {
      config: { ...banOfficers, ...auditRead('bans.letter.read', 'bans') },
      schema: {
        tags,
        summary: 'La lettre d’information de la personne (PDF, AU-42 art. 6), à envoyer ou remettre',
        params: BanParams,
        response: { 404: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const pdf = await informationLetterDocument(deps, request.params.organiserId, request.params.banId);
      request.auditTargetIds = [request.params.banId];
      return reply
        .type('application/pdf')
        .header('cache-control', 'no-store')
        .header('content-disposition', `inline; filename="${LETTER_FILENAME}"`)
        .send(pdf as never);
    },
  );

  routes.post(
    `${base}/bans/:banId/information-letter`,
    {
      config: banOfficers,
      attachValidation: true,
      schema: {
        tags,
        summary:
          'Informer la personne : courriel envoyé tout de suite (adresse jamais enregistrée), ou courrier ou remise en main propre enregistrés',
        params: BanParams,
        body: InformationLetterSending,
        response: { 200: BanDetail, ...errors, 502: Problem },
      },
    },
    async (request) =>
      sendInformationLetter(
        deps,
        request.params.organiserId,
        request.params.banId,
        request.body as unknown,
        acting(request),
      ),
  );

  routes.get(
    `${base}/bans/:banId/export`,
    {
      config: { ...banOfficers, ...auditRead('bans.ban.exported', 'bans') },
      schema: {
        tags,
        summary: 'Droit d’accès : toutes les données que le registre détient sur la personne (JSON)',
        params: BanParams,
        response: { 200: BanDataExport, 404: Problem },
      },
    },
    async (request) => {
      const data = await exportBanData(deps, request.params.organiserId, request.params.banId);
      // The export shows the ban and the rights requests about it: the audit entry names them all (SEC-6).
      request.auditTargetIds = [data.ban.id, ...data.rightsRequests.map((entry) => entry.id)];
      return data;
    },
  );

  routes.post(
    `${base}/rights-requests`,
    {
      config: banOfficers,
      attachValidation: true,
      schema: {
        tags,
        summary: 'Enregistrer une demande d’accès, de rectification ou d’opposition (échéance : un mois)',
        params: OrganiserParams,
        body: RightsRequestInput,
        response: { 201: RightsRequest, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createRightsRequest(
            deps,
            request.params.organiserId,
            request.body as unknown,
            acting(request),
          ),
        ),
  );

  routes.get(
    `${base}/rights-requests`,
    {
      config: { ...banOfficers, ...auditRead('bans.rights.listed', 'ban_rights_requests') },
      schema: {
        tags,
        summary: 'Le registre des demandes, l’échéance la plus proche d’abord',
        params: OrganiserParams,
        querystring: z.strictObject({ status: z.enum(['open', 'answered']).optional() }),
        response: { 200: z.array(RightsRequest) },
      },
    },
    async (request) => {
      const list = await listRightsRequests(deps, request.params.organiserId, request.query.status);
      request.auditTargetIds = list.map((entry) => entry.id);
      return list;
    },
  );

  routes.get(
    `${base}/rights-requests/:requestId`,
    {
      config: { ...banOfficers, ...auditRead('bans.rights.read', 'ban_rights_requests') },
      schema: {
        tags,
        summary: 'Une demande du registre',
        params: RequestParams,
        response: { 200: RightsRequest, 404: Problem },
      },
    },
    async (request) => {
      const entry = await rightsRequest(deps, request.params.organiserId, request.params.requestId);
      request.auditTargetIds = [entry.id];
      return entry;
    },
  );

  routes.post(
    `${base}/rights-requests/:requestId/answer`,
    {
      config: banOfficers,
      attachValidation: true,
      schema: {
        tags,
        summary: 'Enregistrer la réponse (une fois) : une issue adaptée à la nature de la demande',
        params: RequestParams,
        body: RightsRequestAnswer,
        response: { 200: RightsRequest, ...errors },
      },
    },
    async (request) =>
      answerRightsRequest(
        deps,
        request.params.organiserId,
        request.params.requestId,
        request.body as unknown,
        acting(request),
      ),
  );
}
