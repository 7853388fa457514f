-- Issue 23 part 2 (docs/moadian.md): Moadian identifiers on products, units and parties,
-- and the durable send queue.
--
-- products.sstid: the 13-digit goods/service id (شناسه کالا/خدمت) of stuffid.tax.gov.ir.
-- units.moadian_unit_code: the unit's code in RC_UMGS.ST (mu, up to 8 digits).
-- parties.buyer_type: tob 1 natural, 2 legal, 3 civil partnership, 4 foreign national;
--   null = from the party's kind (a company 2, a person 1).
alter table products add column sstid text check (sstid ~ '^[0-9]{13}$');
alter table units add column moadian_unit_code text check (moadian_unit_code ~ '^[0-9]{1,8}$');
alter table parties add column buyer_type smallint check (buyer_type between 1 and 4);

-- Settings: the default invoice type (1 with buyer, 2 without).
alter table moadian_settings add column default_invoice_type smallint not null default 1 check (default_invoice_type in (1, 2));

-- The queue. A submission's taxid, uid (request_trace_id) and JSON are fixed when it is
-- enqueued, so a restart resends the same packet and a re-inquiry by uid finds a packet the
-- server already has (each invoice is sent once). next_attempt_at drives back-off and polling;
-- a worker's claim moves it forward (a lease) so another worker does not take the same row.
alter table moadian_submissions add column invoice_json text;
alter table moadian_submissions add column issued_at timestamptz;
alter table moadian_submissions add column next_attempt_at timestamptz not null default now();
alter table moadian_submissions add column receipt text;
alter table moadian_submissions add column sent_at timestamptz;
-- Never two live submissions of one invoice (queued, sent or in progress).
create unique index moadian_submissions_live on moadian_submissions (business_id, invoice_id)
  where status in ('queued', 'sent', 'in_progress');
create index moadian_submissions_due on moadian_submissions (next_attempt_at, business_id)
  where status in ('queued', 'sent', 'in_progress');
