import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/database.js';
import { currentSchemaVersion, migrateToLatest } from '../../src/platform/db/migrations.js';
import { instance } from '../../src/platform/db/schema/index.js';
import { StartupError } from '../../src/platform/startup-error.js';
import { openMigratedDatabase } from '../../src/server.js';
import { createScratchDatabase, databaseKinds, type ScratchDatabase } from '../support/database.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { latestMigration } from '../support/schema.js';

describe.each(databaseKinds)('server lifecycle on %s', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const scratch = async (): Promise<ScratchDatabase> => {
    const created = await createScratchDatabase(kind);
    cleanups.push(created.drop);
    return created;
  };

  it('keeps its data and keys across a stop and a start', async () => {
    const first = await startTestServer({ database: kind });
    const { dataDir, keysDir, database } = first.config;
    const installedAt = (await first.database.db.select().from(instance))[0]?.installedAt;
    const kids = first.keys.list().map((key) => key.kid);
    await first.close(); // stop, keeping the scratch database for the second start
    cleanups.push(first.stop);

    const second = await startTestServer({ database: kind, config: { dataDir, keysDir, database } });
    cleanups.push(second.stop);
    expect((await second.database.db.select().from(instance))[0]?.installedAt).toEqual(installedAt);
    expect(second.keys.list().map((key) => key.kid)).toEqual(kids);
    const health = (await (await fetch(`${second.url}/api/v1/health`)).json()) as { schema: string };
    expect(health.schema).toBe(latestMigration);
  });

  it('applies migrations once when several processes start together on one database', async () => {
    const { config } = await scratch();
    if (config.kind === 'pglite') {
      // PGlite is single-process by design: the second opener is refused (see the lock test).
      const { database } = await openMigratedDatabase({ database: config } as never);
      cleanups.push(() => database.close());
      expect(await migrateToLatest(database)).toBe(latestMigration);
      return;
    }
    const databases = await Promise.all([1, 2, 3].map(() => openDatabase(config)));
    cleanups.push(async () => void (await Promise.all(databases.map((database) => database.close()))));
    const versions = await Promise.all(databases.map((database) => migrateToLatest(database)));
    expect(versions).toEqual([latestMigration, latestMigration, latestMigration]);
    expect(await currentSchemaVersion(databases[0]!.db)).toBe(latestMigration);
  });

  it('reports the schema as none before any migration', async () => {
    const { config } = await scratch();
    const database = await openDatabase(config);
    cleanups.push(() => database.close());
    expect(await currentSchemaVersion(database.db)).toBe('none');
  });

  it('runs a transaction wholly or not at all', async () => {
    const server = await startTestServer({ database: kind });
    cleanups.push(server.stop);
    const before = await server.database.db.select().from(instance);
    await expect(
      server.database.transaction(async (tx) => {
        await tx.delete(instance);
        throw new Error('fails half-way');
      }),
    ).rejects.toThrow('fails half-way');
    expect(await server.database.db.select().from(instance)).toEqual(before);
  });
});

describe('embedded database', () => {
  it('refuses a second process on the same data folder', async () => {
    const { config, drop, dataDir } = await createScratchDatabase('pglite');
    const database = await openDatabase(config);
    try {
      const lockFile = path.join(dataDir, 'pglite.lock');
      await fs.writeFile(lockFile, '1'); // pid 1 is alive: as if another Gradins held the folder
      await expect(openDatabase(config)).rejects.toSatisfy(
        (error) => error instanceof StartupError && error.code === 'database.pglite-in-use',
      );
    } finally {
      await database.close();
      await drop();
    }
  });
});

describe('HTTP shell', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.stop();
  });

  it('serves the web app files, index.html for page addresses, and never a file outside the build', async () => {
    const webDistDir = await fs.mkdtemp(path.join((await import('node:os')).tmpdir(), 'gradins-web-'));
    await fs.mkdir(path.join(webDistDir, 'assets'));
    await fs.writeFile(
      path.join(webDistDir, 'index.html'),
      '<!doctype html><html lang="fr"><title>Gradins</title>',
    );
    await fs.writeFile(path.join(webDistDir, 'assets', 'app-1234.js'), 'console.log(1)');
    const server = await startTestServer({ config: { webDistDir } });
    servers.push(server);

    const page = await fetch(`${server.url}/en/some/page`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Gradins</title>');
    const asset = await fetch(`${server.url}/assets/app-1234.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log(1)');
    const escape = await fetch(`${server.url}/assets/..%2f..%2f..%2fetc%2fpasswd`);
    expect(await escape.text()).not.toContain('root:');
    const api = await fetch(`${server.url}/api/v1/unknown`);
    expect(api.headers.get('content-type')).toMatch(/problem\+json/);
    await fs.rm(webDistDir, { recursive: true, force: true });
  });

  it('limits the request rate per client with a 429 problem, unknown and refused addresses included', async () => {
    const server = await startTestServer({ config: { rateLimitPerMinute: 3 } });
    servers.push(server);
    const statuses: number[] = [];
    statuses.push((await fetch(`${server.url}/api/v1/health`)).status);
    statuses.push((await fetch(`${server.url}/api/v1/nothing-here`, { method: 'POST' })).status);
    statuses.push((await fetch(`${server.url}/api/v1/users`)).status);
    statuses.push((await fetch(`${server.url}/api/v1/health`)).status);
    expect(statuses).toEqual([200, 404, 401, 429]);
    const limited = await fetch(`${server.url}/api/v1/health`);
    expect(await limited.json()).toMatchObject({
      type: 'urn:gradins:problem:too-many-requests',
      status: 429,
    });
  });

  it('never writes secrets or personal data into its logs', async () => {
    const lines: string[] = [];
    const server = await startTestServer({ logDestination: { write: (line) => void lines.push(line) } });
    servers.push(server);
    await fetch(`${server.url}/api/v1/health?email=jeanne.dupont%40example.fr`, {
      headers: {
        authorization: 'Bearer secret-token-123',
        cookie: 'gradins_session=session-secret-456',
        'x-forwarded-for': '203.0.113.9',
      },
    });
    await fetch(`${server.url}/api/v1/csp-reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/csp-report' },
      body: JSON.stringify({
        'csp-report': {
          'document-uri': 'https://gradins.test/activation/token-789',
          'violated-directive': 'script-src',
          'blocked-uri': 'https://evil.example/x.js?user=jeanne',
        },
      }),
    });
    const log = lines.join('');
    expect(log).toContain('/api/v1/health'); // the log did capture the requests
    expect(log).toContain('https://evil.example');
    for (const secret of [
      'jeanne',
      'secret-token-123',
      'session-secret-456',
      '203.0.113.9',
      'token-789',
      '127.0.0.1"',
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});
