import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_POLICY,
  afterFailure,
  CLIENT_POLICY,
  decideAttempt,
  type ThrottlePolicy,
  type ThrottleState,
} from './login-throttling.js';

const start = new Date('2030-03-01T09:00:00Z');
const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);

/** `count` consecutive failures, each one as soon as it is allowed; the states after each. */
function failRepeatedly(count: number, policy: ThrottlePolicy, from = start): ThrottleState[] {
  const states: ThrottleState[] = [];
  let state: ThrottleState | undefined;
  let now = from;
  for (let failure = 1; failure <= count; failure += 1) {
    state = afterFailure(state, now, policy);
    states.push(state);
    now = state.nextAttemptAt ?? now;
  }
  return states;
}

const delaySeconds = (state: ThrottleState) =>
  state.nextAttemptAt ? (state.nextAttemptAt.getTime() - state.lastFailureAt.getTime()) / 1000 : 0;

describe('login throttling per account', () => {
  it('lets the first 3 failures through, then makes each wait twice as long as the one before', () => {
    const states = failRepeatedly(9, ACCOUNT_POLICY);
    expect(states.map(delaySeconds)).toEqual([0, 0, 0, 1, 2, 4, 8, 16, 32]);
    expect(states.map((state) => state.failures)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(states.every((state) => state.lockedUntil === null)).toBe(true);
  });

  it('refuses an attempt during the wait, and allows it once the wait is over', () => {
    const [, , , fourth] = failRepeatedly(4, ACCOUNT_POLICY);
    expect(decideAttempt(fourth, fourth!.lastFailureAt)).toEqual({
      kind: 'wait',
      until: fourth!.nextAttemptAt,
    });
    expect(decideAttempt(fourth, new Date(fourth!.nextAttemptAt!.getTime() - 1)).kind).toBe('wait');
    expect(decideAttempt(fourth, fourth!.nextAttemptAt!)).toEqual({ kind: 'allowed' });
    expect(decideAttempt(undefined, start)).toEqual({ kind: 'allowed' });
  });

  it('locks the account for 30 minutes at the 10th consecutive failure', () => {
    const states = failRepeatedly(10, ACCOUNT_POLICY);
    const tenth = states[9]!;
    expect(states.slice(0, 9).every((state) => state.lockedUntil === null)).toBe(true);
    expect(tenth.lockedUntil!.getTime() - tenth.lastFailureAt.getTime()).toBe(30 * 60_000);
    expect(tenth.nextAttemptAt).toBeNull();
    // The 11th attempt is refused whatever the password, until the lock ends.
    expect(decideAttempt(tenth, tenth.lastFailureAt)).toEqual({ kind: 'locked', until: tenth.lockedUntil });
    expect(decideAttempt(tenth, new Date(tenth.lockedUntil!.getTime() - 1)).kind).toBe('locked');
    expect(decideAttempt(tenth, tenth.lockedUntil!)).toEqual({ kind: 'allowed' });
  });

  it('caps the wait at 60 seconds', () => {
    const wide: ThrottlePolicy = { ...ACCOUNT_POLICY, lockAfter: null };
    const delays = failRepeatedly(14, wide).map(delaySeconds);
    expect(delays.slice(-4)).toEqual([60, 60, 60, 60]);
    expect(Math.max(...delays)).toBe(60);
  });

  it('starts counting again after a lock has ended, and never forgets failures by time alone', () => {
    const tenth = failRepeatedly(10, ACCOUNT_POLICY)[9]!;
    const afterLock = afterFailure(tenth, tenth.lockedUntil!, ACCOUNT_POLICY);
    expect(afterLock).toMatchObject({ failures: 1, lockedUntil: null, nextAttemptAt: null });

    const third = failRepeatedly(3, ACCOUNT_POLICY)[2]!;
    const aWeekLater = new Date(third.lastFailureAt.getTime() + 7 * 86_400_000);
    expect(afterFailure(third, aWeekLater, ACCOUNT_POLICY).failures).toBe(4);
  });
});

describe('login throttling per client address', () => {
  it('lets 100 failures through within 15 minutes, then slows down without ever locking', () => {
    const states = failRepeatedly(110, CLIENT_POLICY);
    expect(states.slice(0, 100).every((state) => state.nextAttemptAt === null)).toBe(true);
    expect(states.slice(100, 104).map(delaySeconds)).toEqual([1, 2, 4, 8]);
    expect(states.every((state) => state.lockedUntil === null)).toBe(true);
  });

  it('forgets failures older than 15 minutes', () => {
    const hundredth = failRepeatedly(100, CLIENT_POLICY)[99]!;
    const soon = afterFailure(hundredth, at(60), CLIENT_POLICY);
    expect(soon.failures).toBe(101);
    const later = afterFailure(
      hundredth,
      new Date(hundredth.lastFailureAt.getTime() + 15 * 60_000 + 1),
      CLIENT_POLICY,
    );
    expect(later).toMatchObject({ failures: 1, nextAttemptAt: null });
  });
});
