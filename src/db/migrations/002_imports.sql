-- Background jobs, mass imports and the mail outbox. See docs/IMPORTS.md.

/*
 * The durable job queue. A worker claims due jobs with FOR UPDATE SKIP LOCKED and holds a lease
 * (locked_until) that it renews while it works; a job whose lease ran out (its worker died) is
 * claimable again. Failures are retried with backoff until max_attempts, then dead-lettered.
 */
create table jobs (
  id bigint generated always as identity primary key,
  queue text not null,
  payload jsonb not null default '{}'::jsonb,
  -- At most one live (queued or running) job per key and queue: enqueueing it again is a no-op.
  singleton_key text,
  state text not null default 'queued' check (state in ('queued', 'running', 'done', 'dead')),
  run_at timestamptz not null default now(),
  attempts integer not null default 0,
  max_attempts integer not null default 10 check (max_attempts > 0),
  locked_by text,
  locked_until timestamptz,
  last_error text,
  dead_reason text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create index jobs_due_idx on jobs (queue, run_at) where state = 'queued';
create index jobs_lease_idx on jobs (queue, locked_until) where state = 'running';
create unique index jobs_singleton_idx on jobs (queue, singleton_key)
  where singleton_key is not null and state in ('queued', 'running');
create index jobs_finished_idx on jobs (finished_at) where state = 'done';

/*
 * One mass import (PUT /yleistunniste or PUT /oppija). Its rows are stored in chunks of batch_size
 * rows; a chunk is processed in one transaction that writes its results, marks it done and adds to
 * the counters — so the counters are exact, and a crash loses or repeats nothing.
 */
create table imports (
  id bigint generated always as identity primary key,
  api text not null check (api in ('yleistunniste', 'oppija')),
  state text not null default 'queued' check (state in ('queued', 'processing', 'done')),
  total integer not null check (total >= 0),
  batch_size integer not null check (batch_size > 0),
  processed integer not null default 0,
  created_persons integer not null default 0,
  matched_persons integer not null default 0,
  conflicts integer not null default 0,
  row_errors integer not null default 0,
  -- The importing organisations: the persons are attached to them, and their subtrees' users see the results.
  organisation_oids text[] not null,
  -- Notification address (sahkoposti of the request).
  email text,
  -- The audit actor of the accepting request: the worker creates persons in its name.
  actor jsonb not null,
  created_by text,
  endpoint text not null,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  check (processed <= total)
);
create index imports_organisations_idx on imports using gin (organisation_oids);
create index imports_created_idx on imports (created_at);

/*
 * The rows as received, batch_size rows a chunk, as JSON text: a 100 000-row import is 20 tuples,
 * written in a fraction of the time 100 000 narrow tuples with an index would take, and a worker
 * reads a whole chunk at once anyway. Stored uncompressed: compressing costs more CPU than the
 * disk it saves is worth here. No foreign key to imports: written in the transaction that creates
 * the import.
 */
create table import_chunks (
  import_id bigint not null,
  chunk_no integer not null,
  first_row integer not null,
  row_count integer not null,
  rows json not null,
  done_at timestamptz,
  primary key (import_id, chunk_no)
);
alter table import_chunks alter column rows set storage external;

/*
 * Exactly one result per row: the primary key makes a second result for a row impossible, even
 * if two workers ever processed the same chunk (one transaction would fail and roll back).
 * No foreign keys: written in the transaction that creates the persons they name, and per-row
 * foreign-key checks would be a large share of the processing cost.
 */
create table import_results (
  import_id bigint not null,
  row_no integer not null,
  tunniste text,
  person_id bigint,
  -- The person's OID (it never changes): the audit record of a results read lists them without a join.
  person_oid text,
  outcome text not null check (outcome in ('created', 'matched', 'conflict', 'error')),
  error_field text,
  error_message text,
  primary key (import_id, row_no),
  check ((outcome = 'error') = (person_id is null))
);

/*
 * Per-row foreign keys on the tables a mass import fills by the hundred thousand cost more than the
 * inserts themselves: each checked row runs a lookup and takes a KEY SHARE lock on the referenced
 * row (measured: attaching 100 000 persons to an organisation takes 1.45 s with the two checks,
 * 0.47 s without; the hetu history 0.72 s against 0.35 s). Persons and organisations are never
 * deleted (only passivated), and every writer takes the ids from rows it has just read or written,
 * so the checks guard against nothing the application does. See docs/IMPORTS.md.
 */
alter table person_hetus drop constraint person_hetus_person_id_fkey;
alter table person_passports drop constraint person_passports_person_id_fkey;
alter table person_emails drop constraint person_emails_person_id_fkey;
alter table person_organisations
  drop constraint person_organisations_person_id_fkey,
  drop constraint person_organisations_organisation_oid_fkey;

-- Mail to be sent; the 'mail' job delivers it with retries. One mail per topic (e.g. 'import:42').
create table mail_outbox (
  id bigint generated always as identity primary key,
  topic text unique,
  recipient text not null,
  subject text not null,
  body text not null,
  created_at timestamptz not null default now(),
  attempts integer not null default 0,
  last_error text,
  sent_at timestamptz,
  message_id text
);
