import { sql } from 'kysely';
import type { Db } from '../db/index.ts';

export interface WindowCount {
  /** Hits in the current window, this one included (0 for a read of an unknown key). */
  hits: number;
  /** Milliseconds until the window ends. */
  ttlMs: number;
}

/**
 * Counts one hit in the key's fixed window of `windowMs`, starting a new window when the last one
 * is over. One atomic statement: concurrent hits from any number of instances are all counted.
 * The database clock decides, so instances with skewed clocks agree.
 */
export async function hitWindow(db: Db, key: string, windowMs: number): Promise<WindowCount> {
  const result = await sql<{ hits: number; ttl_ms: number }>`
    insert into rate_limit_windows as w (key, window_start, hits) values (${key}, clock_timestamp(), 1)
    on conflict (key) do update set
      hits = case when w.window_start + make_interval(secs => ${windowMs / 1000}) <= clock_timestamp()
        then 1 else w.hits + 1 end,
      window_start = case when w.window_start + make_interval(secs => ${windowMs / 1000}) <= clock_timestamp()
        then clock_timestamp() else w.window_start end
    returning hits,
      greatest(0, ceil(extract(epoch from (window_start + make_interval(secs => ${windowMs / 1000}) - clock_timestamp())) * 1000))::int8 as ttl_ms`.execute(
    db,
  );
  const row = result.rows[0]!;
  return { hits: row.hits, ttlMs: row.ttl_ms };
}

/** The key's current window without counting a hit. */
export async function readWindow(db: Db, key: string, windowMs: number): Promise<WindowCount> {
  const result = await sql<{ hits: number; ttl_ms: number }>`
    select hits,
      ceil(extract(epoch from (window_start + make_interval(secs => ${windowMs / 1000}) - clock_timestamp())) * 1000)::int8 as ttl_ms
    from rate_limit_windows
    where key = ${key} and window_start + make_interval(secs => ${windowMs / 1000}) > clock_timestamp()`.execute(
    db,
  );
  const row = result.rows[0];
  return row ? { hits: row.hits, ttlMs: row.ttl_ms } : { hits: 0, ttlMs: 0 };
}

/**
 * Takes a free one of `slots` slots for `leaseMs`; undefined when all are held. A slot is free
 * when nobody holds it or its lease ran out. Two takers of the same free slot: the second one's
 * update finds the first one's fresh lease and takes nothing (it tries again).
 */
export async function takeSlot(
  db: Db,
  slots: number,
  holder: string,
  leaseMs: number,
): Promise<number | undefined> {
  const result = await sql<{ slot: number }>`
    insert into register_slots as r (slot, holder, expires_at)
    select s, ${holder}, clock_timestamp() + make_interval(secs => ${leaseMs / 1000})
    from generate_series(0, ${slots - 1}::int) s
    where not exists (select 1 from register_slots h where h.slot = s and h.expires_at > clock_timestamp())
    order by random()
    limit 1
    on conflict (slot) do update set holder = excluded.holder, expires_at = excluded.expires_at
      where r.expires_at <= clock_timestamp()
    returning slot`.execute(db);
  return result.rows[0]?.slot;
}

export async function releaseSlot(db: Db, slot: number, holder: string): Promise<void> {
  await sql`delete from register_slots where slot = ${slot} and holder = ${holder}`.execute(db);
}

/** Housekeeping: windows long over (addresses that stopped calling). */
export async function deleteExpiredWindows(db: Db, olderThanMs: number): Promise<number> {
  const result = await sql`
    delete from rate_limit_windows
    where window_start < clock_timestamp() - make_interval(secs => ${olderThanMs / 1000})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
