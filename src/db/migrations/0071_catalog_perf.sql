-- Performance of the catalogue reads (issue 11, docs/performance.md).

-- A product's first barcode (lowest id) is what Hesabfa shows as its Barcode. With the id and
-- the barcode in the index, GetQuantity's "first barcode of every product" is one ordered
-- index-only scan (distinct on) instead of a sort of every barcode, and a page's barcodes are
-- read in order from the index. It replaces barcodes_product (its prefix).
create index if not exists barcodes_product_first on barcodes (business_id, product_id, id) include (barcode);
drop index if exists barcodes_product;
