-- Performance (issue 11, docs/performance.md): the exact number of a business's products.
--
-- Hesabfa getitems answers every page with TotalCount, the number of all the business's items.
-- A count(*) over a 100,000-item catalogue is an index-only scan of ~13-19 ms per call; this
-- row is one probe. The database keeps it, whatever code path inserts or deletes products:
-- one statement-level trigger per insert or delete statement (a bulk insert of 1,000 items
-- updates the row once). The row is locked by a product insert or delete until its commit,
-- as the product-code counter already is for automatic codes.
create function products_count() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into counters (business_id, name, value)
    select business_id, 'products:count', count(*) from new_rows group by business_id
    on conflict (business_id, name) do update set value = counters.value + excluded.value;
  else
    update counters c set value = c.value - d.n
      from (select business_id, count(*) as n from old_rows group by business_id) d
     where c.business_id = d.business_id and c.name = 'products:count';
  end if;
  return null;
end $$;

create trigger products_count_insert after insert on products
  referencing new table as new_rows for each statement execute function products_count();
create trigger products_count_delete after delete on products
  referencing old table as old_rows for each statement execute function products_count();

insert into counters (business_id, name, value)
select business_id, 'products:count', count(*) from products group by business_id
on conflict (business_id, name) do update set value = excluded.value;
