/**
 * Group commit: many small writes from concurrent requests go to the database as one statement.
 * An item's promise settles when the statement that carried it has committed (or failed), so a
 * caller still answers only after its write is durable — it just shares the round trip.
 * Nothing waits for a timer: the first item is flushed at once; items that arrive meanwhile form
 * the next batch.
 */
export interface Batcher<T> {
  add(item: T): Promise<void>;
}

export function createBatcher<T>(
  flush: (items: T[]) => Promise<void>,
  options: { maxBatch?: number; concurrency?: number } = {},
): Batcher<T> {
  const maxBatch = options.maxBatch ?? 500;
  const concurrency = options.concurrency ?? 2;
  const queue: { item: T; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let running = 0;

  async function drain(): Promise<void> {
    running += 1;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxBatch);
        try {
          await flush(batch.map((b) => b.item));
          for (const b of batch) b.resolve();
        } catch (error) {
          for (const b of batch) b.reject(error);
        }
      }
    } finally {
      running -= 1;
    }
  }

  return {
    add(item) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (running < concurrency) void drain();
      });
    },
  };
}

export interface BatchLoader<K, V> {
  load(key: K): Promise<V | undefined>;
}

/**
 * The read side of group commit: lookups by key from concurrent requests share one query
 * (`… where key = any($1)`). The query starts at once for the first key; keys that arrive while
 * it runs go into the next one. Each answer is as fresh as a query of its own would have been:
 * the query that carries a key always starts after the key was asked for.
 */
export function createBatchLoader<K, V>(
  fetch: (keys: K[]) => Promise<Map<K, V>>,
  options: { maxBatch?: number; concurrency?: number } = {},
): BatchLoader<K, V> {
  const maxBatch = options.maxBatch ?? 500;
  const concurrency = options.concurrency ?? 2;
  const queue: { key: K; resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[] = [];
  let running = 0;

  async function drain(): Promise<void> {
    running += 1;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxBatch);
        try {
          const found = await fetch([...new Set(batch.map((b) => b.key))]);
          for (const b of batch) b.resolve(found.get(b.key));
        } catch (error) {
          for (const b of batch) b.reject(error);
        }
      }
    } finally {
      running -= 1;
    }
  }

  return {
    load(key) {
      return new Promise<V | undefined>((resolve, reject) => {
        queue.push({ key, resolve, reject });
        if (running < concurrency) void drain();
      });
    },
  };
}
