import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { verifyPassword } from '../../src/modules/accounts/password-hashing.js';
import type { AuditExport } from '../../src/modules/audit/log-store.js';
import { sequenceAndSign } from '../../src/modules/audit/sequencer.js';
import { appendAuditEntries } from '../../src/platform/audit/record-audit-event.js';
import { manualClock } from '../../src/platform/clock.js';
import { openKeyStore } from '../../src/platform/crypto/keystore.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrations.js';
import { roleGrants, users } from '../../src/platform/db/schema/index.js';
import { latestMigration } from '../support/schema.js';

const gradins = fileURLToPath(new URL('../../bin/gradins.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `gradins` command in a child process with a clean environment plus `env`; `input` is its
 * standard input (a pipe, as in a script; empty when not given).
 */
function runGradins(
  args: string[],
  env: Record<string, string>,
  until?: (run: Run) => boolean,
  input?: string,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [gradins, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end(input ?? '');
    const run: Run = { code: null, stdout: '', stderr: '' };
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    let stopped = false;
    const watch = () => {
      if (!stopped && until?.(run)) {
        stopped = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', (chunk) => ((run.stdout += chunk), watch()));
    child.stderr.on('data', (chunk) => ((run.stderr += chunk), watch()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ ...run, code: code ?? (signal ? -1 : null) });
    });
  });
}

describe('gradins command', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gradins-cli-'));
  });
  afterAll(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('lists every command, nested ones included, with one line each in --help', async () => {
    const { code, stdout } = await runGradins(['--help'], {});
    expect(code).toBe(0);
    const section = stdout
      .split(/^Commands:\n/m)[1]!
      .trimEnd()
      .split('\n');
    // Each line names a command and says what it does: no description wrapped onto a second line.
    for (const line of section) expect(line).toMatch(/^ {2}\S.*\S {2,}\S.+$/);
    const names = section.map((line) =>
      line
        .trim()
        .split(/\s{2,}/)[0]!
        .replace(/ \[.*$/, ''),
    );
    expect(names).toEqual([
      'serve',
      'migrate',
      'keys list',
      'keys rotate <purpose>',
      'keys retire <purpose>',
      'admin create',
      'demo',
      'audit verify',
      'audit export',
      'audit checkpoint',
      'audit purge',
      'draw verify',
      'help',
    ]);
  });

  describe('admin create', () => {
    const args = ['admin', 'create', '--email', 'alix.admin@exemple.fr', '--name', 'Alix Admin'];
    const password = 'Tribune-Ouest-Rang-9-Siège-4!';

    it('refuses a password given on the command line, before anything is written', async () => {
      const env = { GRADINS_DATA_DIR: path.join(dataDir, 'argv') };
      for (const flag of [['--password', password], [`--password=${password}`]]) {
        const run = await runGradins([...args, ...flag], env, undefined, `${password}\n`);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('ne donnez jamais un mot de passe sur la ligne de commande');
        expect(run.stdout).not.toContain('Administrateur créé');
      }
      expect(await fs.readdir(env.GRADINS_DATA_DIR).catch(() => [])).toEqual([]);
    });

    it('refuses a weak password read from standard input, explaining what is missing, and writes nothing', async () => {
      const env = { GRADINS_DATA_DIR: path.join(dataDir, 'weak') };
      const run = await runGradins(args, env, undefined, 'Tribune-42!\n');
      expect(run.code).toBe(1);
      expect(await fs.readdir(env.GRADINS_DATA_DIR).catch(() => [])).toEqual([]);
      expect(run.stderr).toContain('pas assez robuste');
      expect(run.stderr).toContain('Il manque 1 caractère');
      expect(run.stderr).not.toContain('Tribune-42!');
    });

    // Two runs of the real command and an embedded database opened here: slow on a busy machine.
    it(
      'creates a platform administrator with the password read from standard input',
      { timeout: 180_000 },
      async () => {
        const run = await runGradins(args, { GRADINS_DATA_DIR: dataDir }, undefined, `${password}\n`);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        expect(run.stdout).toContain('Administrateur créé : alix.admin@exemple.fr');
        expect(run.stdout).not.toContain(password);

        const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pglite') });
        try {
          const [user] = await database.db
            .select()
            .from(users)
            .where(eq(users.email, 'alix.admin@exemple.fr'));
          expect(user).toMatchObject({ displayName: 'Alix Admin', status: 'active' });
          // The trailing newline of the input is not part of the password.
          expect(await verifyPassword(user!.passwordHash!, password)).toBe(true);
          const grants = await database.db.select().from(roleGrants).where(eq(roleGrants.userId, user!.id));
          expect(grants.map((grant) => [grant.role, grant.scopeKind])).toEqual([['sysadmin', 'platform']]);
        } finally {
          await database.close();
        }

        const twice = await runGradins(args, { GRADINS_DATA_DIR: dataDir }, undefined, `${password}\n`);
        expect(twice.code).toBe(1);
        expect(twice.stderr).toContain('Un compte existe déjà avec cette adresse e-mail');
      },
    );
  });

  it('migrates the embedded database and lists the keys', async () => {
    const env = { GRADINS_DATA_DIR: dataDir };
    const migrate = await runGradins(['migrate'], env);
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toContain(latestMigration);
    const keys = await runGradins(['keys'], env);
    expect(keys.code).toBe(0);
    expect(keys.stdout).toMatch(/ticket-[0-9a-f]{16}/);
    expect(keys.stdout).toMatch(/identity-ban-[0-9a-f]{16}/);
    expect(keys.stdout).not.toContain('PRIVATE KEY');
  });

  it('rotates the identity key, and refuses a purpose it cannot rotate', async () => {
    const env = { GRADINS_DATA_DIR: dataDir };
    const before = (await openKeyStore(path.join(dataDir, 'keys'))).secret('identity-beneficiary').kid;
    const rotated = await runGradins(['keys', 'rotate', 'identity-beneficiary'], env);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toContain(`${before} destroyed`);
    const after = await openKeyStore(path.join(dataDir, 'keys'));
    expect(after.secret('identity-beneficiary').kid).not.toBe(before);
    expect(after.list().some((key) => key.kid === before)).toBe(false);
    const refused = await runGradins(['keys', 'rotate', 'ticket'], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('keys.not-rotatable');
  });

  it('serves, then stops gracefully on SIGTERM', async () => {
    const run = await runGradins(
      ['serve'],
      { GRADINS_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
      (r) => r.stdout.includes('Gradins is listening'),
    );
    expect(run.stdout).toContain('Gradins écoute sur http://127.0.0.1:');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it.each([
    ['an invalid DATABASE_URL', { DATABASE_URL: 'mysql://root@localhost/gradins' }, 'DATABASE_URL'],
    ['an unreachable database', { DATABASE_URL: 'postgres://gradins@127.0.0.1:1/gradins' }, 'PostgreSQL'],
    ['a non-numeric PORT', { PORT: 'trois-mille' }, 'PORT'],
  ])('refuses to start with %s, saying what to fix in French and English', async (_case, env, subject) => {
    const run = await runGradins(['serve'], { GRADINS_DATA_DIR: dataDir, ...env });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('Gradins ne peut pas démarrer');
    expect(run.stderr).toContain('Gradins cannot start');
    expect(run.stderr).toContain(subject);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('refuses a data folder that cannot be used, and writes nothing', async () => {
    const file = path.join(dataDir, 'not-a-folder');
    await fs.writeFile(file, 'x');
    const run = await runGradins(['serve'], { GRADINS_DATA_DIR: file });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('GRADINS_DATA_DIR');
    expect(await fs.readFile(file, 'utf8')).toBe('x');
  });

  it('refuses a port already in use before writing anything', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const fresh = path.join(dataDir, 'fresh');
    try {
      const run = await runGradins(['serve'], {
        GRADINS_DATA_DIR: fresh,
        PORT: String(port),
        HOST: '127.0.0.1',
      });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('server.port-unavailable');
      const written = await fs.readdir(fresh).catch(() => []);
      expect(written.filter((name) => name !== 'keys')).toEqual([]);
      expect(await fs.readdir(path.join(fresh, 'keys')).catch(() => [])).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  it('turns an unexpected fault into a paragraph, without a stack trace', async () => {
    const keysDir = path.join(dataDir, 'broken-keys');
    await fs.mkdir(keysDir, { recursive: true });
    await fs.writeFile(path.join(keysDir, 'ticket-0000000000000000.json'), '{"kid": "x"');
    const run = await runGradins(['keys'], { GRADINS_DATA_DIR: dataDir, GRADINS_KEYS_DIR: keysDir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('keys.unreadable');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a port already in use, saying which and how to choose another', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const run = await runGradins(['serve'], {
        GRADINS_DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
      });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain(`le port ${port} est déjà utilisé`);
      expect(run.stderr).toContain('PORT=3001');
      // The embedded database was closed properly: the next start works.
      const again = await runGradins(['migrate'], { GRADINS_DATA_DIR: dataDir });
      expect(again.code).toBe(0);
    } finally {
      blocker.close();
    }
  });
});

describe('gradins audit export, then verify --file (command line)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gradins-cli-export-'));
  });
  afterAll(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('exports a middle month with the anchor of its chain, and the export verifies on its own', async () => {
    // Three months of entries, placed and signed month by month as the sequencer would have done.
    const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pglite') });
    await migrateToLatest(database);
    const keys = await openKeyStore(path.join(dataDir, 'keys'));
    const clock = manualClock();
    for (const month of [8, 9, 10]) {
      clock.set(new Date(Date.UTC(2026, month, 12, 9)));
      await appendAuditEntries(
        database.db,
        [1, 2, 3].map((i) => ({
          actor: 'system:cli-test',
          action: 'applicants.person.read',
          target: { table: 'applicants', ids: [`${month}-${i}`] },
          result: 'success' as const,
          at: clock.now(),
        })),
      );
      await sequenceAndSign({ database, keys, clock });
    }
    await database.close();

    const env = { GRADINS_DATA_DIR: dataDir };
    const file = path.join(dataDir, 'octobre.json');
    const exported = await runGradins(
      ['audit', 'export', '--from', '2026-10-01', '--to', '2026-11-01', '--output', file],
      env,
    );
    expect(exported.code).toBe(0);
    const document = JSON.parse(await fs.readFile(file, 'utf8')) as AuditExport;
    expect(document.shards.map((shard) => shard.shard)).toEqual(['2026-10']);
    expect(document.anchor).toMatchObject({ statement: { shard: '2026-09', kind: 'final' } });

    const verified = await runGradins(['audit', 'verify', '--file', file], env);
    expect(verified.stdout).toContain('conforme — 3 entrées');
    expect(verified.code).toBe(0);

    // Without its anchor, or with an anchor that is not the signed one, the export does not verify.
    await fs.writeFile(file, JSON.stringify({ ...document, anchor: null }));
    const unanchored = await runGradins(['audit', 'verify', '--file', file], env);
    expect(unanchored.code).toBe(1);
    expect(unanchored.stdout).toContain('chaîne des tranches rompue');
    const forged = structuredClone(document);
    forged.anchor!.statement.root_hash = 'ab'.repeat(32);
    await fs.writeFile(file, JSON.stringify(forged));
    const forgedRun = await runGradins(['audit', 'verify', '--file', file], env);
    expect(forgedRun.code).toBe(1);
    expect(forgedRun.stdout).toContain('tranche 2026-09');
    expect(forgedRun.stdout).toContain('signature invalide');
  });
});
