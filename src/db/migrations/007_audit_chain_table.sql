/*
 * The audit chain moves out of audit_log into its own insert-only table. Sealing used to UPDATE
 * every audit row once (a second write of the row and of all its indexes, never HOT, and a join
 * over the growing log); now audit_log is written once and never changed, and sealing appends
 * to audit_chain. Rows waiting for their seal are listed in audit_pending by a statement trigger.
 */
create table audit_chain (
  chain_seq bigint primary key,
  audit_id bigint not null unique references audit_log (id),
  prev_hash text not null,
  hash text not null
);
insert into audit_chain (chain_seq, audit_id, prev_hash, hash)
  select chain_seq, id, prev_hash, hash from audit_log where chain_seq is not null;

create table audit_pending (audit_id bigint primary key);
insert into audit_pending (audit_id) select id from audit_log where chain_seq is null;

drop index audit_log_unsealed_idx;
alter table audit_log drop column chain_seq, drop column prev_hash, drop column hash;

create function audit_log_enqueue_seal() returns trigger language plpgsql as $$
begin
  insert into audit_pending (audit_id) select id from inserted;
  return null;
end $$;
create trigger audit_log_enqueue_seal after insert on audit_log
  referencing new table as inserted for each statement execute function audit_log_enqueue_seal();

-- Now nothing ever changes an audit record.
create or replace function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end $$;

create function audit_chain_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_chain is append-only';
end $$;
create trigger audit_chain_append_only before update or delete on audit_chain
  for each row execute function audit_chain_append_only();
