import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp, DOCS_PREFIX } from './app.ts';
import { startBackgroundWork } from './background.ts';
import type { Config } from './config.ts';
import type { Database } from './db/index.ts';
import { listMigrations, migrate } from './db/index.ts';
import { openConfiguredDatabase } from './open-database.ts';
import { type DemoLogins, demoLogins, hasDemoData, isEmpty, seedDemoData } from './seed.ts';
import { createServices } from './services.ts';

export class StartupError extends Error {}

const SEED_LOCK = 7_230_004;

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  url: string;
  demo: DemoLogins | undefined;
  stop(): Promise<void>;
}

/** `onr serve`: prepare the database, build the app, listen, run the background work. */
export async function startServer(config: Config): Promise<RunningServer> {
  const database = await openConfiguredDatabase(config);
  try {
    const production = config.environment === 'production';
    if (production) {
      // Production schema changes are deliberate: `onr migrate` first, then serve.
      const applied = await database.db
        .selectFrom('schema_migrations')
        .select('version')
        .execute()
        .catch(() => []);
      const pending = listMigrations().filter((m) => !applied.some((a) => a.version === m.version));
      if (pending.length > 0) {
        throw new StartupError(
          `the database schema is not up to date (${pending.map((m) => m.name).join(', ')}); run onr migrate`,
        );
      }
      // Security: demo accounts have published passwords.
      if (await hasDemoData(database.db))
        throw new StartupError('the database holds demo data; production refuses to start on it');
    } else {
      await migrate(database);
    }
    const services = await createServices(config, database);
    let demo: DemoLogins | undefined;
    if (config.seedDemoData) {
      // Several instances may start at once on an empty test database: they take turns on one
      // connection's advisory lock, so one seeds and the others find its demo data.
      demo = await database.db.connection().execute(async (conn) => {
        await sql`select pg_advisory_lock(${SEED_LOCK})`.execute(conn);
        try {
          if (await isEmpty(conn)) return await seedDemoData(conn, services.personOidNode);
          return (await hasDemoData(conn)) ? demoLogins() : undefined;
        } finally {
          await sql`select pg_advisory_unlock(${SEED_LOCK})`.execute(conn);
        }
      });
    }
    const app = await buildApp(services);
    // Job queues (imports, mail) and periodic tasks (audit sealing); `onr worker` runs the same.
    const background = config.workers ? startBackgroundWork(services, app.log) : undefined;
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url =
      config.publicUrl.includes(`:${config.port}`) && port !== config.port
        ? config.publicUrl.replace(`:${config.port}`, `:${port}`)
        : config.publicUrl;
    return {
      app,
      database,
      url,
      demo,
      async stop() {
        // Both at once: the HTTP server stops accepting and answers what it has, while the background
        // workers give their jobs back to the queue at the next safe point. The database closes last.
        await Promise.all([app.close(), background?.stop()]);
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export function describeStart(server: RunningServer, config: Config): string {
  const lines = [
    `onr (${config.environment}) is serving at ${server.url}`,
    `  officials' UI: ${server.url}/henkilo-ui/`,
    `  API documentation: ${server.url}${DOCS_PREFIX}/`,
    `  database: ${config.databaseUrl ? 'PostgreSQL server' : `embedded PGlite in ${config.dataDir}`}`,
  ];
  if (server.demo) {
    lines.push(
      '  demo logins (test environment only):',
      `    service user: client_id=${server.demo.serviceUser.clientId} client_secret=${server.demo.serviceUser.secret}`,
      ...server.demo.officials.map((o) => `    official: ${o.username} / ${o.password}`),
    );
  }
  return lines.join('\n');
}
