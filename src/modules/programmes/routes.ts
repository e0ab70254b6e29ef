import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AttachOperatorRequest,
  EventInput,
  EventOrganiserRequest,
  Games,
  GamesCode,
  GamesUpdate,
  ImportReport,
  InstanceInfo,
  Movement,
  OperatorRef,
  OperatorReturnRequest,
  OperatorStock,
  Programme,
  ProgrammeInput,
  ReclaimReport,
  SportEvent,
  StockChangeRequest,
  StockSummary,
  TransferRequest,
  TransferResult,
} from '../../../contracts/programmes.js';
import { Problem } from '../../../contracts/system.js';
import { auditRead, noPersonalData } from '../../platform/audit/read-log.js';
import { readCsv } from '../../platform/csv/read-csv.js';
import { platformRoles, publicAccess, type RouteAccess } from '../../platform/http/access.js';
import type { Actor } from '../../platform/http/actor.js';
import { platformProblems } from '../../platform/http/problem.js';
import type { Acting, ProgrammesDeps } from './deps.js';
import { instanceInfo } from './demo/demo-info.js';
import { programmeProblems } from './problems.js';
import { EVENT_CSV_COLUMNS } from './domain/event-rows.js';
import {
  changeSupply,
  createEvent,
  getEvent,
  importEvents,
  listEvents,
  setEventOrganiser,
} from './events.js';
import { listGames, updateGames } from './games.js';
import {
  attachOperator,
  createProgramme,
  detachOperator,
  getProgramme,
  listOperators,
  listProgrammes,
  updateProgramme,
} from './programmes.js';
import { reclaimReports } from './reclaim.js';
import { movementViews, operatorStock, stockCsv, stockSummary, transferStock } from './stock.js';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const admin = platformRoles(['programme_admin']);
const overseers = platformRoles(['programme_admin', 'controller']);
/** A programme administrator of the whole platform, or one whose grant is scoped to this programme. */
const programmeAdmin: { access: RouteAccess } = {
  access: { kind: 'roles', roles: ['programme_admin'], scope: { kind: 'programme', param: 'programmeId' } },
};
/** An operator sees and moves only its own allocation; the programme administrator and controllers see all. */
const ownOperator = (roles: ('operator' | 'programme_admin' | 'controller')[]): { access: RouteAccess } => ({
  access: { kind: 'roles', roles, scope: { kind: 'operator', param: 'operatorId' } },
});
const stockFigures = noPersonalData('stock figures, programmes and events: no personal data');
const EVENTS_CSV_MAX_BYTES = 20 * 1024 * 1024;

const ProgrammeParams = z.object({ programmeId: z.uuid() });
const OperatorParams = z.object({ operatorId: z.uuid() });
const EventParams = z.object({ eventId: z.uuid() });

const acting = (request: FastifyRequest): Acting => ({
  actor: request.actor as Actor,
  requestId: request.id,
  sourceIp: request.ip,
});

/** The body of a CSV upload, as it arrives, with a size limit. */
async function* limitedBody(stream: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > maxBytes) throw platformProblems.payloadTooLarge();
    yield chunk;
  }
}

/** Programmes, events and stock (issue [D]; TAJ-1, TAJ-2, TAJ-17): thin HTTP over one use case per route. */
export async function programmesRoutes(
  app: FastifyInstance,
  { deps }: { deps: ProgrammesDeps },
): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['programmes'];
  const db = deps.database.db;

  // CSV uploads reach the handler as a stream (read with readCsv), never whole in memory.
  app.addContentTypeParser(['text/csv', 'application/csv'], (_request, payload, done) => done(null, payload));

  routes.get(
    '/api/v1/instance',
    {
      config: {
        ...publicAccess('tells every page whether it shows demonstration data'),
        ...noPersonalData('no personal data'),
      },
      schema: {
        tags: ['system'],
        summary: 'Installation (données de démonstration ?)',
        response: { 200: InstanceInfo },
      },
    },
    async () => instanceInfo(db),
  );

  routes.get(
    '/api/v1/games',
    {
      config: {
        ...publicAccess('the Games dates and reclaim deadlines are public (seed 1, §2)'),
        ...noPersonalData('dates only'),
      },
      schema: { tags, summary: 'Les Jeux et leurs échéances de reprise', response: { 200: z.array(Games) } },
    },
    async () => listGames(db),
  );

  routes.put(
    '/api/v1/games/:code',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Changer les dates des Jeux et l’échéance de reprise',
        params: z.object({ code: GamesCode }),
        body: GamesUpdate,
        response: { 200: Games, ...errors },
      },
    },
    async (request) => updateGames(deps, request.params.code, request.body, acting(request)),
  );

  routes.get(
    '/api/v1/programmes',
    {
      config: { ...overseers, ...stockFigures },
      schema: { tags, summary: 'Les programmes', response: { 200: z.array(Programme), ...errors } },
    },
    async () => listProgrammes(db),
  );

  routes.post(
    '/api/v1/programmes',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Créer un programme',
        body: ProgrammeInput,
        response: { 201: Programme, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createProgramme(deps, request.body, acting(request))),
  );

  routes.get(
    '/api/v1/programmes/:programmeId',
    {
      config: { ...programmeAdmin, ...stockFigures },
      schema: {
        tags,
        summary: 'Un programme',
        params: ProgrammeParams,
        response: { 200: Programme, ...errors },
      },
    },
    async (request) => getProgramme(db, request.params.programmeId),
  );

  routes.put(
    '/api/v1/programmes/:programmeId',
    {
      config: programmeAdmin,
      schema: {
        tags,
        summary: 'Modifier un programme (nom, public, Jeux, règles d’éligibilité)',
        params: ProgrammeParams,
        body: ProgrammeInput,
        response: { 200: Programme, ...errors },
      },
    },
    async (request) => updateProgramme(deps, request.params.programmeId, request.body, acting(request)),
  );

  routes.post(
    '/api/v1/programmes/:programmeId/operators',
    {
      config: programmeAdmin,
      schema: {
        tags,
        summary: 'Rattacher un opérateur au programme',
        params: ProgrammeParams,
        body: AttachOperatorRequest,
        response: { 200: Programme, ...errors },
      },
    },
    async (request) =>
      attachOperator(deps, request.params.programmeId, request.body.operatorId, acting(request)),
  );

  routes.delete(
    '/api/v1/programmes/:programmeId/operators/:operatorId',
    {
      config: programmeAdmin,
      schema: {
        tags,
        summary: 'Détacher un opérateur qui ne détient plus de billets du programme',
        params: ProgrammeParams.extend({ operatorId: z.uuid() }),
        response: { 200: Programme, ...errors },
      },
    },
    async (request) =>
      detachOperator(deps, request.params.programmeId, request.params.operatorId, acting(request)),
  );

  routes.get(
    '/api/v1/operators',
    {
      config: { ...overseers, ...stockFigures },
      schema: {
        tags,
        summary: 'Les opérateurs et leurs programmes',
        response: { 200: z.array(OperatorRef.extend({ programmeIds: z.array(z.uuid()) })), ...errors },
      },
    },
    async () => listOperators(db),
  );

  routes.get(
    '/api/v1/events',
    {
      config: {
        ...publicAccess('the session schedule and its stock are public (the organiser publishes them)'),
        ...noPersonalData('sessions and ticket counts only'),
      },
      schema: {
        tags,
        summary: 'Les événements (séances) et leur stock',
        querystring: z.object({ games: GamesCode.optional() }),
        response: { 200: z.array(SportEvent) },
      },
    },
    async (request) => listEvents(db, request.query),
  );

  routes.get(
    '/api/v1/events/:eventId',
    {
      config: {
        ...publicAccess('the session schedule and its stock are public (the organiser publishes them)'),
        ...noPersonalData('a session and its ticket counts'),
      },
      schema: {
        tags,
        summary: 'Un événement',
        params: EventParams,
        response: { 200: SportEvent, ...errors },
      },
    },
    async (request) => getEvent(db, request.params.eventId),
  );

  routes.post(
    '/api/v1/events',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Créer un événement et son stock',
        body: EventInput,
        response: { 201: SportEvent, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await createEvent(deps, request.body, acting(request))),
  );

  routes.post(
    '/api/v1/events/import',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Importer des événements (CSV UTF-8, séparateur « ; » ou « , »)',
        description: `Colonnes : ${EVENT_CSV_COLUMNS.join(';')}. Corps : le fichier, Content-Type: text/csv.`,
        consumes: ['text/csv'],
        response: { 200: ImportReport, ...errors, 413: Problem, 415: Problem },
      },
    },
    async (request) => {
      const contentType = request.headers['content-type'] ?? '';
      if (!/^(text|application)\/csv\b/i.test(contentType))
        throw programmeProblems.notCsv(contentType.slice(0, 100));
      const rows = readCsv(limitedBody(request.body as AsyncIterable<Buffer>, EVENTS_CSV_MAX_BYTES), {
        columns: EVENT_CSV_COLUMNS,
      });
      return importEvents(deps, rows, acting(request));
    },
  );

  routes.put(
    '/api/v1/events/:eventId/organiser',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Désigner l’organisateur de l’événement (registre des interdictions de stade qui le couvre)',
        params: EventParams,
        body: EventOrganiserRequest,
        response: { 200: SportEvent, ...errors },
      },
    },
    async (request) =>
      setEventOrganiser(deps, request.params.eventId, request.body.organiserId, acting(request)),
  );

  routes.post(
    '/api/v1/events/:eventId/stock',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Ajouter ou retirer des billets au stock d’un événement',
        params: EventParams,
        body: StockChangeRequest,
        response: { 200: SportEvent, ...errors },
      },
    },
    async (request) => changeSupply(deps, request.params.eventId, request.body, acting(request)),
  );

  routes.post(
    '/api/v1/stock/transfers',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Répartir des billets d’un niveau à l’autre (pot commun → programme → opérateur, et retour)',
        body: TransferRequest,
        response: { 201: TransferResult, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await transferStock(deps, request.body, acting(request))),
  );

  routes.post(
    '/api/v1/operators/:operatorId/stock/returns',
    {
      config: ownOperator(['operator']),
      schema: {
        tags,
        summary: 'Rendre des billets au programme',
        params: OperatorParams,
        body: OperatorReturnRequest,
        response: { 201: TransferResult, ...errors },
      },
    },
    async (request, reply) => {
      const { programmeId, lines, reason } = request.body;
      const from = { level: 'operator' as const, programmeId, operatorId: request.params.operatorId };
      const result = await transferStock(
        deps,
        { from, to: { level: 'programme', programmeId }, lines, reason },
        acting(request),
      );
      return reply.code(201).send(result);
    },
  );

  routes.get(
    '/api/v1/stock/summary',
    {
      config: { ...overseers, ...stockFigures },
      schema: { tags, summary: 'Où sont les billets', response: { 200: StockSummary, ...errors } },
    },
    async () => stockSummary(db),
  );

  routes.get(
    '/api/v1/stock/movements',
    {
      // Movements name the staff who made them.
      config: { ...overseers, ...auditRead('programmes.stock.movements-listed', 'stock_movements') },
      schema: {
        tags,
        summary: 'Le registre des mouvements de billets (les plus récents d’abord)',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
        response: { 200: z.array(Movement), ...errors },
      },
    },
    async (request) => {
      const movements = await movementViews(db, { limit: request.query.limit });
      request.auditTargetIds = movements.map((movement) => movement.id);
      return movements;
    },
  );

  routes.get(
    '/api/v1/stock/export.csv',
    {
      config: { ...overseers, ...stockFigures },
      schema: {
        tags,
        summary: 'Les soldes de chaque niveau, en CSV',
        response: { 200: z.string(), ...errors },
      },
    },
    async (_request, reply) => {
      const csv = await stockCsv(db);
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="gradins-stock-${day}.csv"`)
        .send(csv);
    },
  );

  routes.get(
    '/api/v1/stock/reclaims',
    {
      config: { ...overseers, ...stockFigures },
      schema: {
        tags,
        summary: 'Les rapports de reprise à l’échéance',
        response: { 200: z.array(ReclaimReport), ...errors },
      },
    },
    async () => reclaimReports(db),
  );

  routes.get(
    '/api/v1/operators/:operatorId/stock',
    {
      config: {
        ...ownOperator(['operator', 'programme_admin', 'controller']),
        ...noPersonalData('holdings and movements of an organisation, without the names of who moved them'),
      },
      schema: {
        tags,
        summary: 'L’allocation d’un opérateur',
        params: OperatorParams,
        response: { 200: OperatorStock, ...errors },
      },
    },
    async (request) => operatorStock(db, request.params.operatorId),
  );
}
