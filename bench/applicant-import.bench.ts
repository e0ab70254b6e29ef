import { spawnSync } from 'node:child_process';
import type { ApplicantsDeps } from '../src/modules/applicants/deps.js';
import { endTicketsOfErased } from '../src/modules/tickets/erasure.js';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import pg from 'pg';
import { eq, sql } from 'drizzle-orm';
import { runImport, startImport } from '../src/modules/applicants/import.js';
import {
  APPLICANT_CSV_COLUMNS,
  APPLICANT_CSV_OPTIONAL_COLUMNS,
} from '../src/modules/applicants/domain/applicant-rows.js';
import { systemClock } from '../src/platform/clock.js';
import { parseDatabaseUrl } from '../src/platform/config/config.js';
import { readCsv } from '../src/platform/csv/read-csv.js';
import { openKeyStore } from '../src/platform/crypto/keystore.js';
import { openDatabase } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrations.js';
import { organisations, programmeOperators, programmes, users } from '../src/platform/db/schema/index.js';
import type { Benchmark, BenchmarkRow } from './run.js';

const SURNAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
];
const FIRST_NAMES = [
  'Léa',
  'Hugo',
  'Chloé',
  'Louis',
  'Emma',
  'Gabriel',
  'Jade',
  'Arthur',
  'Louise',
  'Raphaël',
];

/** A realistic applicants file of `count` lines (pupils of 12 to 17 with their representative), unique people. */
async function writeApplicantsFile(file: string, count: number): Promise<number> {
  const out = createWriteStream(file);
  out.write(`${[...APPLICANT_CSV_COLUMNS, ...APPLICANT_CSV_OPTIONAL_COLUMNS].join(';')}\n`);
  for (let index = 0; index < count; index += 1) {
    // A unique surname per line (letters only), so that every line is a different person.
    const suffix = index.toString(26).replace(/[0-9]/g, (digit) => 'qrstuvwxyz'[Number(digit)]!);
    const surname = `${SURNAMES[index % 10]}-${suffix}`;
    const year = 2009 + (index % 5);
    const day = String((index % 28) + 1).padStart(2, '0');
    const line = `${surname};${FIRST_NAMES[index % 10]} Marie;${day}/0${(index % 9) + 1}/${year};parent.${index}@exemple.fr;eleve;oui;02/11/2026;Parent ${SURNAMES[(index + 3) % 10]}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return (await fs.stat(file)).size;
}

/**
 * Issue [E]: importing 1,000,000 applicants on PostgreSQL (rows per second, and the ratio to a plain `COPY` of
 * the same file into a bare table, same run, same server; goal ≥ 0.3), and the import's peak memory (goal
 * < 512 MiB). Runs only with DATABASE_URL (a PostgreSQL server), on a scratch database of its own.
 */
export const applicantImportBenchmark: Benchmark = {
  name: 'applicant-import',
  async run() {
    const serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) {
      console.log('applicant-import: set DATABASE_URL to a PostgreSQL server to run it (skipped).');
      return [];
    }
    const count = Number(process.env.BENCH_APPLICANTS ?? 1_000_000);
    const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'gradins-bench-import-'));
    const file = path.join(scratch, 'candidats.csv');
    const bytes = await writeApplicantsFile(file, count);
    const name = `gradins_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase(parseDatabaseUrl(url.href));
    try {
      await migrateToLatest(database);

      // Baseline: the server's own bulk load of the same file into a table of text columns.
      await database.db.execute(
        sql.raw(
          `create table bench_copy (${[...APPLICANT_CSV_COLUMNS, ...APPLICANT_CSV_OPTIONAL_COLUMNS].map((c) => `${c} text`).join(', ')})`,
        ),
      );
      let started = performance.now();
      const copy = spawnSync(
        'psql',
        [url.href, '-qc', `\\copy bench_copy from '${file}' with (format csv, header, delimiter ';')`],
        { encoding: 'utf8' },
      );
      if (copy.status !== 0) throw new Error(`psql \\copy failed: ${copy.stderr}`);
      const copySeconds = (performance.now() - started) / 1000;

      const [youth] = await database.db.select().from(programmes).where(eq(programmes.targetPublic, 'youth'));
      const [operator] = await database.db
        .insert(organisations)
        .values({ name: 'Rectorat (banc d’essai)', kind: 'operator' })
        .returning();
      await database.db
        .insert(programmeOperators)
        .values({ programmeId: youth!.id, operatorId: operator!.id });
      const [user] = await database.db
        .insert(users)
        .values({
          organisationId: operator!.id,
          email: 'banc@exemple.fr',
          displayName: 'Banc',
          status: 'active',
        })
        .returning();
      const keys = await openKeyStore(path.join(scratch, 'keys'));
      const deps: ApplicantsDeps = {
        database,
        keys,
        clock: systemClock,
        publicUrl: () => 'http://localhost',
        endTicketsOfErased: (tx, ids, context) =>
          endTicketsOfErased(tx, ids, { ...context, keys, publicUrl: 'http://localhost' }),
      };
      const who = {
        actor: {
          userId: user!.id,
          organisationId: operator!.id,
          sessionId: 'bench',
          csrfToken: 'bench',
          secondFactorDue: 'none' as const,
          reauthenticatedAt: null,
          grants: [],
        },
        requestId: 'bench',
        sourceIp: '127.0.0.1',
      };
      const opened = await startImport(
        deps,
        operator!.id,
        { programmeId: youth!.id, bytesTotal: bytes, attested: true, attestationLanguage: 'fr' },
        who,
      );
      let peak = process.memoryUsage().rss;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 100);
      let read = 0;
      async function* counted() {
        for await (const chunk of createReadStream(file)) {
          read += (chunk as Buffer).length;
          yield chunk as Buffer;
        }
      }
      started = performance.now();
      const result = await runImport(
        deps,
        operator!.id,
        opened.id,
        readCsv(counted(), {
          columns: APPLICANT_CSV_COLUMNS,
          optionalColumns: APPLICANT_CSV_OPTIONAL_COLUMNS,
        }),
        () => read,
        who,
      );
      const importSeconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      // The floor for any import of these people: the server writing the same rows into a table with the same
      // indexes and checks as \`applicants\` (no parsing, no checks of ours, no network).
      await database.db.execute(sql.raw('create table bench_indexed (like applicants including all)'));
      started = performance.now();
      await database.db.execute(sql.raw('insert into bench_indexed select * from applicants'));
      const indexedSeconds = (performance.now() - started) / 1000;
      const copyRate = count / copySeconds;
      const importRate = result.rowsRead / importSeconds;
      console.log(
        `applicant import on postgresql: ${count} lines (${(bytes / 1024 ** 2).toFixed(0)} MiB), psql \\copy in ${copySeconds.toFixed(1)} s, ` +
          `Gradins import in ${importSeconds.toFixed(1)} s (${result.rowsCreated} created, ${result.rowsRejected} rejected), ` +
          `peak RSS ${(peak / 1024 ** 2).toFixed(0)} MiB`,
      );
      const rows: BenchmarkRow[] = [
        {
          label: `psql \\copy of the file into a bare table (baseline; rows per second)`,
          requestsPerSecond: copyRate,
          ratio: 1,
        },
        {
          label: `Gradins import: checks, identity keys, applicants with their consent day (rows per second; goal ≥ 0.3)`,
          requestsPerSecond: importRate,
          ratio: importRate / copyRate,
        },
        {
          label: `the server writing the same rows into a table indexed like applicants (floor; rows per second)`,
          requestsPerSecond: count / indexedSeconds,
          ratio: count / indexedSeconds / copyRate,
        },
        {
          label: `Gradins import against that floor (ratio)`,
          requestsPerSecond: importRate,
          ratio: importRate / (count / indexedSeconds),
        },
        {
          label: `peak memory of the import, MiB (goal < 512; ratio to the goal)`,
          requestsPerSecond: peak / 1024 ** 2,
          ratio: peak / (512 * 1024 ** 2),
        },
      ];
      return rows;
    } finally {
      await database.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      await fs.rm(scratch, { recursive: true, force: true });
    }
  },
};
