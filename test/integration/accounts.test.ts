import { hash as argon2Hash, type Algorithm } from '@node-rs/argon2';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionState } from '../../contracts/accounts.js';
import {
  auditEvents,
  habilitationReviews,
  organisations,
  roleGrants,
  sessions,
  users,
  webauthnCredentials,
} from '../../src/platform/db/schema/index.js';
import { FIRST_ADMIN_LINK_MS } from '../../src/modules/accounts/domain/access-policy.js';
import { createLink } from '../../src/modules/accounts/links.js';
import { needsRehash, verifyPassword } from '../../src/modules/accounts/password-hashing.js';
import { buildUser, signIn, STRONG_PASSWORD, totpCode } from '../factories/accounts.js';
import { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';

type Problem = { type: string; detail: string; errors?: { path: string; message: string }[] };
const problemType = (code: string) => `urn:gradins:problem:${code}`;
const DAY = 86_400_000;
/** The gradins_session line of an answer's Set-Cookie headers: its value and its attributes. */
function sessionCookieOf(headers: Headers): { value: string; attributes: string[] } {
  const line = headers.getSetCookie().find((candidate) => candidate.startsWith('gradins_session='));
  if (!line) throw new Error('no gradins_session cookie in the answer');
  const [pair, ...attributes] = line.split(/;\s*/);
  return { value: pair!.slice('gradins_session='.length), attributes };
}
const invitationTokenIn = (text: string) => /\/invitation\/([\w-]+)/.exec(text)![1]!;

/** Mails leave through the outbox: the server's sender delivers them to the development mailbox. */
async function waitForMail(client: ApiClient, recipient: string, unlike?: string) {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const mails = (await client.get<{ to: string; subject: string; text: string }[]>('/api/v1/dev/mail'))
      .body;
    const mail = mails.find(
      (candidate) =>
        candidate.to.includes(recipient) && (unlike === undefined || !candidate.text.includes(unlike)),
    );
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail arrived for ${recipient}`);
}

describe.each(databaseKinds)('accounts and access on %s', (kind) => {
  let server: TestServer;
  const logLines: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      database: kind,
      logDestination: { write: (line) => void logLines.push(line) },
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe('first administrator', () => {
    const admin = {
      email: 'premiere.admin@exemple.fr',
      displayName: 'Première Admin',
      organisationName: 'DIJOP',
    };
    const tokenOf = (link: string) => link.split('/installation/')[1]!;

    it('is created through the one-time set-up link, with a strong password only, and must enrol a second factor', async () => {
      expect(server.firstAdminLink).toMatch(/\/installation\/[\w-]{40,}$/);
      const token = tokenOf(server.firstAdminLink!);
      const client = new ApiClient(server.url);
      expect((await client.get(`/api/v1/links/${token}`)).body).toMatchObject({
        purpose: 'first_admin',
        status: 'valid',
      });

      const weak = await client.post<Problem>('/api/v1/setup/first-admin', {
        token,
        ...admin,
        password: 'Azerty123456!',
      });
      expect(weak.status).toBe(400);
      expect(weak.body.type).toBe(problemType('weak-password'));
      expect(weak.body.detail).toContain('courants');
      expect(await server.database.db.select().from(users)).toHaveLength(0);

      const created = await client.post('/api/v1/setup/first-admin', {
        token,
        ...admin,
        password: STRONG_PASSWORD,
      });
      expect(created.status).toBe(201);
      const reused = await client.post<Problem>('/api/v1/setup/first-admin', {
        token,
        ...admin,
        password: STRONG_PASSWORD,
      });
      expect(reused.status).toBe(410);
      expect(reused.body.type).toBe(problemType('link-invalid'));

      const login = await client.post<SessionState>('/api/v1/session', {
        email: admin.email,
        password: STRONG_PASSWORD,
      });
      expect(login.body.nextStep).toBe('mfa_enrol');
      expect(login.body.grants).toEqual([]);
      const blocked = await client.get<Problem>('/api/v1/users');
      expect(blocked.status).toBe(403);
      expect(blocked.body.type).toBe(problemType('mfa-enrolment-required'));

      const enrolment = await client.post<{ secret: string; otpauthUri: string }>('/api/v1/me/mfa/totp');
      expect(enrolment.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Gradins:/);
      const wrong = await client.post<Problem>('/api/v1/me/mfa/totp/confirm', { code: '000000' });
      expect(wrong.body.type).toBe(problemType('second-factor-invalid'));
      const before = client.sessionToken;
      const confirmed = await client.post<{ recoveryCodes: string[] }>('/api/v1/me/mfa/totp/confirm', {
        code: await totpCode(server, enrolment.body.secret),
      });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body.recoveryCodes).toHaveLength(10);
      expect(client.sessionToken).not.toBe(before);
      expect((await client.get('/api/v1/users')).status).toBe(200);
    });
  });

  describe('single-use links', () => {
    const setupRequest = { email: 'tard@exemple.fr', displayName: 'Trop Tard', organisationName: 'DIJOP' };

    it('says a set-up link has expired after 24 hours, and refuses it, saying how to get a new one', async () => {
      const token = await createLink(server.database.db, {
        purpose: 'first_admin',
        userId: null,
        createdBy: null,
        now: server.clock.now(),
        lifetimeMs: FIRST_ADMIN_LINK_MS,
      });
      const client = new ApiClient(server.url);
      server.clock.advance(FIRST_ADMIN_LINK_MS - 60_000);
      expect((await client.get(`/api/v1/links/${token}`)).body).toEqual({
        purpose: 'first_admin',
        status: 'valid',
      });
      server.clock.advance(60_000);
      expect((await client.get(`/api/v1/links/${token}`)).body).toEqual({
        purpose: 'first_admin',
        status: 'expired',
      });
      const refused = await client.post<Problem>('/api/v1/setup/first-admin', {
        token,
        ...setupRequest,
        password: STRONG_PASSWORD,
      });
      expect(refused.status).toBe(410);
      expect(refused.body.type).toBe(problemType('link-invalid'));
      expect(refused.body.detail).toContain('a expiré');
      expect(refused.body.detail).toContain('npx gradins admin create');
    });

    it('lets an invitation expire after 7 days; the administrator sends a new link and the old one stops', async () => {
      const admin = await buildUser(server, { roles: [{ role: 'sysadmin' }], totp: true });
      const adminClient = await signIn(server, admin);
      const email = `controle.${Date.now()}@exemple.fr`;
      const invited = await adminClient.post<{ id: string }>('/api/v1/invitations', {
        email,
        displayName: 'Claire Contrôle',
        organisationId: admin.organisationId,
        grants: [
          {
            role: 'controller',
            scopeKind: 'platform',
            startsAt: server.clock.now().toISOString(),
            endsAt: new Date(server.clock.now().getTime() + 365 * DAY).toISOString(),
          },
        ],
      });
      expect(invited.status).toBe(201);
      const first = invitationTokenIn((await waitForMail(adminClient, email)).text);
      const person = new ApiClient(server.url);
      expect((await person.get(`/api/v1/links/${first}`)).body).toEqual({
        purpose: 'invitation',
        status: 'valid',
        email,
        displayName: 'Claire Contrôle',
        mfaRequired: true,
      });

      server.clock.advance(7 * DAY);
      // Expired: the link no longer says whose account it was.
      expect((await person.get(`/api/v1/links/${first}`)).body).toEqual({
        purpose: 'invitation',
        status: 'expired',
      });
      const late = await person.post<Problem>('/api/v1/invitations/accept', {
        token: first,
        password: 'Tr1bune!Est8',
      });
      expect(late.status).toBe(410);
      expect(late.body.detail).toContain('a expiré');
      expect(late.body.detail).toContain('Demandez-en un nouveau à votre administrateur');

      const again = await signIn(server, admin); // the first session ended long ago
      const resent = await again.post<{ status: string }>(`/api/v1/users/${invited.body.id}/invitation`);
      expect(resent.status).toBe(200);
      expect(resent.body.status).toBe('invited');
      const second = invitationTokenIn((await waitForMail(again, email, first)).text);
      expect(second).not.toBe(first);
      expect((await person.get<{ status: string }>(`/api/v1/links/${first}`)).body.status).not.toBe('valid');
      expect((await person.get<{ status: string }>(`/api/v1/links/${second}`)).body.status).toBe('valid');
      expect(
        (await person.post('/api/v1/invitations/accept', { token: second, password: 'Tr1bune!Est8' })).status,
      ).toBe(204);

      const activated = await again.post<Problem>(`/api/v1/users/${invited.body.id}/invitation`);
      expect(activated.status).toBe(409);
      expect(activated.body.type).toBe(problemType('not-invited'));
      const [resentEvent] = await server.database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'accounts.invitation.resent'), eq(auditEvents.actor, admin.id)));
      expect(resentEvent?.targetIds).toEqual([invited.body.id]);
    });
  });

  describe('second factor', () => {
    it('does not let a password alone replace the passkey of an account by a TOTP app of its own', async () => {
      // A sysadmin whose only second factor is a passkey; the attacker knows the password, not the key.
      const victim = await buildUser(server, { roles: [{ role: 'sysadmin' }] });
      await server.database.db.insert(webauthnCredentials).values({
        userId: victim.id,
        credentialId: `cle-${victim.id}`,
        publicKey: 'pQECAyYgASFYIA',
        label: 'Clé du bureau',
      });
      const attacker = new ApiClient(server.url);
      const login = await attacker.post<SessionState>('/api/v1/session', {
        email: victim.email,
        password: victim.password,
      });
      expect(login.body.nextStep).toBe('mfa_challenge');

      const enrolment = await attacker.post<Problem & { secret?: string }>('/api/v1/me/mfa/totp');
      expect(enrolment.status).toBe(403);
      expect(enrolment.body.type).toBe(problemType('second-factor-enrolment-refused'));
      expect(enrolment.body.detail).toContain('terminez d’abord la connexion');
      expect(enrolment.body.secret).toBeUndefined();
      const confirm = await attacker.post<Problem>('/api/v1/me/mfa/totp/confirm', { code: '123456' });
      expect(confirm.status).toBe(403);
      expect(confirm.body.type).toBe(problemType('second-factor-enrolment-refused'));
      const [stored] = await server.database.db.select().from(users).where(eq(users.id, victim.id));
      expect(stored).toMatchObject({ totpSecretEncrypted: null, totpEnabledAt: null });
      expect((await attacker.get<Problem>('/api/v1/users')).body.type).toBe(
        problemType('second-factor-required'),
      );
    });

    it.each([
      ['programme_admin', false],
      ['ban_officer', false],
      ['controller', false],
      ['sysadmin', false],
      ['operator', true],
    ] as const)(
      'makes a %s (runsDraws %s) enrol a second factor before anything else',
      async (role, runsDraws) => {
        const user = await buildUser(server, { roles: [{ role, runsDraws }] });
        const client = new ApiClient(server.url);
        const login = await client.post<SessionState>('/api/v1/session', {
          email: user.email,
          password: user.password,
        });
        expect(login.status).toBe(200);
        expect(login.body.nextStep).toBe('mfa_enrol');
        expect(login.body.user?.mfaRequired).toBe(true);
        expect(login.body.grants).toEqual([]);
        const blocked = await client.get<Problem>('/api/v1/me/sessions');
        expect(blocked.status).toBe(403);
        expect(blocked.body.type).toBe(problemType('mfa-enrolment-required'));
      },
    );

    it('lets an operator who does not run draws in with the password alone', async () => {
      const user = await buildUser(server, { roles: [{ role: 'operator', runsDraws: false }] });
      const client = new ApiClient(server.url);
      const login = await client.post<SessionState>('/api/v1/session', {
        email: user.email,
        password: user.password,
      });
      expect(login.body.nextStep).toBe('none');
      expect(login.body.user?.mfaRequired).toBe(false);
      expect((await client.get('/api/v1/me/sessions')).status).toBe(200);
    });

    it('accepts a recovery code once instead of the TOTP code, refuses it the second time, and records its use', async () => {
      const user = await buildUser(server, { roles: [{ role: 'controller' }], totp: true });
      const { recoveryCodes } = (
        await (await signIn(server, user)).post<{ recoveryCodes: string[] }>('/api/v1/me/mfa/recovery-codes')
      ).body;
      expect(recoveryCodes).toHaveLength(10);
      const [code] = recoveryCodes;

      const first = new ApiClient(server.url);
      await first.post('/api/v1/session', { email: user.email, password: user.password });
      const pendingToken = first.sessionToken;
      // Typed as people do: upper case, with spaces around.
      const used = await first.post<SessionState>('/api/v1/session/second-factor', {
        code: ` ${code!.toUpperCase()} `,
      });
      expect(used.status).toBe(200);
      expect(used.body.nextStep).toBe('none');
      expect(first.sessionToken).not.toBe(pendingToken);
      expect((await first.get('/api/v1/habilitation-reviews')).status).toBe(200);

      const second = new ApiClient(server.url);
      await second.post('/api/v1/session', { email: user.email, password: user.password });
      const reused = await second.post<Problem>('/api/v1/session/second-factor', { code });
      expect(reused.status).toBe(401);
      expect(reused.body.type).toBe(problemType('second-factor-invalid'));
      expect((await second.get<Problem>('/api/v1/habilitation-reviews')).body.type).toBe(
        problemType('second-factor-required'),
      );
      // Another code of the set still works.
      expect((await second.post('/api/v1/session/second-factor', { code: recoveryCodes[1] })).status).toBe(
        200,
      );

      const events = await server.database.db
        .select({ action: auditEvents.action, result: auditEvents.result, table: auditEvents.targetTable })
        .from(auditEvents)
        .where(eq(auditEvents.actor, user.id));
      const recoveries = events.filter((event) => event.action === 'accounts.mfa.recovery-code-used');
      expect(recoveries).toEqual([
        { action: 'accounts.mfa.recovery-code-used', result: 'success', table: 'sessions' },
        { action: 'accounts.mfa.recovery-code-used', result: 'success', table: 'sessions' },
      ]);
      expect(events).toContainEqual({ action: 'accounts.mfa.failed', result: 'failure', table: 'users' });
    });

    it('refuses a TOTP enrolment to a session whose TOTP code is still due', async () => {
      const user = await buildUser(server, { roles: [{ role: 'controller' }], totp: true });
      const client = new ApiClient(server.url);
      await client.post('/api/v1/session', { email: user.email, password: user.password });
      const refused = await client.post<Problem>('/api/v1/me/mfa/totp');
      expect(refused.status).toBe(403);
      expect(refused.body.type).toBe(problemType('second-factor-enrolment-refused'));
    });
  });

  describe('sessions', () => {
    it('gives a new session token at login and ends the previous one', async () => {
      const user = await buildUser(server, { roles: [{ role: 'operator' }] });
      const client = await signIn(server, user);
      const first = client.sessionToken!;
      const second = await client.post<SessionState>('/api/v1/session', {
        email: user.email,
        password: user.password,
      });
      expect(second.status).toBe(200);
      expect(client.sessionToken).not.toBe(first);
      const stale = new ApiClient(server.url);
      stale.cookie = `gradins_session=${first}`;
      expect((await stale.get<SessionState>('/api/v1/session')).body.authenticated).toBe(false);
    });

    it('sets the session cookie HttpOnly, SameSite=Strict, for the whole site, and not Secure over plain HTTP', async () => {
      const user = await buildUser(server, { roles: [{ role: 'operator' }] });
      const client = new ApiClient(server.url);
      // Not behind a trusted proxy: a forwarded "https" is not believed.
      const login = await client.post(
        '/api/v1/session',
        { email: user.email, password: user.password },
        {
          'x-forwarded-proto': 'https',
        },
      );
      const cookie = sessionCookieOf(login.headers);
      expect(cookie.attributes).toEqual(
        expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/', `Max-Age=${12 * 3600}`]),
      );
      expect(cookie.attributes).not.toContain('Secure');
      expect(cookie.value).toMatch(/^[\w-]{22,}$/);

      const logout = await client.delete('/api/v1/session');
      const cleared = sessionCookieOf(logout.headers);
      expect(cleared.value).toBe('');
      expect(cleared.attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));
    });

    it('upgrades a password hash made with weaker Argon2 parameters at the next successful login', async () => {
      const user = await buildUser(server, { roles: [{ role: 'operator' }] });
      const weak = await argon2Hash(user.password, {
        algorithm: 2 as Algorithm, // argon2id (a const enum isolatedModules cannot read)
        memoryCost: 4096,
        timeCost: 1,
        parallelism: 1,
      });
      expect(weak).toMatch(/^\$argon2id\$v=19\$m=4096,t=1,p=1\$/);
      await server.database.db.update(users).set({ passwordHash: weak }).where(eq(users.id, user.id));
      const storedHash = async () =>
        (await server.database.db.select().from(users).where(eq(users.id, user.id)))[0]!.passwordHash!;

      // A failed login changes nothing: only a password just verified is hashed again.
      await new ApiClient(server.url).post('/api/v1/session', {
        email: user.email,
        password: 'Faux-Mot-2-Passe!',
      });
      expect(await storedHash()).toBe(weak);

      const login = await new ApiClient(server.url).post('/api/v1/session', {
        email: user.email,
        password: user.password,
      });
      expect(login.status).toBe(200);
      const upgraded = await storedHash();
      expect(upgraded).not.toBe(weak);
      expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(needsRehash(upgraded)).toBe(false);
      expect(await verifyPassword(upgraded, user.password)).toBe(true);
      expect(
        (
          await new ApiClient(server.url).post('/api/v1/session', {
            email: user.email,
            password: user.password,
          })
        ).status,
      ).toBe(200);
    });

    it('ends after 30 minutes idle, and after 12 hours whatever the activity', async () => {
      const user = await buildUser(server, { roles: [{ role: 'operator' }] });
      const idle = await signIn(server, user);
      server.clock.advance(31 * 60_000);
      expect((await idle.get('/api/v1/me/sessions')).status).toBe(401);

      const busy = await signIn(server, user);
      const statuses: number[] = [];
      for (let step = 1; step <= 36; step += 1) {
        server.clock.advance(20 * 60_000); // active every 20 minutes, for 12 hours
        statuses.push((await busy.get('/api/v1/me/sessions')).status);
      }
      expect(statuses.slice(0, 35)).toEqual(Array(35).fill(200));
      expect(statuses[35]).toBe(401);
    });

    it('signs out everywhere', async () => {
      const user = await buildUser(server, { roles: [{ role: 'operator' }] });
      const laptop = await signIn(server, user);
      const phone = await signIn(server, user);
      expect((await laptop.get<unknown[]>('/api/v1/me/sessions')).body).toHaveLength(2);
      expect((await phone.delete('/api/v1/me/sessions')).status).toBe(204);
      expect((await laptop.get('/api/v1/me/sessions')).status).toBe(401);
    });

    it('refuses a state-changing request without the CSRF token or from another origin', async () => {
      const user = await buildUser(server, { roles: [{ role: 'operator' }] });
      const client = await signIn(server, user);
      const token = client.csrfToken;
      client.csrfToken = undefined;
      const missing = await client.delete<Problem>('/api/v1/me/sessions');
      expect(missing.status).toBe(403);
      expect(missing.body.type).toBe(problemType('csrf-failed'));
      client.csrfToken = token;
      const foreign = await client.request<Problem>('DELETE', '/api/v1/me/sessions', undefined, {
        origin: 'https://attaquant.example',
      });
      expect(foreign.body.type).toBe(problemType('csrf-failed'));
      expect((await client.get('/api/v1/me/sessions')).status).toBe(200);
    });
  });

  describe('throttling and lockout', () => {
    const failTenTimes = async (client: ApiClient, email: string) => {
      const statuses: number[] = [];
      for (let attempt = 1; attempt <= 10; attempt += 1) {
        const response = await client.post<Problem>('/api/v1/session', {
          email,
          password: 'Mauvais-Mot-De-Passe-1',
        });
        statuses.push(response.status);
        server.clock.advance(61_000); // past the growing delay
      }
      return statuses;
    };

    it('locks an account after 10 consecutive failures: the 11th attempt is refused, even with the right password', async () => {
      const user = await buildUser(server, { roles: [{ role: 'operator' }] });
      const client = new ApiClient(server.url, { 'x-forwarded-for': 'ignored' });
      const statuses = await failTenTimes(client, user.email);
      expect(statuses.slice(0, 9)).toEqual(Array(9).fill(401));
      expect(statuses[9]).toBe(423);
      const eleventh = await client.post<Problem>('/api/v1/session', {
        email: user.email,
        password: user.password,
      });
      expect(eleventh.status).toBe(423);
      expect(eleventh.body.type).toBe(problemType('account-locked'));
      expect(eleventh.body.detail).toContain('10 échecs');
      server.clock.advance(31 * 60_000);
      expect(
        (await client.post('/api/v1/session', { email: user.email, password: user.password })).status,
      ).toBe(200);
    });

    it('makes the failures wait a growing delay between attempts', async () => {
      const user = await buildUser(server, { roles: [{ role: 'operator' }] });
      const client = new ApiClient(server.url);
      for (let attempt = 0; attempt < 4; attempt += 1) {
        await client.post('/api/v1/session', { email: user.email, password: 'Mauvais-Mot-De-Passe-1' });
      }
      const waiting = await client.post<Problem>('/api/v1/session', {
        email: user.email,
        password: user.password,
      });
      expect(waiting.status).toBe(429);
      expect(waiting.body.detail).toMatch(/Patientez \d+ seconde/);
      server.clock.advance(5_000);
      expect(
        (await client.post('/api/v1/session', { email: user.email, password: user.password })).status,
      ).toBe(200);
    });

    it('answers an unknown e-mail exactly like a wrong password: same status, type, title and detail, lockout included', async () => {
      /** Each answer as a client sees it; the unlock time in the lock's detail is the only part that may differ. */
      const answers = async (email: string, password: string) => {
        const client = new ApiClient(server.url);
        const seen: unknown[] = [];
        for (let attempt = 1; attempt <= 11; attempt += 1) {
          const response = await client.post<Problem & { title: string }>('/api/v1/session', {
            email,
            password,
          });
          const { type, title, detail } = response.body;
          seen.push({ status: response.status, type, title, detail: detail.replace(/\d{2}:\d{2}/, 'HH:MM') });
          // After the 4th failure, try again at once: the growing wait answers 429, the same for both.
          if (attempt !== 4) server.clock.advance(61_000);
        }
        return seen;
      };
      const user = await buildUser(server, { roles: [{ role: 'operator' }] });
      const known = await answers(user.email, 'Mauvais-Mot-De-Passe-1');
      const unknown = await answers(`inconnu.${Date.now()}@exemple.fr`, 'Mauvais-Mot-De-Passe-1');
      expect(unknown).toEqual(known);
      expect(known.map((answer) => (answer as { status: number }).status)).toEqual([
        401, 401, 401, 401, 429, 401, 401, 401, 401, 401, 423,
      ]);
      expect(known[0]).toMatchObject({
        type: problemType('invalid-credentials'),
        title: 'Identifiants incorrects',
      });
      expect(known[4]).toMatchObject({ type: problemType('login-throttled') });
      expect(known[10]).toMatchObject({ type: problemType('account-locked') });
    });

    it('lets an administrator unlock an account at once', async () => {
      const admin = await buildUser(server, { roles: [{ role: 'sysadmin' }], totp: true });
      const user = await buildUser(server, { roles: [{ role: 'operator' }] });
      await failTenTimes(new ApiClient(server.url), user.email);
      const adminClient = await signIn(server, admin);
      const unlocked = await adminClient.post<{ locked: boolean }>(`/api/v1/users/${user.id}/unlock`);
      expect(unlocked.body.locked).toBe(false);
      expect(
        (
          await new ApiClient(server.url).post('/api/v1/session', {
            email: user.email,
            password: user.password,
          })
        ).status,
      ).toBe(200);
    });
  });

  describe('grants and habilitations', () => {
    it('a revoked grant or a disabled account loses access at the next request', async () => {
      const admin = await buildUser(server, { roles: [{ role: 'sysadmin' }], totp: true });
      const controller = await buildUser(server, { roles: [{ role: 'controller' }], totp: true });
      const adminClient = await signIn(server, admin);
      const controllerClient = await signIn(server, controller);
      expect((await controllerClient.get('/api/v1/habilitation-reviews')).status).toBe(200);

      const [grant] = await server.database.db
        .select()
        .from(roleGrants)
        .where(eq(roleGrants.userId, controller.id));
      const revoked = await adminClient.post<{ active: boolean }>(`/api/v1/grants/${grant!.id}/revoke`);
      expect(revoked.status).toBe(200);
      expect(revoked.body.active).toBe(false);
      expect((await controllerClient.get('/api/v1/habilitation-reviews')).status).toBe(401);

      const operator = await buildUser(server, { roles: [{ role: 'operator' }] });
      const operatorClient = await signIn(server, operator);
      expect((await adminClient.post(`/api/v1/users/${operator.id}/disable`)).status).toBe(200);
      expect((await operatorClient.get('/api/v1/me/sessions')).status).toBe(401);
      expect(
        (
          await new ApiClient(server.url).post('/api/v1/session', {
            email: operator.email,
            password: operator.password,
          })
        ).status,
      ).toBe(401);
    });

    it('a grant past its end date stops working at the next request', async () => {
      const now = server.clock.now();
      const controller = await buildUser(server, {
        roles: [{ role: 'controller', endsAt: new Date(now.getTime() + 10 * 60_000) }],
        totp: true,
      });
      const client = await signIn(server, controller);
      expect((await client.get('/api/v1/habilitation-reviews')).status).toBe(200);
      server.clock.advance(11 * 60_000);
      const after = await client.get<Problem>('/api/v1/habilitation-reviews');
      expect(after.status).toBe(403);
      expect(after.body.type).toBe(problemType('forbidden'));
    });

    it('asks for re-authentication before a sensitive action', async () => {
      const admin = await buildUser(server, { roles: [{ role: 'sysadmin' }], totp: true });
      const client = await signIn(server, admin);
      const organisation = await client.post<{ id: string }>('/api/v1/organisations', {
        name: `Ministère des Sports ${Date.now()}`,
        kind: 'operator',
      });
      server.clock.advance(6 * 60_000);
      const invitation = {
        email: `invite.${Date.now()}@exemple.fr`,
        displayName: 'Invitée Test',
        organisationId: organisation.body.id,
        grants: [
          {
            role: 'operator',
            scopeKind: 'platform',
            startsAt: server.clock.now().toISOString(),
            endsAt: new Date(server.clock.now().getTime() + 365 * DAY).toISOString(),
          },
        ],
      };
      const refused = await client.post<Problem>('/api/v1/invitations', invitation);
      expect(refused.status).toBe(403);
      expect(refused.body.type).toBe(problemType('reauthentication-required'));
      const wrong = await client.post<Problem>('/api/v1/session/reauthenticate', {
        password: admin.password,
        code: '000000',
      });
      expect(wrong.status).toBe(401);
      const ok = await client.post('/api/v1/session/reauthenticate', {
        password: admin.password,
        code: await totpCode(server, admin.totpSecret!),
      });
      expect(ok.status).toBe(204);
      expect((await client.post('/api/v1/invitations', invitation)).status).toBe(201);
    });

    it('invites by e-mail through the outbox; the person sets a CNIL-strong password and signs in', async () => {
      const admin = await buildUser(server, { roles: [{ role: 'sysadmin' }], totp: true });
      const client = await signIn(server, admin);
      const [organisation] = (await client.get<{ id: string }[]>('/api/v1/organisations')).body;
      const email = `benevole.${Date.now()}@exemple.fr`;
      const invited = await client.post<{ id: string; status: string }>('/api/v1/invitations', {
        email,
        displayName: 'Camille Bénévole',
        organisationId: organisation!.id,
        grants: [
          {
            role: 'group_manager',
            scopeKind: 'platform',
            startsAt: server.clock.now().toISOString(),
            endsAt: new Date(server.clock.now().getTime() + 90 * DAY).toISOString(),
          },
        ],
      });
      expect(invited.status).toBe(201);
      expect(invited.body.status).toBe('invited');
      const mail = await waitForMail(client, email);
      expect(mail?.subject).toBe('Votre accès à Gradins');
      const token = /\/invitation\/([\w-]+)/.exec(mail!.text)![1]!;

      const person = new ApiClient(server.url);
      const elevenFourClasses = await person.post<Problem>('/api/v1/invitations/accept', {
        token,
        password: 'Tr1bune!Est',
      });
      expect(elevenFourClasses.status).toBe(400);
      expect(elevenFourClasses.body.errors?.[0]?.message).toContain('Il manque 1 caractère');
      const common = await person.post<Problem>('/api/v1/invitations/accept', {
        token,
        password: 'Password123!',
      });
      expect(common.body.type).toBe(problemType('weak-password'));
      expect(
        (await person.post('/api/v1/invitations/accept', { token, password: 'Tr1bune!Est8' })).status,
      ).toBe(204);
      expect(
        (await person.post('/api/v1/invitations/accept', { token, password: 'Tr1bune!Est8' })).status,
      ).toBe(410);
      const login = await person.post<SessionState>('/api/v1/session', { email, password: 'Tr1bune!Est8' });
      expect(login.body).toMatchObject({ authenticated: true, nextStep: 'none' });
      expect(login.body.grants?.map((grant) => grant.role)).toEqual(['group_manager']);
    });

    it('lists grants to review and records each decision', async () => {
      const reviewer = await buildUser(server, { roles: [{ role: 'controller' }], totp: true });
      const now = server.clock.now();
      const soon = await buildUser(server, {
        roles: [{ role: 'gate_agent', endsAt: new Date(now.getTime() + 10 * DAY) }],
      });
      const client = await signIn(server, reviewer);
      const items = (
        await client.get<{ grant: { id: string }; user: { id: string }; reasons: string[] }[]>(
          '/api/v1/habilitation-reviews',
        )
      ).body;
      const item = items.find((candidate) => candidate.user.id === soon.id);
      expect(item?.reasons).toEqual(['ending_soon']);
      const decided = await client.post(`/api/v1/habilitation-reviews/${item!.grant.id}`, {
        decision: 'revoked',
        comment: 'Mission terminée',
      });
      expect(decided.status).toBe(201);
      const [review] = await server.database.db
        .select()
        .from(habilitationReviews)
        .where(eq(habilitationReviews.grantId, item!.grant.id));
      expect(review).toMatchObject({
        reviewerId: reviewer.id,
        decision: 'revoked',
        comment: 'Mission terminée',
      });
      const [grant] = await server.database.db
        .select()
        .from(roleGrants)
        .where(eq(roleGrants.id, item!.grant.id));
      expect(grant!.revokedAt).not.toBeNull();
    });

    it('asks for re-authentication before a review decision, and revokes nothing without it', async () => {
      const reviewer = await buildUser(server, { roles: [{ role: 'controller' }], totp: true });
      const now = server.clock.now();
      const person = await buildUser(server, {
        roles: [{ role: 'gate_agent', endsAt: new Date(now.getTime() + 10 * DAY) }],
      });
      const [grant] = await server.database.db
        .select()
        .from(roleGrants)
        .where(eq(roleGrants.userId, person.id));
      const client = await signIn(server, reviewer);
      server.clock.advance(6 * 60_000); // the login's own window is over

      for (const decision of ['revoked', 'confirmed']) {
        const refused = await client.post<Problem>(`/api/v1/habilitation-reviews/${grant!.id}`, { decision });
        expect(refused.status, decision).toBe(403);
        expect(refused.body.type).toBe(problemType('reauthentication-required'));
      }
      const [untouched] = await server.database.db
        .select()
        .from(roleGrants)
        .where(eq(roleGrants.id, grant!.id));
      expect(untouched).toMatchObject({ revokedAt: null, lastReviewedAt: null });
      expect(
        await server.database.db
          .select()
          .from(habilitationReviews)
          .where(eq(habilitationReviews.grantId, grant!.id)),
      ).toEqual([]);

      const reauthenticated = await client.post('/api/v1/session/reauthenticate', {
        password: reviewer.password,
        code: await totpCode(server, reviewer.totpSecret!),
      });
      expect(reauthenticated.status).toBe(204);
      const revoked = await client.post(`/api/v1/habilitation-reviews/${grant!.id}`, { decision: 'revoked' });
      expect(revoked.status).toBe(201);
      const [after] = await server.database.db.select().from(roleGrants).where(eq(roleGrants.id, grant!.id));
      expect(after!.revokedAt).not.toBeNull();
    });

    it('refuses malformed input with what to fix', async () => {
      const admin = await buildUser(server, { roles: [{ role: 'sysadmin' }], totp: true });
      const client = await signIn(server, admin);
      const now = server.clock.now().toISOString();
      const bad = await client.post<Problem>('/api/v1/invitations', {
        email: 'pas-une-adresse',
        displayName: 'x'.repeat(500),
        organisationId: admin.organisationId,
        grants: [{ role: 'roi', scopeKind: 'platform', startsAt: now, endsAt: now }],
      });
      expect(bad.status).toBe(400);
      const paths = bad.body.errors!.map((error) => error.path);
      expect(paths).toEqual(expect.arrayContaining(['body.email', 'body.displayName', 'body.grants.0.role']));
      const backwards = await client.post<Problem>(`/api/v1/users/${admin.id}/grants`, {
        role: 'operator',
        scopeKind: 'platform',
        startsAt: now,
        endsAt: new Date(Date.parse(now) - DAY).toISOString(),
      });
      expect(backwards.status).toBe(400);
      expect(backwards.body.detail).toContain('la date de fin doit être postérieure à la date de début');
    });

    it('refuses a grant whose scope names nothing of its kind, and accepts a real operator', async () => {
      const admin = await buildUser(server, { roles: [{ role: 'sysadmin' }], totp: true });
      const client = await signIn(server, admin);
      const now = server.clock.now();
      const grant = (scopeId: string) => ({
        role: 'operator',
        scopeKind: 'operator',
        scopeId,
        startsAt: now.toISOString(),
        endsAt: new Date(now.getTime() + 30 * DAY).toISOString(),
      });
      const [programmeOwner] = await server.database.db
        .insert(organisations)
        .values({ name: `DIJOP ${Date.now()}`, kind: 'programme_owner' })
        .returning();
      for (const scopeId of ['7f1f5b0e-8f0a-4c47-9d3b-5d7a0b1c2e3f', programmeOwner!.id]) {
        const refused = await client.post<Problem>(`/api/v1/users/${admin.id}/grants`, grant(scopeId));
        expect(refused.status, scopeId).toBe(400);
        expect(refused.body.type).toBe(problemType('unknown-scope'));
        expect(refused.body.detail).toContain('aucune organisation de type opérateur');
      }
      const accepted = await client.post(`/api/v1/users/${admin.id}/grants`, grant(admin.organisationId));
      expect(accepted.status).toBe(201);
    });
  });

  describe('traceability', () => {
    it('records authentication and grant events in the audit trail', async () => {
      const user = await buildUser(server, { roles: [{ role: 'operator' }] });
      await new ApiClient(server.url).post('/api/v1/session', { email: user.email, password: 'faux' });
      await signIn(server, user);
      const events = await server.database.db
        .select({ action: auditEvents.action, result: auditEvents.result })
        .from(auditEvents)
        .where(eq(auditEvents.actor, user.id));
      expect(events).toEqual(
        expect.arrayContaining([
          { action: 'accounts.login.failed', result: 'failure' },
          { action: 'accounts.login.succeeded', result: 'success' },
        ]),
      );
      const revocations = await server.database.db
        .select()
        .from(auditEvents)
        .where(
          and(eq(auditEvents.action, 'accounts.grant.revoked'), eq(auditEvents.targetTable, 'role_grants')),
        );
      expect(revocations.length).toBeGreaterThan(0);
    });

    it('records lockout, logout, second-factor enrolment and grant creation with actor, target and time', async () => {
      const eventsOf = (action: string) =>
        server.database.db.select().from(auditEvents).where(eq(auditEvents.action, action));
      const expectEvent = async (
        action: string,
        expected: { actor: string; table: string; ids: string[]; result: string; at?: Date },
      ) => {
        const found = (await eventsOf(action)).filter(
          (event) => event.actor === expected.actor && event.targetIds?.join() === expected.ids.join(),
        );
        expect(found, action).toHaveLength(1);
        expect(found[0]).toMatchObject({ targetTable: expected.table, result: expected.result });
        if (expected.at) expect(found[0]!.occurredAt.toISOString(), action).toBe(expected.at.toISOString());
      };

      // Lockout: the 10th consecutive failure.
      const locked = await buildUser(server, { roles: [{ role: 'operator' }] });
      for (let attempt = 1; attempt <= 10; attempt += 1) {
        await new ApiClient(server.url).post('/api/v1/session', {
          email: locked.email,
          password: 'Mauvais-Mot-De-Passe-1',
        });
        if (attempt < 10) server.clock.advance(61_000);
      }
      await expectEvent('accounts.login.locked', {
        actor: locked.id,
        table: 'users',
        ids: [locked.id],
        result: 'failure',
        at: server.clock.now(),
      });

      // Logout.
      const leaving = await buildUser(server, { roles: [{ role: 'operator' }] });
      const client = await signIn(server, leaving);
      const [session] = await server.database.db
        .select()
        .from(sessions)
        .where(and(eq(sessions.userId, leaving.id), isNull(sessions.endedAt)));
      expect((await client.delete('/api/v1/session')).status).toBe(204);
      await expectEvent('accounts.logout.succeeded', {
        actor: leaving.id,
        table: 'sessions',
        ids: [session!.id],
        result: 'success',
        at: server.clock.now(),
      });

      // Second-factor enrolment, forced by the role.
      const enrolling = await buildUser(server, { roles: [{ role: 'ban_officer' }] });
      const person = new ApiClient(server.url);
      await person.post('/api/v1/session', { email: enrolling.email, password: enrolling.password });
      const secret = (await person.post<{ secret: string }>('/api/v1/me/mfa/totp')).body.secret;
      await expectEvent('accounts.mfa.enrolment-started', {
        actor: enrolling.id,
        table: 'users',
        ids: [enrolling.id],
        result: 'success',
      });
      expect(
        (await person.post('/api/v1/me/mfa/totp/confirm', { code: await totpCode(server, secret) })).status,
      ).toBe(200);
      await expectEvent('accounts.mfa.enrolled', {
        actor: enrolling.id,
        table: 'users',
        ids: [enrolling.id],
        result: 'success',
        at: server.clock.now(),
      });

      // A grant added by an administrator.
      const admin = await buildUser(server, { roles: [{ role: 'sysadmin' }], totp: true });
      const adminClient = await signIn(server, admin);
      const added = await adminClient.post<{ id: string }>(`/api/v1/users/${leaving.id}/grants`, {
        role: 'gate_agent',
        scopeKind: 'platform',
        startsAt: server.clock.now().toISOString(),
        endsAt: new Date(server.clock.now().getTime() + 30 * DAY).toISOString(),
      });
      expect(added.status).toBe(201);
      await expectEvent('accounts.grant.created', {
        actor: admin.id,
        table: 'role_grants',
        ids: [added.body.id],
        result: 'success',
        at: server.clock.now(),
      });
    });

    it('never writes a password, session token, CSRF token, TOTP secret, link token or recovery code into the logs', async () => {
      const user = await buildUser(server, { roles: [{ role: 'controller' }], totp: true });
      const client = await signIn(server, user);
      await client.post('/api/v1/me/password', {
        currentPassword: user.password,
        newPassword: 'Nouvelle-Tribune-Sud-2031!',
      });
      const [session] = await server.database.db.select().from(sessions).where(eq(sessions.userId, user.id));

      // Single-use links travel in paths: the set-up link and an invitation, looked at and used.
      const setupToken = server.firstAdminLink!.split('/installation/')[1]!;
      await client.get(`/api/v1/links/${setupToken}`);
      const admin = await buildUser(server, { roles: [{ role: 'sysadmin' }], totp: true });
      const adminClient = await signIn(server, admin);
      const email = `journal.${Date.now()}@exemple.fr`;
      await adminClient.post('/api/v1/invitations', {
        email,
        displayName: 'Jules Journal',
        organisationId: admin.organisationId,
        grants: [
          {
            role: 'gate_agent',
            scopeKind: 'platform',
            startsAt: server.clock.now().toISOString(),
            endsAt: new Date(server.clock.now().getTime() + 30 * DAY).toISOString(),
          },
        ],
      });
      const invitationToken = invitationTokenIn((await waitForMail(adminClient, email)).text);
      const invited = new ApiClient(server.url);
      expect((await invited.get(`/api/v1/links/${invitationToken}`)).status).toBe(200);
      const invitedPassword = 'Tribune-Journal-Rang-3!';
      expect(
        (
          await invited.post('/api/v1/invitations/accept', {
            token: invitationToken,
            password: invitedPassword,
          })
        ).status,
      ).toBe(204);

      // Recovery codes: shown once, then one used to sign in.
      const again = await signIn(server, { ...user, password: 'Nouvelle-Tribune-Sud-2031!' });
      const { recoveryCodes } = (
        await again.post<{ recoveryCodes: string[] }>('/api/v1/me/mfa/recovery-codes')
      ).body;
      const withCode = new ApiClient(server.url);
      await withCode.post('/api/v1/session', { email: user.email, password: 'Nouvelle-Tribune-Sud-2031!' });
      expect((await withCode.post('/api/v1/session/second-factor', { code: recoveryCodes[0] })).status).toBe(
        200,
      );

      const log = logLines.join('');
      // The requests were logged, by route pattern.
      for (const route of ['/api/v1/session', '/api/v1/links/:token', '/api/v1/me/mfa/recovery-codes'])
        expect(log).toContain(route);
      const secrets = {
        'first password': STRONG_PASSWORD,
        'new password': 'Nouvelle-Tribune-Sud-2031!',
        'invited person’s password': invitedPassword,
        'session token': client.sessionToken!,
        'CSRF token': client.csrfToken!,
        'TOTP secret': user.totpSecret!,
        'session token hash': session!.tokenHash,
        'set-up link token': setupToken,
        'invitation link token': invitationToken,
        ...Object.fromEntries(recoveryCodes.map((code, index) => [`recovery code ${index + 1}`, code])),
      };
      for (const [what, secret] of Object.entries(secrets)) expect(log, what).not.toContain(secret);
    });

    it('keeps only hashes of session tokens and an encrypted TOTP secret in the database', async () => {
      const user = await buildUser(server, { roles: [{ role: 'sysadmin' }], totp: true });
      const client = await signIn(server, user);
      const rows = await server.database.db.select().from(sessions).where(eq(sessions.userId, user.id));
      expect(rows.map((row) => row.tokenHash)).not.toContain(client.sessionToken);
      const [stored] = await server.database.db.select().from(users).where(eq(users.id, user.id));
      expect(stored!.totpSecretEncrypted).toMatch(/^v1\.field-encryption-[0-9a-f]{16}\./);
      expect(stored!.totpSecretEncrypted).not.toContain(user.totpSecret);
      expect(stored!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    });
  });

  describe('behind a trusted reverse proxy', () => {
    let proxied: TestServer;
    /** A client whose requests a proxy on this machine forwards for `address`, over `protocol`. */
    const clientFrom = (address: string, protocol = 'http') =>
      new ApiClient(proxied.url, { 'x-forwarded-for': address, 'x-forwarded-proto': protocol });

    beforeAll(async () => {
      proxied = await startTestServer({ database: kind, config: { trustProxy: ['loopback'] } });
    });
    afterAll(async () => {
      await proxied?.stop();
    });

    it('sets the session cookie Secure when the request came over HTTPS', async () => {
      const user = await buildUser(proxied, { roles: [{ role: 'operator' }] });
      const overHttps = await clientFrom('203.0.113.10', 'https').post('/api/v1/session', {
        email: user.email,
        password: user.password,
      });
      expect(sessionCookieOf(overHttps.headers).attributes).toEqual(
        expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Strict', 'Path=/']),
      );
      const overHttp = await clientFrom('203.0.113.10', 'http').post('/api/v1/session', {
        email: user.email,
        password: user.password,
      });
      expect(sessionCookieOf(overHttp.headers).attributes).not.toContain('Secure');
    });

    it('shows the development mailbox, and the links in it, to the server’s own machine only', async () => {
      const fromAfar = await clientFrom('192.168.1.50').get<Problem & { title: string }>('/api/v1/dev/mail');
      expect(fromAfar.status).toBe(403);
      expect(fromAfar.body.type).toBe(problemType('dev-mailbox-local-only'));
      expect(fromAfar.body.detail).toContain('ne s’ouvre que depuis la machine où tourne Gradins');
      expect((await clientFrom('127.0.0.1').get('/api/v1/dev/mail')).status).toBe(200);
      expect((await new ApiClient(proxied.url).get('/api/v1/dev/mail')).status).toBe(200);
      // A proxy on this machine that Gradins does not trust: what it says it forwarded still counts.
      const untrusted = new ApiClient(server.url, { 'x-forwarded-for': '192.168.1.50' });
      expect((await untrusted.get<Problem>('/api/v1/dev/mail')).body.type).toBe(
        problemType('dev-mailbox-local-only'),
      );
    });

    it('slows down one client address that fails on many accounts, without touching the others', async () => {
      const guesser = clientFrom('203.0.113.66');
      const statuses: number[] = [];
      // 101 failures, each on another name: no account reaches its own delay; the address does.
      for (let attempt = 1; attempt <= 101; attempt += 1) {
        const response = await guesser.post('/api/v1/session', {
          email: `cible.${attempt}.${Date.now()}@exemple.fr`,
          password: 'Mauvais-Mot-De-Passe-1',
        });
        statuses.push(response.status);
      }
      expect(statuses).toEqual(Array(101).fill(401));

      const user = await buildUser(proxied, { roles: [{ role: 'operator' }] });
      const slowed = await guesser.post<Problem>('/api/v1/session', {
        email: user.email,
        password: user.password,
      });
      expect(slowed.status).toBe(429);
      expect(slowed.body.type).toBe(problemType('login-throttled'));
      expect(slowed.body.detail).toMatch(/Patientez 1 seconde/);
      // Another address is not slowed down, and no account was locked.
      expect(
        (
          await clientFrom('198.51.100.9').post('/api/v1/session', {
            email: user.email,
            password: user.password,
          })
        ).status,
      ).toBe(200);
      proxied.clock.advance(1_000);
      expect(
        (await guesser.post('/api/v1/session', { email: user.email, password: user.password })).status,
      ).toBe(200);
    });
  });
});
