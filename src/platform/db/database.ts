import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { DatabaseConfig } from '../config/config.js';
import { StartupError } from '../startup-error.js';
import * as schema from './schema/index.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';

export type Schema = typeof schema;

/** One database type for both drivers: modules never know whether they run on PGlite or PostgreSQL. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** What a unit of work receives: the database itself or an open transaction on it. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  readonly kind: DatabaseConfig['kind'];
  readonly db: Db;
  /** Runs `work` in one transaction: everything it writes is committed together, or nothing is. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * One statement in plain SQL with `$1…` parameters, outside any transaction (a statement is one on its own):
   * for the few hot paths where building the query costs more than running it. On PostgreSQL `name` makes it
   * a prepared statement each connection parses and plans once.
   */
  query<Row>(text: string, values: readonly unknown[], name?: string): Promise<Row[]>;
  /** Checks that the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Runs `work` while holding a database-wide lock named `name` (PostgreSQL advisory lock; PGlite has one connection). */
  withExclusiveLock<T>(name: string, work: (db: Db) => Promise<T>): Promise<T>;
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === 'pglite' ? openPglite(config.dataDir) : openPostgres(config.url, config.displayUrl);
}

async function openPglite(dataDir: string): Promise<Database> {
  const lock = await acquireDataDirLock(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir);
  } catch (cause) {
    await lock.release();
    throw new StartupError(
      'database.pglite-unreadable',
      {
        fr: `la base embarquée dans « ${dataDir} » ne peut pas être ouverte (${describe(cause)}). Vérifiez que ce dossier est lisible et modifiable, ou choisissez-en un autre avec GRADINS_DATA_DIR.`,
        en: `the embedded database in "${dataDir}" cannot be opened (${describe(cause)}). Check that this folder is readable and writable, or choose another one with GRADINS_DATA_DIR.`,
      },
      { cause },
    );
  }
  const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    transaction: (work) => db.transaction(work),
    query: async <Row>(text: string, values: readonly unknown[]) =>
      (await client.query<Row>(text, [...values])).rows,
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    // PGlite serves one connection; its own queue already serialises every statement.
    withExclusiveLock: (_name, work) => work(db),
    close: async () => closeOnce(client, lock),
  };
}

async function closeOnce(client: PGlite, lock: DataDirLock): Promise<void> {
  if (!client.closed) await client.close();
  await lock.release();
}

async function openPostgres(url: string, displayUrl: string): Promise<Database> {
  // Room for the group commits' statements in flight (read log 4, check-ins 4, sessions 2) and the rest.
  const pool = new pg.Pool({ connectionString: url, max: 16, connectionTimeoutMillis: 10_000 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  try {
    const probe = await pool.connect();
    probe.release();
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw unreachablePostgres(displayUrl, cause);
  }
  const db = drizzlePostgres({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
  return {
    kind: 'postgresql',
    db,
    transaction: (work) => db.transaction(work),
    query: async <Row>(text: string, values: readonly unknown[], name?: string) =>
      (await pool.query<Row & pg.QueryResultRow>({ text, values: [...values], ...(name ? { name } : {}) }))
        .rows as Row[],
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    withExclusiveLock: async (name, work) => {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [name]);
        try {
          const locked = drizzlePostgres({ client, schema, casing: 'snake_case' }) as unknown as Db;
          return await work(locked);
        } finally {
          await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [name]);
        }
      } finally {
        client.release();
      }
    },
    close: async () => {
      await pool.end();
    },
  };
}

function unreachablePostgres(displayUrl: string, cause: unknown): StartupError {
  const code = (cause as { code?: string }).code;
  const reason =
    code === '3D000'
      ? {
          fr: "la base nommée n'existe pas sur ce serveur",
          en: 'the named database does not exist on that server',
        }
      : code === '28P01' || code === '28000'
        ? { fr: "l'identifiant ou le mot de passe est refusé", en: 'the user name or password is refused' }
        : {
            fr: `le serveur ne répond pas (${describe(cause)})`,
            en: `the server does not answer (${describe(cause)})`,
          };
  return new StartupError(
    'database.unreachable',
    {
      fr: `impossible de se connecter à PostgreSQL à l'adresse ${displayUrl} : ${reason.fr}. Vérifiez que le serveur est démarré et que DATABASE_URL est juste, ou retirez DATABASE_URL pour utiliser la base embarquée.`,
      en: `cannot connect to PostgreSQL at ${displayUrl}: ${reason.en}. Check that the server is running and DATABASE_URL is right, or unset DATABASE_URL to use the embedded database.`,
    },
    { cause },
  );
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: string }).code;
    return code ? `${code}: ${cause.message}` : cause.message;
  }
  return String(cause);
}

/** Rows of a raw SQL query; both drivers return `{ rows }`. */
export async function selectRows<Row>(db: Db | Tx, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}

/** A unique constraint refused the write (SQLSTATE 23505), whichever driver raised it. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    (error as { code?: string }).code === '23505' ||
    (error as { cause?: { code?: string } }).cause?.code === '23505'
  );
}
