/** Time is an input (ARCHITECTURE.md): everything that compares with "now" receives a Clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that tests move by hand: expiries, delays and deadlines become testable without waiting. */
export interface ManualClock extends Clock {
  advance(milliseconds: number): void;
  set(instant: Date): void;
}

export function manualClock(start: Date = new Date()): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (milliseconds) => {
      current += milliseconds;
    },
    set: (instant) => {
      current = instant.getTime();
    },
  };
}
