import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

/** A writer whose batches finish when the test says so, recording what each batch held. */
function controlledWriter() {
  const batches: number[][] = [];
  const finish: (() => void)[] = [];
  const write = (items: number[]) =>
    new Promise<string[]>((resolve) => {
      batches.push(items);
      finish.push(() => resolve(items.map((item) => `done ${item}`)));
    });
  return { batches, finish, write };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('writes a lone item at once, and everything that arrives meanwhile in the next batch', async () => {
    const writer = controlledWriter();
    const group = new GroupCommit(writer.write);
    const first = group.submit(1);
    const later = [group.submit(2), group.submit(3), group.submit(4)];
    await settled();
    expect(writer.batches).toEqual([[1]]);
    writer.finish[0]!();
    expect(await first).toBe('done 1');
    await settled();
    expect(writer.batches).toEqual([[1], [2, 3, 4]]);
    writer.finish[1]!();
    expect(await Promise.all(later)).toEqual(['done 2', 'done 3', 'done 4']);
  });

  it('overlaps up to maxInFlight batches', async () => {
    const writer = controlledWriter();
    const group = new GroupCommit(writer.write, { maxInFlight: 2 });
    const all = [1, 2, 3, 4].map((item) => group.submit(item));
    await settled();
    expect(writer.batches).toEqual([[1], [2]]);
    writer.finish[0]!();
    writer.finish[1]!();
    await settled();
    expect(writer.batches.slice(2).flat().sort()).toEqual([3, 4]);
    for (const done of writer.finish.slice(2)) done();
    expect(await Promise.all(all)).toEqual(['done 1', 'done 2', 'done 3', 'done 4']);
  });

  it('never puts two items with the same key in one batch, nor more than maxBatch', async () => {
    const writer = controlledWriter();
    const group = new GroupCommit(writer.write, { key: (item) => String(item % 10), maxBatch: 3 });
    const all = [1, 2, 11, 3, 4, 21].map((item) => group.submit(item));
    await settled();
    writer.finish[0]!();
    await settled();
    expect(writer.batches[1]).toEqual([2, 11, 3]);
    writer.finish[1]!();
    await settled();
    expect(writer.batches[2]).toEqual([4, 21]);
    writer.finish[2]!();
    expect(await Promise.all(all)).toHaveLength(6);
  });

  it('gives a failed batch’s error to each of its items, and goes on with the next batch', async () => {
    let calls = 0;
    const group = new GroupCommit(async (items: number[]) => {
      calls += 1;
      if (items.includes(2)) throw new Error('disk full');
      return items.map(String);
    });
    const first = group.submit(1);
    const failed = [group.submit(2), group.submit(3)];
    await expect(first).resolves.toBe('1');
    await expect(failed[0]).rejects.toThrow('disk full');
    await expect(failed[1]).rejects.toThrow('disk full');
    await expect(group.submit(4)).resolves.toBe('4');
    expect(calls).toBe(3);
  });

  it('with isolateFailures, writes a failed batch again item by item: only the refused item fails', async () => {
    const batches: number[][] = [];
    const group = new GroupCommit(
      async (items: number[]) => {
        batches.push(items);
        if (items.includes(2)) throw new Error('refused: 2');
        return items.map(String);
      },
      { isolateFailures: true },
    );
    const first = group.submit(1);
    const shared = [group.submit(2), group.submit(3), group.submit(4)];
    await expect(first).resolves.toBe('1');
    await expect(shared[0]).rejects.toThrow('refused: 2');
    await expect(shared[1]).resolves.toBe('3');
    await expect(shared[2]).resolves.toBe('4');
    expect(batches).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });

  it('refuses a writer that returns the wrong number of outcomes', async () => {
    const group = new GroupCommit(async () => ['only one', 'two']);
    await expect(group.submit(1)).rejects.toThrow('2 outcomes for 1 items');
  });
});
