import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AbandonRequest,
  BeaconRequest,
  CommitRequest,
  DrawSetupRequest,
  DrawView,
  EntryIdHex,
  InclusionProofView,
  PublicDraw,
  PublicDrawDetail,
  PublicEntry,
  QuotasRequest,
  RevealRequest,
} from '../../../contracts/draws.js';
import { Problem } from '../../../contracts/system.js';
import { noPersonalData } from '../../platform/audit/read-log.js';
import { publicAccess, type RouteAccess } from '../../platform/http/access.js';
import type { Actor } from '../../platform/http/actor.js';
import { abandonDraw } from './abandon.js';
import { enterBeacon } from './beacon.js';
import { commitDraw } from './commit.js';
import type { Acting, DrawsDeps, DrawScope } from './deps.js';
import { freezeDraw } from './freeze.js';
import {
  entriesFile,
  entryInclusionProof,
  listPublicDraws,
  publishedCommitmentFile,
  publishedDrawDetail,
  publishedRecordFile,
} from './public-records.js';
import { publishDraw } from './publish.js';
import { controlRoutes } from './control-routes.js';
import { enterReveal } from './reveal.js';
import { backgroundRunsEnded, listDrawsWithRuns, showDrawWithRun, startDrawRun } from './runs.js';
import { changeQuotas, setUpDraw } from './setup.js';

const errors = { 400: Problem, 404: Problem, 409: Problem, 422: Problem };
/** Public reads, per client address and minute: the record of a large draw weighs hundreds of megabytes. */
const PUBLIC_LIST_LIMIT = { max: 60, timeWindow: 60_000 };
const PUBLIC_RECORD_LIMIT = { max: 20, timeWindow: 60_000 };
const PUBLIC_PROOF_LIMIT = { max: 60, timeWindow: 60_000 };
/** A published record never changes (the database refuses it): caches may keep it. */
const RECORD_CACHE_CONTROL = 'public, max-age=3600';
const DrawParams = z.object({ drawId: z.uuid() });
export const acting = (request: FastifyRequest): Acting => ({
  actor: request.actor as Actor,
  requestId: request.id,
  sourceIp: request.ip,
});
const noPersonal = noPersonalData('draws are pseudonymous: ids, counts, hashes, no link to applicants');

/**
 * The two doors to the same use cases: an operator's own draws (a grant of that operator marked "runs draws",
 * which requires a second factor; a programme administrator too), and every draw for the programme
 * administrator (whole-programme buckets).
 */
export const drawFamilies: {
  prefix: string;
  access: RouteAccess;
  params: z.ZodObject;
  scope: (params: Record<string, string>) => DrawScope;
  who: string;
}[] = [
  {
    prefix: '/api/v1/operators/:operatorId/draws',
    access: {
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
    prefix: '/api/v1/draws',
    access: { kind: 'roles', roles: ['programme_admin'], scope: { kind: 'platform' } },
    params: z.object({}),
    scope: () => ({ everyDraw: true }),
    who: 'de tous les programmes (administration)',
  },
];

/** Verifiable draws (issue [F], TAJ-10): thin HTTP over one use case per route. */
export async function drawsRoutes(app: FastifyInstance, { deps }: { deps: DrawsDeps }): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['draws'];
  // A draw running in the background finishes (or fails) before the database closes.
  app.addHook('onClose', async () => backgroundRunsEnded(deps.database));

  for (const family of drawFamilies) {
    const config = { access: family.access };
    const withDraw = family.params.extend(DrawParams.shape);
    const scopeOf = (request: FastifyRequest) => family.scope(request.params as Record<string, string>);
    const step = (
      path: string,
      summary: string,
      run: (drawId: string, scope: DrawScope, who: Acting) => Promise<DrawView>,
    ) =>
      routes.post(
        `${family.prefix}/:drawId/${path}`,
        {
          config,
          schema: { tags, summary, params: withDraw, response: { 200: DrawView, ...errors } },
        },
        async (request) =>
          run((request.params as { drawId: string }).drawId, scopeOf(request), acting(request)),
      );

    /** A step whose request has a body, validated by `body`; otherwise as `step`. */
    const stepWithBody = <S extends z.ZodType>(
      path: string,
      summary: string,
      body: S,
      run: (drawId: string, scope: DrawScope, input: z.infer<S>, who: Acting) => Promise<DrawView>,
    ) =>
      routes.post(
        `${family.prefix}/:drawId/${path}`,
        {
          config,
          schema: { tags, summary, params: withDraw, body, response: { 200: DrawView, ...errors } },
        },
        async (request) =>
          run(
            (request.params as { drawId: string }).drawId,
            scopeOf(request),
            request.body as z.infer<S>,
            acting(request),
          ),
      );

    routes.get(
      family.prefix,
      {
        config: { ...config, ...noPersonal },
        schema: {
          tags,
          summary: `Les tirages ${family.who}`,
          params: family.params,
          response: { 200: z.array(DrawView) },
        },
      },
      async (request) => listDrawsWithRuns(deps, scopeOf(request)),
    );

    routes.post(
      family.prefix,
      {
        config,
        schema: {
          tags,
          summary: 'Préparer un tirage pour un lot (quotas : le stock du lot, sauf s’ils sont donnés)',
          params: family.params,
          body: DrawSetupRequest,
          response: { 201: DrawView, ...errors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await setUpDraw(deps, scopeOf(request), request.body, acting(request))),
    );

    routes.get(
      `${family.prefix}/:drawId`,
      {
        config: { ...config, ...noPersonal },
        schema: { tags, summary: 'Un tirage', params: withDraw, response: { 200: DrawView, ...errors } },
      },
      async (request) =>
        showDrawWithRun(deps, (request.params as { drawId: string }).drawId, scopeOf(request)),
    );

    routes.put(
      `${family.prefix}/:drawId/quotas`,
      {
        config,
        schema: {
          tags,
          summary: 'Changer les quotas (tant que le tirage n’est pas figé)',
          params: withDraw,
          body: QuotasRequest,
          response: { 200: DrawView, ...errors },
        },
      },
      async (request) =>
        changeQuotas(
          deps,
          (request.params as { drawId: string }).drawId,
          scopeOf(request),
          request.body.quotas,
          acting(request),
        ),
    );

    routes.get(
      `${family.prefix}/:drawId/entries`,
      {
        config: { ...config, ...noPersonal },
        schema: {
          tags,
          summary: 'Le fichier des entrées figées (pseudonymes), pour « gradins draw verify »',
          params: withDraw,
          response: { 200: z.array(PublicEntry), ...errors },
        },
      },
      async (request) =>
        entriesFile(deps.database.db, (request.params as { drawId: string }).drawId, scopeOf(request)),
    );

    step(
      'freeze',
      'Figer les entrées (candidatures confirmées) et calculer la racine de Merkle',
      (id, s, w) => freezeDraw(deps, id, s, w),
    );

    stepWithBody(
      'commitment',
      'Engager le tirage sur un tour drand futur et nommer les témoins de secours (signé)',
      CommitRequest,
      (id, scope, input, who) => commitDraw(deps, id, scope, input, who),
    );

    stepWithBody(
      'beacon',
      'Saisir la signature drand du tour engagé (vérifiée hors ligne)',
      BeaconRequest,
      (id, scope, input, who) => enterBeacon(deps, id, scope, input.signature, who),
    );

    routes.post(
      `${family.prefix}/:drawId/run`,
      {
        config,
        schema: {
          tags,
          summary:
            'Lancer le tirage en arrière-plan (graine, numéros, attribution, relevé signé) ; son avancement est dans « running »',
          params: withDraw,
          response: { 202: DrawView, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .code(202)
          .send(
            await startDrawRun(
              deps,
              (request.params as { drawId: string }).drawId,
              scopeOf(request),
              acting(request),
              app.log,
            ),
          ),
    );
    step('publish', 'Publier le relevé du tirage', (id, s, w) => publishDraw(deps, id, s, w));

    stepWithBody(
      'reveals',
      'Saisir le secret révélé d’un témoin (après la date limite de l’aléa sans aléa drand ; vérifié contre son engagement)',
      RevealRequest,
      (id, scope, input, who) => enterReveal(deps, id, scope, input, who),
    );

    stepWithBody(
      'abandon',
      'Abandonner un tirage figé ou engagé, jamais un tirage effectué (motif public, journalisé)',
      AbandonRequest,
      (id, scope, input, who) => abandonDraw(deps, id, scope, input.reason, who),
    );
  }

  routes.get(
    '/api/v1/public/draws',
    {
      config: {
        ...publicAccess(
          'every draw is public from its commitment on, so that none can be run and hidden (TAJ-10)',
        ),
        ...noPersonal,
        rateLimit: PUBLIC_LIST_LIMIT,
      },
      schema: {
        tags,
        summary: 'Tous les tirages depuis leur engagement : engagés, effectués, publiés, abandonnés',
        response: { 200: z.array(PublicDraw) },
      },
    },
    async () => listPublicDraws(deps.database.db),
  );

  routes.get(
    '/api/v1/public/draws/:drawId',
    {
      config: {
        ...publicAccess('a published draw’s public page: commitment, round, seed and counts (TAJ-10)'),
        ...noPersonal,
        // Its counts scan the draw's entries: millions for a national draw.
        rateLimit: PUBLIC_LIST_LIMIT,
      },
      schema: {
        tags,
        summary: 'Un tirage publié : engagement, tour drand, graine, décomptes',
        params: DrawParams,
        response: { 200: PublicDrawDetail, 404: Problem },
      },
    },
    async (request) => publishedDrawDetail(deps.database.db, request.params.drawId),
  );

  routes.get(
    '/api/v1/public/draws/:drawId/record',
    {
      config: {
        ...publicAccess('the signed record of a published draw is public (TAJ-10, draw-record.md §9)'),
        ...noPersonal,
        rateLimit: PUBLIC_RECORD_LIMIT,
      },
      schema: {
        tags,
        summary: 'Le relevé signé d’un tirage publié (draw-record.md §9)',
        params: DrawParams,
        headers: z.object({ 'if-none-match': z.string().optional() }),
        response: { 304: z.null().describe('Non modifié : l’ETag donné est celui du relevé'), 404: Problem },
      },
    },
    async (request, reply) => {
      const file = await publishedRecordFile(
        deps.database.db,
        request.params.drawId,
        request.headers['if-none-match'],
      );
      reply.header('etag', `"${file.sha256}"`).header('cache-control', RECORD_CACHE_CONTROL);
      if (file.text === null) return reply.code(304).send(null);
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="tirage-${request.params.drawId}.json"`)
        .send(file.text as never);
    },
  );

  routes.get(
    '/api/v1/public/draws/:drawId/commitment',
    {
      config: {
        ...publicAccess('a commitment is published before the beacon round exists (draw-record.md §4)'),
        ...noPersonal,
        rateLimit: PUBLIC_LIST_LIMIT,
      },
      schema: {
        tags,
        summary: 'L’engagement signé d’un tirage, publié avant le tour drand',
        params: DrawParams,
        response: { 404: Problem },
      },
    },
    async (request, reply) =>
      reply
        .type('application/json; charset=utf-8')
        .send((await publishedCommitmentFile(deps.database.db, request.params.drawId)) as never),
  );

  routes.get(
    '/api/v1/public/draws/:drawId/inclusion-proof/:entryId',
    {
      config: {
        ...publicAccess('an applicant checks that their pseudonymous entry is in the committed set'),
        ...noPersonal,
        rateLimit: PUBLIC_PROOF_LIMIT,
      },
      schema: {
        tags,
        summary: 'La preuve qu’une entrée est dans l’ensemble figé (draw-record.md §2)',
        params: DrawParams.extend({ entryId: EntryIdHex }),
        response: { 200: InclusionProofView, ...errors },
      },
    },
    async (request) => entryInclusionProof(deps.database.db, request.params.drawId, request.params.entryId),
  );

  // Manual attribution (TAJ-11) and the control reports (TAJ-13), behind the same doors.
  await controlRoutes(app, deps);
}
