import type { FieldNames } from '../common/fields.js';

/** /daftar/v1's wire names for the domain's field paths where they differ (src/http/common/fields.ts). */
export const DAFTAR_FIELDS: FieldNames = {
  // i3: parties (the domain's words are this API's; a party's other phones are plain strings)
  'phones[].tel': 'phones[]',
};
