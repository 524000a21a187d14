-- Core of the registry: organisations, users and grants, persons, the audit log and the test-data report.
create extension if not exists pg_trgm;
create extension if not exists unaccent;
create extension if not exists fuzzystrmatch;

-- Deployment-wide generated values (token signing secret in the test environment, …).
create table settings (
  key text primary key,
  value text not null,
  created_at timestamptz not null default now()
);

create table organisations (
  oid text primary key,
  parent_oid text references organisations (oid),
  -- oids from the root down to this organisation itself; "X or any organisation below X" is `X = any(path)`
  path text[] not null,
  name text not null,
  type text not null check (type in ('rekisterinpitaja', 'koulutustoimija', 'oppilaitos', 'toimipiste', 'muu')),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  modified_at timestamptz not null default now()
);
create index organisations_path_idx on organisations using gin (path);
-- The registry keeper's root organisation exists in every deployment.
insert into organisations (oid, parent_oid, path, name, type)
values ('1.2.246.562.10.00000000001', null, '{1.2.246.562.10.00000000001}', 'Opetushallitus', 'rekisterinpitaja');

-- Officials and service users: both act on persons, both hold grants.
create table users (
  oid text primary key,
  kind text not null check (kind in ('official', 'service')),
  -- officials log in with username, service users with client id; one namespace for both
  username text not null unique,
  name text not null,
  organisation_oid text not null references organisations (oid),
  secret_hash text not null,
  active boolean not null default true,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  last_login_at timestamptz,
  secret_rotated_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  created_by text
);

create table grants (
  id bigint generated always as identity primary key,
  user_oid text not null references users (oid),
  organisation_oid text not null references organisations (oid),
  role text not null,
  valid_from timestamptz not null default now(),
  valid_until timestamptz,
  granted_by text,
  granted_at timestamptz not null default now(),
  revoked_by text,
  revoked_at timestamptz
);
create index grants_user_idx on grants (user_oid) where revoked_at is null;
create index grants_organisation_idx on grants (organisation_oid);

create table persons (
  id bigint generated always as identity primary key,
  oid text not null unique,
  -- the current hetu only; earlier ones are in person_hetus
  hetu text unique,
  first_names text not null,
  nickname text,
  surname text not null,
  former_surnames text[] not null default '{}',
  birth_date date,
  sex text check (sex in ('1', '2')),
  mother_tongue text,
  contact_language text,
  nationalities text[] not null default '{}',
  home_municipality text,
  identified boolean not null default false,
  identified_vtj boolean not null default false,
  identification_attempted boolean not null default false,
  duplicate boolean not null default false,
  passivated boolean not null default false,
  protection_order boolean not null default false,
  death_date date,
  master_id bigint references persons (id),
  created_at timestamptz not null default now(),
  modified_at timestamptz not null default now(),
  created_by text,
  modified_by text
);
create index persons_modified_idx on persons (modified_at, id);
create index persons_master_idx on persons (master_id) where master_id is not null;

-- Every hetu a person has had, the current one included (mass imports match the history).
create table person_hetus (
  hetu text not null,
  person_id bigint not null references persons (id),
  added_at timestamptz not null default now(),
  primary key (hetu, person_id)
);
create index person_hetus_person_idx on person_hetus (person_id);

create table person_passports (
  passport_number text not null,
  person_id bigint not null references persons (id),
  primary key (passport_number, person_id)
);
create index person_passports_person_idx on person_passports (person_id);

create table person_emails (
  email text not null,
  person_id bigint not null references persons (id),
  primary key (email, person_id)
);
create index person_emails_person_idx on person_emails (person_id);

-- The organisations whose systems or officials imported or looked the person up.
create table person_organisations (
  person_id bigint not null references persons (id),
  organisation_oid text not null references organisations (oid),
  created_at timestamptz not null default now(),
  created_by text,
  primary key (person_id, organisation_oid)
);
create index person_organisations_org_idx on person_organisations (organisation_oid, person_id);

/*
 * Append-only audit log. Rows are written without a hash (cheap, in the request's transaction);
 * the sealer gives them a chain position and hash in batches, in id order. See docs/ARCHITECTURE.md.
 */
create table audit_log (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  operation text not null,
  actor_oid text,
  actor_kind text,
  actor_name text,
  actor_organisations text[] not null default '{}',
  ip text,
  user_agent text,
  request_id text,
  caller_id text,
  target_oids text[] not null default '{}',
  changes jsonb,
  details jsonb,
  chain_seq bigint unique,
  prev_hash text,
  hash text
);
create index audit_log_targets_idx on audit_log using gin (target_oids);
create index audit_log_actor_idx on audit_log (actor_oid, occurred_at);
create index audit_log_unsealed_idx on audit_log (id) where chain_seq is null;

-- The only change a sealed row ever sees is its sealing; everything else is refused.
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'audit_log is append-only';
  end if;
  if old.chain_seq is not null
     or (new.id, new.occurred_at, new.operation, new.actor_oid, new.actor_kind, new.actor_name,
         new.actor_organisations, new.ip, new.user_agent, new.request_id, new.caller_id, new.target_oids,
         new.changes, new.details)
        is distinct from
        (old.id, old.occurred_at, old.operation, old.actor_oid, old.actor_kind, old.actor_name,
         old.actor_organisations, old.ip, old.user_agent, old.request_id, old.caller_id, old.target_oids,
         old.changes, old.details) then
    raise exception 'audit_log is append-only';
  end if;
  return new;
end $$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_append_only();

-- Test persons that reached (or tried to reach) production; the registry keeper follows this list.
create table test_data_reports (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  reason text not null check (reason in ('TEST_HETU', 'TEST_NAME')),
  organisation_oid text,
  actor_oid text,
  actor_name text,
  endpoint text not null,
  masked_hetu text,
  names text,
  request_id text
);
create index test_data_reports_org_idx on test_data_reports (organisation_oid, occurred_at);
