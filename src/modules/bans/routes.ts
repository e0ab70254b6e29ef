import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import {
  BanDetail,
  BanImportReport,
  BanInput,
  BanRemovalCause,
  BanSummary,
} from '../../../contracts/bans.js';
import { Problem } from '../../../contracts/system.js';
import { auditRead, noPersonalData } from '../../platform/audit/read-log.js';
import { banPurges } from '../../platform/db/schema/index.js';
import type { RouteAccess } from '../../platform/http/access.js';
import type { Actor } from '../../platform/http/actor.js';
import { programmeProblems } from '../programmes/problems.js';
import type { Acting, BansDeps } from './deps.js';
import { BAN_CSV_COLUMNS, BAN_CSV_OPTIONAL_COLUMNS } from './domain/ban-rows.js';
import { PHOTO_MAX_BYTES } from './domain/photo.js';
import { BAN_IMPORT_MAX_BYTES, importBans } from './import.js';
import { readPhoto, removePhoto, setPhoto } from './photos.js';
import { banProblems } from './problems.js';
import { banDetail, changeBan, createBan, listBans, removeBan, setSuspension } from './registry.js';

/**
 * Only the ban officers of the organiser whose registry it is (AU-42 art. 5, BAN-4): a grant of role
 * `ban_officer` scoped to that organiser — also how a subcontractor's specially authorised staff get access,
 * revocable at once by revoking the grant. No platform-wide role (administrator, controller, sysadmin) opens it.
 */
export const banOfficers: { access: RouteAccess } = {
  access: { kind: 'roles', roles: ['ban_officer'], scope: { kind: 'organiser', param: 'organiserId' } },
};
export const OrganiserParams = z.object({ organiserId: z.uuid() });
export const BanParams = OrganiserParams.extend({ banId: z.uuid() });
const errors = { 400: Problem, 404: Problem, 409: Problem };
export const acting = (request: FastifyRequest): Acting => ({
  actor: request.actor as Actor,
  requestId: request.id,
  sourceIp: request.ip,
});
export const base = '/api/v1/organisers/:organiserId';

/** The stadium-ban registry (issue [H], first part): thin HTTP over one use case per route. */
export async function bansRoutes(app: FastifyInstance, { deps }: { deps: BansDeps }): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['bans'];
  app.addContentTypeParser(
    ['text/csv', 'application/csv'],
    { parseAs: 'buffer', bodyLimit: BAN_IMPORT_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );
  app.addContentTypeParser(
    ['image/png', 'image/jpeg', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: 2 * PHOTO_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );

  routes.get(
    `${base}/bans`,
    {
      config: { ...banOfficers, ...auditRead('bans.ban.listed', 'bans') },
      schema: {
        tags,
        summary: 'Le registre des interdictions de stade de l’organisateur (sans photographie)',
        params: OrganiserParams,
        response: { 200: z.array(BanSummary) },
      },
    },
    async (request) => {
      const list = await listBans(deps, request.params.organiserId);
      request.auditTargetIds = list.map((ban) => ban.id);
      return list;
    },
  );

  routes.get(
    `${base}/bans/:banId`,
    {
      config: { ...banOfficers, ...auditRead('bans.ban.read', 'bans') },
      schema: {
        tags,
        summary: 'Une interdiction : identité et mesure (la photographie se demande à part)',
        params: BanParams,
        response: { 200: BanDetail, 404: Problem },
      },
    },
    async (request) => {
      const detail = await banDetail(deps, request.params.organiserId, request.params.banId);
      request.auditTargetIds = [detail.id];
      return detail;
    },
  );

  routes.post(
    `${base}/bans`,
    {
      config: banOfficers,
      // The body is checked by the use case, so that a field AU-42 does not allow gets its own problem.
      attachValidation: true,
      schema: {
        tags,
        summary: 'Inscrire une interdiction (champs de l’AU-42 seulement ; jamais les motifs)',
        params: OrganiserParams,
        body: BanInput,
        response: { 201: BanDetail, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createBan(deps, request.params.organiserId, request.body as unknown, acting(request))),
  );

  routes.put(
    `${base}/bans/:banId`,
    {
      config: banOfficers,
      attachValidation: true,
      schema: {
        tags,
        summary: 'Modifier une interdiction (rectification, nouvelle décision) : l’enregistrement entier',
        params: BanParams,
        body: BanInput,
        response: { 200: BanDetail, ...errors },
      },
    },
    async (request) =>
      changeBan(
        deps,
        request.params.organiserId,
        request.params.banId,
        request.body as unknown,
        acting(request),
      ),
  );

  routes.post(
    `${base}/bans/:banId/suspension`,
    {
      config: banOfficers,
      schema: {
        tags,
        summary: 'Suspendre un arrêté (décision du juge administratif) : données gardées, sans effet',
        params: BanParams,
        response: { 200: BanDetail, ...errors },
      },
    },
    async (request) =>
      setSuspension(deps, request.params.organiserId, request.params.banId, true, acting(request)),
  );

  routes.delete(
    `${base}/bans/:banId/suspension`,
    {
      config: banOfficers,
      schema: {
        tags,
        summary: 'Lever la suspension d’un arrêté : l’interdiction reprend effet',
        params: BanParams,
        response: { 200: BanDetail, ...errors },
      },
    },
    async (request) =>
      setSuspension(deps, request.params.organiserId, request.params.banId, false, acting(request)),
  );

  routes.delete(
    `${base}/bans/:banId`,
    {
      config: banOfficers,
      schema: {
        tags,
        summary:
          'Effacer une interdiction tout de suite : peine infirmée (overturned) ou amnistiée (amnestied), arrêté annulé (annulled)',
        params: BanParams,
        querystring: z.strictObject({ cause: BanRemovalCause }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await removeBan(
        deps,
        request.params.organiserId,
        request.params.banId,
        request.query.cause,
        acting(request),
      );
      return reply.code(204).send(null);
    },
  );

  routes.get(
    `${base}/bans/:banId/photo`,
    {
      config: { ...banOfficers, ...auditRead('bans.photo.read', 'ban_photos') },
      schema: {
        tags,
        summary: 'La photographie d’une interdiction (PNG ou JPEG), à regarder seulement',
        description:
          'Demandée à part du détail, et journalisée. Jamais traitée par reconnaissance faciale ni autre procédé biométrique (AU-42).',
        params: BanParams,
        response: { 404: Problem },
      },
    },
    async (request, reply) => {
      const photo = await readPhoto(deps, request.params.organiserId, request.params.banId);
      request.auditTargetIds = [request.params.banId];
      return reply
        .type(photo.mediaType)
        .header('cache-control', 'no-store')
        .header('content-disposition', 'inline')
        .send(photo.image as never);
    },
  );

  routes.put(
    `${base}/bans/:banId/photo`,
    {
      config: banOfficers,
      bodyLimit: 2 * PHOTO_MAX_BYTES,
      schema: {
        tags,
        summary: `Joindre ou remplacer la photographie (PNG ou JPEG, ${PHOTO_MAX_BYTES / 1024 / 1024} Mio au plus)`,
        params: BanParams,
        consumes: ['image/png', 'image/jpeg'],
        response: {
          200: z.object({ mediaType: z.string(), bytes: z.number().int() }),
          ...errors,
          413: Problem,
        },
      },
    },
    async (request) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (!Buffer.isBuffer(request.body) && request.body !== undefined && request.body !== null)
        throw banProblems.photo('not-an-image');
      return setPhoto(deps, request.params.organiserId, request.params.banId, body, acting(request));
    },
  );

  routes.delete(
    `${base}/bans/:banId/photo`,
    {
      config: banOfficers,
      schema: {
        tags,
        summary: 'Retirer la photographie d’une interdiction',
        params: BanParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await removePhoto(deps, request.params.organiserId, request.params.banId, acting(request));
      return reply.code(204).send(null);
    },
  );

  routes.post(
    `${base}/ban-imports`,
    {
      config: banOfficers,
      schema: {
        tags,
        summary:
          'Importer la liste d’une préfecture (CSV UTF-8, « ; » ou « , ») : rapport des lignes refusées',
        description: `Colonnes : ${BAN_CSV_COLUMNS.join(';')} ; selon le type : ${BAN_CSV_OPTIONAL_COLUMNS.join(', ')}. Aucune colonne de motifs (refusée).`,
        params: OrganiserParams,
        consumes: ['text/csv'],
        response: { 200: BanImportReport, ...errors, 413: Problem, 415: Problem },
      },
    },
    async (request) => {
      const contentType = request.headers['content-type'] ?? '';
      if (!/^(text|application)\/csv\b/i.test(contentType) || !Buffer.isBuffer(request.body))
        throw programmeProblems.notCsv(contentType.slice(0, 100));
      return importBans(deps, request.params.organiserId, request.body, acting(request));
    },
  );

  routes.get(
    `${base}/ban-purges`,
    {
      config: { ...banOfficers, ...noPersonalData('counts of deleted bans and instants, no person') },
      schema: {
        tags,
        summary:
          'Les effacements d’interdictions (purge à échéance, annulations…) : des comptes, sans personne',
        params: OrganiserParams,
        response: {
          200: z.array(
            z.object({
              at: z.string(),
              cause: z.enum(['expired', 'annulled', 'overturned', 'amnestied']),
              bans: z.number().int(),
              photos: z.number().int(),
            }),
          ),
        },
      },
    },
    async (request) => {
      const rows = await deps.database.db
        .select()
        .from(banPurges)
        .where(eq(banPurges.organiserId, request.params.organiserId))
        .orderBy(desc(banPurges.at), desc(banPurges.id))
        .limit(1000);
      return rows.map((row) => ({
        at: row.at.toISOString(),
        cause: row.cause,
        bans: row.bans,
        photos: row.photos,
      }));
    },
  );
}
