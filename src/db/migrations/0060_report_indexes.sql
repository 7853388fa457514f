-- Indexes for the reports and the invariant verifier (src/domain/reports/).

-- Stock card over all warehouses (product, in date order) and valuation as of a day.
create index if not exists stock_movements_product_date on stock_movements (business_id, product_id, date, id);
create index if not exists stock_movements_date on stock_movements (business_id, date);

-- Reorder list: only goods with an order point are candidates.
create index if not exists products_reorder on products (business_id, code) where kind = 'goods' and order_point > 0;

-- Verifier: "no two documents share a voucher" looks documents up by voucher.
create index if not exists stock_adjustments_voucher on stock_adjustments (business_id, voucher_id);
create index if not exists payments_voucher on payments (business_id, voucher_id);
create index if not exists invoices_voucher on invoices (business_id, voucher_id) where voucher_id is not null;

-- Sales report: sale invoices and returns in a period.
create index if not exists invoices_type_date on invoices (business_id, invoice_type, date) where status = 'posted';
