import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AcceptInvitationRequest,
  ChangePasswordRequest,
  CreateOrganisationRequest,
  FirstAdminRequest,
  Grant,
  GrantInput,
  InviteUserRequest,
  LinkState,
  LoginRequest,
  Organisation,
  ReauthenticateRequest,
  RecoveryCodes,
  ReviewDecisionRequest,
  ReviewItem,
  SecondFactorRequest,
  SessionState,
  SessionSummary,
  TotpEnrolment,
  UserSummary,
} from '../../../contracts/accounts.js';
import { Problem } from '../../../contracts/system.js';
import { platformRoles, publicAccess } from '../../platform/http/access.js';
import { auditRead, noPersonalData } from '../../platform/audit/read-log.js';
import type { Actor } from '../../platform/http/actor.js';
import {
  acceptInvitation,
  addGrant,
  createOrganisation,
  inviteUser,
  listOrganisations,
  listUsers,
  resendInvitation,
  revokeGrant,
  setUserStatus,
} from './administration.js';
import type { AccountsDeps, RequestContext } from './deps.js';
import { decideReview, grantsToReview } from './habilitation-review.js';
import { describeLink } from './links.js';
import { completeSecondFactor, logIn, logOut, reauthenticate } from './login.js';
import {
  beginTotpEnrolment,
  changePassword,
  confirmTotpEnrolment,
  listMySessions,
  logOutEverywhere,
  regenerateRecoveryCodes,
} from './my-account.js';
import { createFirstAdministrator } from './setup.js';
import { clearSessionCookie, resolveSession, setSessionCookie } from './sessions.js';
import { sessionStateView } from './views.js';

const pending = { access: { kind: 'pending' } } as const;
const signedIn = { access: { kind: 'signed-in' } } as const;
const sysadmin = platformRoles(['sysadmin']);
const sysadminReauthenticated = platformRoles(['sysadmin'], { reauthenticate: true });
const reviewers = platformRoles(['controller', 'sysadmin']);
// A review decision changes a grant (a revocation ends it at once): re-authentication first, as for grants.
const reviewersReauthenticated = platformRoles(['controller', 'sysadmin'], { reauthenticate: true });
const UserIdParams = z.object({ userId: z.uuid() });
const GrantIdParams = z.object({ grantId: z.uuid() });
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };

const contextOf = (request: FastifyRequest): RequestContext => ({
  requestId: request.id,
  sourceIp: request.ip,
});
const who = (request: FastifyRequest) => ({ actor: request.actor as Actor, ...contextOf(request) });

/** Accounts and access (issue [B], SEC-2, SEC-3): thin HTTP over one use case per route. */
export async function accountsRoutes(app: FastifyInstance, { deps }: { deps: AccountsDeps }): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];

  const stateFor = async (token: string) => sessionStateView(deps, await resolveSession(deps, token));

  routes.get(
    '/api/v1/session',
    {
      config: {
        ...publicAccess('tells a browser whether it is signed in; reveals only the caller’s own session'),
        ...noPersonalData('only the caller’s own account'),
      },
      schema: { tags, summary: 'État de ma session', response: { 200: SessionState } },
    },
    async (request) => sessionStateView(deps, await request.resolveActor()),
  );

  routes.post(
    '/api/v1/session',
    {
      config: publicAccess('signing in cannot require being signed in; throttled per account and address'),
      schema: {
        tags,
        summary: 'Connexion par mot de passe',
        body: LoginRequest,
        response: { 200: SessionState, ...errors, 423: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const previous = await request.resolveActor();
      const { token } = await logIn(
        deps,
        { ...request.body, previousSessionId: previous?.sessionId },
        contextOf(request),
      );
      setSessionCookie(request, reply, token);
      return stateFor(token);
    },
  );

  routes.post(
    '/api/v1/session/second-factor',
    {
      config: pending,
      schema: {
        tags,
        summary: 'Second facteur (code TOTP ou code de secours)',
        body: SecondFactorRequest,
        response: { 200: SessionState, ...errors, 423: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const actor = request.actor as Actor;
      const { token } = await completeSecondFactor(
        deps,
        { userId: actor.userId, sessionId: actor.sessionId, code: request.body.code },
        contextOf(request),
      );
      setSessionCookie(request, reply, token);
      return stateFor(token);
    },
  );

  routes.post(
    '/api/v1/session/reauthenticate',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Confirmer son identité avant une action sensible',
        body: ReauthenticateRequest,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const actor = request.actor as Actor;
      const { passkey, ...rest } = request.body;
      await reauthenticate(
        deps,
        {
          userId: actor.userId,
          sessionId: actor.sessionId,
          ...rest,
          // Checked for shape and size by the contract; @simplewebauthn/server verifies the rest.
          passkey: passkey as AuthenticationResponseJSON | undefined,
        },
        contextOf(request),
      );
      return reply.code(204).send(null);
    },
  );

  routes.delete(
    '/api/v1/session',
    { config: pending, schema: { tags, summary: 'Déconnexion', response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await logOut(deps, request.actor as Actor, contextOf(request));
      clearSessionCookie(request, reply);
      return reply.code(204).send(null);
    },
  );

  routes.get(
    '/api/v1/links/:token',
    {
      config: {
        ...publicAccess('whoever holds a single-use link may learn whether it is still valid'),
        ...auditRead('accounts.link.viewed', 'users'),
      },
      schema: {
        tags,
        summary: 'État d’un lien à usage unique',
        params: z.object({ token: z.string().min(20).max(100) }),
        response: { 200: LinkState },
      },
    },
    async (request) => {
      const { userId, state } = await describeLink(deps.database.db, request.params.token, deps.clock.now());
      if (userId) request.auditTargetIds = [userId];
      return state;
    },
  );

  routes.post(
    '/api/v1/setup/first-admin',
    {
      config: publicAccess(
        'the first administrator exists only through the set-up link printed by the server',
      ),
      schema: {
        tags,
        summary: 'Création du premier administrateur',
        body: FirstAdminRequest,
        response: { 201: z.object({ userId: z.uuid() }), ...errors, 410: Problem },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createFirstAdministrator(deps, request.body, contextOf(request))),
  );

  routes.post(
    '/api/v1/invitations/accept',
    {
      config: publicAccess(
        'an invited person has no password yet; the single-use token proves the invitation',
      ),
      schema: {
        tags,
        summary: 'Activer son compte depuis une invitation',
        body: AcceptInvitationRequest,
        response: { 204: z.null(), ...errors, 410: Problem },
      },
    },
    async (request, reply) => {
      await acceptInvitation(deps, request.body, contextOf(request));
      return reply.code(204).send(null);
    },
  );

  routes.post(
    '/api/v1/me/mfa/totp',
    {
      config: pending,
      schema: {
        tags,
        summary: 'Nouveau secret TOTP (à confirmer)',
        response: { 200: TotpEnrolment, ...errors },
      },
    },
    async (request) => beginTotpEnrolment(deps, who(request)),
  );

  routes.post(
    '/api/v1/me/mfa/totp/confirm',
    {
      config: pending,
      schema: {
        tags,
        summary: 'Confirmer la double authentification',
        body: SecondFactorRequest,
        response: { 200: RecoveryCodes, ...errors },
      },
    },
    async (request, reply) => {
      const { recoveryCodes, token } = await confirmTotpEnrolment(deps, request.body.code, who(request));
      setSessionCookie(request, reply, token);
      return { recoveryCodes };
    },
  );

  routes.post(
    '/api/v1/me/mfa/recovery-codes',
    {
      config: { access: { kind: 'signed-in', reauthenticate: true } },
      schema: { tags, summary: 'Nouveaux codes de secours', response: { 200: RecoveryCodes, ...errors } },
    },
    async (request) => regenerateRecoveryCodes(deps, who(request)),
  );

  routes.post(
    '/api/v1/me/password',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Changer de mot de passe',
        body: ChangePasswordRequest,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await changePassword(deps, request.body, who(request));
      return reply.code(204).send(null);
    },
  );

  routes.get(
    '/api/v1/me/sessions',
    {
      config: { ...signedIn, ...auditRead('accounts.session.listed', 'sessions') },
      schema: {
        tags,
        summary: 'Mes sessions ouvertes',
        response: { 200: z.array(SessionSummary), ...errors },
      },
    },
    async (request) => {
      const mine = await listMySessions(deps, request.actor as Actor);
      request.auditTargetIds = mine.map((session) => session.id);
      return mine;
    },
  );

  routes.delete(
    '/api/v1/me/sessions',
    {
      config: signedIn,
      schema: { tags, summary: 'Se déconnecter partout', response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      await logOutEverywhere(deps, who(request));
      clearSessionCookie(request, reply);
      return reply.code(204).send(null);
    },
  );

  routes.get(
    '/api/v1/organisations',
    {
      config: { ...sysadmin, ...noPersonalData('organisations are public bodies, not persons') },
      schema: { tags, summary: 'Organisations', response: { 200: z.array(Organisation), ...errors } },
    },
    async () => listOrganisations(deps),
  );

  routes.post(
    '/api/v1/organisations',
    {
      config: sysadmin,
      schema: {
        tags,
        summary: 'Créer une organisation',
        body: CreateOrganisationRequest,
        response: { 201: Organisation, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createOrganisation(deps, request.body, who(request))),
  );

  routes.get(
    '/api/v1/users',
    {
      config: { ...sysadmin, ...auditRead('accounts.user.listed', 'users') },
      schema: {
        tags,
        summary: 'Comptes et habilitations',
        response: { 200: z.array(UserSummary), ...errors },
      },
    },
    async (request) => {
      const summaries = await listUsers(deps);
      request.auditTargetIds = summaries.map((user) => user.id);
      return summaries;
    },
  );

  routes.post(
    '/api/v1/invitations',
    {
      config: sysadminReauthenticated,
      schema: {
        tags,
        summary: 'Inviter une personne',
        body: InviteUserRequest,
        response: { 201: UserSummary, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await inviteUser(deps, request.body, who(request))),
  );

  routes.post(
    '/api/v1/users/:userId/invitation',
    {
      config: sysadminReauthenticated,
      schema: {
        tags,
        summary: 'Renvoyer une invitation (nouveau lien)',
        params: UserIdParams,
        response: { 200: UserSummary, ...errors },
      },
    },
    async (request) => resendInvitation(deps, request.params.userId, who(request)),
  );

  routes.post(
    '/api/v1/users/:userId/grants',
    {
      config: sysadminReauthenticated,
      schema: {
        tags,
        summary: 'Ajouter une habilitation',
        params: UserIdParams,
        body: GrantInput,
        response: { 201: Grant, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addGrant(deps, request.params.userId, request.body, who(request))),
  );

  routes.post(
    '/api/v1/grants/:grantId/revoke',
    {
      config: sysadminReauthenticated,
      schema: {
        tags,
        summary: 'Retirer une habilitation',
        params: GrantIdParams,
        response: { 200: Grant, ...errors },
      },
    },
    async (request) => revokeGrant(deps, request.params.grantId, who(request)),
  );

  for (const change of ['disable', 'enable', 'unlock'] as const) {
    routes.post(
      `/api/v1/users/:userId/${change}`,
      {
        config: change === 'unlock' ? sysadmin : sysadminReauthenticated,
        schema: {
          tags,
          summary: {
            disable: 'Désactiver un compte',
            enable: 'Réactiver un compte',
            unlock: 'Déverrouiller un compte',
          }[change],
          params: UserIdParams,
          response: { 200: UserSummary, ...errors },
        },
      },
      async (request) => setUserStatus(deps, request.params.userId, change, who(request)),
    );
  }

  routes.get(
    '/api/v1/habilitation-reviews',
    {
      config: { ...reviewers, ...auditRead('accounts.review.listed', 'users') },
      schema: { tags, summary: 'Habilitations à revoir', response: { 200: z.array(ReviewItem), ...errors } },
    },
    async (request) => {
      const items = await grantsToReview(deps);
      request.auditTargetIds = [...new Set(items.map((item) => item.user.id))];
      return items;
    },
  );

  routes.post(
    '/api/v1/habilitation-reviews/:grantId',
    {
      config: reviewersReauthenticated,
      schema: {
        tags,
        summary: 'Décision de revue',
        params: GrantIdParams,
        body: ReviewDecisionRequest,
        response: { 201: z.object({ id: z.uuid() }), ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await decideReview(deps, { grantId: request.params.grantId, ...request.body }, who(request))),
  );
}
