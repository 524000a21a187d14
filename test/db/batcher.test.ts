import { describe, expect, it } from 'vitest';
import { createBatcher, createBatchLoader } from '../../src/db/batcher.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('group commit batcher', () => {
  it('flushes the first item at once and the items that arrive meanwhile together', async () => {
    const flushes: number[][] = [];
    const gate = deferred();
    const batcher = createBatcher<number>(
      async (items) => {
        flushes.push(items);
        if (flushes.length === 1) await gate.promise;
      },
      { concurrency: 1 },
    );
    const first = batcher.add(1);
    const rest = [2, 3, 4].map((n) => batcher.add(n));
    expect(flushes).toEqual([[1]]);
    gate.resolve();
    await Promise.all([first, ...rest]);
    expect(flushes).toEqual([[1], [2, 3, 4]]);
  });

  it('fails exactly the items of a failed flush', async () => {
    let calls = 0;
    const batcher = createBatcher<string>(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('database down');
      },
      { concurrency: 1 },
    );
    const failed = batcher.add('a');
    const later = batcher.add('b');
    await expect(failed).rejects.toThrow('database down');
    await expect(later).resolves.toBeUndefined();
  });

  it('keeps at most `concurrency` flushes running and respects maxBatch', async () => {
    let running = 0;
    let most = 0;
    const sizes: number[] = [];
    const batcher = createBatcher<number>(
      async (items) => {
        running += 1;
        most = Math.max(most, running);
        sizes.push(items.length);
        await new Promise((r) => setTimeout(r, 5));
        running -= 1;
      },
      { concurrency: 2, maxBatch: 3 },
    );
    await Promise.all(Array.from({ length: 20 }, (_, i) => batcher.add(i)));
    expect(most).toBe(2);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(20);
  });
});

describe('batch loader', () => {
  it('answers each key from one shared query, missing keys with undefined', async () => {
    const queries: string[][] = [];
    const loader = createBatchLoader<string, number>(
      async (keys) => {
        queries.push(keys);
        await new Promise((r) => setTimeout(r, 1));
        return new Map(keys.filter((k) => k !== 'missing').map((k) => [k, k.length]));
      },
      { concurrency: 1 },
    );
    const answers = await Promise.all(['a', 'bb', 'missing', 'bb', 'ccc'].map((k) => loader.load(k)));
    expect(answers).toEqual([1, 2, undefined, 2, 3]);
    expect(queries).toEqual([['a'], ['bb', 'missing', 'ccc']]);
  });
});
