-- Scale-out (issue 26, docs/scale-out.md): Citus does not run statement-level triggers with
-- transition tables on a distributed table (`executor could not find named tuplestore`). The
-- catalog now keeps `products:count` itself, in the transaction that inserts or deletes
-- products (addToCounter in src/domain/counters.ts); a restore loads the counter row as it was.
drop trigger products_count_insert on products;
drop trigger products_count_delete on products;
drop function products_count();
