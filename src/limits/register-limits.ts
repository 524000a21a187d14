import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../db/index.ts';
import { hitWindow, releaseSlot, takeSlot } from './repository.ts';

/**
 * The population register's rate and concurrency for the whole deployment (SPEC §6: the register is
 * metered, and its operator limits the registry, not each of its processes). Every API instance and
 * worker takes a slot lease and a rate token from PostgreSQL before a request; the adapter's own
 * per-process limits stay as they were, below these.
 */
export interface SharedRegisterLimits {
  /**
   * Waits for a slot and a token; resolves to the slot's release, or undefined when `deadline`
   * (epoch ms) came first. Throws when the database cannot be asked.
   */
  acquire(deadline: number, signal: AbortSignal): Promise<(() => Promise<void>) | undefined>;
}

export interface SharedRegisterLimitOptions {
  ratePerSecond: number;
  concurrency: number;
  /** How long a slot stays taken by a process that died holding it: longer than one request. */
  leaseMs: number;
}

const RATE_KEY = 'population-register';
const POLL_MIN_MS = 10;
const POLL_MAX_MS = 200;

export function createSharedRegisterLimits(
  db: Db,
  options: SharedRegisterLimitOptions,
): SharedRegisterLimits {
  const holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  // A fixed window; a rate below 1/s becomes one request per longer window.
  const perWindow = Math.max(1, Math.floor(options.ratePerSecond));
  const windowMs = Math.round((1000 * perWindow) / options.ratePerSecond);

  const wait = async (ms: number, deadline: number, signal: AbortSignal): Promise<boolean> => {
    if (Date.now() + ms >= deadline) return false;
    await sleep(ms, undefined, { signal });
    return true;
  };

  return {
    async acquire(deadline, signal) {
      let slot: number | undefined;
      for (let pause = POLL_MIN_MS; slot === undefined; pause = Math.min(POLL_MAX_MS, pause * 2)) {
        slot = await takeSlot(db, options.concurrency, holder, options.leaseMs);
        if (slot === undefined && !(await wait(pause * (0.5 + Math.random()), deadline, signal)))
          return undefined;
      }
      const taken = slot;
      const release = () => releaseSlot(db, taken, holder);
      try {
        for (;;) {
          const window = await hitWindow(db, RATE_KEY, windowMs);
          if (window.hits <= perWindow) return release;
          // Over the budget: wait for the next window (a little spread, so that waiters do not
          // all come back in the same millisecond).
          if (!(await wait(window.ttlMs + Math.random() * 20, deadline, signal))) {
            await release();
            return undefined;
          }
        }
      } catch (error) {
        await release().catch(() => {});
        throw error;
      }
    },
  };
}
