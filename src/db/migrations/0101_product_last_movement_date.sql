-- Issue 18: the date of a product's latest stock movement, kept on the product row and written
-- with its running totals (under the product's lock), so a posting knows without another
-- statement whether it is back-dated (docs/catalog.md). A column of the locked row, not a
-- subquery: a posting that waited for the lock reads what the previous posting committed (under
-- READ COMMITTED a subquery would still read the statement's older snapshot). Not indexed: the
-- update stays HOT (0080).
alter table products add column last_movement_date date;
update products p set last_movement_date = m.d
  from (select business_id, product_id, max(date) as d from stock_movements group by business_id, product_id) m
 where m.business_id = p.business_id and m.product_id = p.id;
