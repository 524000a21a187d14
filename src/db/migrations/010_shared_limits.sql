-- Limits that hold for the whole deployment, not per process (docs/SCALING.md): every API instance
-- and worker counts against the same rows.
--
-- Fixed-window counters: the login and token rate limits (key = bucket + client address) and the
-- population register's request rate (key = 'population-register'). Unlogged: a counter is worth
-- nothing after a crash, is not needed on a replica, and is written on every attempt.
create unlogged table rate_limit_windows (
  key text primary key,
  window_start timestamptz not null,
  hits integer not null
);

-- Leases on the population register's request slots: at most `concurrency` requests in flight in
-- the deployment. A lease runs out by itself, so a slot held by a process that died comes back.
create unlogged table register_slots (
  slot integer primary key,
  holder text not null,
  expires_at timestamptz not null
);
