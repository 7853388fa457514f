-- Chortke persons: identifier values a Chortke client sent that are Chortke's documentation
-- placeholders rather than real identifiers (the seed's own example: bankShaba
-- "12341234123412341234", bankCardNumber "1234123412341234", economicCode "12345").
-- They are kept here, as written, so the client reads back what it sent, while the party's
-- own columns only ever hold verified identifiers (docs/chortke.md).
create table chortke_unverified_fields (
  business_id bigint not null,
  party_id bigint not null,
  field text not null check (field in ('bankShaba', 'bankCardNumber', 'economicCode')),
  value text not null,
  primary key (business_id, party_id, field),
  foreign key (business_id, party_id) references parties (business_id, id) on delete cascade
);
