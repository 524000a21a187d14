export { createBatcher, createBatchLoader } from './batcher.ts';
export { type Database, type Db, openDatabase } from './database.ts';
export { isDatabaseUnavailable } from './errors.ts';
export { listMigrations, migrate } from './migrate.ts';
export type {
  AuditLogRow,
  GrantRow,
  IdentificationError,
  ImportApi,
  ImportOutcome,
  ImportRow,
  JobState,
  NewPerson,
  OrganisationRow,
  PersonRow,
  PersonUpdate,
  SessionRow,
  Tables,
  UserRow,
} from './tables.ts';
