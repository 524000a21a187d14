import { sql } from 'kysely';
import type { Db, JobState } from '../db/index.ts';

/** A claimed job, as its handler sees it. */
export interface Job<P = unknown> {
  id: number;
  queue: string;
  payload: P;
  /** Attempts so far, this one included. */
  attempts: number;
  maxAttempts: number;
}

export interface EnqueueOptions {
  /** At most one live (queued or running) job with this key in the queue; a second enqueue is a no-op. */
  singletonKey?: string;
  /** Not before this many milliseconds from now. */
  delayMs?: number;
  maxAttempts?: number;
}

const DEFAULT_MAX_ATTEMPTS = 10;

/**
 * Adds a job. Pass the caller's transaction to make the job part of the change that needs it (an
 * import is accepted together with its processing job, or not at all). Returns the job id, or
 * undefined when a live job with the same singleton key exists.
 */
export async function enqueueJob(
  db: Db,
  queue: string,
  payload: unknown,
  options: EnqueueOptions = {},
): Promise<number | undefined> {
  const result = await sql<{ id: number }>`
    insert into jobs (queue, payload, singleton_key, run_at, max_attempts)
    values (${queue}, ${JSON.stringify(payload ?? {})}::jsonb, ${options.singletonKey ?? null},
      now() + make_interval(secs => ${(options.delayMs ?? 0) / 1000}),
      ${options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS})
    on conflict (queue, singleton_key) where singleton_key is not null and state in ('queued', 'running')
    do nothing
    returning id`.execute(db);
  return result.rows[0]?.id;
}

interface ClaimedRow {
  id: number;
  queue: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

/**
 * Claims up to `limit` due jobs of the queue for this worker: queued jobs whose time has come, and
 * running jobs whose lease ran out (their worker died). SKIP LOCKED lets concurrent workers claim
 * different jobs without waiting for each other. The database clock decides, so instances with
 * skewed clocks agree.
 */
export async function claimJobs(
  db: Db,
  queue: string,
  limit: number,
  workerId: string,
  leaseMs: number,
): Promise<Job[]> {
  const result = await sql<ClaimedRow>`
    with due as (
      select id from jobs
      where queue = ${queue}
        and ((state = 'queued' and run_at <= now()) or (state = 'running' and locked_until < now()))
      order by run_at, id
      limit ${limit}
      for update skip locked
    )
    update jobs j set
      state = 'running',
      attempts = j.attempts + 1,
      locked_by = ${workerId},
      locked_until = now() + make_interval(secs => ${leaseMs / 1000}),
      started_at = coalesce(j.started_at, now()),
      last_error = case when j.state = 'running'
        then 'the lease of worker ' || coalesce(j.locked_by, '?') || ' expired' else j.last_error end
    from due
    where j.id = due.id
    returning j.id, j.queue, j.payload, j.attempts, j.max_attempts`.execute(db);
  return result.rows.map((r) => ({
    id: r.id,
    queue: r.queue,
    payload: r.payload,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
  }));
}

/** Renews the lease; false when the job is no longer this worker's (the lease expired and was taken). */
export async function extendLease(
  db: Db,
  jobId: number,
  workerId: string,
  leaseMs: number,
): Promise<boolean> {
  const result = await sql`
    update jobs set locked_until = now() + make_interval(secs => ${leaseMs / 1000})
    where id = ${jobId} and locked_by = ${workerId} and state = 'running'`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function completeJob(db: Db, jobId: number, workerId: string): Promise<boolean> {
  const result = await sql`
    update jobs set state = 'done', finished_at = now(), locked_by = null, locked_until = null
    where id = ${jobId} and locked_by = ${workerId} and state = 'running'`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/**
 * Records a failed attempt: back to the queue after `retryInMs`, or dead-lettered with the reason
 * when the attempts are used up (or `permanent`). Returns the new state, or undefined when the job
 * was no longer this worker's.
 */
export async function failJob(
  db: Db,
  jobId: number,
  workerId: string,
  error: string,
  retryInMs: number,
  permanent = false,
): Promise<JobState | undefined> {
  const result = await sql<{ state: JobState }>`
    update jobs set
      state = case when ${permanent} or attempts >= max_attempts then 'dead' else 'queued' end,
      run_at = now() + make_interval(secs => ${retryInMs / 1000}),
      last_error = ${error},
      dead_reason = case when ${permanent} or attempts >= max_attempts then ${error} end,
      finished_at = case when ${permanent} or attempts >= max_attempts then now() end,
      locked_by = null,
      locked_until = null
    where id = ${jobId} and locked_by = ${workerId} and state = 'running'
    returning state`.execute(db);
  return result.rows[0]?.state;
}

/** Dead-letters a claimed job without running it. */
export async function deadLetterJob(db: Db, jobId: number, workerId: string, reason: string): Promise<void> {
  await sql`
    update jobs set state = 'dead', dead_reason = ${reason}, last_error = ${reason}, finished_at = now(),
      locked_by = null, locked_until = null
    where id = ${jobId} and locked_by = ${workerId} and state = 'running'`.execute(db);
}

/** Gives a job back unfinished (the worker is stopping); the attempt does not count. */
export async function releaseJob(db: Db, jobId: number, workerId: string): Promise<void> {
  await sql`
    update jobs set state = 'queued', run_at = now(), attempts = greatest(attempts - 1, 0),
      locked_by = null, locked_until = null
    where id = ${jobId} and locked_by = ${workerId} and state = 'running'`.execute(db);
}

/** Is a job with this singleton key queued or running? */
export async function hasLiveJob(db: Db, queue: string, singletonKey: string): Promise<boolean> {
  const row = await db
    .selectFrom('jobs')
    .select('id')
    .where('queue', '=', queue)
    .where('singleton_key', '=', singletonKey)
    .where('state', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return row !== undefined;
}

/** Housekeeping: finished jobs are kept for a while for inspection, then removed. */
export async function deleteFinishedJobs(db: Db, olderThanMs: number): Promise<number> {
  const result = await sql`
    delete from jobs where state = 'done' and finished_at < now() - make_interval(secs => ${olderThanMs / 1000})`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0);
}
