import type { Caller, CallerCache, TokenIssuer } from './access/index.ts';
import type { AuditActor } from './audit/index.ts';
import type { Config } from './config.ts';
import type { Database, Db } from './db/index.ts';
import type { NameMatchThresholds } from './domain/index.ts';
import type { PopulationRegister } from './identification/index.ts';
import type { PersonLoader, ReadRecorder } from './persons/index.ts';

/** What the application is built from; one per process. */
export interface AppServices {
  config: Config;
  database: Database;
  db: Db;
  /**
   * The streaming replica when one is configured (else `db`): only for the reads of docs/SCALING.md
   * that may be a moment stale — never for a read that a write of the same request depends on.
   */
  readDb: Db;
  populationRegister: PopulationRegister;
  tokens: TokenIssuer;
  /** '24' in production, '98' in test (SPEC §2). */
  personOidNode: string;
  nameThresholds: NameMatchThresholds;
  /** Attaches and audits person reads, group-committed (the single lookup's hot path). */
  readRecorder: ReadRecorder;
  /** Reads persons by hetu, batched across concurrent requests (the single lookup's hot path). */
  personLoader: PersonLoader;
  /** Users and grants of Bearer-token callers; invalidate a user after committing a change to it. */
  callerCache: CallerCache;
}

/** One request's view: the services plus who is calling, and from where. */
export interface RequestContext extends AppServices {
  caller: Caller;
  actor: AuditActor;
  /** Method and route, for reports ("POST /yleistunniste/hae"). */
  endpoint: string;
}
