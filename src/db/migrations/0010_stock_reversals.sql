-- A stock movement is reversed at most once (a void cannot be voided twice).
create unique index stock_movements_reversed_once on stock_movements (business_id, reverses_id) where reverses_id is not null;
