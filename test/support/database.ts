import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/platform/config/config.js';
import { parseDatabaseUrl } from '../../src/platform/config/config.js';

export type DatabaseKind = DatabaseConfig['kind'];

/**
 * The databases the integration suite runs on: always PGlite, and PostgreSQL too when DATABASE_URL is set
 * (CI sets it). Test names carry the kind, so the output shows which database each result comes from.
 */
export const databaseKinds: DatabaseKind[] = process.env.DATABASE_URL ? ['pglite', 'postgresql'] : ['pglite'];

export interface ScratchDatabase {
  config: DatabaseConfig;
  /** A data folder of its own (keys, PGlite files). */
  dataDir: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: a new PGlite folder, or a new database on the PostgreSQL
 * server of DATABASE_URL, so that runs never collide. `drop` removes it.
 */
export async function createScratchDatabase(kind: DatabaseKind): Promise<ScratchDatabase> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gradins-test-'));
  const removeFolder = () => fs.rm(dataDir, { recursive: true, force: true });
  if (kind === 'pglite') {
    return { config: { kind, dataDir: path.join(dataDir, 'pglite') }, dataDir, drop: removeFolder };
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is needed for PostgreSQL tests');
  const name = `gradins_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    config: parseDatabaseUrl(url.href),
    dataDir,
    drop: async () => {
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
      await removeFolder();
    },
  };
}

async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
