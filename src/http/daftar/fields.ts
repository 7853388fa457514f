import type { FieldNames } from '../common/fields.js';

/** /daftar/v1's wire names for the domain's field paths where they differ (src/http/common/fields.ts). */
export const DAFTAR_FIELDS: FieldNames = {
  // h3: parties
  nationalCode: 'nationalId',
  partyType: 'roles',
  isLegal: 'kind',
  tel: 'mobile',
  // i5: a unit's and a product group's own name
  'unit.name': 'name',
  'productGroup.name': 'name',
};
