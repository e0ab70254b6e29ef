import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { ScheduledJob } from '../../platform/jobs/scheduler.js';
import { EXPIRY_JOB, purgeExpiredApplications } from './expiry.js';

/** Checked every ten minutes: an unconfirmed application is gone soon after its 48 hours. */
export function applicantJobs(deps: { database: Database; clock: Clock }): ScheduledJob[] {
  return [{ name: EXPIRY_JOB, everyMs: 10 * 60_000, run: () => purgeExpiredApplications(deps) }];
}
