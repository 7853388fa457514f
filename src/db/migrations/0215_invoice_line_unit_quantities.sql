-- Issue 19: the domain's words. An invoice line's two further measures of its quantity (in other
-- units) were columns named after Siba's wire fields; they take the domain's names, so no
-- surface's wire name is left in the domain's code (Siba still sends and reads quantity1/2).
alter table invoice_lines rename column quantity1 to first_unit_quantity;
alter table invoice_lines rename column quantity2 to second_unit_quantity;
