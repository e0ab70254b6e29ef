import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { GradinsConfig } from './platform/config/config.js';
import { publicKeysRoutes } from './platform/crypto/public-keys-routes.js';
import type { KeyStore } from './platform/crypto/keystore.js';
import type { Database } from './platform/db/database.js';
import { installAccessGuard, type DeclaredRoute } from './platform/http/access.js';
import { installErrorHandling } from './platform/http/error-handling.js';
import { loggerOptions, type LogDestination } from './platform/http/logging.js';
import { platformProblems, sendProblem } from './platform/http/problem.js';
import { echoRequestId, requestIdGenerator } from './platform/http/request-id.js';
import { installSecurityHeaders } from './platform/http/security-headers.js';
import { systemRoutes } from './platform/http/system-routes.js';
import { webRoutes } from './platform/http/web-routes.js';
import { GRADINS_VERSION } from './platform/version.js';
import { systemClock, type Clock } from './platform/clock.js';
import { fieldCipher } from './platform/crypto/field-encryption.js';
import { devMailRoutes } from './platform/mail/dev-mail-routes.js';
import type { AccountsDeps } from './modules/accounts/deps.js';
import { accountsRoutes } from './modules/accounts/routes.js';
import { passkeyRoutes } from './modules/accounts/passkey-routes.js';
import { auditRoutes } from './modules/audit/routes.js';
import { installReadAudit } from './platform/audit/read-log.js';
import { createActorResolver } from './modules/accounts/sessions.js';
import type { ProgrammesDeps } from './modules/programmes/deps.js';
import { programmesRoutes } from './modules/programmes/routes.js';
import { applicantsRoutes } from './modules/applicants/routes.js';
import { drawsRoutes } from './modules/draws/routes.js';
import { gateRoutes } from './modules/tickets/gate-routes.js';
import { ticketDeliveryRoutes } from './modules/tickets/delivery-routes.js';
import { ticketReportRoutes } from './modules/tickets/report-routes.js';
import { ticketsRoutes } from './modules/tickets/routes.js';
import { heldSeats, returnUndeliveredTickets } from './modules/tickets/reclaim.js';
import { endTicketsOfErased } from './modules/tickets/erasure.js';
import { banCaseRoutes } from './modules/bans/case-routes.js';
import { bansRoutes } from './modules/bans/routes.js';
import { banRightsRoutes } from './modules/bans/rights-routes.js';
import { rescreenAfterOrganiserChange } from './modules/bans/screening-lapse.js';
import { configuredTransport } from './platform/mail/transports.js';

// Validation messages reach French-speaking users first.
z.config(z.locales.fr());

export interface AppDependencies {
  config: GradinsConfig;
  database: Database;
  keys: KeyStore;
  clock?: Clock;
  /** Where logs go (tests capture them); standard output otherwise. */
  logDestination?: LogDestination;
}

export interface GradinsApp {
  app: FastifyInstance;
  accounts: AccountsDeps;
  programmes: ProgrammesDeps;
  /** Every route with its access declaration, filled while the app is built. */
  routes: DeclaredRoute[];
}

/**
 * Builds the HTTP application: external plugins, then platform plugins, then each module's routes. It does
 * not listen; `startServer` does.
 */
export async function buildApp(deps: AppDependencies): Promise<GradinsApp> {
  const { config } = deps;
  const clock = deps.clock ?? systemClock;
  const accounts: AccountsDeps = {
    database: deps.database,
    keys: deps.keys,
    clock,
    cipher: fieldCipher(deps.keys),
    publicUrl: config.publicUrl,
  };
  const programmes: ProgrammesDeps = {
    database: deps.database,
    clock,
    // Read at each use: the server fills in the address it listens on when none is configured.
    publicUrl: () => accounts.publicUrl,
    seats: { held: heldSeats, returnUndelivered: returnUndeliveredTickets },
    organiserChanged: (tx, { now, who, ...change }) =>
      rescreenAfterOrganiserChange(
        tx,
        { keys: deps.keys, publicUrl: () => accounts.publicUrl },
        change,
        now,
        {
          actor: who.actor.userId,
          organisationId: who.actor.organisationId,
          requestId: who.requestId,
          sourceIp: who.sourceIp,
        },
      ),
  };
  const app = Fastify({
    logger: loggerOptions(config.logLevel, deps.logDestination),
    genReqId: requestIdGenerator(config.trustProxy !== false),
    requestIdHeader: false,
    bodyLimit: 1_048_576,
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (config.trustProxy as number)
        : config.trustProxy,
    return503OnClosing: true,
    // Errors Fastify meets before routing (a malformed "%" in the address) are problems like the others.
    frameworkErrors: (error, request, reply) =>
      sendProblem(
        request,
        reply,
        error.code === 'FST_ERR_BAD_URL' ? platformProblems.badUrl() : platformProblems.badRequest(),
      ),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const routes: DeclaredRoute[] = [];
  await app.register(cookie);
  // Rate limiting first: its onRequest hooks count every request, refused ones included.
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) =>
      platformProblems.tooManyRequests(Math.ceil(context.ttl / 1000)),
  });
  installAccessGuard(app, routes, { resolveActor: createActorResolver(accounts), clock });
  installErrorHandling(app, deps.keys);
  echoRequestId(app);
  await installSecurityHeaders(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gradins API',
        version: GRADINS_VERSION,
        description:
          'API de Gradins : distribution de billets gratuits et nominatifs, tirages vérifiables, contrôle des interdictions de stade. Les erreurs suivent la RFC 9457 (application/problem+json).',
      },
      tags: [
        { name: 'system', description: 'État du service et clés publiques' },
        { name: 'accounts', description: 'Comptes, sessions, habilitations' },
        { name: 'audit', description: 'Journal d’audit infalsifiable' },
        { name: 'programmes', description: 'Programmes, événements, stock de billets et échéances' },
        { name: 'applicants', description: 'Candidatures, consentements et groupes' },
        { name: 'draws', description: 'Tirages au sort vérifiables' },
        { name: 'bans', description: 'Registre des interdictions de stade (AU-42 de la CNIL)' },
      ],
    },
    transform: jsonSchemaTransform,
  });

  // Before any route: every route registered after it records its declared reads (SEC-6).
  installReadAudit(app, { database: deps.database, clock });
  await app.register(systemRoutes, { database: deps.database });
  await app.register(publicKeysRoutes, { keys: deps.keys });
  await app.register(accountsRoutes, { deps: accounts });
  await app.register(passkeyRoutes, { deps: accounts });
  await app.register(auditRoutes, { deps: { database: deps.database, keys: deps.keys, clock } });
  await app.register(programmesRoutes, { deps: programmes });
  await app.register(applicantsRoutes, {
    deps: {
      database: deps.database,
      clock,
      keys: deps.keys,
      publicUrl: () => accounts.publicUrl,
      endTicketsOfErased: (tx, ids, context) =>
        endTicketsOfErased(tx, ids, { ...context, keys: deps.keys, publicUrl: accounts.publicUrl }),
    },
  });
  await app.register(drawsRoutes, {
    deps: { database: deps.database, clock, keys: deps.keys, publicUrl: () => accounts.publicUrl },
  });
  const ticketsDeps = {
    database: deps.database,
    clock,
    keys: deps.keys,
    publicUrl: () => accounts.publicUrl,
  };
  await app.register(ticketsRoutes, { deps: ticketsDeps });
  await app.register(ticketReportRoutes, { deps: ticketsDeps });
  await app.register(gateRoutes, { deps: ticketsDeps });
  await app.register(ticketDeliveryRoutes, { deps: ticketsDeps });
  const bansDeps = {
    database: deps.database,
    clock,
    keys: deps.keys,
    cipher: accounts.cipher,
    publicUrl: () => accounts.publicUrl,
  };
  await app.register(bansRoutes, { deps: bansDeps });
  await app.register(banCaseRoutes, { deps: bansDeps });
  await app.register(banRightsRoutes, {
    deps: {
      ...bansDeps,
      // The information letter's e-mail leaves at once, never through the outbox (its address is not stored).
      mailTransport: () => configuredTransport(config, process.env, () => clock.now()),
    },
  });
  await app.register(devMailRoutes, { config });
  await app.register(webRoutes, { webDistDir: config.webDistDir });

  await app.ready();
  return { app, routes, accounts, programmes };
}
