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
 * One mass import (PUT /yleistunniste or PUT /oppija). Rows [0, next_row) have their result:
 * a batch writes its results and advances next_row in one transaction, so the counter is exact
 * and a crash loses or repeats nothing.
 */
create table imports (
  id bigint generated always as identity primary key,
  api text not null check (api in ('yleistunniste', 'oppija')),
  state text not null default 'queued' check (state in ('queued', 'processing', 'done')),
  total integer not null check (total >= 0),
  next_row integer not null default 0,
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
  check (next_row <= total)
);
create index imports_organisations_idx on imports using gin (organisation_oids);
create index imports_created_idx on imports (created_at);

/*
 * The rows as received. Written once at accept time, never changed. No foreign key to imports:
 * the rows are written in the transaction that creates the import, and a per-row foreign-key
 * check would be a large share of the accept cost of a 100 000-row import.
 */
create table import_rows (
  import_id bigint not null,
  row_no integer not null,
  tunniste text,
  oid text,
  hetu text,
  passport_number text,
  email text,
  first_names text,
  nickname text,
  surname text,
  birth_date text,
  sex text,
  mother_tongue text,
  nationalities text[],
  primary key (import_id, row_no)
);

/*
 * Exactly one result per row: the primary key makes a second result for a row impossible, even
 * if two workers ever processed the same batch (one transaction would fail and roll back).
 * No foreign keys for the same reason as import_rows: written with the persons they name.
 */
create table import_results (
  import_id bigint not null,
  row_no integer not null,
  person_id bigint,
  outcome text not null check (outcome in ('created', 'matched', 'conflict', 'error')),
  error_field text,
  error_message text,
  primary key (import_id, row_no),
  check ((outcome = 'error') = (person_id is null))
);

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
