-- Issue 22: how a payment moved — cash (a register), bank (a transfer to or from an account),
-- card (a POS terminal: settles into its bank account) or cheque. Older rows: null, read from the
-- account they name.
alter table payments add column method text check (method in ('cash', 'bank', 'card', 'cheque'));
alter table payments add constraint payments_method_instrument check (
  method is null
  or (method = 'cash' and cash_register_id is not null)
  or (method in ('bank', 'card') and bank_account_id is not null)
  or (method = 'cheque' and cheque_id is not null));
