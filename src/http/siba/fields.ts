import type { FieldNames } from '../common/fields.js';

/**
 * Siba's wire names for the domain's field paths (src/http/common/fields.ts): every error
 * the domain raises is renamed with this table before the reply is written, so the client reads
 * the names it sent. Beside the error-code table (envelope.ts); one entry per domain path.
 */
export const SIBA_FIELDS: FieldNames = {
  // invoicing

  // catalog (products, groups, units, barcodes)

  // parties and stock (warehouses)

  // money, ledger, reports
  bankAccountId: 'bankId',
  openingBalance: 'initialBalance',
  sheba: 'shaba',
  partyId: 'personId',
  invoiceId: 'factorId',
  warehouse: 'warehouseCode',

  // users, auth, settings

};
