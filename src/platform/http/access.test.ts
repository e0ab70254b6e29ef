import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import {
  installAccessGuard,
  MissingAccessDeclarationError,
  publicAccess,
  type DeclaredRoute,
} from './access.js';
import { installErrorHandling } from './error-handling.js';

describe('access guard', () => {
  it('refuses to build an app with a route that does not say who may call it', async () => {
    const app = Fastify();
    installAccessGuard(app, []);
    expect(() => app.get('/api/v1/undeclared', async () => 'open')).toThrow(MissingAccessDeclarationError);
    await app.close();
  });

  it('records every declared route, and lets public ones through', async () => {
    const app = Fastify();
    const routes: DeclaredRoute[] = [];
    installAccessGuard(app, routes);
    installErrorHandling(app);
    app.get('/api/v1/open', { config: publicAccess('test') }, async () => ({ ok: true }));
    await app.ready();
    expect(routes).toContainEqual({
      method: 'GET',
      url: '/api/v1/open',
      access: { kind: 'public', why: 'test' },
    });
    expect((await app.inject('/api/v1/open')).statusCode).toBe(200);
    await app.close();
  });

  it('denies a role route to an anonymous caller with a 401 problem', async () => {
    const app = Fastify();
    installAccessGuard(app, []);
    installErrorHandling(app);
    app.get(
      '/api/v1/programmes',
      { config: { access: { kind: 'roles', roles: ['programme_admin'], scope: { kind: 'platform' } } } },
      async () => ({ secret: 'data' }),
    );
    const response = await app.inject('/api/v1/programmes');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ type: 'urn:gradins:problem:unauthenticated' });
    expect(response.body).not.toContain('secret');
    await app.close();
  });

  it('still answers unknown routes with 404, not 401', async () => {
    const app = Fastify();
    installAccessGuard(app, []);
    installErrorHandling(app);
    const response = await app.inject('/api/v1/nowhere');
    expect(response.statusCode).toBe(404);
    await app.close();
  });
});

describe('error mapping', () => {
  it('keeps the status of a 4xx raised by a plugin, and turns an unexpected error into a 500', async () => {
    const app = Fastify();
    installAccessGuard(app, []);
    installErrorHandling(app);
    app.get('/forbidden', { config: publicAccess('test') }, async () => {
      throw Object.assign(new Error('nope'), { statusCode: 403 });
    });
    app.get('/conflict', { config: publicAccess('test') }, async () => {
      throw Object.assign(new Error('nope'), { statusCode: 409 });
    });
    app.get('/bug', { config: publicAccess('test') }, async () => JSON.parse('{oops'));
    expect((await app.inject('/forbidden')).json()).toMatchObject({
      status: 403,
      type: 'urn:gradins:problem:forbidden',
    });
    expect((await app.inject('/conflict')).statusCode).toBe(409);
    const bug = await app.inject('/bug');
    expect(bug.statusCode).toBe(500);
    expect(bug.body).not.toContain('oops');
    await app.close();
  });
});
