import pino from 'pino';
import { startBackgroundWork } from './background.ts';
import type { Config } from './config.ts';
import { listMigrations, migrate } from './db/index.ts';
import { loggerOptions } from './http/index.ts';
import { openConfiguredDatabase } from './open-database.ts';
import { startOperationsServer } from './ops/index.ts';
import { createServices } from './services.ts';

export class WorkerStartError extends Error {}

export interface RunningWorker {
  workerId: string;
  /** Where its /health/* and /metrics answer (ONR_WORKER_METRICS_PORT), if anywhere. */
  operationsUrl: string | undefined;
  stop(): Promise<void>;
}

/**
 * `onr worker`: the background work of `serve` without the HTTP API, for scaling the workers out
 * (several processes share the queues through the database). Production needs a migrated schema.
 */
export async function startWorker(config: Config): Promise<RunningWorker> {
  const database = await openConfiguredDatabase(config);
  try {
    if (config.environment === 'production') {
      const applied = new Set(
        (
          await database.db
            .selectFrom('schema_migrations')
            .select('version')
            .execute()
            .catch(() => [])
        ).map((m) => m.version),
      );
      const pending = listMigrations().filter((m) => !applied.has(m.version));
      if (pending.length > 0) {
        throw new WorkerStartError(
          `the database schema is not up to date (${pending.map((m) => m.name).join(', ')}); run onr migrate`,
        );
      }
    } else {
      await migrate(database);
    }
    const services = await createServices(config, database);
    const logger = pino(loggerOptions(config.logLevel));
    const work = startBackgroundWork(services, logger);
    // The worker's own counters (import rows, identification outcomes, register calls) exist only in
    // this process: scraped from its operations port, when one is configured.
    const ops = config.workerMetricsPort
      ? await startOperationsServer(services, { port: config.workerMetricsPort, host: config.host })
      : undefined;
    logger.info({ workerId: work.runner.workerId, operations: ops?.url }, 'worker started');
    return {
      workerId: work.runner.workerId,
      operationsUrl: ops?.url,
      async stop() {
        await Promise.all([ops?.close(), work.stop()]);
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
