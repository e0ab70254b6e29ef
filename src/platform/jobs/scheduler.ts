import type { Database } from '../db/database.js';

export interface ScheduledJob {
  /** Also the name of the database lock that keeps two processes from running it at once. */
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

export interface JobLogger {
  info(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface JobScheduler {
  /** Runs a job now, under its lock (the CLI and the API's "on demand" use it). */
  runNow(name: string): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Runs each job every `everyMs`, the first time after one period. Each run holds a database-wide lock named
 * after the job: with several server processes on one PostgreSQL, runs never overlap. Timers never keep the
 * process alive; `stop` waits for runs in progress.
 */
export function startJobs(
  jobs: ScheduledJob[],
  { database, logger }: { database: Database; logger: JobLogger },
): JobScheduler {
  const running = new Set<Promise<unknown>>();
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;

  const runJob = (job: ScheduledJob) => {
    const started = Date.now();
    const run = database
      .withExclusiveLock(`gradins.job.${job.name}`, () => job.run())
      .then((result) => {
        logger.info({ job: job.name, ms: Date.now() - started }, 'job done');
        return result;
      })
      .catch((error: unknown) => {
        logger.error({ job: job.name, err: error }, 'job failed');
        throw error;
      })
      .finally(() => running.delete(run));
    running.add(run);
    return run;
  };

  for (const job of jobs) {
    const timer = setInterval(() => {
      if (!stopped) runJob(job).catch(() => undefined);
    }, job.everyMs);
    timer.unref();
    timers.push(timer);
  }

  return {
    runNow: (name) => {
      const job = jobs.find((candidate) => candidate.name === name);
      if (!job) throw new Error(`no job named ${name}`);
      return runJob(job);
    },
    stop: async () => {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running]);
    },
  };
}
