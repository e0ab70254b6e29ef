import type { ScheduledJob } from '../../platform/jobs/scheduler.js';
import { purgeExpiredShards } from './log-store.js';
import { sequenceAndSign, type SequencerDeps } from './sequencer.js';

/** The audit trail's scheduled work: a signed head every few minutes (SEC-6), retention once a day. */
export function auditJobs(deps: SequencerDeps, headMinutes: number): ScheduledJob[] {
  return [
    { name: 'audit-heads', everyMs: headMinutes * 60_000, run: () => sequenceAndSign(deps) },
    { name: 'audit-retention', everyMs: 24 * 60 * 60_000, run: () => purgeExpiredShards(deps) },
  ];
}
