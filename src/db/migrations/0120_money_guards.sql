-- Issue 18 point 11 (docs/parties.md "Payments"): money accounts that cannot be overdrawn, and a
-- cash register from the start.
--
-- A payment that would take a cash register or bank account below zero is refused unless the
-- business allows it (like allow_negative_stock for goods).
alter table businesses add column allow_negative_money boolean not null default false;

-- Businesses created before this migration that have no cash register get the default one
-- (صندوق مرکزی, zero balance) that createBusiness now makes, so that a payment can be recorded.
with b as (
  select x.id from businesses x
   where not exists (select 1 from cash_registers c where c.business_id = x.id)
), d as (
  insert into detail_accounts (business_id, kind, name)
  select b.id, 'cash', 'صندوق مرکزی' from b
  returning business_id, id
)
insert into cash_registers (business_id, name, name_norm, detail_id)
select d.business_id, 'صندوق مرکزی', 'صندوق مرکزی', d.id from d;
