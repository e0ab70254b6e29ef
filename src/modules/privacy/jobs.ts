import type { ScheduledJob } from '../../platform/jobs/scheduler.js';
import type { PrivacyDeps } from './deps.js';
import { PURGE_JOB, purgeExpiredApplicantData } from './retention-purge.js';

/** Checked daily: retention periods are counted in months, a day late at most is within the notice. */
export function privacyJobs(deps: PrivacyDeps): ScheduledJob[] {
  return [{ name: PURGE_JOB, everyMs: 24 * 60 * 60_000, run: () => purgeExpiredApplicantData(deps) }];
}
