import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  PostgresAdapter,
  type PostgresDialectConfig,
  PostgresDriver,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type pg from 'pg';
import { isDatabaseUnavailable } from './errors.ts';

/*
 * Reads that tolerate a little staleness (the change feeds, import results, searches, the error list,
 * the audit-log search) go to a streaming replica: `Database.readDb`. One Kysely over a driver that
 * takes its connection from the replica's pool while the replica answers, and from the primary's pool
 * while it does not. Writes never come here: a replica refuses them (25006), and the code paths that
 * write use `Database.db`.
 *
 * Falling back: a replica that refuses or times out a connection, or whose connection breaks under a
 * query, is "down" for `retryMs`; meanwhile every read goes to the primary, afterwards the next read
 * tries the replica again. A single query (not in a transaction) that failed on a broken replica
 * connection is run again on the primary, so the caller sees only the fallback, not the fault. So is a
 * query the standby cancelled for a recovery conflict (40001), which says nothing about the data.
 */

export type ReadTarget = 'replica' | 'primary';

export interface ReplicaOptions {
  /** The primary's pool (shared with `Database.db`; never ended here). */
  primaryPool: pg.Pool;
  replicaPool: pg.Pool;
  /** How long a replica that failed stays out before it is tried again. */
  retryMs?: number;
  /** Called when reads move to the primary (`'primary'`) or back to the replica. */
  onSwitch?: (target: ReadTarget, reason?: string) => void;
}

const RECOVERY_CONFLICT = '40001';
const CATCH_UP_POLL_MS = 500;

class Routed implements DatabaseConnection {
  readonly target: ReadTarget;
  readonly inner: DatabaseConnection;
  inTransaction = false;
  readonly #router: ReplicaRouter;

  constructor(router: ReplicaRouter, target: ReadTarget, inner: DatabaseConnection) {
    this.#router = router;
    this.target = target;
    this.inner = inner;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.inner.executeQuery<R>(query);
    } catch (error) {
      if (this.target !== 'replica') throw error;
      const broken = isDatabaseUnavailable(error);
      if (broken) this.#router.markDown(error);
      if (this.inTransaction || !(broken || (error as { code?: string })?.code === RECOVERY_CONFLICT))
        throw error;
      return this.#router.onPrimary((c) => c.executeQuery<R>(query));
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class ReplicaRouter implements Driver {
  readonly #replica: Driver;
  readonly #primary: Driver;
  readonly #retryMs: number;
  readonly #onSwitch?: (target: ReadTarget, reason?: string) => void;
  #downUntil = 0;
  #target: ReadTarget = 'replica';

  constructor(options: ReplicaOptions) {
    this.#replica = new PostgresDriver({ pool: options.replicaPool } as PostgresDialectConfig);
    this.#primary = new PostgresDriver({ pool: options.primaryPool } as PostgresDialectConfig);
    this.#retryMs = options.retryMs ?? 5_000;
    this.#onSwitch = options.onSwitch;
  }

  get target(): ReadTarget {
    return this.#target;
  }

  markDown(error: unknown): void {
    this.#downUntil = Date.now() + this.#retryMs;
    if (this.#target === 'replica') {
      this.#target = 'primary';
      this.#onSwitch?.('primary', error instanceof Error ? error.message : String(error));
    }
  }

  async onPrimary<T>(fn: (c: DatabaseConnection) => Promise<T>): Promise<T> {
    const connection = await this.#primary.acquireConnection();
    try {
      return await fn(connection);
    } finally {
      await this.#primary.releaseConnection(connection);
    }
  }

  async init(): Promise<void> {
    await this.#replica.init();
    await this.#primary.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (Date.now() >= this.#downUntil) {
      try {
        const inner = await this.#replica.acquireConnection();
        if (this.#target === 'primary' && !(await this.#caughtUp(inner))) {
          await this.#replica.releaseConnection(inner);
          this.#downUntil = Date.now() + CATCH_UP_POLL_MS;
        } else {
          if (this.#target === 'primary') {
            this.#target = 'replica';
            this.#onSwitch?.('replica');
          }
          return new Routed(this, 'replica', inner);
        }
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        this.markDown(error);
      }
    }
    return new Routed(this, 'primary', await this.#primary.acquireConnection());
  }

  /**
   * Reads go back to a replica only once it has replayed everything the primary had written when we
   * asked: a reader never sees the registry step back in time (an import's results shrink, a feed
   * lose a change it already showed) because its reads moved from the primary to a lagging replica.
   */
  async #caughtUp(replica: DatabaseConnection): Promise<boolean> {
    try {
      const primaryLsn = await this.onPrimary((c) =>
        c.executeQuery<{ lsn: string }>(CompiledQuery.raw('select pg_current_wal_lsn()::text as lsn')),
      );
      const lsn = primaryLsn.rows[0]?.lsn;
      const answer = await replica.executeQuery<{ ok: boolean }>(
        CompiledQuery.raw(
          'select case when pg_is_in_recovery() then coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) else true end as ok',
          [lsn],
        ),
      );
      return answer.rows[0]?.ok === true;
    } catch (error) {
      await this.#replica.releaseConnection(replica).catch(() => {});
      throw error;
    }
  }

  #driver(connection: DatabaseConnection): Driver {
    return (connection as Routed).target === 'replica' ? this.#replica : this.#primary;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const routed = connection as Routed;
    routed.inTransaction = true;
    await this.#driver(connection).beginTransaction(routed.inner, settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#driver(connection).commitTransaction((connection as Routed).inner);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#driver(connection).rollbackTransaction((connection as Routed).inner);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await this.#driver(connection).releaseConnection((connection as Routed).inner);
  }

  async destroy(): Promise<void> {
    // Only the replica's pool is ours; the primary's belongs to Database.db.
    await this.#replica.destroy();
  }
}

/** The Kysely dialect of `Database.readDb` on a replica; `router.target` says where reads go now. */
export function replicaDialect(options: ReplicaOptions) {
  const router = new ReplicaRouter(options);
  return {
    router: router as { readonly target: ReadTarget },
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => router,
      createIntrospector: (db: never) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  };
}
