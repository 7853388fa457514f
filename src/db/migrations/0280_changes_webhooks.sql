-- Issue 21 (docs/hesabfa.md "Changes and webhooks"): the change feed, the change hook and its
-- deliveries, and what a Hesabfa invoice carries beyond Siba's factor.
--
-- changes: every change to a product, party (contact) or invoice, from any surface, written in
-- the change's own transaction. `id` is per business and ascending in commit order: it is drawn
-- from the business's 'change_id' counter as the transaction's last statement (the counter row
-- stays locked to the commit), so a reader that has seen id N never later finds a smaller one.
create table changes (
  business_id bigint not null references businesses (id),
  id bigint not null,
  -- Hesabfa's object names: Product, Contact, Invoice
  object_type text not null check (object_type in ('Product', 'Contact', 'Invoice')),
  object_id bigint not null,
  -- Hesabfa's action numbers: x1 created, x2 changed, x3 deleted (Contact 3x, Product 5x, Invoice 12x)
  action smallint not null,
  -- the surface the change came through (siba, hesabfa, chortke, daftar, cli)
  surface text,
  -- Product/Contact: the code; Invoice: its item codes, comma-joined
  extra text not null default '',
  -- Product/Contact: the code; Invoice: its number
  extra2 text not null default '',
  at timestamptz not null default now(),
  primary key (business_id, id)
);

-- The business's change hook (setting/SetChangeHook): one URL, the password sent with each call.
create table change_hooks (
  business_id bigint not null references businesses (id),
  url text not null,
  password text not null default '',
  updated_at timestamptz not null default now(),
  primary key (business_id)
);

-- The outbox: one row per change while a hook is set, written with the change; the background
-- deliverer POSTs them in id order after the commit and records each attempt.
create table change_deliveries (
  business_id bigint not null references businesses (id),
  change_id bigint not null,
  url text not null,
  status text not null default 'pending' check (status in ('pending', 'delivered')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_attempt_at timestamptz,
  last_status integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (business_id, change_id),
  foreign key (business_id, change_id) references changes (business_id, id)
);
create index change_deliveries_pending on change_deliveries (business_id, change_id) where status = 'pending';

-- A Hesabfa invoice's own fields: Reference, Tag, DueDate and Freight (added to the payable).
alter table invoices add column reference text not null default '';
alter table invoices add column tag text not null default '';
alter table invoices add column due_date date;
alter table invoices add column freight numeric(24, 4) not null default 0;
create index invoices_reference on invoices (business_id, reference) where reference <> '';

-- A voided invoice keeps its number, and a re-saved one (void and re-post, invoice/save with a
-- Number) takes the same number: the number is unique among the standing (posted) invoices.
alter table invoices drop constraint invoices_business_id_invoice_type_invoice_no_key;
create unique index invoices_posted_number on invoices (business_id, invoice_type, invoice_no) where status = 'posted';
create index invoices_number on invoices (business_id, invoice_type, invoice_no);

-- A contact's Tag (the shop's own key for it), kept byte for byte.
alter table parties add column tag text not null default '';
