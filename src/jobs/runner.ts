import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../db/index.ts';
import {
  claimJobs,
  completeJob,
  deadLetterJob,
  extendLease,
  failJob,
  type Job,
  releaseJob,
} from './repository.ts';
import { onJobsAnnounced } from './signals.ts';

/** The part of a pino logger the runner uses. */
export interface JobLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface JobContext {
  /** Aborted when the worker stops or loses the job's lease: stop at the next safe point and throw. */
  signal: AbortSignal;
  workerId: string;
}

/** A queue and what runs its jobs. */
export interface QueueDefinition<P = unknown> {
  queue: string;
  /** Jobs of this queue run at once in one worker. */
  concurrency: number;
  /** Return = done; throw = a failed attempt (retried with backoff, dead-lettered after max attempts). */
  handler: (job: Job<P>, context: JobContext) => Promise<void>;
  /** Delay before the next attempt, from the attempts so far (default: exponential, 5 s … 1 h). */
  backoffMs?: (attempts: number) => number;
}

/** Work that repeats every `intervalMs` in every worker (make it safe to run in several at once). */
export interface PeriodicTask {
  name: string;
  intervalMs: number;
  run: () => Promise<unknown>;
}

/** Throw from a handler for a failure that no retry can fix: the job is dead-lettered at once. */
export class PermanentJobFailure extends Error {}

class LeaseLost extends Error {}
class Stopping extends Error {}

export interface RunnerOptions {
  logger: JobLogger;
  /** How long a claimed job is ours without a heartbeat; renewed every third of it. */
  leaseMs?: number;
  /** How often an idle queue looks for due jobs. */
  pollIntervalMs?: number;
  workerId?: string;
}

export function exponentialBackoff(attempts: number, baseMs = 5_000, maxMs = 3_600_000): number {
  const delay = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  // Jitter spreads retries of jobs that failed together (the database was down) over time.
  return Math.round(delay * (0.8 + Math.random() * 0.4));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function describe(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return message.slice(0, 2000);
}

/**
 * Runs the queues' jobs and the periodic tasks of one process (the server's, or `onr worker`'s).
 * Every queue polls on its own; a job runs under a lease that a heartbeat renews, so a job of a
 * worker that died is taken over by another once the lease expires.
 */
export class JobRunner {
  readonly workerId: string;
  readonly #db: Db;
  readonly #logger: JobLogger;
  readonly #leaseMs: number;
  readonly #pollIntervalMs: number;
  readonly #queues = new Map<string, QueueDefinition>();
  readonly #periodic: PeriodicTask[] = [];
  readonly #running = new Map<number, { queue: string; controller: AbortController; done: Promise<void> }>();
  readonly #wakers = new Map<string, () => void>();
  readonly #loops: Promise<void>[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #periodicRuns = new Set<Promise<unknown>>();
  #started = false;
  #stopping = false;
  #unsubscribe: (() => void) | undefined;

  constructor(db: Db, options: RunnerOptions) {
    this.#db = db;
    this.#logger = options.logger;
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#pollIntervalMs = options.pollIntervalMs ?? 500;
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  }

  addQueue<P>(definition: QueueDefinition<P>): this {
    if (this.#started) throw new Error('add queues before starting the runner');
    this.#queues.set(definition.queue, definition as QueueDefinition);
    return this;
  }

  addPeriodic(task: PeriodicTask): this {
    if (this.#started) throw new Error('add periodic tasks before starting the runner');
    this.#periodic.push(task);
    return this;
  }

  start(): this {
    if (this.#started) return this;
    this.#started = true;
    this.#unsubscribe = onJobsAnnounced((queue) => this.wake(queue));
    for (const definition of this.#queues.values()) this.#loops.push(this.#pollQueue(definition));
    for (const task of this.#periodic) this.#schedule(task, 0);
    return this;
  }

  /** Look for due jobs now instead of at the next poll (e.g. right after this process enqueued one). */
  wake(queue?: string): void {
    if (queue) this.#wakers.get(queue)?.();
    else for (const wake of this.#wakers.values()) wake();
  }

  /** Stops claiming, asks running jobs to stop (they are given back to the queue), waits for them. */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#unsubscribe?.();
    for (const timer of this.#timers) clearTimeout(timer);
    this.wake();
    this.#abortRunning();
    await Promise.allSettled(this.#loops);
    // A claim that was in flight may have started jobs after the first abort.
    this.#abortRunning();
    await Promise.allSettled([...this.#running.values()].map((r) => r.done));
    await Promise.allSettled([...this.#periodicRuns]);
  }

  #abortRunning(): void {
    for (const run of this.#running.values()) {
      if (!run.controller.signal.aborted) run.controller.abort(new Stopping('the worker is stopping'));
    }
  }

  /**
   * Runs due jobs of every queue until none is due (tests, and one-off commands). Jobs scheduled
   * for later (a retry's backoff) are left for later.
   */
  async runUntilIdle(): Promise<number> {
    let total = 0;
    for (;;) {
      let round = 0;
      for (const definition of this.#queues.values()) {
        const jobs = await claimJobs(
          this.#db,
          definition.queue,
          definition.concurrency,
          this.workerId,
          this.#leaseMs,
        );
        round += jobs.length;
        await Promise.all(jobs.map((job) => this.#execute(definition, job)));
      }
      total += round;
      if (round === 0) return total;
    }
  }

  /** Runs every periodic task once (tests). */
  async runPeriodicOnce(): Promise<void> {
    for (const task of this.#periodic) await task.run();
  }

  async #pollQueue(definition: QueueDefinition): Promise<void> {
    let failures = 0;
    while (!this.#stopping) {
      const free = definition.concurrency - this.#activeIn(definition.queue);
      let claimed = 0;
      if (free > 0) {
        try {
          const jobs = await claimJobs(this.#db, definition.queue, free, this.workerId, this.#leaseMs);
          claimed = jobs.length;
          failures = 0;
          for (const job of jobs) this.#track(definition, job);
        } catch (error) {
          // The database is down or restarting: keep trying, more slowly, without crashing the process.
          failures += 1;
          this.#logger.error({ err: error, queue: definition.queue }, 'claiming jobs failed');
          await sleep(Math.min(30_000, this.#pollIntervalMs * 2 ** failures));
          continue;
        }
      }
      // Nothing due, or every slot busy: wait for the next poll, a wake() or a finished job.
      if (claimed === 0 || this.#activeIn(definition.queue) >= definition.concurrency) {
        await this.#waitForWake(definition.queue);
      }
    }
  }

  #waitForWake(queue: string): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.#pollIntervalMs);
      this.#timers.add(timer);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.#timers.delete(timer);
        if (self.#wakers.get(queue) === done) self.#wakers.delete(queue);
        resolve();
      }
      this.#wakers.set(queue, done);
    });
  }

  #activeIn(queue: string): number {
    let n = 0;
    for (const run of this.#running.values()) if (run.queue === queue) n++;
    return n;
  }

  #track(definition: QueueDefinition, job: Job): void {
    const controller = new AbortController();
    const done = this.#execute(definition, job, controller).finally(() => {
      this.#running.delete(job.id);
      this.wake(definition.queue);
    });
    this.#running.set(job.id, { queue: definition.queue, controller, done });
  }

  async #execute(definition: QueueDefinition, job: Job, controller = new AbortController()): Promise<void> {
    const log = { queue: job.queue, jobId: job.id, attempt: job.attempts };
    if (job.attempts > job.maxAttempts) {
      // Only a job whose lease expired gets here: it stopped its worker every time it ran.
      await deadLetterJob(
        this.#db,
        job.id,
        this.workerId,
        `gave up after ${job.maxAttempts} attempts; the last ones ended with their worker's lease expiring`,
      ).catch((error) => this.#logger.error({ ...log, err: error }, 'dead-lettering failed'));
      this.#logger.error(log, 'job dead-lettered: its workers kept stopping');
      return;
    }
    const heartbeat = setInterval(() => {
      extendLease(this.#db, job.id, this.workerId, this.#leaseMs)
        .then((ours) => {
          if (!ours) controller.abort(new LeaseLost('the lease expired and another worker took the job'));
        })
        .catch((error) => this.#logger.warn({ ...log, err: error }, 'renewing the lease failed'));
    }, this.#leaseMs / 3);
    try {
      await definition.handler(job, { signal: controller.signal, workerId: this.workerId });
      if (!(await completeJob(this.#db, job.id, this.workerId))) {
        this.#logger.warn(log, 'job finished after its lease was lost');
      }
    } catch (error) {
      await this.#settleFailure(definition, job, controller.signal, error).catch((e) =>
        this.#logger.error({ ...log, err: e }, 'recording the job failure failed'),
      );
    } finally {
      clearInterval(heartbeat);
    }
  }

  async #settleFailure(definition: QueueDefinition, job: Job, signal: AbortSignal, error: unknown) {
    const log = { queue: job.queue, jobId: job.id, attempt: job.attempts };
    if (signal.aborted && signal.reason instanceof LeaseLost) {
      this.#logger.warn(log, 'job abandoned: its lease was lost');
      return;
    }
    if (signal.aborted && signal.reason instanceof Stopping) {
      await releaseJob(this.#db, job.id, this.workerId);
      this.#logger.info(log, 'job given back: the worker is stopping');
      return;
    }
    const permanent = error instanceof PermanentJobFailure;
    const delay = (definition.backoffMs ?? exponentialBackoff)(job.attempts);
    const state = await failJob(this.#db, job.id, this.workerId, describe(error), delay, permanent);
    const level = state === 'dead' ? 'error' : 'warn';
    this.#logger[level](
      { ...log, err: error, state, retryInMs: state === 'queued' ? delay : undefined },
      state === 'dead' ? 'job dead-lettered' : 'job failed; will retry',
    );
  }

  #schedule(task: PeriodicTask, delayMs: number): void {
    if (this.#stopping) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      const run = task
        .run()
        .catch((error) => this.#logger.error({ err: error, task: task.name }, 'periodic task failed'))
        .finally(() => {
          this.#periodicRuns.delete(run);
          this.#schedule(task, task.intervalMs);
        });
      this.#periodicRuns.add(run);
    }, delayMs);
    this.#timers.add(timer);
  }
}
