-- Instances cache callers (user + grants) for the Bearer-token hot path. Any change to a user or
-- a grant is announced on channel onr_access (delivered at commit), so every instance drops its
-- copy at once — also for changes made by the CLI or another instance.
create function notify_access_changed() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'grants' then
    perform pg_notify('onr_access', coalesce(new.user_oid, old.user_oid));
  else
    perform pg_notify('onr_access', coalesce(new.oid, old.oid));
  end if;
  return null;
end $$;

create trigger grants_notify_access after insert or update or delete on grants
  for each row execute function notify_access_changed();
create trigger users_notify_access after update or delete on users
  for each row execute function notify_access_changed();
