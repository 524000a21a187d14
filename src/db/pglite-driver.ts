import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * A FIFO lock. PGlite is one backend with one session: if two callers interleave, one caller's
 * statements run inside the other's transaction. Every connection checkout holds this lock, and a
 * Kysely transaction keeps its connection from BEGIN to COMMIT, so a transaction stays whole.
 */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();
  /** Callers holding or waiting for the lock (for the metrics of the single session). */
  #queued = 0;

  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      let released = false;
      release = () => {
        if (released) return;
        released = true;
        this.#queued--;
        resolve();
      };
    });
    this.#queued++;
    const acquired = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return acquired;
  }

  /** Whether someone holds the lock, and how many wait behind them. */
  get state(): { held: boolean; waiting: number } {
    return { held: this.#queued > 0, waiting: Math.max(0, this.#queued - 1) };
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.lock();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

class PGliteConnection implements DatabaseConnection {
  private readonly pg: PGlite;

  constructor(pg: PGlite) {
    this.pg = pg;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pg.query<R>(compiled.sql, compiled.parameters as unknown[], {
      rowMode: 'object',
    });
    return {
      rows: result.rows,
      numAffectedRows: result.affectedRows === undefined ? undefined : BigInt(result.affectedRows),
    };
  }

  // biome-ignore lint/correctness/useYield: streaming is not supported by the embedded database
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on PGlite');
  }
}

class PGliteDriver implements Driver {
  readonly #connection: PGliteConnection;
  #held: (() => void) | undefined;

  private readonly pg: PGlite;
  private readonly mutex: Mutex;

  constructor(pg: PGlite, mutex: Mutex) {
    this.pg = pg;
    this.mutex = mutex;
    this.#connection = new PGliteConnection(pg);
  }

  async init(): Promise<void> {
    await this.pg.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.mutex.lock();
    this.#held = release;
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const mode = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery(CompiledQuery.raw(`begin${mode}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    const release = this.#held;
    this.#held = undefined;
    release?.();
  }

  async destroy(): Promise<void> {
    await this.mutex.run(() => this.pg.close());
  }
}

export class PGliteDialect implements Dialect {
  private readonly pg: PGlite;
  private readonly mutex: Mutex;

  constructor(pg: PGlite, mutex: Mutex) {
    this.pg = pg;
    this.mutex = mutex;
  }

  createAdapter() {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new PGliteDriver(this.pg, this.mutex);
  }

  // biome-ignore lint/suspicious/noExplicitAny: Kysely's signature
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}
