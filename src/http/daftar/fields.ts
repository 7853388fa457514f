import type { FieldNames } from '../common/fields.js';

/** /daftar/v1's wire names for the domain's field paths where they differ (src/http/common/fields.ts). */
export const DAFTAR_FIELDS: FieldNames = {
  // h3: parties
  nationalCode: 'nationalId',
  partyType: 'roles',
  isLegal: 'kind',
  tel: 'mobile',
  // i7: money accounts
  cardNumber: 'cardNo',
};
