import type { FieldNames } from '../common/fields.js';

/**
 * Chortke's wire names for the domain's field paths (src/http/common/fields.ts): every error
 * the domain raises is renamed with this table before the reply is written, so the client reads
 * the names it sent. Beside the error-code table (envelope.ts); one entry per domain path.
 */
export const CHORTKE_FIELDS: FieldNames = {
  // invoicing

  // catalog (products, groups, units, barcodes)
  // i5: a product's domain fields → Chortke's (chortke.md: accountingCode = code, title = name,
  // code = productCode, isProduct = kind, control = stockControl; one barcode)
  code: 'accountingCode',
  name: 'title',
  productCode: 'code',
  kind: 'isProduct',
  stockControl: 'control',
  barcodes: 'barcode',
  'barcodes[]': 'barcode',

  // parties and stock (warehouses)

  // money, ledger, reports

  // users, auth, settings

};

// i3: parties. A person's fields as Chortke names them. Kept apart from CHORTKE_FIELDS because
// the same domain path means another wire field on the products routes (a product's `name` is
// its `title`, a party's `prefix` is); the persons routes' error handler uses this table.
export const CHORTKE_PERSON_FIELDS: FieldNames = {
  ...CHORTKE_FIELDS,
  partyId: 'id',
  code: 'accountingCode',
  roles: 'personType',
  'roles[]': 'personType',
  kind: 'isLegal',
  prefix: 'title',
  companyName: 'company',
  comment: 'description',
  province: 'state',
  cardNumber: 'bankCardNumber',
  sheba: 'bankShaba',
  groupId: 'personTypeId',
  registrationNumber: 'registerationNumber',
  commission: 'commissionInput',
  'phones[].tel': 'phone',
  lastName: 'nickName',
};
