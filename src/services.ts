import { randomBytes, randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { CallerCache, createTokenIssuer, getOrCreateSetting } from './access/index.ts';
import type { Config } from './config.ts';
import type { AppServices } from './context.ts';
import type { Database, Db } from './db/index.ts';
import { DEFAULT_NAME_THRESHOLDS } from './domain/index.ts';
import { loggerOptions } from './http/index.ts';
import type { PopulationRegister } from './identification/index.ts';
import { instrumentRegister, loadSimulatedRegister } from './identification/index.ts';
import { createSharedRegisterLimits } from './limits/index.ts';
import { circuitTransitions } from './ops/index.ts';
import { createPersonLoader, createReadRecorder } from './persons/index.ts';

export async function createPopulationRegister(
  config: Config,
  db?: Db,
  logger: Logger = pino(loggerOptions(config.logLevel)),
): Promise<PopulationRegister> {
  if (config.populationRegister.kind === 'simulated')
    return loadSimulatedRegister(config.populationRegister.file);
  const { createHttpPopulationRegister } = await import('./identification/index.ts');
  const { ratePerSecond, concurrency, timeoutMs } = config.populationRegister;
  return createHttpPopulationRegister({
    ...config.populationRegister,
    // The register's limits are the deployment's, shared by all its processes through the database.
    sharedLimits:
      db && createSharedRegisterLimits(db, { ratePerSecond, concurrency, leaseMs: timeoutMs + 5_000 }),
    // Defence in depth: the identification worker never sends a test hetu in production; should one
    // slip through, the adapter refuses it rather than sending it to the real register.
    refuseTestHetus: config.environment === 'production',
    onCircuitStateChange: (state) => {
      circuitTransitions.inc({ state });
      // Operators alert on an open circuit: lookups fail fast and identification pauses meanwhile.
      const line = { component: 'population-register', circuit: state };
      if (state === 'closed') logger.info(line, 'population register circuit closed: requests flow again');
      else if (state === 'half_open')
        logger.warn(line, 'population register circuit half-open: trying one request');
      else logger.error(line, 'population register circuit open: lookups fail fast until it recovers');
    },
  });
}

/** Wires the process-wide services; `overrides` lets tests swap the population register. */
export async function createServices(
  config: Config,
  database: Database,
  overrides: { populationRegister?: PopulationRegister; logger?: Logger } = {},
): Promise<AppServices> {
  const db = database.db;
  // Each deployment has its own id and signing key, so tokens never cross deployments.
  const deploymentId = await getOrCreateSetting(db, 'deployment_id', () => randomUUID());
  const secret =
    config.tokenSecret ??
    (await getOrCreateSetting(db, 'token_secret', () => randomBytes(48).toString('base64url')));
  return {
    config,
    database,
    db,
    readDb: database.readDb,
    // Every lookup counted and timed for /metrics, whichever register it is.
    populationRegister: instrumentRegister(
      overrides.populationRegister ?? (await createPopulationRegister(config, db, overrides.logger)),
    ),
    tokens: createTokenIssuer({
      secret,
      issuer: `urn:onr:${config.environment}:${deploymentId}`,
      ttlSeconds: config.tokenTtlSeconds,
    }),
    personOidNode: config.environment === 'production' ? '24' : '98',
    nameThresholds: DEFAULT_NAME_THRESHOLDS,
    readRecorder: createReadRecorder(db),
    personLoader: createPersonLoader(db),
    callerCache: new CallerCache(),
  };
}
