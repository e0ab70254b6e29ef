import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Benchmark } from './run.js';
import { startServerProcess } from './support/processes.js';
import { measureLoad } from './support/load.js';

/**
 * What the platform shell costs per request (security headers, rate limit, access guard, request id, Zod
 * serialisation), then with one database round trip (health), against a bare Fastify route returning a
 * constant, same run.
 */
export const httpShell: Benchmark = {
  name: 'http-shell',
  async run({ seconds }) {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gradins-bench-'));
    const bare = await startServerProcess(['--import', 'tsx', 'bench/support/bare-server.ts'], {});
    const baseline = await measureLoad(`${bare.url}/constant`, seconds);
    await bare.stop();
    const rows = [{ label: 'bare Fastify constant route (baseline)', ...baseline, ratio: 1 }];
    const databases: Record<string, Record<string, string>> = { pglite: {} };
    if (process.env.DATABASE_URL) databases.postgresql = { DATABASE_URL: process.env.DATABASE_URL };
    for (const [kind, env] of Object.entries(databases)) {
      const gradins = await startServerProcess(['bin/gradins.js', 'serve'], {
        ...env,
        GRADINS_DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        GRADINS_RATE_LIMIT: '100000000',
      });
      if (kind === 'pglite') {
        const keys = await measureLoad(`${gradins.url}/.well-known/gradins/keys.json`, seconds);
        rows.push({
          label: 'Gradins GET /.well-known/gradins/keys.json (shell only, no database)',
          ...keys,
          ratio: keys.requestsPerSecond / baseline.requestsPerSecond,
        });
      }
      const health = await measureLoad(`${gradins.url}/api/v1/health`, seconds);
      await gradins.stop();
      rows.push({
        label: `Gradins GET /api/v1/health on ${kind} (one query)`,
        ...health,
        ratio: health.requestsPerSecond / baseline.requestsPerSecond,
      });
    }
    await fs.rm(dataDir, { recursive: true, force: true });
    return rows;
  },
};
