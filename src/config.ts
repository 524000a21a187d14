import { existsSync } from 'node:fs';
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Environment = 'test' | 'production';

export interface Config {
  environment: Environment;
  port: number;
  host: string;
  /** PostgreSQL server; undefined → embedded PGlite in dataDir. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** A streaming replica of databaseUrl for the reads that may be a moment stale (docs/SCALING.md). */
  databaseReplicaUrl: string | undefined;
  dataDir: string;
  publicUrl: string;
  populationRegister:
    | { kind: 'simulated'; file: string }
    | {
        kind: 'http';
        url: string;
        username?: string;
        password?: string;
        ratePerSecond: number;
        concurrency: number;
        timeoutMs: number;
        retries: number;
      };
  /** A single lookup's wait for the population register, retries included (the worker has none). */
  registerLookupDeadlineMs: number;
  /** HMAC key for access tokens; generated and kept in the database when unset (test only). */
  tokenSecret: string | undefined;
  tokenTtlSeconds: number;
  /** Attempts a minute, per client IP, at the token endpoint and at the login form. */
  rateLimits: { tokenPerMinute: number; loginPerMinute: number };
  smtp: { url: string; from: string } | undefined;
  /** Runs the background workers inside `serve`. */
  workers: boolean;
  /** How long a worker owns a claimed job without renewing it; a dead worker's job waits this long. */
  jobLeaseSeconds: number;
  /** Largest number of rows in one mass import request. */
  importMaxRows: number;
  /** Rows a mass-import transaction; undefined → by database (5000 PostgreSQL, 500 embedded). */
  importBatchRows: number | undefined;
  /** The identification worker's pace (docs/IDENTIFICATION.md). */
  identification: { ratePerSecond: number; concurrency: number; batchSize: number };
  logLevel: string;
  /** Largest accepted request body in bytes (mass imports are the big ones). */
  bodyLimit: number;
  seedDemoData: boolean;
  /** Who may read /metrics: loopback, private, any or CIDR ranges (parseAllowList). */
  metricsAllow: string;
  /** `onr worker` only: the port of its operations endpoints (health, /metrics); undefined → none. */
  workerMetricsPort: number | undefined;
}

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHIPPED_POPULATION_FILE = join(PROJECT_ROOT, 'resources', 'simulated-population-register.json');

export class ConfigError extends Error {}

/** Every setting the registry reads. Anything else that starts with ONR_ is a typo and stops the start. */
export const SETTINGS: Record<string, string> = {
  PORT: 'HTTP port (default 8080)',
  HOST: 'interface to listen on (default 127.0.0.1)',
  DATABASE_URL: 'PostgreSQL server, postgres://…; unset → embedded PGlite in ONR_DATA_DIR',
  ONR_DATABASE_POOL_SIZE: 'connections in the pool (default 10)',
  ONR_DATABASE_REPLICA_URL:
    'a streaming replica of DATABASE_URL, postgres://…, for feeds, import results, searches, the error list and the audit-log search (docs/SCALING.md)',
  ONR_DATA_DIR: 'directory of the embedded database (default ./data)',
  ONR_ENVIRONMENT: 'test | production (default test)',
  ONR_PUBLIC_URL: 'the URL users reach the registry at (default http://localhost:PORT)',
  ONR_POPULATION_REGISTER_FILE: 'simulated population register, JSON or CSV (test environment only)',
  ONR_POPULATION_REGISTER_URL: 'population register over HTTP (required in production)',
  ONR_POPULATION_REGISTER_USERNAME: 'user name for the population register',
  ONR_POPULATION_REGISTER_PASSWORD: 'password for the population register',
  ONR_POPULATION_REGISTER_RATE:
    'requests per second to the population register, all processes of the deployment together (default 20)',
  ONR_POPULATION_REGISTER_CONCURRENCY:
    'requests in flight to the population register at most, all processes together (default 4)',
  ONR_POPULATION_REGISTER_TIMEOUT_MS: 'time for one population register request in ms (default 5000)',
  ONR_POPULATION_REGISTER_RETRIES: 'retries of a transient population register failure (default 3)',
  ONR_POPULATION_REGISTER_LOOKUP_DEADLINE_MS:
    'how long a single lookup (hae, the UI) waits for the population register, retries included, before 503 (default 8000)',
  ONR_TOKEN_SECRET: 'access-token signing key, at least 32 characters (required in production)',
  ONR_TOKEN_TTL_SECONDS: 'access-token lifetime (default 3600)',
  ONR_TOKEN_RATE_LIMIT: 'token requests a minute from one IP address, across all instances (default 60)',
  ONR_LOGIN_RATE_LIMIT: 'login attempts a minute from one IP address, across all instances (default 10)',
  ONR_SMTP_URL: 'SMTP server, smtp://user:pass@host:port (unset → mail is written to the log)',
  ONR_MAIL_FROM: 'sender address of notification mail',
  ONR_WORKERS: 'run background workers inside serve: true | false (default true)',
  ONR_JOB_LEASE_SECONDS: 'seconds a job stays with a worker that stopped renewing it (default 30)',
  ONR_IMPORT_MAX_ROWS: 'largest number of rows in one mass import request (default 100000)',
  ONR_IMPORT_BATCH_ROWS: 'rows a mass-import transaction (default 5000 on PostgreSQL, 500 embedded)',
  ONR_IDENTIFICATION_RATE:
    'population register lookups a second the identification worker starts at most (default: half of ONR_POPULATION_REGISTER_RATE, or 20)',
  ONR_IDENTIFICATION_CONCURRENCY:
    'lookups of the identification worker in flight at most (default: half of ONR_POPULATION_REGISTER_CONCURRENCY, or 4)',
  ONR_IDENTIFICATION_BATCH: 'persons the identification worker claims at a time (default 100)',
  ONR_LOG_LEVEL: 'fatal | error | warn | info | debug | trace | silent (default info)',
  ONR_BODY_LIMIT_MB: 'largest request body in MiB (default 64)',
  ONR_SEED_DEMO_DATA: 'seed demo data into an empty database on serve (test only; default true)',
  ONR_METRICS_ALLOW:
    'client addresses /metrics answers: loopback, private, any or CIDR ranges, comma-separated (default loopback,private)',
  ONR_WORKER_METRICS_PORT:
    'onr worker only: serve /health/live, /health/ready and /metrics on this port, at HOST (default: none)',
};

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got ${parsed.protocol}`);
  }
  return raw;
}

/** Reads and validates the environment. Throws ConfigError with a message for the operator. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const unknown = Object.keys(env).filter((k) => k.startsWith('ONR_') && !(k in SETTINGS));
  if (unknown.length > 0) {
    throw new ConfigError(
      `unknown setting ${unknown.join(', ')}; known: ${Object.keys(SETTINGS).join(', ')}`,
    );
  }
  const environment = (env.ONR_ENVIRONMENT || 'test') as Environment;
  if (environment !== 'test' && environment !== 'production') {
    throw new ConfigError(`ONR_ENVIRONMENT must be test or production, got "${env.ONR_ENVIRONMENT}"`);
  }
  const production = environment === 'production';
  const port = int(env, 'PORT', 8080, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const databaseReplicaUrl = url(env, 'ONR_DATABASE_REPLICA_URL', ['postgres:', 'postgresql:']);
  if (databaseReplicaUrl && !databaseUrl)
    throw new ConfigError(
      'ONR_DATABASE_REPLICA_URL needs DATABASE_URL (the embedded database has no replica)',
    );
  const logLevel = env.ONR_LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`ONR_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent`);
  }

  const registerUrl = url(env, 'ONR_POPULATION_REGISTER_URL', ['http:', 'https:']);
  const registerFile = env.ONR_POPULATION_REGISTER_FILE || undefined;
  let populationRegister: Config['populationRegister'];
  if (production) {
    // Security: a production registry must never identify real persons against made-up data.
    if (registerFile)
      throw new ConfigError('ONR_POPULATION_REGISTER_FILE (simulated register) is refused in production');
    if (!registerUrl) throw new ConfigError('ONR_POPULATION_REGISTER_URL is required in production');
  }
  if (registerUrl) {
    if (registerFile)
      throw new ConfigError('set ONR_POPULATION_REGISTER_URL or ONR_POPULATION_REGISTER_FILE, not both');
    populationRegister = {
      kind: 'http',
      url: registerUrl,
      username: env.ONR_POPULATION_REGISTER_USERNAME || undefined,
      password: env.ONR_POPULATION_REGISTER_PASSWORD || undefined,
      ratePerSecond: int(env, 'ONR_POPULATION_REGISTER_RATE', 20, 1, 10_000),
      concurrency: int(env, 'ONR_POPULATION_REGISTER_CONCURRENCY', 4, 1, 1000),
      timeoutMs: int(env, 'ONR_POPULATION_REGISTER_TIMEOUT_MS', 5000, 100, 600_000),
      retries: int(env, 'ONR_POPULATION_REGISTER_RETRIES', 3, 0, 10),
    };
  } else {
    const file = resolve(registerFile ?? SHIPPED_POPULATION_FILE);
    if (!existsSync(file)) throw new ConfigError(`ONR_POPULATION_REGISTER_FILE: no such file ${file}`);
    populationRegister = { kind: 'simulated', file };
  }

  const tokenSecret = env.ONR_TOKEN_SECRET || undefined;
  if (tokenSecret !== undefined && tokenSecret.length < 32) {
    throw new ConfigError('ONR_TOKEN_SECRET must be at least 32 characters');
  }
  if (production && !tokenSecret) throw new ConfigError('ONR_TOKEN_SECRET is required in production');

  const seedDemoData = bool(env, 'ONR_SEED_DEMO_DATA', !production);
  if (production && seedDemoData)
    throw new ConfigError('ONR_SEED_DEMO_DATA (demo accounts) is refused in production');

  const metricsAllow = env.ONR_METRICS_ALLOW || 'loopback,private';
  try {
    parseAllowList(metricsAllow);
  } catch (error) {
    throw new ConfigError(`ONR_METRICS_ALLOW: ${(error as Error).message}`);
  }

  const smtpUrl = url(env, 'ONR_SMTP_URL', ['smtp:', 'smtps:']);
  // The worker shares the register's limits with the single lookups, whose callers wait for the
  // answer: by default it takes half, so that a large import never starves interactive lookups.
  const registerLimits =
    populationRegister.kind === 'http'
      ? {
          ratePerSecond: Math.max(1, Math.floor(populationRegister.ratePerSecond / 2)),
          concurrency: Math.max(1, Math.floor(populationRegister.concurrency / 2)),
        }
      : { ratePerSecond: 20, concurrency: 4 };
  const identification = {
    ratePerSecond: int(env, 'ONR_IDENTIFICATION_RATE', registerLimits.ratePerSecond, 1, 100_000),
    concurrency: int(env, 'ONR_IDENTIFICATION_CONCURRENCY', registerLimits.concurrency, 1, 1000),
    batchSize: int(env, 'ONR_IDENTIFICATION_BATCH', 100, 1, 10_000),
  };
  return {
    environment,
    port,
    host,
    databaseUrl,
    databasePoolSize: int(env, 'ONR_DATABASE_POOL_SIZE', 10, 1, 500),
    databaseReplicaUrl,
    dataDir: resolve(env.ONR_DATA_DIR || './data'),
    publicUrl: (url(env, 'ONR_PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(
      /\/$/,
      '',
    ),
    populationRegister,
    registerLookupDeadlineMs: int(env, 'ONR_POPULATION_REGISTER_LOOKUP_DEADLINE_MS', 8000, 100, 600_000),
    tokenSecret,
    tokenTtlSeconds: int(env, 'ONR_TOKEN_TTL_SECONDS', 3600, 60, 86_400),
    // Security: these slow down guessing secrets and passwords; per-account lockout is separate.
    rateLimits: {
      tokenPerMinute: int(env, 'ONR_TOKEN_RATE_LIMIT', 60, 1, 100_000),
      loginPerMinute: int(env, 'ONR_LOGIN_RATE_LIMIT', 10, 1, 100_000),
    },
    smtp: smtpUrl ? { url: smtpUrl, from: env.ONR_MAIL_FROM || 'onr@localhost' } : undefined,
    workers: bool(env, 'ONR_WORKERS', true),
    jobLeaseSeconds: int(env, 'ONR_JOB_LEASE_SECONDS', 30, 2, 3600),
    importMaxRows: int(env, 'ONR_IMPORT_MAX_ROWS', 100_000, 1, 10_000_000),
    importBatchRows: env.ONR_IMPORT_BATCH_ROWS
      ? int(env, 'ONR_IMPORT_BATCH_ROWS', 5000, 1, 100_000)
      : undefined,
    identification,
    logLevel,
    bodyLimit: int(env, 'ONR_BODY_LIMIT_MB', 64, 1, 1024) * 1024 * 1024,
    seedDemoData,
    metricsAllow,
    workerMetricsPort: env.ONR_WORKER_METRICS_PORT
      ? int(env, 'ONR_WORKER_METRICS_PORT', 9464, 1, 65535)
      : undefined,
  };
}

/**
 * The addresses `/metrics` answers (ONR_METRICS_ALLOW): `loopback`, `private` (RFC 1918, unique-local
 * and link-local), `any`, or CIDR ranges, comma-separated. Metrics say how busy the registry is and
 * which routes fail: not for the open internet.
 */
export function parseAllowList(spec: string): (address: string) => boolean {
  const list = new BlockList();
  let any = false;
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    if (item === 'any') any = true;
    else if (item === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4');
      list.addAddress('::1', 'ipv6');
    } else if (item === 'private') {
      list.addSubnet('10.0.0.0', 8, 'ipv4');
      list.addSubnet('172.16.0.0', 12, 'ipv4');
      list.addSubnet('192.168.0.0', 16, 'ipv4');
      list.addSubnet('169.254.0.0', 16, 'ipv4');
      list.addSubnet('fc00::', 7, 'ipv6');
      list.addSubnet('fe80::', 10, 'ipv6');
    } else {
      const [address, bits] = item.split('/');
      const type = address && isIPv4(address) ? 'ipv4' : address && isIPv6(address) ? 'ipv6' : undefined;
      const prefix = bits === undefined ? (type === 'ipv4' ? 32 : 128) : Number(bits);
      if (!type || !Number.isInteger(prefix) || prefix < 0 || prefix > (type === 'ipv4' ? 32 : 128)) {
        throw new RangeError(`"${item}" is not loopback, private, any or an IP address range (CIDR)`);
      }
      list.addSubnet(address!, prefix, type);
    }
  }
  return (address) => {
    if (any) return true;
    // An IPv4 client of a dual-stack socket shows up as ::ffff:a.b.c.d.
    const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    if (v4) return list.check(v4, 'ipv4');
    if (isIPv4(address)) return list.check(address, 'ipv4');
    if (isIPv6(address)) return list.check(address, 'ipv6');
    return false;
  };
}
