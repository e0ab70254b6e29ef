/**
 * Login throttling (SEC-2; CNIL: limit abusive attempts). Pure: the state and "now" come in, the decision
 * and the next state go out.
 *
 * Per account name: the first 3 consecutive failures cost nothing; then each failure imposes a wait that
 * doubles (1 s, 2 s, 4 s… up to 60 s) before the next attempt; the 10th consecutive failure locks the name
 * for 30 minutes (an administrator can unlock sooner). Per client address: the same growing wait after 100
 * failures within 15 minutes, without lock: a school or a ministry behind one address must not lock everyone
 * out, while one machine trying many accounts is slowed down.
 */
export interface ThrottleState {
  failures: number;
  lastFailureAt: Date;
  nextAttemptAt: Date | null;
  lockedUntil: Date | null;
}

export type ThrottleDecision =
  { kind: 'allowed' } | { kind: 'wait'; until: Date } | { kind: 'locked'; until: Date };

export interface ThrottlePolicy {
  freeFailures: number;
  maxDelaySeconds: number;
  lockAfter: number | null;
  lockMinutes: number;
  /** Failures older than this are forgotten (null: kept until a success). */
  windowMinutes: number | null;
}

export const ACCOUNT_POLICY: ThrottlePolicy = {
  freeFailures: 3,
  maxDelaySeconds: 60,
  lockAfter: 10,
  lockMinutes: 30,
  windowMinutes: null,
};

export const CLIENT_POLICY: ThrottlePolicy = {
  freeFailures: 100,
  maxDelaySeconds: 60,
  lockAfter: null,
  lockMinutes: 0,
  windowMinutes: 15,
};

export function decideAttempt(state: ThrottleState | undefined, now: Date): ThrottleDecision {
  if (!state) return { kind: 'allowed' };
  if (state.lockedUntil && state.lockedUntil > now) return { kind: 'locked', until: state.lockedUntil };
  if (state.nextAttemptAt && state.nextAttemptAt > now) return { kind: 'wait', until: state.nextAttemptAt };
  return { kind: 'allowed' };
}

export function afterFailure(
  state: ThrottleState | undefined,
  now: Date,
  policy: ThrottlePolicy,
): ThrottleState {
  const expired =
    !state ||
    (state.lockedUntil !== null && state.lockedUntil <= now) ||
    (policy.windowMinutes !== null &&
      now.getTime() - state.lastFailureAt.getTime() > policy.windowMinutes * 60_000);
  const failures = (expired ? 0 : state.failures) + 1;
  if (policy.lockAfter !== null && failures >= policy.lockAfter) {
    return {
      failures,
      lastFailureAt: now,
      nextAttemptAt: null,
      lockedUntil: addMs(now, policy.lockMinutes * 60_000),
    };
  }
  const excess = failures - policy.freeFailures;
  const delaySeconds = excess > 0 ? Math.min(2 ** (excess - 1), policy.maxDelaySeconds) : 0;
  return {
    failures,
    lastFailureAt: now,
    nextAttemptAt: delaySeconds > 0 ? addMs(now, delaySeconds * 1000) : null,
    lockedUntil: null,
  };
}

function addMs(date: Date, milliseconds: number): Date {
  return new Date(date.getTime() + milliseconds);
}
