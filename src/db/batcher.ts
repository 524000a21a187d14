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
