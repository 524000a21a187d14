-- Duplicates (SPEC §10, docs/DUPLICATES.md): blocking keys for the candidate search, the provenance
-- of links, and the do-not-link list.

/*
 * The normalised form of a name, for blocking only (scoring normalises in TypeScript): no accents,
 * lower case, hyphen-like dashes as hyphens, apostrophes and dots dropped, single spaces.
 * unaccent() is only STABLE (its dictionary could change), so a generated column cannot call it
 * directly. This wrapper names the dictionary explicitly and is declared IMMUTABLE: should the
 * dictionary ever change, the keys are recomputed by touching the rows (see DUPLICATES.md).
 */
create function onr_normalise_name(s text) returns text
  language sql immutable parallel safe strict
  as $$
    select btrim(regexp_replace(
      regexp_replace(
        translate(lower(public.unaccent('public.unaccent'::regdictionary, s)),
                  E'\u2010\u2011\u2012\u2013\u2014\u2212', '------'),
        E'[''\u2019`\u00b4.,]', '', 'g'),
      E'\\s+', ' ', 'g'))
  $$;

-- Surname and the first part of the first first name: "Äijälä Aino-Liisa Maria" → "aijala aino".
create function onr_short_key(surname text, first_names text) returns text
  language sql immutable parallel safe strict
  as $$
    select onr_normalise_name(surname) || ' '
      || split_part(split_part(onr_normalise_name(first_names), ' ', 1), '-', 1)
  $$;

-- Computed by the database on every insert and update, whoever writes the person (single lookup,
-- mass import, officials' edits): no writer has to know about them.
alter table persons
  add column name_key text generated always as (onr_normalise_name(surname || ' ' || first_names)) stored,
  add column short_key text generated always as (onr_short_key(surname, first_names)) stored;

/*
 * Blocking (the candidate search reads only these two indexes, index-only once vacuumed):
 * - by birth date: the persons born on the same date, the date with day and month swapped, a year
 *   typo, or within a few days, filtered by trigram similarity of name_key;
 * - by name: the same short key (surname + first name) born in the same year or with no birth date.
 * Passivated persons (linked duplicates among them) are never candidates, so they are not indexed.
 */
create index persons_dup_birth_idx on persons (birth_date) include (name_key, id) where not passivated;
create index persons_dup_short_key_idx on persons (short_key, birth_date) include (id) where not passivated;

/*
 * One row per link of a slave under a master, with its provenance. A row ends when the slave is
 * unlinked or moved under another master (its group was linked under a new master); the active
 * link of a slave is the row with ended_at null (persons.master_id is the link itself).
 */
create table person_links (
  id bigint generated always as identity primary key,
  master_id bigint not null references persons (id),
  slave_id bigint not null references persons (id),
  linked_at timestamptz not null default now(),
  linked_by text,
  linked_by_name text,
  reason text,
  -- the score and per-field evidence between the two persons at the time, or why it was moved
  evidence jsonb,
  -- the slave's passivation before it was first linked: unlinking restores it
  passivated_before boolean not null,
  -- the link this one continues (the slave moved from an earlier master)
  moved_from bigint references person_links (id),
  ended_at timestamptz,
  ended_by text,
  end_reason text check (end_reason in ('UNLINKED', 'MOVED')),
  unlink_reason text,
  check (master_id <> slave_id)
);
create unique index person_links_active_slave_idx on person_links (slave_id) where ended_at is null;
create index person_links_master_idx on person_links (master_id);

-- Pairs an official has judged to be two different persons: never candidates, never linked.
create table person_not_duplicates (
  person_a bigint not null references persons (id),
  person_b bigint not null references persons (id),
  created_at timestamptz not null default now(),
  created_by text,
  created_by_name text,
  reason text,
  primary key (person_a, person_b),
  check (person_a < person_b)
);
create index person_not_duplicates_b_idx on person_not_duplicates (person_b);
