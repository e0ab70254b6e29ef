import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  PasskeyAssertionRequest,
  PasskeyCreationOptions,
  PasskeyRegistered,
  PasskeyRequestOptions,
  PasskeySummary,
  RegisterPasskeyRequest,
  SessionState,
} from '../../../contracts/accounts.js';
import { Problem } from '../../../contracts/system.js';
import { auditRead } from '../../platform/audit/read-log.js';
import type { Actor } from '../../platform/http/actor.js';
import type { AccountsDeps, RequestContext } from './deps.js';
import {
  beginPasskeyAuthentication,
  beginPasskeyRegistration,
  completePasskeySecondFactor,
  listMyPasskeys,
  registerPasskey,
  removePasskey,
} from './passkeys.js';
import { resolveSession, setSessionCookie } from './sessions.js';
import { sessionStateView } from './views.js';

const pending = { access: { kind: 'pending' } } as const;
const signedIn = { access: { kind: 'signed-in' } } as const;
const signedInReauthenticated = { access: { kind: 'signed-in', reauthenticate: true } } as const;
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };

const contextOf = (request: FastifyRequest): RequestContext => ({
  requestId: request.id,
  sourceIp: request.ip,
});
const who = (request: FastifyRequest) => ({ actor: request.actor as Actor, ...contextOf(request) });

// The contracts check the browser's WebAuthn JSON for shape and size only; the library verifies the rest.
const asRegistration = (response: z.infer<typeof RegisterPasskeyRequest>['response']) =>
  response as unknown as RegistrationResponseJSON;
const asAssertion = (response: z.infer<typeof PasskeyAssertionRequest>['response']) =>
  response as unknown as AuthenticationResponseJSON;

/** Passkeys (WebAuthn) as a second factor (issue [B], SEC-2): registration, list, removal, login step. */
export async function passkeyRoutes(app: FastifyInstance, { deps }: { deps: AccountsDeps }): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];

  routes.post(
    '/api/v1/me/passkeys/registration-options',
    {
      // Pending too: a passkey can be the second factor a role requires, set up during the first login.
      config: pending,
      schema: {
        tags,
        summary: 'Préparer l’ajout d’une clé d’accès (passkey)',
        response: { 200: PasskeyCreationOptions, ...errors },
      },
    },
    // Spread: the library's interface becomes a plain object type the loose schema accepts.
    async (request) => ({ ...(await beginPasskeyRegistration(deps, who(request))) }),
  );

  routes.post(
    '/api/v1/me/passkeys',
    {
      config: pending,
      schema: {
        tags,
        summary: 'Enregistrer une clé d’accès (passkey)',
        body: RegisterPasskeyRequest,
        response: { 201: PasskeyRegistered, ...errors },
      },
    },
    async (request, reply) => {
      const { token, ...registered } = await registerPasskey(
        deps,
        { label: request.body.label, response: asRegistration(request.body.response) },
        who(request),
      );
      if (token) setSessionCookie(request, reply, token);
      return reply.code(201).send(registered);
    },
  );

  routes.get(
    '/api/v1/me/passkeys',
    {
      config: { ...signedIn, ...auditRead('accounts.passkey.listed', 'webauthn_credentials') },
      schema: { tags, summary: 'Mes clés d’accès', response: { 200: z.array(PasskeySummary), ...errors } },
    },
    async (request) => {
      const mine = await listMyPasskeys(deps, request.actor as Actor);
      request.auditTargetIds = mine.map((passkey) => passkey.id);
      return mine;
    },
  );

  routes.delete(
    '/api/v1/me/passkeys/:passkeyId',
    {
      config: signedInReauthenticated,
      schema: {
        tags,
        summary: 'Retirer une clé d’accès',
        params: z.object({ passkeyId: z.uuid() }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await removePasskey(deps, request.params.passkeyId, who(request));
      return reply.code(204).send(null);
    },
  );

  routes.post(
    '/api/v1/session/passkey-options',
    {
      config: pending,
      schema: {
        tags,
        summary: 'Préparer la vérification par clé d’accès',
        response: { 200: PasskeyRequestOptions, ...errors },
      },
    },
    async (request) => ({ ...(await beginPasskeyAuthentication(deps, request.actor as Actor)) }),
  );

  routes.post(
    '/api/v1/session/passkey',
    {
      config: pending,
      schema: {
        tags,
        summary: 'Second facteur par clé d’accès',
        body: PasskeyAssertionRequest,
        response: { 200: SessionState, ...errors, 423: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const actor = request.actor as Actor;
      const { token } = await completePasskeySecondFactor(
        deps,
        { userId: actor.userId, sessionId: actor.sessionId, response: asAssertion(request.body.response) },
        contextOf(request),
      );
      setSessionCookie(request, reply, token);
      return sessionStateView(deps, await resolveSession(deps, token));
    },
  );
}
