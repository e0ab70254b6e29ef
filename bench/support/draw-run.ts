// Child process of bench/draw.bench.ts, so that its peak memory is the measured step's alone:
// `run` calls the server's use case `runCommittedDraw` on a draw set up directly in the database;
// `verify` reads the signed record back from the database and times `verifyRecord` on it.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { recordBytesOf } from '../../src/modules/draws/record-bytes.js';
import { runCommittedDraw } from '../../src/modules/draws/run.js';
import { verifyRecord } from '../../src/modules/draws/domain/verify.js';
import { systemClock } from '../../src/platform/clock.js';
import { openKeyStore } from '../../src/platform/crypto/keystore.js';
import { openDatabase } from '../../src/platform/db/database.js';
import type { DatabaseConfig } from '../../src/platform/config/config.js';

interface ChildInput {
  mode: 'run' | 'verify';
  database: DatabaseConfig;
  drawId: string;
  keysDir: string;
  userId: string;
  organisationId: string;
}

const input = JSON.parse(process.argv[2]!) as ChildInput;
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);
const database = await openDatabase(input.database);
const out: Record<string, unknown> = {};
try {
  if (input.mode === 'run') {
    const keys = await openKeyStore(input.keysDir);
    const who = {
      actor: {
        userId: input.userId,
        organisationId: input.organisationId,
        sessionId: 'bench',
        csrfToken: 'bench',
        secondFactorDue: 'none' as const,
        reauthenticatedAt: null,
        grants: [],
      },
      requestId: 'bench',
      sourceIp: '127.0.0.1',
    };
    const started = performance.now();
    // Seconds per phase, and the longest the event loop waited (what a progress request would wait).
    const phases: Record<string, number> = {};
    let phase = '';
    let since = started;
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const view = await runCommittedDraw(
      { database, keys, clock: systemClock, publicUrl: () => '' },
      input.drawId,
      { everyDraw: true },
      who,
      {
        onProgress: (next) => {
          if (next === phase) return;
          const now = performance.now();
          // A phase can come back (writing, signing, writing): its times add up.
          if (phase) phases[phase] = (phases[phase] ?? 0) + (now - since) / 1000;
          phase = next;
          since = now;
        },
      },
    );
    out.seconds = (performance.now() - started) / 1000;
    phases[phase] = (phases[phase] ?? 0) + (performance.now() - since) / 1000;
    lag.disable();
    out.phases = phases;
    out.maxEventLoopDelayMs = lag.max / 1e6;
    out.status = view.status;
  } else {
    let started = performance.now();
    const bytes = (await recordBytesOf(database.db, input.drawId))!;
    out.readSeconds = (performance.now() - started) / 1000;
    out.recordBytes = bytes.length;
    started = performance.now();
    const record: unknown = JSON.parse(bytes.toString('utf8'));
    out.parseSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const report = verifyRecord(record);
    out.seconds = (performance.now() - started) / 1000;
    out.conforme = report.conforme;
    out.differences = report.differences.slice(0, 3);
  }
} finally {
  clearInterval(sampler);
  await database.close();
}
// maxRSS (KiB) is the kernel's high-water mark, which a 50 ms sampler can miss.
out.peakRss = Math.max(peak, process.resourceUsage().maxRSS * 1024);
console.log(`@@result ${JSON.stringify(out)}`);
