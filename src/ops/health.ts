import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { listMigrations } from '../db/index.ts';

export interface Readiness {
  ready: boolean;
  database: 'ok' | 'unavailable';
  /** ok: every migration this code knows is applied (a newer schema counts: rolling upgrades). */
  migrations: 'ok' | 'pending' | 'unknown';
  /** Migrations this code needs that the database lacks. */
  pending: string[];
}

// The files do not change while the process runs.
let known: { version: number; name: string }[] | undefined;

/**
 * Readiness (SPEC §17): the database answers, and its schema has every migration this code needs.
 * Bounded in time, so that a database that hangs reads as "not ready" to a load balancer's probe
 * instead of a probe that times out.
 */
export async function checkReadiness(db: Db, timeoutMs = 3000): Promise<Readiness> {
  known ??= listMigrations().map(({ version, name }) => ({ version, name }));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  let applied: Set<number>;
  try {
    const rows = await Promise.race([
      sql<{ version: number | null }>`
        select m.version from (select 1) one
        left join schema_migrations m on true`.execute(db),
      timeout,
    ]);
    applied = new Set(rows.rows.flatMap((r) => (r.version === null ? [] : [r.version])));
  } catch (error) {
    // undefined_table: the database answers, but was never migrated.
    if ((error as { code?: string })?.code === '42P01') {
      return { ready: false, database: 'ok', migrations: 'pending', pending: known.map((m) => m.name) };
    }
    return { ready: false, database: 'unavailable', migrations: 'unknown', pending: [] };
  } finally {
    clearTimeout(timer);
  }
  const pending = known.filter((m) => !applied.has(m.version)).map((m) => m.name);
  return {
    ready: pending.length === 0,
    database: 'ok',
    migrations: pending.length === 0 ? 'ok' : 'pending',
    pending,
  };
}
