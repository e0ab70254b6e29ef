import type { ScheduledJob } from '../../platform/jobs/scheduler.js';
import type { BansDeps } from './deps.js';
import { BAN_PURGE_JOB, purgeEndedBans } from './purge.js';

/**
 * Checked every quarter of an hour: a ban is erased within fifteen minutes of its end (Paris midnight); until
 * then it already has no effect, the check being made at query time.
 */
export function banJobs(deps: BansDeps): ScheduledJob[] {
  return [{ name: BAN_PURGE_JOB, everyMs: 15 * 60_000, run: () => purgeEndedBans(deps) }];
}
