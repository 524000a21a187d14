-- Identification against the population register and the error list (SPEC §9). See docs/IDENTIFICATION.md.

alter table persons
  -- When the identification worker should next look the person up; null: not queued. A claim pushes it
  -- forward by a lease, so the persons of a worker that died come back by themselves.
  add column identification_due_at timestamptz,
  -- Lookups that ended in an outcome or a transient failure (drives the n^5 + 10 min retry schedule).
  add column identification_attempts integer not null default 0,
  -- The last reason identification did not succeed; VTJ_EI_VASTAA is transient (retried), the others final.
  add column identification_error text check (identification_error in
    ('HETU_EI_VTJ', 'HETU_PASSIVOITU', 'HETU_EI_OIKEA', 'NIMET_EIVAT_TASMAA', 'VTJ_EI_VASTAA')),
  add column identification_error_at timestamptz,
  -- The mass import that created the person: its notification mail waits for the person's first attempt.
  add column import_id bigint;

create index persons_identification_due_idx on persons (identification_due_at)
  where identification_due_at is not null;

-- "Has every new person of import X been tried once?" — only persons not yet tried are in it, so it stays small.
create index persons_awaiting_first_attempt_idx on persons (import_id)
  where import_id is not null and identification_attempts = 0 and identification_due_at is not null;

-- The error list's persons (SPEC §9): few among many, so a partial index finds them for the registry keeper.
create index persons_error_list_idx on persons (id)
  where not identified and not identified_vtj and not passivated and master_id is null
    and (hetu is null or identification_attempted);

/*
 * What the population register said at a failed identification: the person's data on a name mismatch
 * (the officials' comparison view, and "accept the register's data"), or the active hetu of a
 * passivated one. One row a person, the latest. No foreign key: written with the person's update.
 */
create table register_snapshots (
  person_id bigint primary key,
  hetu text not null,
  record jsonb,
  active_hetu text,
  fetched_at timestamptz not null default now()
);

-- Persons imported before identification existed wait for it like new ones.
update persons set identification_due_at = now()
  where hetu is not null and not identified_vtj and not identification_attempted and not passivated;
