#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { Command, Option } from 'commander';
import { createOrganisation, createUser, ORGANISATION_TYPES, ROLES } from './access/index.ts';
import { type AuditActor, readAuditTip, sealAuditLog, verifyAuditLog } from './audit/index.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import type { Database } from './db/index.ts';
import { migrate } from './db/index.ts';
import { AppError } from './errors.ts';
import {
  generatePopulation,
  loadSimulatedRegister,
  startPopulationServer,
  toCsv,
} from './identification/index.ts';
import { DatabaseInUseError, openConfiguredDatabase } from './open-database.ts';
import { hasDemoData, isEmpty, seedDemoData } from './seed.ts';
import { describeStart, StartupError, startServer } from './server.ts';

class UsageError extends Error {}

function cliActor(): AuditActor {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {}
  return { oid: null, kind: 'cli', name: `cli:${name}`, organisations: [] };
}

function print(json: boolean, value: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
}

/** Opens the configured database for one command; the test environment migrates it first. */
async function withDatabase<T>(fn: (database: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    if (config.environment === 'test') await migrate(database);
    return await fn(database, config);
  } finally {
    await database.close();
  }
}

const userOidNode = (config: Config) => (config.environment === 'production' ? '24' : '98');

/**
 * Stops a long-running command gracefully on SIGTERM, SIGINT or SIGHUP, with a deadline: in-flight
 * requests and jobs get their moment, a stuck one does not keep a stopped process alive (jobs left running
 * go back to the queue anyway). A repeated signal does not cut the shutdown short: a terminal's Ctrl-C
 * reaches both `npm`/`onr` (which pass it on) and this process, so the same stop arrives twice.
 */
function stopOnSignals(stop: () => Promise<void>, deadlineMs = 10_000): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`onr: ${signal} received, stopping\n`);
    setTimeout(() => {
      process.stderr.write(`onr: shutdown did not finish within ${deadlineMs / 1000} s; exiting\n`);
      process.exit(1);
    }, deadlineMs).unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`onr: shutdown failed: ${error instanceof Error ? error.message : error}\n`);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, onSignal);
}

const program = new Command('onr')
  .description('Oppijanumerorekisteri: the Finnish learner number registry')
  .showHelpAfterError();

program
  .command('serve')
  .description('run the registry (the test environment migrates and seeds an empty database first)')
  .option('--json', 'print the start information as JSON')
  .action(async (opts: { json?: boolean }) => {
    const config = loadConfig();
    const server = await startServer(config);
    print(
      !!opts.json,
      { url: server.url, environment: config.environment, demo: server.demo },
      describeStart(server, config),
    );
    stopOnSignals(() => server.stop());
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .option('--json', 'machine-readable output')
  .action(async (opts: { json?: boolean }) => {
    const config = loadConfig();
    const database = await openConfiguredDatabase(config);
    try {
      const applied = await migrate(database);
      print(
        !!opts.json,
        { applied },
        applied.length ? `applied ${applied.join(', ')}` : 'the schema is up to date',
      );
    } finally {
      await database.close();
    }
  });

program
  .command('seed')
  .description('seed demo organisations, officials and a service user into an empty database (test only)')
  .option('--json', 'machine-readable output')
  .action(async (opts: { json?: boolean }) =>
    withDatabase(async (database, config) => {
      if (config.environment !== 'test') throw new UsageError('demo data is for the test environment only');
      if (await hasDemoData(database.db))
        return print(!!opts.json, { seeded: false }, 'demo data is already there');
      if (!(await isEmpty(database.db)))
        throw new UsageError('the database is not empty; demo data goes only into an empty one');
      const logins = await seedDemoData(database.db, userOidNode(config));
      print(
        !!opts.json,
        { seeded: true, ...logins },
        `seeded demo data; service user ${logins.serviceUser.clientId}`,
      );
    }),
  );

const organisation = program.command('organisation').description('organisations');
organisation
  .command('create')
  .description('create an organisation; prints its OID')
  .requiredOption('--name <name>', 'name')
  .option('--parent <oid>', 'parent organisation (default: the root, OPH)')
  .addOption(new Option('--type <type>', 'type').choices([...ORGANISATION_TYPES]).default('koulutustoimija'))
  .option('--json', 'machine-readable output')
  .action(
    async (opts: {
      name: string;
      parent?: string;
      type: (typeof ORGANISATION_TYPES)[number];
      json?: boolean;
    }) =>
      withDatabase(async (database, config) => {
        const org = await createOrganisation(
          { db: database.db, actor: cliActor(), userOidNode: userOidNode(config) },
          { name: opts.name, parentOid: opts.parent, type: opts.type },
        );
        print(
          !!opts.json,
          { oid: org.oid, name: org.name, type: org.type, parentOid: org.parent_oid },
          org.oid,
        );
      }),
  );

const collect = (value: string, previous: string[]) => [...previous, value];

function userCommand(kind: 'service' | 'official') {
  return async (opts: {
    name?: string;
    username?: string;
    org: string;
    role: string[];
    password?: string;
    json?: boolean;
  }) =>
    withDatabase(async (database, config) => {
      const created = await createUser(
        { db: database.db, actor: cliActor(), userOidNode: userOidNode(config) },
        {
          kind,
          name: opts.name ?? opts.username ?? '',
          username: opts.username,
          organisationOid: opts.org,
          roles: opts.role,
          secret: opts.password,
        },
      );
      if (kind === 'service') {
        print(
          !!opts.json,
          {
            oid: created.oid,
            clientId: created.username,
            clientSecret: created.secret,
            roles: created.roles,
          },
          `client_id=${created.username}\nclient_secret=${created.secret}\n(the secret is shown only now; only its hash is stored)`,
        );
      } else {
        print(
          !!opts.json,
          {
            oid: created.oid,
            username: created.username,
            roles: created.roles,
            ...(opts.password ? {} : { password: created.secret }),
          },
          opts.password ? created.oid : `${created.oid}\npassword=${created.secret} (shown only now)`,
        );
      }
    });
}

program
  .command('service-user')
  .description('service users (API clients)')
  .command('create')
  .description('create a service user; prints its client id and secret (once)')
  .requiredOption('--name <name>', 'name of the system')
  .requiredOption('--org <oid>', 'organisation')
  .option('--role <role>', `role, repeatable (${ROLES.join(', ')})`, collect, [])
  .option('--client-id <id>', 'client id (default: derived from the name)')
  .option('--json', 'machine-readable output')
  .action((opts) => userCommand('service')({ ...opts, username: opts.clientId }));

program
  .command('official')
  .description('officials (UI users)')
  .command('create')
  .description("create an official; prints the official's OID")
  .requiredOption('--username <username>', 'login name')
  .requiredOption('--org <oid>', 'organisation')
  .option('--role <role>', `role, repeatable (${ROLES.join(', ')})`, collect, [])
  .option('--name <name>', 'full name (default: the username)')
  .option('--password <password>', 'password (default: a generated one, printed once)')
  .option('--json', 'machine-readable output')
  .action(userCommand('official'));

const population = program.command('population').description('the simulated population register');
population
  .command('generate')
  .description('print a simulated population register of N test persons')
  .requiredOption('--count <n>', 'how many persons', (v) => Number.parseInt(v, 10))
  .option('--seed <s>', 'random seed', (v) => Number.parseInt(v, 10), 1)
  .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv']).default('json'))
  .option('--out <file>', 'write to a file instead of standard output')
  .option('--json', 'same as --format json')
  .action((opts: { count: number; seed: number; format: 'json' | 'csv'; out?: string }) => {
    if (!Number.isInteger(opts.count) || opts.count < 1)
      throw new UsageError('--count must be a positive whole number');
    const entries = generatePopulation({ count: opts.count, seed: opts.seed });
    const text = opts.format === 'csv' ? toCsv(entries) : `${JSON.stringify(entries, null, 1)}\n`;
    if (opts.out) writeFileSync(opts.out, text);
    else process.stdout.write(text);
  });
population
  .command('serve <file>')
  .description('serve a simulated register (JSON or CSV) over HTTP, a stand-in for the real register')
  .option('--port <p>', 'port; 0 picks a free one', Number, 8090)
  .option('--host <h>', 'interface to listen on', '127.0.0.1')
  .option('--username <u>', 'require HTTP Basic auth (default: ONR_POPULATION_REGISTER_USERNAME)')
  .option('--password <p>', 'its password (default: ONR_POPULATION_REGISTER_PASSWORD)')
  .option('--latency-ms <ms>', 'delay every answer (fault injection)', Number, 0)
  .option('--fail-rate <r>', 'answer this share of lookups with 503 (fault injection, 0–1)', Number, 0)
  .option('--json', 'print the start information as JSON')
  .action(
    async (
      file: string,
      opts: {
        port: number;
        host: string;
        username?: string;
        password?: string;
        latencyMs: number;
        failRate: number;
        json?: boolean;
      },
    ) => {
      if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535)
        throw new UsageError('--port must be a whole number from 0 to 65535');
      if (!(opts.latencyMs >= 0)) throw new UsageError('--latency-ms must be a number ≥ 0');
      if (!(opts.failRate >= 0 && opts.failRate <= 1))
        throw new UsageError('--fail-rate must be from 0 to 1');
      // The same variables the registry's adapter reads, so one environment configures both ends.
      const username = opts.username ?? process.env.ONR_POPULATION_REGISTER_USERNAME;
      const password = opts.password ?? process.env.ONR_POPULATION_REGISTER_PASSWORD;
      if (!username !== !password) throw new UsageError('give both a username and a password, or neither');
      const register = await loadSimulatedRegister(file).catch((error: Error) => {
        throw new UsageError(error.message);
      });
      const server = await startPopulationServer({
        register,
        port: opts.port,
        host: opts.host,
        credentials: username && password ? { username, password } : undefined,
        faults: { latencyMs: opts.latencyMs, failRate: opts.failRate },
      });
      print(
        !!opts.json,
        { url: server.url, persons: register.size, authentication: !!username },
        `serving ${register.size} persons at ${server.url}/henkilo/{hetu}${username ? ' (Basic auth)' : ''}`,
      );
      stopOnSignals(() => server.close());
    },
  );

program
  .command('worker')
  .description(
    'run the background work (mass imports, identification, mail, audit sealing) without the HTTP API',
  )
  .option('--json', 'print the start information as JSON')
  .action(async (opts: { json?: boolean }) => {
    const config = loadConfig();
    const { startWorker, WorkerStartError } = await import('./worker.ts');
    const worker = await startWorker(config).catch((error: unknown) => {
      throw error instanceof WorkerStartError ? new UsageError(error.message) : error;
    });
    print(
      !!opts.json,
      { workerId: worker.workerId, operations: worker.operationsUrl ?? null },
      `onr worker ${worker.workerId} is running${worker.operationsUrl ? `; health and metrics at ${worker.operationsUrl}` : ''}`,
    );
    stopOnSignals(() => worker.stop());
  });

program
  .command('import <file>')
  .description('mass-import a CSV or JSON file through the API, with a progress bar; writes a results file')
  .addOption(
    new Option('--api <api>', 'which import API')
      .choices(['yleistunniste', 'oppija'])
      .default('yleistunniste'),
  )
  .option('--url <url>', 'the registry', 'http://localhost:8080')
  .option('--client-id <id>', 'service user client id', 'demo-client')
  .option('--client-secret <secret>', 'service user secret', 'demo-client-secret')
  .option('--email <address>', 'notification address (sahkoposti) for rows that need handling')
  .option('--out <file>', 'results file, .json or .csv (default FILE.results.json)')
  .option(
    '--row-errors',
    'import the good rows and report the broken ones per row (rivivirheet=true); by default a request with a broken row is refused whole, as the reference does',
  )
  .option(
    '--max-rows <n>',
    'rows a request; more go as several imports',
    (v) => Number.parseInt(v, 10),
    100_000,
  )
  .option('--json', 'print the summary as JSON')
  .action(
    async (
      file: string,
      opts: {
        api: 'yleistunniste' | 'oppija';
        url: string;
        clientId: string;
        clientSecret: string;
        email?: string;
        out?: string;
        maxRows: number;
        rowErrors?: boolean;
        json?: boolean;
      },
    ) => {
      if (!Number.isInteger(opts.maxRows) || opts.maxRows < 1)
        throw new UsageError('--max-rows must be a positive whole number');
      const { describeSummary, ImportClientError, runImport } = await import('./imports/index.ts');
      const summary = await runImport(file, {
        ...opts,
        pollMs: 500,
        progressBar: !opts.json && process.stderr.isTTY === true,
      }).catch((error: unknown) => {
        const expected =
          error instanceof ImportClientError || (error as NodeJS.ErrnoException).code === 'ENOENT';
        throw expected ? new UsageError((error as Error).message) : error;
      });
      print(!!opts.json, summary, describeSummary(summary));
    },
  );

const audit = program.command('audit').description('the audit log');
audit
  .command('verify')
  .description('check the hash chain of the audit log; names the first broken record')
  .option('--seal', 'seal pending records first (needs write access)')
  .option('--json', 'machine-readable output')
  .action(async (opts: { seal?: boolean; json?: boolean }) =>
    withDatabase(async (database) => {
      if (opts.seal) await sealAuditLog(database.db);
      const result = await verifyAuditLog(database.db);
      const text = result.ok
        ? `audit log intact: ${result.checked} records verified, ${result.unsealed} not yet sealed`
        : `audit log BROKEN at record id ${result.firstBroken?.id} (chain position ${result.firstBroken?.chainSeq}): ${result.firstBroken?.reason}`;
      print(!!opts.json, result, text);
      if (!result.ok) process.exitCode = 1;
    }),
  );

audit
  .command('tip')
  .description(
    "print the sealed audit chain's tip (position, hash, time): the value to keep outside the database",
  )
  .option(
    '--at <position>',
    'print the chain entry at this position instead (to compare with a kept tip)',
    (v) => Number.parseInt(v, 10),
  )
  .option('--seal', 'seal pending records first (needs write access)')
  .option('--json', 'machine-readable output')
  .action(async (opts: { at?: number; seal?: boolean; json?: boolean }) =>
    withDatabase(async (database) => {
      if (opts.at !== undefined && !(Number.isInteger(opts.at) && opts.at >= 0))
        throw new UsageError('--at must be a chain position, a whole number ≥ 0');
      if (opts.seal) await sealAuditLog(database.db);
      const tip = await readAuditTip(database.db, opts.at);
      if (!tip) {
        // A kept tip whose position is gone: the newest records were cut off.
        print(!!opts.json, { found: false, position: opts.at }, `no chain entry at position ${opts.at}`);
        process.exitCode = 1;
        return;
      }
      const text =
        tip.position === 0
          ? `audit chain is empty (${tip.unsealed} records not yet sealed)`
          : `position ${tip.position}\nhash ${tip.hash}\nrecord ${tip.auditId} written ${tip.occurredAt}` +
            (opts.at === undefined ? `\n(${tip.unsealed} newer records not yet sealed)` : '');
      print(!!opts.json, tip, text);
    }),
  );

program.parseAsync().catch((error: unknown) => {
  const known = [ConfigError, UsageError, StartupError, DatabaseInUseError].some((k) => error instanceof k);
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`onr: ${message}\n`);
  if (!known && !(error instanceof AppError)) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  process.exit(2);
});
