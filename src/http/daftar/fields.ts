import type { FieldNames } from '../common/fields.js';

/** /daftar/v1's wire names for the domain's field paths where they differ (src/http/common/fields.ts). */
export const DAFTAR_FIELDS: FieldNames = {
  // reports and statements: the period is ?from=&to=
  fromDate: 'from',
  toDate: 'to',
  // party groups
  groupName: 'name',
  // users
  userName: 'username',
  fullName: 'name',
  // h3: parties
  nationalCode: 'nationalId',
  partyType: 'roles',
  isLegal: 'kind',
  tel: 'mobile',

  // i4: invoices (the invoice's date is `invoiceDate` in the domain, one path across every surface's table)
  invoiceDate: 'date',
  // i5: a unit's and a product group's own name
  'unit.name': 'name',
  'productGroup.name': 'name',
};
