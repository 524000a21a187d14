import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { Mutex, PGliteDialect } from './pglite-driver.ts';
import { type ReadTarget, replicaDialect } from './replica.ts';
import type { Tables } from './tables.ts';

export type Db = Kysely<Tables>;

/** One handle over either database; the rest of the code sees only `db`. */
export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /**
   * For reads that may be a moment stale (docs/SCALING.md): the streaming replica when one is
   * configured, the primary while it is down; otherwise the same handle as `db`. Never write here,
   * and never read here what this request has just written.
   */
  readonly readDb: Db;
  /** Where `readDb` reads now (`'primary'` also when no replica is configured). */
  readTarget(): ReadTarget;
  /** Runs a multi-statement SQL script atomically on one session (migrations). */
  execScript(script: string): Promise<void>;
  /**
   * Subscribes to NOTIFY on a channel. `onState(false)` says notifications may be missed (the
   * listening connection is down), `onState(true)` that they flow again; callers that cache on the
   * strength of notifications must stop trusting their cache in between.
   */
  listen(
    channel: string,
    onMessage: (payload: string) => void,
    onState: (listening: boolean) => void,
  ): Promise<() => Promise<void>>;
  /** The embedded instance, for tests that clone or dump it. */
  readonly pglite?: PGlite;
  /** Connections of the pool (the embedded database: its one session, and the callers queued for it). */
  readonly poolStats?: () => { total: number; idle: number; waiting: number; max: number };
  close(): Promise<void>;
}

const LISTEN_RETRY_MS = 1000;

/** A dedicated connection for LISTEN (a pooled one would be handed to queries), reconnecting. */
function listenOnPostgres(url: string) {
  return async (
    channel: string,
    onMessage: (payload: string) => void,
    onState: (listening: boolean) => void,
  ) => {
    let client: pg.Client | undefined;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const retry = () => {
      onState(false);
      if (!stopped) timer = setTimeout(() => void connect(), LISTEN_RETRY_MS);
    };
    const connect = async () => {
      const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
      c.on('notification', (m) => {
        if (m.channel === channel) onMessage(m.payload ?? '');
      });
      c.on('error', () => {});
      c.on('end', () => {
        if (client === c) client = undefined;
        retry();
      });
      try {
        await c.connect();
        await c.query(`listen ${pg.escapeIdentifier(channel)}`);
        client = c;
        onState(true);
      } catch {
        await c.end().catch(() => {});
      }
    };
    onState(false);
    await connect();
    return async () => {
      stopped = true;
      clearTimeout(timer);
      await client?.end().catch(() => {});
    };
  };
}

export type DatabaseOptions =
  | {
      kind: 'postgres';
      url: string;
      poolSize?: number;
      /** A streaming replica for `readDb`. */
      replicaUrl?: string;
      /** Seconds a failed replica stays out before it is tried again (default 5). */
      replicaRetrySeconds?: number;
      onReadTargetChange?: (target: ReadTarget, reason?: string) => void;
    }
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob; instance?: PGlite };

const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

/*
 * Both drivers must hand the code the same JavaScript values. pg returns int8 as a string and
 * date as a local-midnight Date; PGlite returns int8 as a number. We settle on: int8 → number
 * (our counters and ids stay far below 2^53), date → 'YYYY-MM-DD' string (a birth date has no
 * time zone), numeric → number.
 */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    if (oid === DATE) return (v: string) => v;
    // biome-ignore lint/suspicious/noExplicitAny: pg's overloads
    return (pg.types.getTypeParser as any)(oid, format);
  },
};

export const PGLITE_EXTENSIONS = { pg_trgm, unaccent, fuzzystrmatch };
const pgliteParsers = { [DATE]: (v: string) => v, [NUMERIC]: (v: string) => Number(v) };

export async function openPGlite(options: { dataDir?: string; loadDataDir?: Blob }): Promise<PGlite> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  return PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: PGLITE_EXTENSIONS,
    parsers: pgliteParsers,
  });
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      types: pgTypes,
      // A dead database must surface as an error quickly (→ 503), not as a request that hangs.
      connectionTimeoutMillis: 5_000,
    });
    // A client losing its connection (database restart, a network cut) must not crash the process:
    // the pool handles idle clients' errors, but one in use emits 'error' with nobody listening.
    // The query running on it fails all the same (→ 503 or a job retry), and the pool drops it.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    let readDb = db;
    let readTarget = (): ReadTarget => 'primary';
    if (options.replicaUrl) {
      const replicaPool = new pg.Pool({
        connectionString: options.replicaUrl,
        max: options.poolSize ?? 10,
        types: pgTypes,
        // A replica cut off must not hold reads up for long: they go to the primary instead.
        connectionTimeoutMillis: 2_000,
      });
      replicaPool.on('error', () => {});
      replicaPool.on('connect', (client) => client.on('error', () => {}));
      const { router, dialect } = replicaDialect({
        primaryPool: pool,
        replicaPool,
        retryMs: (options.replicaRetrySeconds ?? 5) * 1000,
        onSwitch: options.onReadTargetChange,
      });
      readDb = new Kysely<Tables>({ dialect });
      readTarget = () => router.target;
    }
    return {
      kind: 'postgres',
      db,
      readDb,
      readTarget,
      async execScript(script) {
        // A multi-statement simple query runs as one implicit transaction: all or nothing.
        await pool.query(script);
      },
      listen: listenOnPostgres(options.url),
      poolStats: () => ({
        total: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
        max: pool.options.max ?? 10,
      }),
      async close() {
        if (readDb !== db) await readDb.destroy();
        await db.destroy();
      },
    };
  }
  const pglite =
    options.instance ?? (await openPGlite({ dataDir: options.dataDir, loadDataDir: options.loadDataDir }));
  const mutex = new Mutex();
  const db = new Kysely<Tables>({ dialect: new PGliteDialect(pglite, mutex) });
  return {
    kind: 'pglite',
    db,
    // One embedded database, no replica.
    readDb: db,
    readTarget: () => 'primary',
    pglite,
    async execScript(script) {
      // Explicit BEGIN/COMMIT: the embedded session is shared, so a failed script must not leave
      // an open transaction behind.
      await mutex.run(async () => {
        try {
          await pglite.exec(`begin;\n${script}\n;commit;`);
        } catch (error) {
          await pglite.exec('rollback');
          throw error;
        }
      });
    },
    poolStats: () => {
      const { held, waiting } = mutex.state;
      return { total: 1, idle: held ? 0 : 1, waiting, max: 1 };
    },
    async listen(channel, onMessage, onState) {
      // One process, one session: notifications cannot be missed while it lives.
      const unlisten = await mutex.run(() => pglite.listen(channel, onMessage));
      onState(true);
      return async () => {
        // Closing the database ends the subscription too.
        if (!pglite.closed) await mutex.run(() => unlisten());
      };
    },
    close: () => db.destroy(),
  };
}
