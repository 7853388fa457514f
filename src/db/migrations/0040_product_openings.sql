-- Each product's current opening-stock entry (Hesabfa UpdateOpeningQuantity): the stock
-- adjustment (kind 'opening') that holds it. Replacing an item's opening reverses that
-- adjustment's movements and voucher and points this row at the new one.
create table product_openings (
  business_id bigint not null references businesses (id),
  product_id bigint not null,
  adjustment_id bigint not null,
  -- doc_type of the adjustment's stock movements (to reverse them by document).
  doc_type text not null,
  updated_at timestamptz not null default now(),
  primary key (business_id, product_id),
  foreign key (business_id, product_id) references products (business_id, id),
  foreign key (business_id, adjustment_id) references stock_adjustments (business_id, id)
);

-- Hesabfa getitems sorts by Code by default: numeric codes by value ("2" before "10").
-- The expression is the one in src/domain/catalog/item-query.ts (CODE_ORDER); keep them equal.
create index products_code_order on products
  (business_id, (case when code_key ~ '^[0-9]+$' then lpad(code_key, 50, '0') else code_key end), id);
