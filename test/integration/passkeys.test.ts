import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionState } from '../../contracts/accounts.js';
import { auditEvents, webauthnCredentials } from '../../src/platform/db/schema/index.js';
import { buildUser, signIn, type BuiltUser } from '../factories/accounts.js';
import { ApiClient } from '../support/api-client.js';
import { databaseKinds } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { SoftwareAuthenticator, type Tampering } from '../support/webauthn-authenticator.js';

type Problem = { type: string; detail: string };
type Options = { challenge: string; rp?: { id: string }; rpId?: string };
type Registered = { passkey: { id: string; label: string }; recoveryCodes?: string[] };
const problemType = (code: string) => `urn:gradins:problem:${code}`;

describe.each(databaseKinds)('passkeys on %s', (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ database: kind });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const authenticator = () => new SoftwareAuthenticator(server.url);

  /** Registers a passkey for the client's account; re-reads the session (its token may have changed). */
  async function addPasskey(client: ApiClient, key: SoftwareAuthenticator, label = 'Clé USB du bureau') {
    const options = await client.post<Options>('/api/v1/me/passkeys/registration-options');
    expect(options.status).toBe(200);
    const registered = await client.post<Registered>('/api/v1/me/passkeys', {
      label,
      response: key.register(options.body),
    });
    await client.get('/api/v1/session');
    return registered;
  }

  /** Password, then the passkey options: the client is at the second step of a login. */
  async function passwordStep(user: BuiltUser): Promise<ApiClient> {
    const client = new ApiClient(server.url);
    const login = await client.post<SessionState>('/api/v1/session', {
      email: user.email,
      password: user.password,
    });
    expect(login.body.nextStep).toBe('mfa_challenge');
    return client;
  }

  async function answerWithPasskey(client: ApiClient, key: SoftwareAuthenticator, tampering?: Tampering) {
    const options = await client.post<Options & { allowCredentials: { id: string }[] }>(
      '/api/v1/session/passkey-options',
    );
    expect(options.status).toBe(200);
    return client.post<SessionState & Problem>('/api/v1/session/passkey', {
      response: key.authenticate(options.body, tampering),
    });
  }

  const actionsOf = async (userId: string) =>
    (
      await server.database.db
        .select({ action: auditEvents.action, result: auditEvents.result })
        .from(auditEvents)
        .where(eq(auditEvents.actor, userId))
    ).map((event) => `${event.action}:${event.result}`);

  it('registers a passkey, then accepts it as the second factor of the next login', async () => {
    const user = await buildUser(server, { roles: [{ role: 'operator' }] });
    const client = await signIn(server, user);
    const key = authenticator();

    const options = await client.post<Options & { excludeCredentials: unknown[] }>(
      '/api/v1/me/passkeys/registration-options',
    );
    expect(options.body.rp).toEqual({ name: 'Gradins', id: '127.0.0.1' });
    expect(options.body.excludeCredentials).toEqual([]);
    const before = client.sessionToken;
    const registered = await client.post<Registered>('/api/v1/me/passkeys', {
      label: 'Clé USB du bureau',
      response: key.register(options.body),
    });
    expect(registered.status).toBe(201);
    expect(registered.body.passkey.label).toBe('Clé USB du bureau');
    // The account's first second factor: recovery codes once, and a new session token.
    expect(registered.body.recoveryCodes).toHaveLength(10);
    expect(client.sessionToken).not.toBe(before);

    const state = await client.get<SessionState>('/api/v1/session');
    expect(state.body).toMatchObject({ nextStep: 'none', user: { mfaEnabled: true, passkeys: 1 } });
    const listed = await client.get<Record<string, unknown>[]>('/api/v1/me/passkeys');
    expect(listed.body).toEqual([
      {
        id: registered.body.passkey.id,
        label: 'Clé USB du bureau',
        createdAt: expect.any(String),
        lastUsedAt: null,
      },
    ]);
    const again = await client.post<{ excludeCredentials: { id: string }[] }>(
      '/api/v1/me/passkeys/registration-options',
    );
    expect(again.body.excludeCredentials.map((credential) => credential.id)).toEqual([key.id]);

    // The next login asks for the second factor: the passkey answers it.
    const next = await passwordStep(user);
    const pendingToken = next.sessionToken;
    const answered = await answerWithPasskey(next, key);
    expect(answered.status).toBe(200);
    expect(answered.body.nextStep).toBe('none');
    expect(next.sessionToken).not.toBe(pendingToken);
    expect((await next.get('/api/v1/me/sessions')).status).toBe(200);
    const [stored] = await server.database.db
      .select()
      .from(webauthnCredentials)
      .where(eq(webauthnCredentials.userId, user.id));
    expect(stored!.signCount).toBe(1);
    expect(stored!.lastUsedAt).not.toBeNull();
    expect(await actionsOf(user.id)).toEqual(
      expect.arrayContaining([
        'accounts.passkey.registered:success',
        'accounts.passkey.authenticated:success',
      ]),
    );
  });

  it('lets a passkey be the second factor a role requires, set up at the first login', async () => {
    const admin = await buildUser(server, { roles: [{ role: 'sysadmin' }] });
    const client = new ApiClient(server.url);
    const login = await client.post<SessionState>('/api/v1/session', {
      email: admin.email,
      password: admin.password,
    });
    expect(login.body.nextStep).toBe('mfa_enrol');
    expect((await client.get<Problem>('/api/v1/users')).status).toBe(403);

    const registered = await addPasskey(client, authenticator(), 'Clé de sécurité');
    expect(registered.status).toBe(201);
    expect(registered.body.recoveryCodes).toHaveLength(10);
    expect((await client.get('/api/v1/users')).status).toBe(200);
  });

  it('does not let a session whose second factor is still due add a passkey', async () => {
    const user = await buildUser(server, { roles: [{ role: 'controller' }], totp: true });
    const client = new ApiClient(server.url);
    await client.post('/api/v1/session', { email: user.email, password: user.password });
    const refused = await client.post<Problem>('/api/v1/me/passkeys/registration-options');
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe(problemType('second-factor-enrolment-refused'));
  });

  it('refuses a registration from another origin, or after its challenge expired', async () => {
    const user = await buildUser(server, { roles: [{ role: 'operator' }] });
    const client = await signIn(server, user);
    const key = authenticator();
    const options = await client.post<Options>('/api/v1/me/passkeys/registration-options');
    const foreign = await client.post<Problem>('/api/v1/me/passkeys', {
      label: 'Clé',
      response: key.register(options.body, { origin: 'https://gradins.attaquant.example' }),
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.type).toBe(problemType('passkey-registration-failed'));

    const late = await client.post<Options>('/api/v1/me/passkeys/registration-options');
    server.clock.advance(5 * 60_000 + 1_000);
    const expired = await client.post<Problem>('/api/v1/me/passkeys', {
      label: 'Clé',
      response: key.register(late.body),
    });
    expect(expired.status).toBe(400);
    expect(
      await server.database.db
        .select()
        .from(webauthnCredentials)
        .where(eq(webauthnCredentials.userId, user.id)),
    ).toEqual([]);
  });

  it('refuses an assertion from another origin, a replayed one, and one signed by another key', async () => {
    const user = await buildUser(server, { roles: [{ role: 'operator' }] });
    const key = authenticator();
    await addPasskey(await signIn(server, user), key);

    const client = await passwordStep(user);
    const foreign = await answerWithPasskey(client, key, { origin: 'https://gradins.attaquant.example' });
    expect(foreign.status).toBe(401);
    expect(foreign.body.type).toBe(problemType('passkey-invalid'));

    const forged = await answerWithPasskey(client, key, { signingKey: SoftwareAuthenticator.foreignKey() });
    expect(forged.status).toBe(401);
    expect(forged.body.type).toBe(problemType('passkey-invalid'));

    // A genuine assertion serves once: sent again at another login, its challenge is gone.
    const options = await client.post<Options>('/api/v1/session/passkey-options');
    const assertion = key.authenticate(options.body);
    expect((await client.post('/api/v1/session/passkey', { response: assertion })).status).toBe(200);
    const otherLogin = await passwordStep(user);
    const replayed = await otherLogin.post<Problem>('/api/v1/session/passkey', { response: assertion });
    expect(replayed.status).toBe(401);
    expect(replayed.body.type).toBe(problemType('passkey-invalid'));
    expect(await actionsOf(user.id)).toContain('accounts.passkey.failed:failure');
  });

  it('refuses a counter that goes backwards (a cloned authenticator) and records it', async () => {
    const user = await buildUser(server, { roles: [{ role: 'operator' }] });
    const key = authenticator();
    await addPasskey(await signIn(server, user), key);
    expect((await answerWithPasskey(await passwordStep(user), key)).status).toBe(200);
    expect((await answerWithPasskey(await passwordStep(user), key)).status).toBe(200);

    const cloned = await answerWithPasskey(await passwordStep(user), key, { counter: 1 });
    expect(cloned.status).toBe(401);
    expect(cloned.body.type).toBe(problemType('passkey-cloned'));
    const [regression] = await server.database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.actor, user.id), eq(auditEvents.action, 'accounts.passkey.counter-regressed')),
      );
    expect(regression).toMatchObject({ result: 'failure', targetTable: 'webauthn_credentials' });
    const [stored] = await server.database.db
      .select()
      .from(webauthnCredentials)
      .where(eq(webauthnCredentials.userId, user.id));
    expect(stored!.signCount).toBe(2);
  });

  it('counts failed passkey attempts towards the account throttle, like wrong codes', async () => {
    const user = await buildUser(server, { roles: [{ role: 'operator' }] });
    const key = authenticator();
    await addPasskey(await signIn(server, user), key);
    const client = await passwordStep(user);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      statuses.push(
        (await answerWithPasskey(client, key, { signingKey: SoftwareAuthenticator.foreignKey() })).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
  });

  it('removes a passkey after re-authentication, but never the last second factor a role requires', async () => {
    const controller = await buildUser(server, { roles: [{ role: 'controller' }] });
    const enrolling = new ApiClient(server.url);
    await enrolling.post('/api/v1/session', { email: controller.email, password: controller.password });
    const first = authenticator();
    const registered = await addPasskey(enrolling, first);
    expect(registered.status).toBe(201);

    const client = await passwordStep(controller);
    expect((await answerWithPasskey(client, first)).status).toBe(200);
    const last = await client.delete<Problem>(`/api/v1/me/passkeys/${registered.body.passkey.id}`);
    expect(last.status).toBe(409);
    expect(last.body.type).toBe(problemType('last-second-factor'));

    const second = authenticator();
    const spare = await addPasskey(client, second, 'Clé de secours');
    expect(spare.body.recoveryCodes).toBeUndefined();

    // Past the five-minute window, the removal asks for the password and a passkey again.
    server.clock.advance(6 * 60_000);
    const stale = await client.delete<Problem>(`/api/v1/me/passkeys/${registered.body.passkey.id}`);
    expect(stale.body.type).toBe(problemType('reauthentication-required'));
    const options = await client.post<Options>('/api/v1/session/passkey-options');
    const withoutFactor = await client.post<Problem>('/api/v1/session/reauthenticate', {
      password: controller.password,
    });
    expect(withoutFactor.status).toBe(401);
    const reauthenticated = await client.post('/api/v1/session/reauthenticate', {
      password: controller.password,
      passkey: second.authenticate(options.body),
    });
    expect(reauthenticated.status).toBe(204);
    expect((await client.delete(`/api/v1/me/passkeys/${registered.body.passkey.id}`)).status).toBe(204);
    expect((await client.get<unknown[]>('/api/v1/me/passkeys')).body).toHaveLength(1);
    expect(await actionsOf(controller.id)).toContain('accounts.passkey.removed:success');
  });

  it('answers 409 to a passkey login step for an account without passkeys', async () => {
    const user = await buildUser(server, { roles: [{ role: 'controller' }], totp: true });
    const client = new ApiClient(server.url);
    await client.post('/api/v1/session', { email: user.email, password: user.password });
    const refused = await client.post<Problem>('/api/v1/session/passkey-options');
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe(problemType('no-passkey'));
  });
});
