-- Access control: sessions of officials signed in to the UI, and secret versions of users.

/*
 * One row per UI session. The session id itself (the cookie value) is never stored, only its
 * SHA-256: a leaked copy of this table does not hand out live sessions. The CSRF token is stored
 * as it is, because `me` hands it back to the UI; without the cookie it is worth nothing.
 */
create table sessions (
  id_hash text primary key,
  user_oid text not null references users (oid),
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  -- the absolute end; the idle limit is counted from last_seen_at
  expires_at timestamptz not null,
  revoked_at timestamptz,
  ip text,
  user_agent text
);
create index sessions_user_idx on sessions (user_oid) where revoked_at is null;

-- Raised whenever a user's secret or password changes. Access tokens carry the version they were
-- issued under, so a rotation invalidates every token issued before it at once.
alter table users add column secret_version integer not null default 1;

-- Listing an organisation's users and grants walks the users of a subtree.
create index users_organisation_idx on users (organisation_oid);
