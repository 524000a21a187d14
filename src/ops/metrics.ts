import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import client from 'prom-client';
import type { Database, Db } from '../db/index.ts';

/*
 * Prometheus metrics (SPEC §17). Two registries, merged at every scrape:
 *  - the process registry below: Node's defaults and the counters the code increments where things
 *    happen (requests, import rows, identification outcomes, register lookups) — one process, one set;
 *  - a registry per app (metricsRegistryFor): gauges read at scrape time from that app's database,
 *    pool and population register (queue depth and age, pool in use and waiting, the circuit).
 * Labels never hold personal data: routes are the registered patterns (`/henkilo/:oid`), never the
 * raw URL; reasons and results are small fixed sets.
 */

export const processRegistry = new client.Registry();
client.collectDefaultMetrics({ register: processRegistry });

export const httpRequestDuration = new client.Histogram({
  name: 'onr_http_request_duration_seconds',
  help: 'HTTP requests by route pattern, method and status',
  labelNames: ['route', 'method', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [processRegistry],
});

export const importRowsProcessed = new client.Counter({
  name: 'onr_import_rows_processed_total',
  help: 'Mass-import rows processed (committed), by API and outcome',
  labelNames: ['api', 'outcome'] as const,
  registers: [processRegistry],
});

export const identificationOutcomes = new client.Counter({
  name: 'onr_identification_outcomes_total',
  help: 'Identification outcomes written by the worker, by reason (OK = identified; VTJ_EI_VASTAA = retry later)',
  labelNames: ['reason'] as const,
  registers: [processRegistry],
});

export const registerLookups = new client.Counter({
  name: 'onr_population_register_lookups_total',
  help: 'Population register lookups, by result (found, not_found, passivated, unavailable, refused, error)',
  labelNames: ['register', 'result'] as const,
  registers: [processRegistry],
});

export const registerLookupDuration = new client.Histogram({
  name: 'onr_population_register_lookup_duration_seconds',
  help: 'Population register lookups, retries included, by result',
  labelNames: ['register', 'result'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [processRegistry],
});

export const circuitTransitions = new client.Counter({
  name: 'onr_population_register_circuit_transitions_total',
  help: "The population register circuit breaker's state changes, by the state entered",
  labelNames: ['state'] as const,
  registers: [processRegistry],
});

/** Records one request; the route is the pattern it matched ("unmatched" for unknown URLs). */
export function registerRequestMetrics(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    httpRequestDuration.observe(
      {
        route: request.routeOptions.url ?? 'unmatched',
        method: request.method,
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
}

/** What the HTTP adapter's stats() gives (src/identification/http-register.ts). */
interface RegisterStats {
  circuit: 'closed' | 'open' | 'half_open';
  requests: number;
  retries: number;
  failedRequests: number;
  rejected: number;
  inFlight: number;
  queued: number;
}

const CIRCUIT_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

export interface AppMetrics {
  registry: client.Registry;
  /** Reads what the gauges show from the database; scrape() calls it first. */
  refresh(): Promise<void>;
}

/** Gauges read at scrape time from one app's database and register. */
export function metricsRegistryFor(sources: {
  db: Db;
  database: Database;
  /** The population register: its `stats()`, where it has one (the HTTP adapter), feed the gauges. */
  populationRegister: object;
}): AppMetrics {
  const registry = new client.Registry();
  const { db, database, populationRegister } = sources;

  // One query serves both job gauges; scrape() runs it before the gauges are read.
  // A database that is down is what the scrape must show, not a reason to fail it: the job gauges
  // are then empty and onr_database_up is 0.
  let jobs: { queue: string; state: string; n: number; oldest: number | null }[] = [];
  let databaseUp = false;
  const refresh = async () => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const query = sql<{ queue: string; state: string; n: number; oldest: number | null }>`
        select queue, state, count(*)::int8 as n,
          extract(epoch from now() - min(run_at) filter (where run_at <= now()))::float8 as oldest
        from jobs where state in ('queued', 'running') group by queue, state`.execute(db);
      query.catch(() => {});
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), 3000);
      });
      jobs = (await Promise.race([query, timeout])).rows;
      databaseUp = true;
    } catch {
      jobs = [];
      databaseUp = false;
    } finally {
      clearTimeout(timer);
    }
  };
  new client.Gauge({
    name: 'onr_database_up',
    help: "1 when the scrape's query of the database answered, 0 when it failed or took over 3 s",
    registers: [registry],
    collect() {
      this.set(databaseUp ? 1 : 0);
    },
  });
  new client.Gauge({
    name: 'onr_job_queue_depth',
    help: 'Jobs waiting (queued, due or not) and running, by queue',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const row of jobs) this.set({ queue: row.queue, state: row.state }, row.n);
    },
  });
  new client.Gauge({
    name: 'onr_job_oldest_age_seconds',
    help: 'How long the oldest due, unclaimed job of the queue has waited (0 when none)',
    labelNames: ['queue'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const row of jobs) {
        if (row.state === 'queued') this.set({ queue: row.queue }, Math.max(0, row.oldest ?? 0));
      }
    },
  });

  const poolStats = database.poolStats;
  if (poolStats) {
    new client.Gauge({
      name: 'onr_db_pool_connections',
      help: 'Database pool connections, by state (in_use, idle) and pool',
      labelNames: ['pool', 'state'] as const,
      registers: [registry],
      collect() {
        const s = poolStats();
        this.set({ pool: 'primary', state: 'in_use' }, s.total - s.idle);
        this.set({ pool: 'primary', state: 'idle' }, s.idle);
      },
    });
    new client.Gauge({
      name: 'onr_db_pool_waiting',
      help: 'Queries waiting for a pool connection, by pool',
      labelNames: ['pool'] as const,
      registers: [registry],
      collect() {
        this.set({ pool: 'primary' }, poolStats().waiting);
      },
    });
    new client.Gauge({
      name: 'onr_db_pool_max',
      help: 'Largest number of connections the pool opens, by pool',
      labelNames: ['pool'] as const,
      registers: [registry],
      collect() {
        this.set({ pool: 'primary' }, poolStats().max);
      },
    });
  }

  const stats = (populationRegister as { stats?: () => RegisterStats }).stats;
  if (typeof stats === 'function') {
    const read = () => stats.call(populationRegister);
    new client.Gauge({
      name: 'onr_population_register_circuit_state',
      help: 'The population register circuit breaker: 0 closed, 1 half-open, 2 open',
      registers: [registry],
      collect() {
        this.set(CIRCUIT_VALUE[read().circuit]);
      },
    });
    const counters: [string, string, keyof RegisterStats][] = [
      ['onr_population_register_http_requests_total', 'HTTP requests sent, retries included', 'requests'],
      ['onr_population_register_retries_total', 'Retries of transient failures', 'retries'],
      [
        'onr_population_register_failed_requests_total',
        'HTTP requests that failed (no answer, error status, malformed answer)',
        'failedRequests',
      ],
      [
        'onr_population_register_rejected_total',
        'Lookups failed fast because the circuit was open',
        'rejected',
      ],
    ];
    for (const [name, help, key] of counters) {
      new client.Counter({
        name,
        help,
        registers: [registry],
        collect() {
          this.reset();
          this.inc(read()[key] as number);
        },
      });
    }
    new client.Gauge({
      name: 'onr_population_register_in_flight',
      help: 'Population register requests in flight, and lookups queued for the rate limit',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const s = read();
        this.set({ state: 'in_flight' }, s.inFlight);
        this.set({ state: 'queued' }, s.queued);
      },
    });
  }
  return { registry, refresh };
}

/** The Prometheus text of the process and the app. */
export async function scrape(app: AppMetrics): Promise<{ contentType: string; text: string }> {
  await app.refresh();
  const merged = client.Registry.merge([processRegistry, app.registry]);
  return { contentType: merged.contentType, text: await merged.metrics() };
}
