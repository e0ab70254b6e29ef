/**
 * Group commit: callers hand over one item each and wait for its own outcome, but the items of concurrent callers
 * share one round trip to the database. A batch starts as soon as a slot is free; whatever arrives while batches
 * are in flight waits for the next one, so under load batches grow by themselves and when idle a lone item goes
 * at once, with no timer.
 *
 * `write` receives the batch and returns one outcome per item, in the same order. If it throws, every item of
 * that batch gets the error (a batch is one statement or one transaction: all or nothing).
 */
export class GroupCommit<In, Out> {
  private pending: { item: In; settle: (outcome: { value: Out } | { error: unknown }) => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly write: (items: In[]) => Promise<Out[]>,
    private readonly options: {
      /**
       * Batches written at the same time. A commit waits for the disk, so a few overlapping batches keep
       * PostgreSQL busy; on PGlite (one statement at a time on this thread) one is best.
       */
      maxInFlight?: number;
      /** The largest batch (the rest waits for the next one). */
      maxBatch?: number;
      /** Items with the same key never share a batch: the later waits for the next one. */
      key?: (item: In) => string;
      /**
       * When a batch of several fails, write its items again one by one, so that an item the database refuses
       * fails alone instead of failing the callers who shared its batch.
       */
      isolateFailures?: boolean;
    } = {},
  ) {}

  submit(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.pending.push({
        item,
        settle: (outcome) => ('error' in outcome ? reject(outcome.error) : resolve(outcome.value)),
      });
      if (this.inFlight < (this.options.maxInFlight ?? 1)) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.inFlight += 1;
    try {
      while (this.pending.length > 0) {
        const batch = this.take();
        try {
          await this.settleAll(batch);
        } catch (error) {
          if (!this.options.isolateFailures || batch.length === 1) {
            for (const entry of batch) entry.settle({ error });
            continue;
          }
          for (const entry of batch)
            await this.settleAll([entry]).catch((alone) => entry.settle({ error: alone }));
        }
      }
    } finally {
      this.inFlight -= 1;
    }
  }

  private async settleAll(batch: typeof this.pending): Promise<void> {
    const outcomes = await this.write(batch.map((entry) => entry.item));
    if (outcomes.length !== batch.length)
      throw new Error(`group commit: ${outcomes.length} outcomes for ${batch.length} items`);
    batch.forEach((entry, index) => entry.settle({ value: outcomes[index]! }));
  }

  private take(): typeof this.pending {
    const { key, maxBatch = 1000 } = this.options;
    if (!key && this.pending.length <= maxBatch) {
      const all = this.pending;
      this.pending = [];
      return all;
    }
    const batch: typeof this.pending = [];
    const rest: typeof this.pending = [];
    const keys = new Set<string>();
    for (const entry of this.pending) {
      const entryKey = key?.(entry.item);
      if (batch.length >= maxBatch || (entryKey !== undefined && keys.has(entryKey))) {
        rest.push(entry);
        continue;
      }
      if (entryKey !== undefined) keys.add(entryKey);
      batch.push(entry);
    }
    this.pending = rest;
    return batch;
  }
}
