import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { signingKeyId } from '../../src/platform/crypto/keystore.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { latestMigration } from '../support/schema.js';

describe('HTTP platform behind a trusted reverse proxy', () => {
  it('keeps the proxy’s safe request id and replaces a hostile one', async () => {
    const server = await startTestServer({ config: { trustProxy: ['loopback'] } });
    try {
      const kept = await fetch(`${server.url}/api/v1/health`, {
        headers: { 'x-request-id': 'proxy-1234abcd' },
      });
      expect(kept.headers.get('x-request-id')).toBe('proxy-1234abcd');
      const hostile = await fetch(`${server.url}/api/v1/health`, {
        headers: { 'x-request-id': 'abc" <script>alert(1)</script> '.repeat(3) },
      });
      expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await server.stop();
    }
  });
});

describe.each(databaseKinds)('HTTP platform on %s', (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ database: kind });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('reports health with the database kind and the migration version', async () => {
    const response = await fetch(`${server.url}/api/v1/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: kind, schema: latestMigration });
  });

  it('describes its routes in OpenAPI, generated from the route schemas', async () => {
    const response = await fetch(`${server.url}/api/openapi.json`);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/health', '/.well-known/gradins/keys.json', '/api/v1/csp-reports']),
    );
    expect(JSON.stringify(document.paths['/api/v1/health'])).toContain('schema');
  });

  it('answers an unknown API route with a French problem+json 404', async () => {
    const response = await fetch(`${server.url}/api/v1/no-such-thing?x=1`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({
      type: 'urn:gradins:problem:not-found',
      status: 404,
      title: 'Ressource introuvable',
      instance: '/api/v1/no-such-thing',
    });
    expect(problem.detail).toContain('Vérifiez');
    expect(problem.request_id).toBe(response.headers.get('x-request-id'));
  });

  it('answers malformed JSON with a 400 problem that says how to fix it, never a stack trace', async () => {
    const response = await fetch(`${server.url}/api/v1/csp-reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"csp-report": {',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ type: 'urn:gradins:problem:malformed-json', status: 400 });
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(text).not.toContain('SyntaxError');
  });

  it('lists each invalid field in French, or in English when asked', async () => {
    const send = (language: string) =>
      fetch(`${server.url}/api/v1/csp-reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': language },
        body: JSON.stringify({ 'csp-report': { 'blocked-uri': 42 } }),
      });
    const french = (await (await send('fr-FR,fr;q=0.9')).json()) as Record<string, unknown>;
    expect(french).toMatchObject({
      type: 'urn:gradins:problem:validation-failed',
      title: 'Données invalides',
    });
    expect(french.errors).toEqual([
      { path: expect.stringContaining('blocked-uri'), message: expect.any(String) },
    ]);
    expect(french.detail).toContain('Corrigez ces champs');
    const english = (await (await send('en-GB,en;q=0.8')).json()) as Record<string, unknown>;
    expect(english).toMatchObject({ title: 'Invalid data' });
    expect(english.detail).toContain('Fix these fields');
  });

  it('accepts a browser CSP report', async () => {
    const response = await fetch(`${server.url}/api/v1/csp-reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/csp-report' },
      body: JSON.stringify({ 'csp-report': { 'violated-directive': 'script-src', 'blocked-uri': 'inline' } }),
    });
    expect(response.status).toBe(204);
  });

  it('sends security headers with a strict Content-Security-Policy', async () => {
    const response = await fetch(`${server.url}/api/v1/health`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('makes its own request ids: a caller cannot choose one without a trusted proxy', async () => {
    const chosen = await fetch(`${server.url}/api/v1/health`, {
      headers: { 'x-request-id': 'proxy-1234abcd' },
    });
    expect(chosen.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a malformed address with a problem, not a framework error', async () => {
    const response = await fetch(`${server.url}/api/v1/%E0%A4%A`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    expect(await response.json()).toMatchObject({ type: 'urn:gradins:problem:bad-url' });
  });

  it('publishes one Ed25519 key per purpose, whose signatures verify with the published key', async () => {
    const response = await fetch(`${server.url}/.well-known/gradins/keys.json`);
    const document = (await response.json()) as {
      keys: { kid: string; purpose: string; x: string; spki_pem: string; crv: string }[];
    };
    expect(document.keys.map((key) => key.purpose).sort()).toEqual(['audit', 'draw', 'ticket']);
    const message = Buffer.from('Gradins — billet 42');
    const { kid, signature } = server.keys.sign('ticket', message);
    const published = document.keys.find((key) => key.kid === kid);
    expect(published?.crv).toBe('Ed25519');
    const publicKey = crypto.createPublicKey(published!.spki_pem);
    expect(crypto.verify(null, message, publicKey, signature)).toBe(true);
    expect(crypto.verify(null, Buffer.from('Gradins — billet 43'), publicKey, signature)).toBe(false);
    expect(Buffer.from(published!.x, 'base64url')).toHaveLength(32);
    expect(signingKeyId('ticket', Buffer.from(published!.x, 'base64url'))).toBe(kid);
  });

  it('lets anyone check a signature with the openssl command line and the published PEM', async () => {
    const document = (await (await fetch(`${server.url}/.well-known/gradins/keys.json`)).json()) as {
      keys: { kid: string; spki_pem: string }[];
    };
    const message = Buffer.from('tête de journal 2026-11-23');
    const { kid, signature } = server.keys.sign('audit', message);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gradins-openssl-'));
    await fs.writeFile(path.join(dir, 'key.pem'), document.keys.find((key) => key.kid === kid)!.spki_pem);
    await fs.writeFile(path.join(dir, 'message.bin'), message);
    await fs.writeFile(path.join(dir, 'signature.bin'), signature);
    const verify = (file: string) =>
      spawnSync(
        'openssl',
        [
          'pkeyutl',
          '-verify',
          '-pubin',
          '-inkey',
          'key.pem',
          '-rawin',
          '-in',
          file,
          '-sigfile',
          'signature.bin',
        ],
        {
          cwd: dir,
          encoding: 'utf8',
        },
      );
    expect(verify('message.bin').stdout).toContain('Signature Verified Successfully');
    await fs.writeFile(path.join(dir, 'forged.bin'), Buffer.from('tête de journal 2026-11-24'));
    expect(verify('forged.bin').status).not.toBe(0);
    await fs.rm(dir, { recursive: true, force: true });
  });
});
