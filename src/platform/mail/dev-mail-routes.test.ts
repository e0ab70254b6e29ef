import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installAccessGuard, type DeclaredRoute } from '../http/access.js';
import { installErrorHandling } from '../http/error-handling.js';
import { devMailboxDir, writeDevMail } from './dev-mailbox.js';
import { devMailRoutes } from './dev-mail-routes.js';

const id = '0190a1b2-0000-7000-8000-000000000001';
const eml = Buffer.from(
  'To: eloise@example.fr\r\nSubject: =?UTF-8?Q?R=C3=A9servation?=\r\n' +
    'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n' +
    'Votre billet est pr=C3=AAt.\r\n',
  'latin1',
);

/** The plugin in a bare Fastify with the platform's access guard and problem+json errors. */
async function buildApp(options: { dataDir: string; smtpUrl?: string; env?: NodeJS.ProcessEnv }) {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const routes: DeclaredRoute[] = [];
  installAccessGuard(app, routes);
  installErrorHandling(app);
  await app.register(devMailRoutes, {
    config: { dataDir: options.dataDir, smtpUrl: options.smtpUrl },
    env: options.env ?? {},
  });
  await app.ready();
  return { app, routes };
}

describe('development mailbox routes', () => {
  let dataDir: string;
  let app: FastifyInstance | undefined;
  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gradins-dev-mail-'));
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('lists the mails written to the mailbox and shows one, declared public for that reason', async () => {
    await writeDevMail(devMailboxDir(dataDir), {
      id,
      receivedAt: new Date('2030-05-01T10:00:00Z'),
      message: eml,
    });
    const built = await buildApp({ dataDir });
    app = built.app;

    const list = await app.inject('/api/v1/dev/mail');
    expect(list.statusCode).toBe(200);
    const expected = {
      id,
      file: `20300501T100000.000Z-${id}.eml`,
      receivedAt: '2030-05-01T10:00:00.000Z',
      to: 'eloise@example.fr',
      subject: 'Réservation',
      text: 'Votre billet est prêt.\n',
    };
    expect(list.json()).toEqual([expected]);
    expect((await app.inject(`/api/v1/dev/mail/${id}`)).json()).toEqual(expected);
    const declared = built.routes.filter((route) => route.method === 'GET');
    expect(declared.map((route) => [route.method, route.url, route.access.kind])).toEqual([
      ['GET', '/api/v1/dev/mail', 'public'],
      ['GET', '/api/v1/dev/mail/:id', 'public'],
    ]);
  });

  it('answers an unknown id with a 404 problem and a malformed id with a 400 problem', async () => {
    app = (await buildApp({ dataDir })).app;
    const missing = await app.inject('/api/v1/dev/mail/0190a1b2-0000-7000-8000-00000000000f');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ type: 'urn:gradins:problem:not-found' });
    const malformed = await app.inject('/api/v1/dev/mail/..%2F..%2Fkeys');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ type: 'urn:gradins:problem:validation-failed' });
  });

  it('refuses, in French, a request that does not come from the server’s own machine', async () => {
    await writeDevMail(devMailboxDir(dataDir), {
      id,
      receivedAt: new Date('2030-05-01T10:00:00Z'),
      message: eml,
    });
    app = (await buildApp({ dataDir })).app;
    for (const request of [
      { url: '/api/v1/dev/mail', remoteAddress: '192.168.1.20' },
      { url: `/api/v1/dev/mail/${id}`, remoteAddress: '10.0.0.7' },
      { url: '/api/v1/dev/mail', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } },
    ]) {
      const refused = await app.inject(request);
      expect(refused.statusCode, JSON.stringify(request)).toBe(403);
      expect(refused.json()).toMatchObject({
        type: 'urn:gradins:problem:dev-mailbox-local-only',
        title: 'Boîte de développement réservée à ce serveur',
      });
      expect(refused.json().detail).toContain('que depuis la machine où tourne Gradins');
      expect(refused.body).not.toContain('eloise@example.fr');
    }
    expect((await app.inject({ url: '/api/v1/dev/mail', remoteAddress: '::1' })).statusCode).toBe(200);
  });

  it('does not exist when SMTP is configured or in production', async () => {
    for (const options of [{ smtpUrl: 'smtp://127.0.0.1:25' }, { env: { NODE_ENV: 'production' } }]) {
      const built = await buildApp({ dataDir, ...options });
      expect(built.routes).toEqual([]);
      expect((await built.app.inject('/api/v1/dev/mail')).statusCode).toBe(404);
      await built.app.close();
    }
  });
});
