import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GradinsConfig } from '../../src/platform/config/config.js';
import type { LogDestination } from '../../src/platform/http/logging.js';
import { manualClock, type ManualClock } from '../../src/platform/clock.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { createScratchDatabase, type DatabaseKind } from './database.js';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface TestServer extends RunningServer {
  config: GradinsConfig;
  /** The server's clock: tests move it to cross delays, expiries and deadlines. */
  clock: ManualClock;
  stop(): Promise<void>;
}

/**
 * The real Gradins server on a free port, with its own scratch database and key folder. It serves the
 * built web app from web/dist (the browser suite builds it first).
 */
export async function startTestServer(
  options: {
    database?: DatabaseKind;
    config?: Partial<GradinsConfig>;
    logDestination?: LogDestination;
    clock?: ManualClock;
    /** How often the outbox sender runs (default 200 ms); it also purges sent mails by the (manual) clock. */
    mailIntervalMs?: number;
  } = {},
): Promise<TestServer> {
  const scratch = await createScratchDatabase(options.database ?? 'pglite');
  const config: GradinsConfig = {
    port: 0,
    host: '127.0.0.1',
    dataDir: scratch.dataDir,
    keysDir: path.join(scratch.dataDir, 'keys'),
    database: scratch.config,
    smtpUrl: undefined,
    logLevel: options.logDestination ? 'info' : 'silent',
    rateLimitPerMinute: 10_000,
    webDistDir: path.join(repositoryRoot, 'web', 'dist'),
    publicUrl: '',
    trustProxy: false,
    auditHeadMinutes: 10,
    ...options.config,
  };
  try {
    const clock = options.clock ?? manualClock();
    const server = await startServer(config, {
      clock,
      mailIntervalMs: options.mailIntervalMs ?? 200,
      ...(options.logDestination ? { logDestination: options.logDestination } : {}),
    });
    return {
      ...server,
      config,
      clock,
      stop: async () => {
        await server.close();
        await scratch.drop();
      },
    };
  } catch (error) {
    await scratch.drop();
    throw error;
  }
}
