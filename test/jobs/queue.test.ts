import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Db } from '../../src/db/database.ts';
import { enqueueJob, JobRunner, PermanentJobFailure } from '../../src/jobs/index.ts';
import { claimJobs, completeJob, extendLease } from '../../src/jobs/repository.ts';
import { describeEachDatabase } from '../support/db.ts';

const silentLogger = { info() {}, warn() {}, error() {} };

let queueCounter = 0;
const newQueue = () => `test-${++queueCounter}-${Date.now()}`;

function job(db: Db, id: number) {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachDatabase('job queue', (database) => {
  const db = () => database().db;

  it('claims a due job once, completes it, and ignores a second enqueue with the same singleton key', async () => {
    const queue = newQueue();
    const id = await enqueueJob(db(), queue, { n: 1 }, { singletonKey: 'a' });
    expect(id).toBeTypeOf('number');
    expect(await enqueueJob(db(), queue, { n: 2 }, { singletonKey: 'a' })).toBeUndefined();

    const [claimed, ...rest] = await claimJobs(db(), queue, 5, 'w1', 30_000);
    expect(rest).toEqual([]);
    expect(claimed).toMatchObject({ id, queue, payload: { n: 1 }, attempts: 1, maxAttempts: 10 });
    // Claimed jobs are not claimed again while their lease lasts.
    expect(await claimJobs(db(), queue, 5, 'w2', 30_000)).toEqual([]);
    expect(await completeJob(db(), id!, 'w1')).toBe(true);
    expect(await job(db(), id!)).toMatchObject({ state: 'done', locked_by: null });
    // A finished job frees its singleton key.
    expect(await enqueueJob(db(), queue, {}, { singletonKey: 'a' })).toBeTypeOf('number');
  });

  it('gives concurrent claimers different jobs (SKIP LOCKED) and respects run_at', async () => {
    const queue = newQueue();
    const first = await enqueueJob(db(), queue, {});
    const second = await enqueueJob(db(), queue, {});
    await enqueueJob(db(), queue, {}, { delayMs: 60_000 });
    const [a, b] = await Promise.all([
      claimJobs(db(), queue, 1, 'w1', 30_000),
      claimJobs(db(), queue, 1, 'w2', 30_000),
    ]);
    expect([a[0]?.id, b[0]?.id].sort()).toEqual([first, second].sort());
    expect(await claimJobs(db(), queue, 5, 'w3', 30_000)).toEqual([]);
  });

  it("lets another worker take a job whose lease expired, and refuses the first worker's late completion", async () => {
    const queue = newQueue();
    const id = (await enqueueJob(db(), queue, {}))!;
    await claimJobs(db(), queue, 1, 'dead-worker', 100);
    await sleep(250);
    const [retaken] = await claimJobs(db(), queue, 1, 'w2', 30_000);
    expect(retaken).toMatchObject({ id, attempts: 2 });
    expect((await job(db(), id)).last_error).toContain('dead-worker');
    expect(await extendLease(db(), id, 'dead-worker', 30_000)).toBe(false);
    expect(await completeJob(db(), id, 'dead-worker')).toBe(false);
    expect(await completeJob(db(), id, 'w2')).toBe(true);
  });

  it('keeps the lease alive with heartbeats while a long job runs', async () => {
    const queue = newQueue();
    await enqueueJob(db(), queue, {});
    const runner = new JobRunner(db(), { logger: silentLogger, leaseMs: 300 });
    let stolen: unknown[] = [];
    runner.addQueue({
      queue,
      concurrency: 1,
      async handler() {
        await sleep(800);
        stolen = await claimJobs(db(), queue, 1, 'thief', 30_000);
      },
    });
    expect(await runner.runUntilIdle()).toBe(1);
    expect(stolen).toEqual([]);
  });

  it('retries a failed job with backoff and dead-letters it with the reason after its attempts', async () => {
    const queue = newQueue();
    const id = (await enqueueJob(db(), queue, {}, { maxAttempts: 2 }))!;
    const runner = new JobRunner(db(), { logger: silentLogger });
    let calls = 0;
    runner.addQueue({
      queue,
      concurrency: 1,
      backoffMs: (attempts) => attempts * 60_000,
      async handler() {
        calls += 1;
        throw new Error(`boom ${calls}`);
      },
    });
    expect(await runner.runUntilIdle()).toBe(1);
    const retried = await job(db(), id);
    expect(retried).toMatchObject({ state: 'queued', attempts: 1, dead_reason: null, locked_by: null });
    expect(retried.last_error).toContain('boom 1');
    const delay = await sql<{
      s: number;
    }>`select extract(epoch from run_at - now())::float8 as s from jobs where id = ${id}`.execute(db());
    expect(delay.rows[0]!.s).toBeGreaterThan(50);
    // Not due yet: nothing runs.
    expect(await runner.runUntilIdle()).toBe(0);

    await db()
      .updateTable('jobs')
      .set({ run_at: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
    expect(await runner.runUntilIdle()).toBe(1);
    const dead = await job(db(), id);
    expect(dead).toMatchObject({ state: 'dead', attempts: 2 });
    expect(dead.dead_reason).toContain('boom 2');
    expect(dead.finished_at).toBeInstanceOf(Date);
  });

  it('dead-letters at once on a permanent failure', async () => {
    const queue = newQueue();
    const id = (await enqueueJob(db(), queue, {}))!;
    const runner = new JobRunner(db(), { logger: silentLogger });
    runner.addQueue({
      queue,
      concurrency: 1,
      async handler() {
        throw new PermanentJobFailure('no such thing');
      },
    });
    await runner.runUntilIdle();
    expect(await job(db(), id)).toMatchObject({
      state: 'dead',
      attempts: 1,
      dead_reason: expect.stringContaining('no such thing'),
    });
  });

  it('dead-letters a job whose workers kept dying (lease expired on its last attempt)', async () => {
    const queue = newQueue();
    const id = (await enqueueJob(db(), queue, {}, { maxAttempts: 1 }))!;
    await claimJobs(db(), queue, 1, 'crashed', 50);
    await sleep(150);
    const runner = new JobRunner(db(), { logger: silentLogger });
    let ran = false;
    runner.addQueue({
      queue,
      concurrency: 1,
      async handler() {
        ran = true;
      },
    });
    await runner.runUntilIdle();
    expect(ran).toBe(false);
    expect(await job(db(), id)).toMatchObject({
      state: 'dead',
      dead_reason: expect.stringContaining('gave up'),
    });
  });

  it('gives a running job back when the worker stops, without counting the attempt', async () => {
    const queue = newQueue();
    const id = (await enqueueJob(db(), queue, {}))!;
    const runner = new JobRunner(db(), { logger: silentLogger, pollIntervalMs: 20 });
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    runner.addQueue({
      queue,
      concurrency: 1,
      async handler(_job, { signal }) {
        started();
        await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      },
    });
    runner.start();
    await running;
    await runner.stop();
    expect(await job(db(), id)).toMatchObject({ state: 'queued', attempts: 0, locked_by: null });
  });

  it('runs queues and periodic tasks until stopped, and picks up announced jobs', async () => {
    const queue = newQueue();
    const runner = new JobRunner(db(), { logger: silentLogger, pollIntervalMs: 50 });
    const done: number[] = [];
    let ticks = 0;
    runner.addQueue<{ n: number }>({
      queue,
      concurrency: 2,
      async handler(j) {
        done.push(j.payload.n);
      },
    });
    runner.addPeriodic({ name: 'tick', intervalMs: 20, run: async () => ticks++ });
    runner.start();
    for (let n = 0; n < 5; n++) await enqueueJob(db(), queue, { n });
    for (let i = 0; i < 100 && done.length < 5; i++) await sleep(20);
    await runner.stop();
    expect(done.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(ticks).toBeGreaterThan(0);
  });

  it('enqueues as part of the caller’s transaction: a rollback leaves no job', async () => {
    const queue = newQueue();
    await db()
      .transaction()
      .execute(async (trx) => {
        await enqueueJob(trx, queue, {});
        throw new Error('rollback');
      })
      .catch(() => {});
    expect(await db().selectFrom('jobs').select('id').where('queue', '=', queue).execute()).toEqual([]);
  });
});
