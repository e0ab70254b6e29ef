import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, selectRows } from '../../src/platform/db/database.js';
import { createScratchDatabase, databaseKinds } from '../support/database.js';

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

/**
 * A process killed in the middle of a change (SIGKILL, no chance to clean up) leaves both the change and its
 * audit entry, or neither: they are written in one transaction.
 */
describe.each(databaseKinds)('a crash in the middle of an audited change on %s', (kind) => {
  it('leaves both the change and its entry, or neither', async () => {
    const scratch = await createScratchDatabase(kind);
    try {
      // Migrate once (the child opens the same database).
      const prepared = await openDatabase(scratch.config);
      const { migrateToLatest } = await import('../../src/platform/db/migrations.js');
      await migrateToLatest(prepared);
      await prepared.close();

      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(root, 'test/support/crash-mid-transaction.ts')],
        {
          cwd: root,
          env: { ...process.env, CRASH_DATABASE: JSON.stringify(scratch.config) },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      await new Promise<void>((resolve) =>
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('inside') && resolve()),
      );
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('exit', resolve));

      const database = await openDatabase(scratch.config);
      const [organisations] = await selectRows<{ count: string | number }>(
        database.db,
        sql`select count(*) as count from organisations where name = 'Organisation du crash'`,
      );
      const [entries] = await selectRows<{ count: string | number }>(
        database.db,
        sql`select count(*) as count from audit_events where action = 'accounts.organisation.created'`,
      );
      await database.close();
      expect(Number(organisations!.count)).toBe(Number(entries!.count));
      expect(Number(entries!.count)).toBe(0);
    } finally {
      await scratch.drop();
    }
  });
});
