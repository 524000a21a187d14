import pino from 'pino';
import type { Config } from '../config.ts';
import { listMigrations, migrate } from '../db/migrate.ts';
import { openConfiguredDatabase } from '../db/open.ts';
import { loggerOptions } from '../http/logging.ts';
import { createServices } from '../services.ts';
import { startBackgroundWork } from './background.ts';

export class WorkerStartError extends Error {}

export interface RunningWorker {
  workerId: string;
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
    logger.info({ workerId: work.runner.workerId }, 'worker started');
    return {
      workerId: work.runner.workerId,
      async stop() {
        await work.stop();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
