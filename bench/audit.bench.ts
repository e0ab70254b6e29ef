import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { appendAuditEntries, type AuditEvent } from '../src/platform/audit/record-audit-event.js';
import { systemClock } from '../src/platform/clock.js';
import { parseDatabaseUrl } from '../src/platform/config/config.js';
import { openKeyStore } from '../src/platform/crypto/keystore.js';
import { openDatabase } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrations.js';
import { keyLookup, shardsFromDatabase } from '../src/modules/audit/log-store.js';
import { sequenceAndSign } from '../src/modules/audit/sequencer.js';
import { verifyShards } from '../src/modules/audit/verification.js';
import type { Benchmark, BenchmarkRow } from './run.js';
import { measureLoad } from './support/load.js';
import { startServerProcess } from './support/processes.js';

/**
 * Issue [C]: the cost of auditing a personal-data read (goal: audited ≥ 0.8 × unaudited requests per second,
 * same run, same database), and the time to verify a log of a million entries.
 */
export const auditBenchmark: Benchmark = {
  name: 'audit',
  async run({ seconds }) {
    const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'gradins-bench-audit-'));
    const rows: BenchmarkRow[] = [];
    const server = await startServerProcess(['--import', 'tsx', 'bench/support/audit-read-server.ts'], {
      BENCH_PGLITE_DIR: path.join(scratch, 'reads'),
    });
    // Throughput under load (100 connections): with few connections the measure would be bound by this
    // machine's disk flush latency (about 5 ms per commit here), not by what the server can sustain.
    const unaudited = await measureLoad(`${server.url}/unaudited`, seconds, 100);
    const audited = await measureLoad(`${server.url}/audited`, seconds, 100);
    await server.stop();
    rows.push({ label: 'personal-data read, route noPersonalData (baseline)', ...unaudited, ratio: 1 });
    rows.push({
      label: 'same read, route auditRead: onSend hook writes the entry (group commit)',
      ...audited,
      ratio: audited.requestsPerSecond / unaudited.requestsPerSecond,
    });

    const entries = Number(process.env.BENCH_AUDIT_ENTRIES ?? 1_000_000);
    const database = await openDatabase(
      process.env.DATABASE_URL
        ? parseDatabaseUrl(process.env.DATABASE_URL)
        : { kind: 'pglite', dataDir: path.join(scratch, 'log') },
    );
    await migrateToLatest(database);
    const keys = await openKeyStore(path.join(scratch, 'keys'));
    const deps = { database, keys, clock: systemClock };
    await sequenceAndSign(deps); // start from a clean tree tip
    const batch: AuditEvent[] = Array.from({ length: 5000 }, (_, i) => ({
      actor: '00000000-0000-4000-8000-000000000002',
      action: 'applicants.person.read',
      target: { table: 'applicants', ids: [String(i)] },
      result: 'success',
      requestId: `bench-${i}`,
      sourceIp: '192.0.2.1',
      at: new Date(),
    }));
    let started = performance.now();
    for (let written = 0; written < entries; written += batch.length)
      await appendAuditEntries(database.db, batch);
    const writeSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const { placed } = await sequenceAndSign(deps);
    const sequenceSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const result = await verifyShards(await shardsFromDatabase(database.db), keyLookup(keys));
    const verifySeconds = (performance.now() - started) / 1000;
    await database.close();
    await fs.rm(scratch, { recursive: true, force: true });
    console.log(
      `audit log on ${database.kind}: ${entries} entries written in ${writeSeconds.toFixed(1)} s, ` +
        `${placed} placed in the tree and signed in ${sequenceSeconds.toFixed(1)} s, ` +
        `verified in ${verifySeconds.toFixed(1)} s (${result.entries} entries, ${result.findings.length} findings)`,
    );
    rows.push({
      label: `audit verify, ${result.entries} entries (${verifySeconds.toFixed(1)} s; entries per second)`,
      requestsPerSecond: result.entries / verifySeconds,
      ratio: 1,
    });
    return rows;
  },
};
