import type { ScheduledJob } from '../../platform/jobs/scheduler.js';
import type { ProgrammesDeps } from './deps.js';
import { RECLAIM_JOB, reclaimUnassignedTickets } from './reclaim.js';

/** Checked every minute: a reclaim happens within a minute of its deadline (TAJ-17). */
export function programmeJobs(deps: ProgrammesDeps): ScheduledJob[] {
  return [{ name: RECLAIM_JOB, everyMs: 60_000, run: () => reclaimUnassignedTickets(deps) }];
}
