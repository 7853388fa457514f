import type { FieldNames } from '../common/fields.js';

/**
 * Hesabfa's wire names for the domain's field paths (src/http/common/fields.ts): every error
 * the domain raises is renamed with this table before the reply is written, so the client reads
 * the names it sent. Beside the error-code table (envelope.ts); one entry per domain path.
 */
export const HESABFA_FIELDS: FieldNames = {
  // invoicing

  // catalog (products, groups, units, barcodes)
  unitName: 'Unit',
  unitId: 'Unit',
  subUnitName: 'SubUnit',
  subUnitId: 'SubUnit',
  conversionRatio: 'ConversionFactor',

  // parties and stock (warehouses)

  // money, ledger, reports

  // users, auth, settings

};
