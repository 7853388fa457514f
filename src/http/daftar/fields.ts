import type { FieldNames } from '../common/fields.js';

/** /daftar/v1's wire names for the domain's field paths where they differ (src/http/common/fields.ts). */
export const DAFTAR_FIELDS: FieldNames = {
  // reports and statements: the period is ?from=&to=
  fromDate: 'from',
  toDate: 'to',
  // users
  userName: 'username',
  fullName: 'name',

  // i4: invoices (the invoice's date is `invoiceDate` in the domain, one path across every surface's table)
  invoiceDate: 'date',
  // i5: a unit's and a product group's own name
  'unit.name': 'name',
  'productGroup.name': 'name',
  // i3: parties (the domain's words are this API's; a party's other phones are plain strings)
  'phones[].tel': 'phones[]',
  // i7: money accounts
  cardNumber: 'cardNo',
};
