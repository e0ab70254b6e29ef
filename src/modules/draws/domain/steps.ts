/**
 * A long computation written once as a generator that pauses every slice of work to say how far it got: the
 * browser and the CLI run it straight through (`finish`), the server drives it and yields to its event loop
 * between slices, so that requests (the run's progress among them) are answered while it runs.
 */
export interface Step {
  phase: 'numbering' | 'allocating';
  /** Entries done within the phase, out of `total`. */
  done: number;
  total: number;
}

export type Steps<T> = Generator<Step, T, void>;

/** Entries per slice between two pauses. */
export const SLICE = 65_536;

/** Runs the steps through without pausing. */
export function finish<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
