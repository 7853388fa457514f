-- Performance (issue 11, docs/performance.md): room on every page for HOT updates.
--
-- Every stock movement rewrites its product's running totals (stock_qty, stock_value,
-- avg_cost) and its (product, warehouse) balance. None of those columns is indexed, so the
-- update can be HOT (heap-only: no index touched) — but only when the row's page has free
-- space. At the default fillfactor (100) bulk-loaded pages are full, every such update moves
-- the row to another page and inserts into every index of the table: for products that is
-- eight indexes including two trigram GIN indexes. Pages filled to 70 % keep the updates HOT.
-- (Applies to pages written from now on; VACUUM FULL / CLUSTER rewrites old ones.)
alter table products set (fillfactor = 70);
alter table stock_balances set (fillfactor = 70);
alter table counters set (fillfactor = 50);
