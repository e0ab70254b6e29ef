import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartupError } from '../startup-error.js';
import { loadConfig, parseDatabaseUrl } from './config.js';

describe('loadConfig', () => {
  it('defaults to PGlite in ./data, port 3000, keys in ./data/keys', () => {
    const config = loadConfig({}, '/srv/gradins');
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.join('/srv/gradins/data/pglite') });
    expect(config.keysDir).toBe('/srv/gradins/data/keys');
  });

  it('moves keys with the data folder unless GRADINS_KEYS_DIR says otherwise', () => {
    expect(loadConfig({ GRADINS_DATA_DIR: '/var/lib/gradins' }, '/').keysDir).toBe('/var/lib/gradins/keys');
    expect(loadConfig({ GRADINS_DATA_DIR: '/d', GRADINS_KEYS_DIR: '/secrets' }, '/').keysDir).toBe(
      '/secrets',
    );
  });

  it('uses PostgreSQL when DATABASE_URL is set, and never shows its password', () => {
    const config = loadConfig(
      { DATABASE_URL: 'postgresql://app:s3cret@db.local:5432/gradins?password=other' },
      '/',
    );
    expect(config.database).toMatchObject({
      kind: 'postgresql',
      displayUrl: 'postgresql://db.local:5432/gradins',
    });
  });

  it('trusts no proxy unless told, then a number of hops or addresses', () => {
    expect(loadConfig({}, '/').trustProxy).toBe(false);
    expect(loadConfig({ GRADINS_TRUST_PROXY: '1' }, '/').trustProxy).toBe(1);
    expect(loadConfig({ GRADINS_TRUST_PROXY: 'loopback, 10.0.0.0/8' }, '/').trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
    ]);
  });

  it.each([
    ['GRADINS_TRUST_PROXY', { GRADINS_TRUST_PROXY: 'everyone' }, 'config.trust-proxy-invalid'],
    ['GRADINS_PUBLIC_URL', { GRADINS_PUBLIC_URL: 'ftp://x' }, 'config.public-url-invalid'],
    ['PORT', { PORT: 'http' }, 'config.port-invalid'],
    ['PORT', { PORT: '70000' }, 'config.port-invalid'],
    ['LOG_LEVEL', { LOG_LEVEL: 'chatty' }, 'config.log-level-invalid'],
    ['GRADINS_RATE_LIMIT', { GRADINS_RATE_LIMIT: '-4' }, 'config.integer-invalid'],
  ])('refuses a bad %s with a French and English explanation', (name, env, code) => {
    try {
      loadConfig(env, '/');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StartupError);
      const startup = error as StartupError;
      expect(startup.code).toBe(code);
      expect(startup.french).toContain(name);
      expect(startup.english).toContain(name);
    }
  });
});

describe('parseDatabaseUrl', () => {
  it.each([
    ['not a url', 'adresse illisible'],
    ['mysql://root@localhost/gradins', 'mysql'],
    ['postgres://localhost', 'aucun nom de base'],
  ])('refuses %s and says why', (url, reason) => {
    expect(() => parseDatabaseUrl(url)).toThrow(StartupError);
    try {
      parseDatabaseUrl(url);
    } catch (error) {
      expect((error as StartupError).toParagraph()).toContain(reason);
      expect((error as StartupError).toParagraph()).toContain('Gradins cannot start');
    }
  });
});
