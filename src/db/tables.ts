import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A column the database fills in unless given. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;

export interface SettingsTable {
  key: string;
  value: string;
  created_at: Timestamp;
}

export interface OrganisationsTable {
  oid: string;
  parent_oid: string | null;
  path: string[];
  name: string;
  type: 'rekisterinpitaja' | 'koulutustoimija' | 'oppilaitos' | 'toimipiste' | 'muu';
  active: Defaulted<boolean>;
  created_at: Timestamp;
  modified_at: Timestamp;
}

export interface UsersTable {
  oid: string;
  kind: 'official' | 'service';
  username: string;
  name: string;
  organisation_oid: string;
  secret_hash: string;
  active: Defaulted<boolean>;
  failed_logins: Defaulted<number>;
  locked_until: Date | null;
  last_login_at: Date | null;
  secret_rotated_at: Timestamp;
  /** Raised on every secret or password change; access tokens carry it (migration 003). */
  secret_version: Defaulted<number>;
  created_at: Timestamp;
  created_by: string | null;
}

export interface GrantsTable {
  id: Generated<number>;
  user_oid: string;
  organisation_oid: string;
  role: string;
  valid_from: Timestamp;
  valid_until: Date | null;
  granted_by: string | null;
  granted_at: Timestamp;
  revoked_by: string | null;
  revoked_at: Date | null;
}

export interface SessionsTable {
  /** SHA-256 of the session id; the id itself is only in the browser's cookie. */
  id_hash: string;
  user_oid: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Date;
  revoked_at: Date | null;
  ip: string | null;
  user_agent: string | null;
}

export interface PersonsTable {
  id: Generated<number>;
  oid: string;
  hetu: string | null;
  first_names: string;
  nickname: string | null;
  surname: string;
  former_surnames: Defaulted<string[]>;
  birth_date: string | null;
  sex: '1' | '2' | null;
  mother_tongue: string | null;
  contact_language: string | null;
  nationalities: Defaulted<string[]>;
  home_municipality: string | null;
  identified: Defaulted<boolean>;
  identified_vtj: Defaulted<boolean>;
  identification_attempted: Defaulted<boolean>;
  duplicate: Defaulted<boolean>;
  passivated: Defaulted<boolean>;
  protection_order: Defaulted<boolean>;
  death_date: string | null;
  master_id: number | null;
  created_at: Timestamp;
  modified_at: Timestamp;
  created_by: string | null;
  modified_by: string | null;
  /** Identification (migration 004): when the worker should next try; null = not queued. */
  identification_due_at: Date | null;
  identification_attempts: Defaulted<number>;
  identification_error: IdentificationError | null;
  identification_error_at: Date | null;
  /** The mass import that created the person. */
  import_id: number | null;
  /** A mass import created or found the person (migration 008): the importers' feed shows it. */
  imported: Defaulted<boolean>;
}

/** Why identification did not succeed; VTJ_EI_VASTAA is transient, the others final (migration 004). */
export type IdentificationError =
  | 'HETU_EI_VTJ'
  | 'HETU_PASSIVOITU'
  | 'HETU_EI_OIKEA'
  | 'NIMET_EIVAT_TASMAA'
  | 'VTJ_EI_VASTAA';

/** What the population register said at a failed identification (migration 004). */
export interface RegisterSnapshotsTable {
  person_id: number;
  hetu: string;
  /** The register's PopulationRecord on a name mismatch. */
  record: Json | null;
  /** The active hetu the register named for a passivated one. */
  active_hetu: string | null;
  fetched_at: Timestamp;
}

export interface PersonHetusTable {
  hetu: string;
  person_id: number;
  added_at: Timestamp;
}

export interface PersonPassportsTable {
  passport_number: string;
  person_id: number;
}

export interface PersonEmailsTable {
  email: string;
  person_id: number;
}

export interface PersonOrganisationsTable {
  person_id: number;
  organisation_oid: string;
  created_at: Timestamp;
  created_by: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  occurred_at: Timestamp;
  operation: string;
  actor_oid: string | null;
  actor_kind: string | null;
  actor_name: string | null;
  actor_organisations: Defaulted<string[]>;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  caller_id: string | null;
  target_oids: Defaulted<string[]>;
  changes: Json | null;
  details: Json | null;
}

export interface AuditChainTable {
  chain_seq: number;
  audit_id: number;
  prev_hash: string;
  hash: string;
}

export interface AuditPendingTable {
  audit_id: number;
}

export interface TestDataReportsTable {
  id: Generated<number>;
  occurred_at: Timestamp;
  reason: 'TEST_HETU' | 'TEST_NAME';
  organisation_oid: string | null;
  actor_oid: string | null;
  actor_name: string | null;
  endpoint: string;
  masked_hetu: string | null;
  names: string | null;
  request_id: string | null;
}

// Background jobs, mass imports and mail (migration 002).

export type JobState = 'queued' | 'running' | 'done' | 'dead';

export interface JobsTable {
  id: Generated<number>;
  queue: string;
  payload: Json;
  singleton_key: string | null;
  state: Defaulted<JobState>;
  run_at: Timestamp;
  attempts: Defaulted<number>;
  max_attempts: Defaulted<number>;
  locked_by: string | null;
  locked_until: Date | null;
  last_error: string | null;
  dead_reason: string | null;
  created_at: Timestamp;
  started_at: Date | null;
  finished_at: Date | null;
}

export type ImportApi = 'yleistunniste' | 'oppija';
export type ImportState = 'queued' | 'processing' | 'done';

export interface ImportsTable {
  id: Generated<number>;
  api: ImportApi;
  state: Defaulted<ImportState>;
  total: number;
  batch_size: number;
  processed: Defaulted<number>;
  created_persons: Defaulted<number>;
  matched_persons: Defaulted<number>;
  conflicts: Defaulted<number>;
  row_errors: Defaulted<number>;
  organisation_oids: string[];
  email: string | null;
  actor: Json;
  created_by: string | null;
  endpoint: string;
  created_at: Timestamp;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface ImportChunksTable {
  import_id: number;
  chunk_no: number;
  first_row: number;
  row_count: number;
  /** The rows as received (JSON); both drivers hand it back parsed. */
  rows: ColumnType<unknown, string, string>;
  done_at: Date | null;
}

export type ImportOutcome = 'created' | 'matched' | 'conflict' | 'error';

export interface ImportResultsTable {
  import_id: number;
  row_no: number;
  tunniste: string | null;
  person_id: number | null;
  person_oid: string | null;
  outcome: ImportOutcome;
  error_field: string | null;
  error_message: string | null;
}

export interface MailOutboxTable {
  id: Generated<number>;
  topic: string | null;
  recipient: string;
  subject: string;
  body: string;
  created_at: Timestamp;
  attempts: Defaulted<number>;
  last_error: string | null;
  sent_at: Date | null;
  message_id: string | null;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: Timestamp;
}

export interface Tables {
  settings: SettingsTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  grants: GrantsTable;
  sessions: SessionsTable;
  persons: PersonsTable;
  person_hetus: PersonHetusTable;
  person_passports: PersonPassportsTable;
  person_emails: PersonEmailsTable;
  person_organisations: PersonOrganisationsTable;
  audit_log: AuditLogTable;
  audit_chain: AuditChainTable;
  audit_pending: AuditPendingTable;
  test_data_reports: TestDataReportsTable;
  schema_migrations: SchemaMigrationsTable;
  jobs: JobsTable;
  imports: ImportsTable;
  import_chunks: ImportChunksTable;
  import_results: ImportResultsTable;
  mail_outbox: MailOutboxTable;
  register_snapshots: RegisterSnapshotsTable;
}

export type PersonRow = Selectable<PersonsTable>;
export type NewPerson = Insertable<PersonsTable>;
export type PersonUpdate = Updateable<PersonsTable>;
export type OrganisationRow = Selectable<OrganisationsTable>;
export type UserRow = Selectable<UsersTable>;
export type GrantRow = Selectable<GrantsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type JobRow = Selectable<JobsTable>;
export type ImportRow = Selectable<ImportsTable>;
export type MailRow = Selectable<MailOutboxTable>;
