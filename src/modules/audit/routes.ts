import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AlertsQuery,
  AuditAlert,
  AuditReview,
  AuditReviewRequest,
  AuditSearchQuery,
  AuditSearchResult,
  SignedHead,
  VerificationReport,
} from '../../../contracts/audit.js';
import { Problem } from '../../../contracts/system.js';
import { auditRead, noPersonalData } from '../../platform/audit/read-log.js';
import { platformRoles, publicAccess } from '../../platform/http/access.js';
import type { Actor } from '../../platform/http/actor.js';
import { desc } from 'drizzle-orm';
import { auditHeads } from '../../platform/db/schema/index.js';
import { keyLookup, shardsFromDatabase } from './log-store.js';
import {
  actorLabels,
  auditAlerts,
  listAuditReviews,
  recordAuditReview,
  reviewView,
  searchAuditLog,
  type AuditDeps,
} from './review.js';
import { sequenceAndSign } from './sequencer.js';
import { verifyShards } from './verification.js';

const controller = platformRoles(['controller']);
const errors = { 400: Problem, 401: Problem, 403: Problem };

const headView = (row: typeof auditHeads.$inferSelect) => ({
  shard: row.shard,
  treeSize: row.treeSize,
  rootHash: row.rootHash,
  previousShardRoot: row.previousShardRoot,
  kind: row.kind,
  issuedAt: row.issuedAt.toISOString(),
  keyId: row.keyId,
  signature: row.signature,
});

const who = (request: FastifyRequest) => ({
  actor: request.actor as Actor,
  requestId: request.id,
  sourceIp: request.ip,
});

/** The controllers' view of the audit trail (issue [C], SEC-6). Reading the log is itself logged. */
export async function auditRoutes(app: FastifyInstance, { deps }: { deps: AuditDeps }): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit'];

  routes.get(
    '/api/v1/audit/entries',
    {
      config: { ...controller, ...auditRead('audit.entries.listed', 'audit_events') },
      schema: {
        tags,
        summary: 'Rechercher dans le journal d’audit',
        querystring: AuditSearchQuery,
        response: { 200: AuditSearchResult, ...errors },
      },
    },
    async (request) => {
      const result = await searchAuditLog(deps, request.query);
      request.auditTargetIds = result.entries.map((entry) => String(entry.id));
      return result;
    },
  );

  routes.get(
    '/api/v1/audit/alerts',
    {
      config: { ...controller, ...auditRead('audit.alerts.listed', 'audit_events') },
      schema: {
        tags,
        summary: 'Alertes d’une période',
        querystring: AlertsQuery,
        response: { 200: z.array(AuditAlert), ...errors },
      },
    },
    async (request) => {
      const alerts = await auditAlerts(deps, {
        from: new Date(request.query.from),
        to: new Date(request.query.to),
      });
      request.auditTargetIds = alerts.flatMap((alert) => alert.entryIds.map(String));
      return alerts;
    },
  );

  routes.get(
    '/api/v1/audit/reviews',
    {
      config: { ...controller, ...auditRead('audit.reviews.listed', 'audit_reviews') },
      schema: { tags, summary: 'Revues du journal', response: { 200: z.array(AuditReview), ...errors } },
    },
    async (request) => {
      const reviews = await listAuditReviews(deps);
      request.auditTargetIds = reviews.map((review) => review.id);
      return reviews;
    },
  );

  routes.post(
    '/api/v1/audit/reviews',
    {
      config: {
        ...platformRoles(['controller'], { reauthenticate: true }),
        ...noPersonalData('the use case records its own entry'),
      },
      schema: {
        tags,
        summary: 'Enregistrer une revue signée',
        body: AuditReviewRequest,
        response: { 201: AuditReview, ...errors },
      },
    },
    async (request, reply) => {
      const review = await recordAuditReview(deps, request.body, who(request));
      return reply.code(201).send(reviewView(review, await actorLabels(deps, [review.reviewerId])));
    },
  );

  routes.post(
    '/api/v1/audit/heads',
    {
      config: { ...platformRoles(['controller', 'sysadmin']), ...noPersonalData('a head holds hashes only') },
      schema: {
        tags,
        summary: 'Signer une tête de journal maintenant',
        response: { 201: SignedHead, ...errors },
      },
    },
    async (_request, reply) => reply.code(201).send(headView((await sequenceAndSign(deps)).head)),
  );

  routes.get(
    '/api/v1/audit/verification',
    {
      // Verifying reads the whole log: that reading is recorded like any other.
      config: {
        ...platformRoles(['controller', 'sysadmin']),
        ...auditRead('audit.log.verified', 'audit_events'),
      },
      schema: {
        tags,
        summary: 'Vérifier l’intégrité du journal',
        response: { 200: VerificationReport, ...errors },
      },
    },
    async (request) => {
      const language = (request.headers['accept-language'] ?? '').startsWith('en') ? 'en' : 'fr';
      const result = await verifyShards(await shardsFromDatabase(deps.database.db), keyLookup(deps.keys));
      return {
        conforme: result.findings.length === 0,
        entries: result.entries,
        heads: result.heads,
        findings: result.findings.map(({ fr, en, ...where }) => ({
          ...where,
          message: language === 'en' ? en : fr,
        })),
      };
    },
  );

  routes.get(
    '/api/v1/public/audit/head',
    {
      config: {
        ...publicAccess('the latest signed head holds no personal data: outside witnesses keep copies'),
        ...noPersonalData('hashes only'),
      },
      schema: {
        tags,
        summary: 'Dernière tête signée du journal',
        response: { 200: SignedHead, 404: Problem },
      },
    },
    async (_request, reply) => {
      const [latest] = await deps.database.db.select().from(auditHeads).orderBy(desc(auditHeads.id)).limit(1);
      if (!latest) return reply.callNotFound();
      return headView(latest);
    },
  );
}
