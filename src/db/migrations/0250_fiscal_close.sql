-- Issue 22 (docs/fiscal-years.md): closing and reopening a Jalali fiscal year.
--
-- A close writes three vouchers, each sourced by the fiscal year: the year's result
-- (fiscal_year_result: revenue and expense accounts into retained earnings), the closing voucher
-- (fiscal_year_close, سند اختتامیه: every balance-sheet balance to zero on the year's last day)
-- and the next year's opening voucher (fiscal_year_open, سند افتتاحیه: the same balances back on
-- its first day). A reopen reverses the three; their ids here are the live ones.
alter table fiscal_years add column result_voucher_id bigint;
alter table fiscal_years add column closing_voucher_id bigint;
alter table fiscal_years add column opening_voucher_id bigint;
alter table fiscal_years add column closed_at timestamptz;
alter table fiscal_years add constraint fiscal_years_result_voucher foreign key (business_id, result_voucher_id) references vouchers (business_id, id);
alter table fiscal_years add constraint fiscal_years_closing_voucher foreign key (business_id, closing_voucher_id) references vouchers (business_id, id);
alter table fiscal_years add constraint fiscal_years_opening_voucher foreign key (business_id, opening_voucher_id) references vouchers (business_id, id);

-- Permanent voucher numbers (شماره دائم), per fiscal year in date order, assigned at close and
-- cleared at reopen; `number` stays the temporary one.
alter table vouchers add column permanent_number bigint;
create unique index vouchers_permanent_number on vouchers (business_id, fiscal_year_id, permanent_number) where permanent_number is not null;
create index vouchers_fiscal_year on vouchers (business_id, fiscal_year_id, date, id);

-- A voucher stays immutable — every column but its permanent number, which a close assigns and a
-- reopen clears. Deleting one is still refused.
create function voucher_only_permanent_number() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE'
     and (to_jsonb(new) - 'permanent_number') = (to_jsonb(old) - 'permanent_number') then
    return new;
  end if;
  raise exception '% rows are immutable: post a reversing entry instead', tg_table_name
    using errcode = '55000';
end $$;
drop trigger vouchers_immutable on vouchers;
create trigger vouchers_immutable before update or delete on vouchers
  for each row execute function voucher_only_permanent_number();
