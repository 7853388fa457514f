import type { FieldNames } from '../common/fields.js';

/**
 * Siba's wire names for the domain's field paths (src/http/common/fields.ts): every error
 * the domain raises is renamed with this table before the reply is written, so the client reads
 * the names it sent. Beside the error-code table (envelope.ts); one entry per domain path.
 */
export const SIBA_FIELDS: FieldNames = {
  // invoicing (h1): the domain's invoice paths → Siba's factor names
  type: 'invoiceType',
  time: 'invoiceTime',
  number: 'invoiceNo',
  partyId: 'personId',
  invoiceId: 'factorId',
  originalInvoiceId: 'originalFactorId',
  lineDiscount: 'discountItem',
  serviceChargeRate: 'servicePerc',
  rounding: 'roundPrice',
  linesTotal: 'sumPrice',
  vatTotal: 'sumTax',
  levyTotal: 'sumFee',
  'lines': 'details',
  'lines[]': 'details[]',
  'lines[].productId': 'details[].itemId',
  'lines[].kind': 'details[].itemType',
  'lines[].warehouseId': 'details[].warehouseCode',
  'lines[].unitPrice': 'details[].price',
  'lines[].lineTotal': 'details[].sumPrice',
  'lines[].vatRate': 'details[].taxPerc',
  'lines[].levyRate': 'details[].feePerc',

  // catalog (products, groups, units, barcodes)

  // parties and stock (warehouses)

  // money, ledger, reports
  bankAccountId: 'bankId',
  openingBalance: 'initialBalance',
  sheba: 'shaba',
  warehouse: 'warehouseCode',
  cardNumber: 'cardNo', // i7: a bank account's card number

  // users, auth, settings

};
