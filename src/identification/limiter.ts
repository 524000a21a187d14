import pThrottle from 'p-throttle';

/**
 * At most `concurrency` calls running, and at most `ratePerSecond` started in any one-second window.
 * p-throttle gives the rate; it does not cap concurrency, hence the few lines of semaphore. A slot is
 * taken before the rate token so that requests go out at the pace of the tokens, not in bursts.
 */
export function createLimiter(concurrency: number, ratePerSecond: number, signal?: AbortSignal) {
  // p-throttle counts whole calls; a rate below 1/s becomes one call per longer interval.
  const limit = Math.max(1, Math.floor(ratePerSecond));
  const token = pThrottle({ limit, interval: (1000 * limit) / ratePerSecond, strict: true, signal })(
    () => undefined,
  );
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(fn: () => Promise<T>): Promise<T> {
      if (active < concurrency) active++;
      else await new Promise<void>((resolve) => waiting.push(resolve)); // the slot is handed over
      try {
        await token();
        return await fn();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else active--;
      }
    },
    get queued() {
      return waiting.length + token.queueSize;
    },
  };
}
