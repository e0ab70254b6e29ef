import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { StartupError } from '../startup-error.js';
import { selectRows, type Database, type Db, type Schema } from './database.js';

/** The committed SQL migrations (drizzle-kit output), shared by PGlite and PostgreSQL. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../drizzle', import.meta.url));

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

let journal: JournalEntry[] | undefined;

/** The migrations this code knows, from drizzle-kit's journal (read once: it ships with the code). */
export function readJournal(): JournalEntry[] {
  journal ??= (
    JSON.parse(fs.readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as {
      entries: JournalEntry[];
    }
  ).entries;
  return journal;
}

/**
 * Brings the database to the latest schema. Runs under a database-wide lock so that several Gradins
 * processes starting together on one PostgreSQL apply each migration once. Each migration file is applied in
 * a transaction: a failure leaves the schema as it was. Returns the version now in place.
 */
export async function migrateToLatest(database: Database): Promise<string> {
  await database.withExclusiveLock('gradins.migrations', async (db) => {
    await refuseNewerDatabase(db);
    const config = { migrationsFolder: MIGRATIONS_FOLDER };
    try {
      if (database.kind === 'pglite') await migratePglite(db as unknown as PgliteDatabase<Schema>, config);
      else await migratePostgres(db as unknown as NodePgDatabase<Schema>, config);
    } catch (cause) {
      throw migrationFailed(cause);
    }
  });
  return currentSchemaVersion(database.db);
}

/** The tag of the newest migration applied to the database (e.g. `0000_init`), or `none`. */
export async function currentSchemaVersion(db: Db): Promise<string> {
  const newest = await newestAppliedMigration(db);
  if (newest === undefined) return 'none';
  return readJournal().find((entry) => entry.when === newest)?.tag ?? `unknown-${newest}`;
}

/** One query, so that the health route can use it as its database probe. */
async function newestAppliedMigration(db: Db): Promise<number | undefined> {
  try {
    const [newest] = await selectRows<{ created_at: string | number }>(
      db,
      sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
    );
    return newest === undefined ? undefined : Number(newest.created_at);
  } catch (error) {
    if (isUndefinedTable(error)) return undefined;
    throw error;
  }
}

function isUndefinedTable(error: unknown): boolean {
  // 42P01 undefined_table, 3F000 invalid_schema_name; drizzle wraps the driver's error in `cause`.
  const codes = [error, (error as { cause?: unknown }).cause].map(
    (e) => (e as { code?: string } | undefined)?.code,
  );
  return codes.includes('42P01') || codes.includes('3F000');
}

/** A database migrated by a newer Gradins must not be used (nor "downgraded") by an older one. */
async function refuseNewerDatabase(db: Db): Promise<void> {
  const newest = await newestAppliedMigration(db);
  const known = readJournal().at(-1)?.when ?? 0;
  if (newest !== undefined && newest > known) {
    throw new StartupError('database.newer-than-code', {
      fr: `la base de données a été mise à jour par une version plus récente de Gradins que celle-ci. Installez la version la plus récente, ou restaurez une sauvegarde compatible.`,
      en: `the database was upgraded by a newer Gradins than this one. Install the newest version, or restore a compatible backup.`,
    });
  }
}

/** Each migration runs in a transaction: a failure leaves the schema as it was, and says why. */
function migrationFailed(cause: unknown): StartupError {
  const code = [cause, (cause as { cause?: unknown }).cause]
    .map((e) => (e as { code?: string } | undefined)?.code)
    .find((c) => typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c));
  const denied = code === '42501';
  return new StartupError(
    'database.migration-failed',
    {
      fr: denied
        ? "l'utilisateur PostgreSQL de DATABASE_URL n'a pas le droit de créer les tables de Gradins (42501). Donnez-lui les droits CREATE sur la base et, pour le journal d'audit, l'appartenance provisoire aux rôles gradins_audit_* (docs/operations.md, « Journal d'audit : rôles de la base »), puis relancez ; rien n'a été modifié."
        : `la mise à jour du schéma de la base a échoué (code ${code ?? 'inconnu'}) ; rien n'a été modifié. Vérifiez les droits de l'utilisateur de la base, puis relancez « npx gradins migrate ».`,
      en: denied
        ? 'the PostgreSQL user of DATABASE_URL may not create Gradins\' tables (42501). Give it CREATE rights on the database and, for the audit log, temporary membership of the gradins_audit_* roles (docs/operations.md, "Audit log: database roles"), then start again; nothing was changed.'
        : `updating the database schema failed (code ${code ?? 'unknown'}); nothing was changed. Check the database user's rights, then run "npx gradins migrate" again.`,
    },
    { cause },
  );
}
