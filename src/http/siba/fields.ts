import type { FieldNames } from '../common/fields.js';

/**
 * Siba's wire names for the domain's field paths (src/http/common/fields.ts): every error
 * the domain raises is renamed with this table before the reply is written, so the client reads
 * the names it sent. Beside the error-code table (envelope.ts); one entry per domain path.
 */
export const SIBA_FIELDS: FieldNames = {
  // invoicing (h1, i4): the domain's invoice paths → Siba's factor names
  type: 'invoiceType',
  time: 'invoiceTime',
  number: 'invoiceNo',
  partyId: 'personId',
  // a payment by cheque (our addition): the chequebook's account is Siba's bankId
  'cheque.bankAccountId': 'cheque.bankId',
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
  'lines[].amount': 'details[].sumPrice',
  'lines[].vatRate': 'details[].taxPerc',
  'lines[].levyRate': 'details[].feePerc',
  // i4
  'lines[].firstUnitQuantity': 'details[].quantity1',
  'lines[].secondUnitQuantity': 'details[].quantity2',
  'lines[].quantityText': 'details[].quantityStr',
  'lines[].description': 'details[].info',

  // catalog (products, groups, units, barcodes)
  // i5: Siba's product, unit and group names (a product's kind, code, name: SIBA_PRODUCT_*_FIELDS)
  subUnitId: 'productSubUnitId',
  'unit.name': 'unitName',
  'productGroup.name': 'groupName',

  // parties and stock (warehouses)
  // i3: parties (the customer's own names; the customers routes add SIBA_PARTY_FIELDS below)
  nationalId: 'nationalCode',
  cardNumber: 'cardNo',
  bankAccountNumber: 'bankAccountNo',
  visitorRate: 'visitorPercent',
  courier: 'courierStatus',
  buyPriceTier: 'buyPriceLevel',
  sellPriceTier: 'sellPriceLevel',
  phoneId: 'telId',

  // money, ledger, reports
  bankAccountId: 'bankId',
  openingBalance: 'initialBalance',
  sheba: 'shaba',
  warehouse: 'warehouseCode',

  // users, auth, settings

};

/**
 * i5: the product routes' own names, applied before SIBA_FIELDS: a product's `kind` is `isService`
 * (a receipt's `kind` elsewhere in Siba is `kind`); PUT names code and name as it takes them,
 * productCode and productName (POST takes code or productCode, name or productName).
 */
export const SIBA_PRODUCT_POST_FIELDS: FieldNames = { kind: 'isService' };
export const SIBA_PRODUCT_PUT_FIELDS: FieldNames = { ...SIBA_PRODUCT_POST_FIELDS, code: 'productCode', name: 'productName' };

// i3: parties. On the customers routes the party's id and code are the customer's (elsewhere,
// e.g. on a factor, partyId is personId and code is a product's): that routes' error handler
// uses this table.
export const SIBA_PARTY_FIELDS: FieldNames = {
  ...SIBA_FIELDS,
  partyId: 'customerId',
  code: 'customerCode',
  active: 'isActive',
  mobile: 'tel',
  name: 'groupName',
  id: 'groupId',
};
