import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Benchmark, BenchmarkRow } from './run.js';
import { measureLoad } from './support/load.js';
import { startServerProcess } from './support/processes.js';

const CONNECTIONS = 20;

/**
 * Issue [G], "Performance": the online check-in endpoint under load (autocannon) against a bare Fastify route
 * returning a constant, same run; goal ≥ 0.5 and p99 < 50 ms. A ticket enters once, so the first load sends a
 * different pre-issued ticket with each request (the code's checks, the ticket moved under its row lock, the
 * entry, the history row and the audit entry, concurrent requests sharing one statement: `check-ins.ts`); the
 * second sends the same codes again, each now refused « déjà entré » (the same statement finding the first entry,
 * and the audited refusal). Each measure lasts `seconds` (10 by default: the whole benchmark stays under 2
 * minutes with the seeding).
 */
export const checkinBenchmark: Benchmark = {
  name: 'checkin',
  async run({ seconds }) {
    const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'gradins-bench-gate-'));
    const file = path.join(scratch, 'gate.json');
    try {
      const bare = await startServerProcess(['--import', 'tsx', 'bench/support/bare-server.ts'], {});
      const baseline = await measureLoad(`${bare.url}/constant`, seconds, CONNECTIONS);
      await bare.stop();
      const server = await startServerProcess(['--import', 'tsx', 'bench/support/gate-server.ts'], {
        BENCH_PGLITE_DIR: scratch,
        BENCH_GATE_FILE: file,
      });
      const setup = JSON.parse(await fs.readFile(file, 'utf8')) as {
        cookie: string;
        csrfToken: string;
        eventId: string;
        codes: string[];
      };
      const kind = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
      const rows: BenchmarkRow[] = [
        { label: 'bare Fastify constant route (baseline)', ...baseline, ratio: 1 },
      ];
      let next = 0;
      const load = async () => {
        const accepted = { count: 0 };
        const result = await autocannon({
          url: server.url,
          connections: CONNECTIONS,
          duration: seconds,
          requests: [
            {
              method: 'POST',
              path: `/api/v1/events/${setup.eventId}/gate/check-ins`,
              headers: {
                cookie: setup.cookie,
                'x-csrf-token': setup.csrfToken,
                'content-type': 'application/json',
              },
              setupRequest: (request) => ({
                ...request,
                body: JSON.stringify({ code: setup.codes[next++ % setup.codes.length], gateId: 'Porte A' }),
              }),
              onResponse: (_status, body) => {
                if (body.includes('"accepted":true')) accepted.count += 1;
              },
            },
          ],
        });
        return {
          requestsPerSecond: result.requests.average,
          p99Milliseconds: result.latency.p99,
          errors: result.errors,
          non2xx: result.non2xx,
          accepted: accepted.count,
          total: result.requests.total,
        };
      };
      const first = await load();
      rows.push({
        label: `POST check-in on ${kind}, a new ticket each request (${first.accepted} of ${first.total} accepted, ${setup.codes.length} tickets)`,
        ...first,
        ratio: first.requestsPerSecond / baseline.requestsPerSecond,
      });
      next = 0;
      const again = await load();
      rows.push({
        label: `POST check-in on ${kind}, the same codes again: refused « déjà entré » (${again.total - again.accepted} of ${again.total})`,
        ...again,
        ratio: again.requestsPerSecond / baseline.requestsPerSecond,
      });
      // What a signed-in request costs before any gate work: the session and grants read, one small query.
      const signedIn = await autocannon({
        url: `${server.url}/api/v1/gate/events`,
        connections: CONNECTIONS,
        duration: seconds,
        headers: { cookie: setup.cookie },
      });
      rows.push({
        label: `GET /api/v1/gate/events on ${kind} (session resolution and one query, for comparison)`,
        requestsPerSecond: signedIn.requests.average,
        p99Milliseconds: signedIn.latency.p99,
        errors: signedIn.errors,
        non2xx: signedIn.non2xx,
        ratio: signedIn.requests.average / baseline.requestsPerSecond,
      });
      await server.stop();
      return rows;
    } finally {
      await fs.rm(scratch, { recursive: true, force: true });
    }
  },
};
