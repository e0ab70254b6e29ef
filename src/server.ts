import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp, type GradinsApp } from './app.js';
import type { GradinsConfig } from './platform/config/config.js';
import { openKeyStore, type KeyStore } from './platform/crypto/keystore.js';
import { openDatabase, type Database } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrations.js';
import { instance } from './platform/db/schema/index.js';
import type { LogDestination } from './platform/http/logging.js';
import { StartupError } from './platform/startup-error.js';
import type { Clock } from './platform/clock.js';
import { createMailSender, type MailSender } from './platform/mail/sender.js';
import { issueFirstAdminLink } from './modules/accounts/setup.js';
import { auditJobs } from './modules/audit/jobs.js';
import { applicantJobs } from './modules/applicants/jobs.js';
import { programmeJobs } from './modules/programmes/jobs.js';
import { privacyJobs } from './modules/privacy/jobs.js';
import { banJobs } from './modules/bans/jobs.js';
import { startJobs, type JobScheduler } from './platform/jobs/scheduler.js';
import { ensureWritableDir } from './platform/storage/folders.js';
import { GRADINS_VERSION } from './platform/version.js';

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  routes: GradinsApp['routes'];
  database: Database;
  keys: KeyStore;
  schemaVersion: string;
  accounts: GradinsApp['accounts'];
  mailSender: MailSender;
  /** Scheduled work (audit heads, retention); `runNow` runs a job on demand. */
  jobs: JobScheduler;
  /** On an empty database: the one-time link to create the first administrator (24 h). */
  firstAdminLink: string | undefined;
  /** Stops accepting requests, lets the running ones finish, then closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the data folder, the database (migrated to the latest schema) and the key store, then listens.
 * A failure at any step closes what was opened and throws a StartupError that says how to fix it.
 */
export async function startServer(
  config: GradinsConfig,
  options: { logDestination?: LogDestination; clock?: Clock; mailIntervalMs?: number } = {},
): Promise<RunningServer> {
  // Everything that can be checked without writing is checked first, so a bad folder or a busy port
  // stops the start before a database is created or a key generated.
  await ensureWritableDir(config.dataDir);
  await ensureWritableDir(config.keysDir);
  await ensurePortFree(config);
  const { database, schemaVersion } = await openMigratedDatabase(config);
  let mailSender: MailSender | undefined;
  let jobs: JobScheduler | undefined;
  let closing: Promise<void> | undefined;
  try {
    const keys = await openKeyStore(config.keysDir);
    const { app, routes, accounts, programmes } = await buildApp({
      config,
      database,
      keys,
      ...(options.logDestination ? { logDestination: options.logDestination } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    });
    await listen(app, config);
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `http://${host}:${port}`;
    // No configured public address (tests on a random port): links point at the address we listen on.
    if (!accounts.publicUrl) accounts.publicUrl = url;
    mailSender = createMailSender({
      database,
      config,
      logger: app.log,
      clock: () => accounts.clock.now(),
    });
    mailSender.start(options.mailIntervalMs);
    jobs = startJobs(
      [
        ...auditJobs({ database, keys, clock: accounts.clock }, config.auditHeadMinutes),
        ...programmeJobs(programmes),
        ...applicantJobs({ database, clock: accounts.clock }),
        ...privacyJobs({ database, clock: accounts.clock }),
        ...banJobs({
          database,
          clock: accounts.clock,
          keys,
          cipher: accounts.cipher,
          publicUrl: () => accounts.publicUrl,
        }),
      ],
      { database, logger: app.log },
    );
    const firstAdminLink = await issueFirstAdminLink(accounts);
    return {
      url,
      app,
      routes,
      database,
      keys,
      schemaVersion,
      accounts,
      mailSender,
      jobs,
      firstAdminLink,
      // Idempotent: a signal handler and a caller may both close.
      close: () =>
        (closing ??= (async () => {
          await mailSender?.stop();
          await jobs?.stop();
          await app.close();
          await database.close();
        })()),
    };
  } catch (error) {
    await mailSender?.stop().catch(() => undefined);
    await jobs?.stop().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}

/** Opens the configured database and brings it to the latest schema (also `gradins migrate`). */
export async function openMigratedDatabase(
  config: GradinsConfig,
): Promise<{ database: Database; schemaVersion: string }> {
  const database = await openDatabase(config.database);
  try {
    const schemaVersion = await migrateToLatest(database);
    await database.db
      .insert(instance)
      .values({ id: 1, gradinsVersion: GRADINS_VERSION })
      .onConflictDoNothing({ target: instance.id });
    return { database, schemaVersion };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

/** Binds the port for an instant: a port in use is reported before anything is written. */
async function ensurePortFree(config: GradinsConfig): Promise<void> {
  if (config.port === 0) return;
  const probe = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(config.port, config.host, () => resolve());
    });
  } catch (cause) {
    throw portUnavailable(config, cause);
  } finally {
    await new Promise((resolve) => probe.close(() => resolve(undefined)));
  }
}

async function listen(app: FastifyInstance, config: GradinsConfig): Promise<void> {
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (cause) {
    await app.close().catch(() => undefined);
    throw portUnavailable(config, cause);
  }
}

function portUnavailable(config: GradinsConfig, cause: unknown): unknown {
  const code = (cause as NodeJS.ErrnoException).code;
  if (code !== 'EADDRINUSE' && code !== 'EACCES') return cause;
  const why =
    code === 'EADDRINUSE'
      ? { fr: 'est déjà utilisé par un autre programme', en: 'is already used by another program' }
      : { fr: "n'est pas accessible à cet utilisateur", en: 'is not available to this user' };
  return new StartupError(
    'server.port-unavailable',
    {
      fr: `le port ${config.port} ${why.fr}. Arrêtez ce programme ou choisissez un autre port, par exemple PORT=3001 npm start.`,
      en: `port ${config.port} ${why.en}. Stop that program or choose another port, for example PORT=3001 npm start.`,
    },
    { cause },
  );
}
