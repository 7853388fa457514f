-- Performance (issue 11, docs/performance.md).

-- The next automatic product code is "one past the largest numeric code": with this index the
-- max() that createProduct runs is one index probe instead of a scan of the whole catalogue.
-- The expression and predicate must stay exactly those of nextProductCode's query.
create index if not exists products_numeric_code on products (business_id, (code_key::numeric))
  where code_key ~ '^[0-9]{1,15}$';
