-- payments.invoice_id (parties/payments migration, 0020–0029) references the invoice it
-- settles. Guarded: adds the key only when the payments table and column exist.
do $$
begin
  if exists (select 1 from information_schema.columns
              where table_schema = current_schema() and table_name = 'payments' and column_name = 'invoice_id')
     and not exists (select 1 from pg_constraint where conname = 'payments_invoice_fk') then
    alter table payments
      add constraint payments_invoice_fk foreign key (business_id, invoice_id) references invoices (business_id, id);
  end if;
end $$;
