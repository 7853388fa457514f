/**
 * The surfaces' wire names that are not also domain words (issue 19): built from the vendors'
 * documents (`../shared/seeds/`, `../shared/spec/{siba,hesabfa,chortke}.md`). The domain says
 * `invoice`, `party`, `product`, `lines[i].productId`, `warehouseId`, `kind`, `vatRate`,
 * `unitPrice`, `number`; each surface renames to these in its own table (src/http/<surface>/fields.ts).
 * Names both a vendor and the domain use (`code`, `name`, `sellPrice`, `buyPrice`, `groupId`,
 * `barcode`, `productId`, `economicCode`, `firstName`, …) are not listed.
 */
export const WIRE_NAMES: Record<string, readonly string[]> = {
  siba: [
    'factor', 'factors', 'factorId', 'factorNo', 'personId', 'customerId', 'customerCode', 'itemId', 'isService', 'itemType',
    'invoiceNo', 'warehouseCode', 'taxPerc', 'feePerc', 'sumPrice', 'quantityStr', 'quantity1', 'quantity2', 'servicePerc',
    'roundPrice', 'discountItem', 'unitName', 'groupName', 'productSubUnitId', 'telId', 'errCode', 'errMsg', 'errMsgEn',
    'visitorPercent', 'sellPriceLevel', 'buyPriceLevel', 'courierStatus', 'cardNo', 'bankAccountNo', 'originalFactorId',
  ],
  hesabfa: [
    'ItemCode', 'ContactCode', 'NodeFamily', 'NodeId', 'NodeName', 'SellPrice', 'BuyPrice', 'InvoiceItems', 'requestUniqueId',
    'ProductCode', 'ItemType', 'SalesTitle', 'PurchasesTitle', 'ConversionFactor', 'UpdateOpeningQuantity', 'FilteredCount',
    'queryInfo', 'idList', 'SortBy', 'SortDesc',
  ],
  chortke: ['accountingCode', 'isProduct', 'personTypeId', 'bankShaba', 'registerationNumber', 'commissionInput'],
};

/**
 * Names that are also a domain type (`interface Barcode`), so they are wire names only where
 * they name a field: `.Barcode`, `Barcode:`, `'Barcode'`.
 */
export const WIRE_FIELD_NAMES: Record<string, readonly string[]> = {
  hesabfa: ['Barcode'],
};

const ALL = new Set(Object.values(WIRE_NAMES).flat());
const FIELD_ONLY = Object.values(WIRE_FIELD_NAMES).flat();
const FIELD_RE = new RegExp(`(?:\\.(${FIELD_ONLY.join('|')})\\b|\\b(${FIELD_ONLY.join('|')})\\??\\s*:|['"\`](${FIELD_ONLY.join('|')})['"\`])`, 'g');

/**
 * The wire names on one line of source. A name counts as a whole token of letters, digits, `_`
 * and `$`, case-sensitive, anywhere on the line (code, string or comment): `partyId` is not `Id`,
 * and a snake_case column (`invoice_no`, `warehouse_code`) is another token, so SQL is never hit.
 */
export function wireNamesIn(line: string): string[] {
  const found: string[] = [];
  for (const m of line.matchAll(/[A-Za-z_$][A-Za-z0-9_$]*/g)) if (ALL.has(m[0])) found.push(m[0]);
  for (const m of line.matchAll(FIELD_RE)) found.push(m[1] ?? m[2] ?? m[3]);
  return found;
}
