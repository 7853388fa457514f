-- Issue 18 point 16: full-width digits (U+FF10–FF19) now normalise to ASCII like Persian and
-- Arabic-Indic ones (src/domain/shared/text.ts). Existing comparison keys are renormalised
-- here. A row whose new key would collide with another's keeps its old key (two such rows were
-- already two records; merging them is the user's decision), so this migration never fails on
-- existing data.

-- Non-unique keys: translate in place.
update products set name_norm = translate(name_norm, '０１２３４５６７８９', '0123456789') where name_norm ~ '[０-９]';
update warehouses set name_norm = translate(name_norm, '０１２３４５６７８９', '0123456789') where name_norm ~ '[０-９]';
update parties set full_name_norm = translate(full_name_norm, '０１２３４５６７８９', '0123456789') where full_name_norm ~ '[０-９]';
-- Phone keys dropped full-width digits as non-digits: rebuilt from the number as written
-- (digits only; +98 / 0098 mobile prefixes folded to 0, as normalizePhone does).
update party_phones
   set tel_norm = regexp_replace(
         regexp_replace(translate(tel, '۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩０１２３４５６７８９', '012345678901234567890123456789'), '[^0-9]', '', 'g'),
         '^(0098|98)(9[0-9]{9})$', '0\2')
 where tel ~ '[０-９]';

-- Unique keys: the first row (by id) to claim a free new key gets it.
with k as (
  select distinct on (business_id, nk) business_id, id, nk
    from (select business_id, id, translate(code_key, '０１２３４５６７８９', '0123456789') as t from products where code_key ~ '[０-９]') x
   cross join lateral (select case when t ~ '^[0-9]+$' then coalesce(nullif(ltrim(t, '0'), ''), '0') else t end as nk) n
   order by business_id, nk, id
)
update products p set code_key = k.nk from k
 where p.business_id = k.business_id and p.id = k.id
   and not exists (select 1 from products q where q.business_id = k.business_id and q.code_key = k.nk);

with k as (
  select distinct on (business_id, nk) business_id, id, nk
    from (select business_id, id, translate(code_key, '０１２３４５６７８９', '0123456789') as t from parties where code_key ~ '[０-９]') x
   cross join lateral (select case when t ~ '^[0-9]+$' then coalesce(nullif(ltrim(t, '0'), ''), '0') else t end as nk) n
   order by business_id, nk, id
)
update parties p set code_key = k.nk from k
 where p.business_id = k.business_id and p.id = k.id
   and not exists (select 1 from parties q where q.business_id = k.business_id and q.code_key = k.nk);

with k as (
  select distinct on (business_id, nk) business_id, id, nk
    from (select business_id, id, translate(barcode_norm, '０１２３４５６７８９', '0123456789') as nk from barcodes where barcode_norm ~ '[０-９]') x
   order by business_id, nk, id
)
update barcodes b set barcode_norm = k.nk from k
 where b.business_id = k.business_id and b.id = k.id
   and not exists (select 1 from barcodes q where q.business_id = k.business_id and q.barcode_norm = k.nk);

with k as (
  select distinct on (business_id, nk) business_id, id, nk
    from (select business_id, id, translate(user_name_norm, '０１２３４５６７８９', '0123456789') as nk from users where user_name_norm ~ '[０-９]') x
   order by business_id, nk, id
)
update users u set user_name_norm = k.nk from k
 where u.business_id = k.business_id and u.id = k.id
   and not exists (select 1 from users q where q.business_id = k.business_id and q.user_name_norm = k.nk);

with k as (
  select distinct on (business_id, nk) business_id, id, nk
    from (select business_id, id, translate(name_norm, '０１２３４５６７８９', '0123456789') as nk from units where name_norm ~ '[０-９]') x
   order by business_id, nk, id
)
update units u set name_norm = k.nk from k
 where u.business_id = k.business_id and u.id = k.id
   and not exists (select 1 from units q where q.business_id = k.business_id and q.name_norm = k.nk);

with k as (
  select distinct on (business_id, nk) business_id, id, nk
    from (select business_id, id, translate(name_norm, '０１２３４５６７８９', '0123456789') as nk from cash_registers where name_norm ~ '[０-９]') x
   order by business_id, nk, id
)
update cash_registers c set name_norm = k.nk from k
 where c.business_id = k.business_id and c.id = k.id
   and not exists (select 1 from cash_registers q where q.business_id = k.business_id and q.name_norm = k.nk);

with k as (
  select distinct on (business_id, parent, nk) business_id, id, parent, nk
    from (select business_id, id, coalesce(parent_id, 0) as parent, translate(name_norm, '０１２３４５６７８９', '0123456789') as nk from product_groups where name_norm ~ '[０-９]') x
   order by business_id, parent, nk, id
)
update product_groups g set name_norm = k.nk from k
 where g.business_id = k.business_id and g.id = k.id
   and not exists (select 1 from product_groups q where q.business_id = k.business_id and coalesce(q.parent_id, 0) = k.parent and q.name_norm = k.nk);

with k as (
  select distinct on (business_id, parent, nk) business_id, id, parent, nk
    from (select business_id, id, coalesce(parent_id, 0) as parent, translate(name_norm, '０１２３４５６７８９', '0123456789') as nk from party_groups where name_norm ~ '[０-９]') x
   order by business_id, parent, nk, id
)
update party_groups g set name_norm = k.nk from k
 where g.business_id = k.business_id and g.id = k.id
   and not exists (select 1 from party_groups q where q.business_id = k.business_id and coalesce(q.parent_id, 0) = k.parent and q.name_norm = k.nk);
