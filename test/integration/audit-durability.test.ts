import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, selectRows } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrations.js';
import { createScratchDatabase, databaseKinds, type ScratchDatabase } from '../support/database.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const gradins = path.join(root, 'bin/gradins.js');

describe('gradins audit verify (command line)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gradins-audit-cli-'));
  });
  afterAll(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });
  const run = (args: string[], input?: string) =>
    spawnSync(process.execPath, [gradins, ...args], {
      env: { PATH: process.env.PATH ?? '', GRADINS_DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      input,
      encoding: 'utf8',
    });

  // Four runs of the real command, each starting tsx and the embedded database: over a minute on a busy
  // two-core machine.
  it(
    'says conforme on an intact log, and names the altered entry after tampering',
    { timeout: 180_000 },
    async () => {
      expect(
        run(
          ['admin', 'create', '--email', 'controle@exemple.fr', '--name', 'Contrôle'],
          'Tribune-Nord-Rang-7-Siège-12',
        ).status,
      ).toBe(0);
      expect(run(['audit', 'checkpoint']).status).toBe(0);
      const intact = run(['audit', 'verify']);
      expect(intact.stdout).toContain('conforme — 2 entrées');
      expect(intact.status).toBe(0);

      const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pglite') });
      const [first] = await selectRows<{ id: number }>(
        database.db,
        sql`select min(id) as id from audit_events`,
      );
      await database.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`); // an attacker past the triggers
        await tx.execute(sql`update audit_events set actor = 'quelqu-un-d-autre' where id = ${first!.id}`);
      });
      await database.close();

      const tampered = run(['audit', 'verify']);
      expect(tampered.status).toBe(1);
      expect(tampered.stdout).toContain(`entrée ${first!.id}`);
      expect(tampered.stdout).toContain('a été modifiée');
      expect(tampered.stdout).toContain('non conforme');
    },
  );
});

/** The real server (`gradins serve`) in a child process on a scratch database; resolves once it listens. */
function serve(scratch: ScratchDatabase): Promise<{ child: ChildProcess; url: string; setupToken?: string }> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GRADINS_DATA_DIR: scratch.dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  if (scratch.config.kind === 'postgresql') env.DATABASE_URL = scratch.config.url;
  const child = spawn(process.execPath, [gradins, 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.on('exit', (code) => reject(new Error(`gradins serve exited with ${code}: ${output}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/[\d.]+:\d+)/.exec(output)?.[1];
      // On a database without any user the server prints the set-up link after the listening line.
      if (url && (output.includes('/installation/') || /listening on .*\n[\s\S]*Ctrl\+C/.test(output))) {
        const setupToken = /\/installation\/(\S+)/.exec(output)?.[1];
        setTimeout(() => resolve({ child, url, ...(setupToken ? { setupToken } : {}) }), 50);
      }
    });
  });
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** Polls `condition` every 50 ms, for 30 s at most: waits on an event, never on a fixed delay. */
async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * The real server process killed (SIGKILL, no chance to clean up) while a request is inside the transaction
 * that writes a change and its audit entry: after a restart, both are there or neither is. The request is the
 * creation of the first administrator (user, grant and `accounts.administrator.created` in one transaction).
 * On PostgreSQL the test holds a lock on audit_events, so the request waits inside its transaction, after
 * its change, at the INSERT of its entry; the test sees it wait (pg_stat_activity, pg_locks) before killing.
 */
describe.each(databaseKinds)('the server killed in the middle of an audited request on %s', (kind) => {
  it('leaves both the change and its entry, or neither', async () => {
    const scratch = await createScratchDatabase(kind);
    let server: Awaited<ReturnType<typeof serve>> | undefined;
    let locker: pg.Client | undefined;
    let observer: pg.Client | undefined;
    try {
      if (kind === 'pglite') {
        // PGlite lives inside the server process: a trigger holds the request at the entry's INSERT instead
        // (PGlite runs queries on the server's thread, so the whole process stops there).
        const database = await openDatabase(scratch.config);
        await migrateToLatest(database);
        await database.db.execute(sql`create function crash_test_hold() returns trigger language plpgsql as $$
          begin if new.action = 'accounts.administrator.created' then perform pg_sleep(600); end if; return new; end $$`);
        await database.db.execute(
          sql`create trigger crash_test_hold before insert on audit_events for each row execute function crash_test_hold()`,
        );
        await database.close();
      }
      server = await serve(scratch);
      expect(server.setupToken).toBeDefined();
      if (kind === 'postgresql') {
        locker = new pg.Client({ connectionString: (scratch.config as { url: string }).url });
        await locker.connect();
        await locker.query('begin');
        await locker.query('lock table audit_events in share mode');
        // Another session watches: inside a transaction, pg_stat_activity would stay at its first snapshot.
        observer = new pg.Client({ connectionString: (scratch.config as { url: string }).url });
        await observer.connect();
      }
      const request = fetch(`${server.url}/api/v1/setup/first-admin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          token: server.setupToken,
          email: 'premiere.admin@exemple.fr',
          displayName: 'Première Admin',
          organisationName: 'Ministère du crash',
          password: 'Tribune-Nord-Rang-7-Siège-12',
        }),
      }).then(
        (response) => response.status,
        () => 'connection lost' as const, // the connection dies with the server
      );
      if (locker) {
        let waiting: number | undefined;
        await until(async () => {
          const { rows } = await observer!.query<{ pid: number }>(
            `select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'
             and query like '%gradins_audit_append%'`,
          );
          waiting = rows[0]?.pid;
          return waiting !== undefined;
        }, 'the request to wait at its audit entry');
        // Inside its transaction, after its change: it already holds a write lock on users.
        const { rows } = await observer!.query(
          `select 1 from pg_locks where pid = $1 and relation = 'users'::regclass and mode = 'RowExclusiveLock'`,
          [waiting],
        );
        expect(rows).toHaveLength(1);
        await kill(server.child);
        await locker.query('rollback');
        await until(async () => {
          const gone = await observer!.query('select 1 from pg_stat_activity where pid = $1', [waiting]);
          return gone.rows.length === 0;
        }, 'the killed server’s session to end');
      } else {
        // The server stops answering once the request sits in the trigger: then it is inside the transaction.
        // A probe that times out (not one refused) means the process is held in the trigger: PGlite runs on
        // the server's thread. A probe answered means the request has not reached it yet.
        const stuck = () =>
          fetch(`${server!.url}/api/v1/health`, { signal: AbortSignal.timeout(1000) }).then(
            () => false,
            (error: Error) => {
              if (error.name === 'TimeoutError') return true;
              throw error;
            },
          );
        await until(stuck, 'the request to stop inside its transaction');
        await kill(server.child);
      }
      expect(await request).toBe('connection lost'); // no answer: the server died inside the request
      server = undefined;

      // Restart: the server comes back on the same database, and the request left nothing half-done.
      if (kind === 'pglite') {
        const database = await openDatabase(scratch.config);
        await database.db.execute(sql`drop trigger crash_test_hold on audit_events`);
        await database.close();
      }
      server = await serve(scratch);
      expect(server.setupToken).toBeDefined(); // still no administrator: the set-up link is offered again
      await kill(server.child);
      server = undefined;
      const database = await openDatabase(scratch.config);
      const [users] = await selectRows<{ count: string | number }>(
        database.db,
        sql`select count(*) as count from users where email = 'premiere.admin@exemple.fr'`,
      );
      const [entries] = await selectRows<{ count: string | number }>(
        database.db,
        sql`select count(*) as count from audit_events where action = 'accounts.administrator.created'`,
      );
      await database.close();
      expect(Number(users!.count)).toBe(Number(entries!.count));
      expect(Number(entries!.count)).toBe(0);
    } finally {
      await locker?.end().catch(() => undefined);
      await observer?.end().catch(() => undefined);
      if (server) await kill(server.child);
      await scratch.drop();
    }
  });
});
