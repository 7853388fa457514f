-- Scale-out (issue 26, docs/scale-out.md "Decisions"): the guard triggers stay in the database on
-- Citus too (citus.enable_unsafe_triggers during distribution), and must say the same there.
--
-- On a Citus worker a trigger fires on a shard (voucher_lines_102345). The balance check read
-- the distributed table by name, which the worker plans as a distributed query: it may run on
-- another connection that cannot see the transaction's own lines, so an unbalanced voucher was
-- committed (measured 2026-12-05). It now reads the relation it fires on (tg_table_schema and
-- tg_table_name): the shard on a worker, voucher_lines itself on one server. All lines of a
-- voucher share business_id, so they are on that shard.
create or replace function voucher_must_balance() returns trigger language plpgsql as $$
declare
  d numeric;
  c numeric;
begin
  execute format('select coalesce(sum(debit), 0), coalesce(sum(credit), 0) from %I.%I where business_id = $1 and voucher_id = $2',
                 tg_table_schema, tg_table_name)
    into d, c using new.business_id, new.voucher_id;
  if d <> c then
    raise exception 'voucher % of business % does not balance: debit % credit %', new.voucher_id, new.business_id, d, c
      using errcode = '23514', constraint = 'voucher_balanced';
  end if;
  return null;
end $$;

-- The immutability messages name the table, not the shard (voucher_lines_102345 on a worker).
create or replace function refuse_change() returns trigger language plpgsql as $$
begin
  raise exception '% rows are immutable: post a reversing entry instead', regexp_replace(tg_table_name, '_[0-9]+$', '')
    using errcode = '55000';
end $$;

create or replace function voucher_only_permanent_number() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE'
     and (to_jsonb(new) - 'permanent_number') = (to_jsonb(old) - 'permanent_number') then
    return new;
  end if;
  raise exception '% rows are immutable: post a reversing entry instead', regexp_replace(tg_table_name, '_[0-9]+$', '')
    using errcode = '55000';
end $$;
