import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyLookup, shardsFromDatabase } from '../../src/modules/audit/log-store.js';
import { sequenceAndSign } from '../../src/modules/audit/sequencer.js';
import { verifyShards } from '../../src/modules/audit/verification.js';
import { recordAuditEvent } from '../../src/platform/audit/record-audit-event.js';
import { systemClock } from '../../src/platform/clock.js';
import { parseDatabaseUrl } from '../../src/platform/config/config.js';
import { openKeyStore } from '../../src/platform/crypto/keystore.js';
import { openDatabase } from '../../src/platform/db/database.js';

const gradins = fileURLToPath(new URL('../../bin/gradins.js', import.meta.url));
const serverUrl = process.env.DATABASE_URL;
const AUDIT_ROLES = 'gradins_audit_owner, gradins_audit_writer, gradins_audit_retention';

/** A statement run by the superuser of DATABASE_URL, on `database` (the server's default otherwise). */
async function asSuperuser(statements: string, database?: string): Promise<void> {
  const url = new URL(serverUrl!);
  if (database) url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  try {
    await client.query(statements);
  } finally {
    await client.end();
  }
}

/**
 * The deployment of docs/operations.md ("Audit log: database roles"), step by step: the application logs in
 * with a role that is neither superuser nor owner of the database, runs the migrations itself, and is then
 * refused by the database — by privileges, not by triggers — every way of changing the audit log.
 */
describe.skipIf(!serverUrl)('the audit log against the application’s own role on postgresql', () => {
  const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const role = `gradins_app_${suffix}`;
  const password = randomBytes(12).toString('hex');
  const database = `gradins_roles_${suffix}`;
  let appUrl: string;
  let dataDir: string;
  let app: pg.Client;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gradins-roles-'));
    // One-time superuser step, before the first migration.
    await asSuperuser(`
      CREATE ROLE ${role} LOGIN PASSWORD '${password}' NOSUPERUSER NOCREATEROLE NOCREATEDB;
      DO $$ BEGIN
        CREATE ROLE gradins_audit_owner NOLOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
      DO $$ BEGIN
        CREATE ROLE gradins_audit_writer NOLOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
      DO $$ BEGIN
        CREATE ROLE gradins_audit_retention NOLOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;`);
    await asSuperuser(`CREATE DATABASE ${database}`);
    await asSuperuser(
      `GRANT CONNECT, TEMPORARY, CREATE ON DATABASE ${database} TO ${role};
       GRANT USAGE, CREATE ON SCHEMA public TO ${role}, ${AUDIT_ROLES};
       GRANT ${AUDIT_ROLES} TO ${role};`,
      database,
    );
    const url = new URL(serverUrl!);
    url.username = role;
    url.password = password;
    url.pathname = `/${database}`;
    appUrl = url.href;
    // The application migrates the database itself, as `npm start` does.
    const migrate = spawnSync(process.execPath, [gradins, 'migrate'], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: appUrl, GRADINS_DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(migrate.stderr).toBe('');
    expect(migrate.status).toBe(0);
    // One-time superuser step, after the migration: the application keeps no way to the audit roles.
    await asSuperuser(
      `REVOKE ${AUDIT_ROLES} FROM ${role};
       REVOKE CREATE ON SCHEMA public FROM ${AUDIT_ROLES};`,
      database,
    );
    app = new pg.Client({ connectionString: appUrl });
    await app.connect();
  });

  afterAll(async () => {
    await app?.end();
    await asSuperuser(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await asSuperuser(`DROP ROLE IF EXISTS ${role}`);
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('writes, places, signs and verifies entries as the application role', async () => {
    const gradinsDatabase = await openDatabase(parseDatabaseUrl(appUrl));
    try {
      await gradinsDatabase.transaction((tx) =>
        recordAuditEvent(tx, {
          actor: 'system:roles-test',
          action: 'applicants.person.read',
          target: { table: 'applicants', ids: ['1'] },
          result: 'success',
          at: new Date(),
        }),
      );
      const keys = await openKeyStore(path.join(dataDir, 'keys'));
      const { placed } = await sequenceAndSign({ database: gradinsDatabase, keys, clock: systemClock });
      expect(placed).toBe(1);
      const result = await verifyShards(await shardsFromDatabase(gradinsDatabase.db), keyLookup(keys));
      expect(result).toMatchObject({ findings: [], entries: 1 });
    } finally {
      await gradinsDatabase.close();
    }
  });

  it.each([
    'update audit_events set action = $$x$$',
    'delete from audit_events',
    'truncate audit_events cascade',
    'update audit_leaves set leaf_hash = $$x$$',
    'delete from audit_leaves',
    'truncate audit_leaves',
    'update audit_heads set root_hash = $$x$$',
    'delete from audit_heads',
    'truncate audit_heads',
    'delete from audit_reviews',
    'truncate audit_reviews',
    'insert into audit_events (occurred_at, actor, action, result) values (now(), $$x$$, $$x.y.z$$, $$success$$)',
    'alter table audit_events disable trigger all',
    'alter table audit_leaves disable trigger audit_leaves_append_only',
    'alter table audit_heads owner to current_user',
    'drop table audit_reviews',
    'create or replace function gradins_audit_append_only() returns trigger language plpgsql as $$begin return old; end$$',
    'grant gradins_audit_owner to current_user',
    'set role gradins_audit_owner',
    'set session_replication_role = replica',
  ])('refuses by privilege: %s', async (statement) => {
    const refusal = await app.query(statement).then(
      () => undefined,
      (error: { code?: string; message: string }) => error,
    );
    expect(refusal).toBeDefined();
    expect(refusal!.code).toBe('42501');
    expect(refusal!.message).not.toContain('append-only'); // not the trigger: the privilege system
  });

  it('refuses the retention bypass of the triggers to the application role', async () => {
    await app.query('begin');
    try {
      await app.query(`select set_config('gradins.audit_retention', 'on', true)`);
      await expect(app.query('delete from audit_events')).rejects.toMatchObject({ code: '42501' });
    } finally {
      await app.query('rollback');
    }
  });
});
