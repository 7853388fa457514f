-- Chortke's documentation placeholders are kept per identifier under the domain's name of the
-- field (sheba, cardNumber, economicCode), not Chortke's wire name (issue 19: the domain speaks
-- its own words; the Chortke surface renames them).
alter table chortke_unverified_fields drop constraint chortke_unverified_fields_field_check;
update chortke_unverified_fields
   set field = case field when 'bankShaba' then 'sheba' when 'bankCardNumber' then 'cardNumber' else field end;
alter table chortke_unverified_fields
  add constraint chortke_unverified_fields_field_check check (field in ('sheba', 'cardNumber', 'economicCode'));
