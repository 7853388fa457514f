-- Re-costing (docs/catalog.md, "The books of the live documents"): a value-only correction row
-- (quantity 0, doc_type 'recost') names the movement whose value it corrects. A movement's value
-- in the books is its own value plus Σ its corrections; movements are still never changed.
alter table stock_movements add column corrects_id bigint;
alter table stock_movements add constraint stock_movements_corrects_fk
  foreign key (business_id, corrects_id) references stock_movements (business_id, id);
create index stock_movements_corrections on stock_movements (business_id, corrects_id) where corrects_id is not null;
