import type { FieldNames } from '../common/fields.js';

// i5: an item's fields named differently by the domain (a single item/save keeps the domain's
// name, code, … in its messages, as it always did; inside a batch every field has its wire name).
const ITEM_FIELDS: FieldNames = { unit: 'Unit', unitId: 'Unit', subUnit: 'SubUnit', subUnitId: 'SubUnit', conversionRatio: 'ConversionFactor' };
const BATCH_ITEM_FIELDS: FieldNames = {
  code: 'Code', name: 'Name', kind: 'ItemType', barcodes: 'Barcode', buyPrice: 'BuyPrice', sellPrice: 'SellPrice',
  purchasesTitle: 'PurchasesTitle', salesTitle: 'SalesTitle', tag: 'Tag', comment: 'Description', productCode: 'ProductCode',
  active: 'Active', taxId: 'TaxId', taxUnit: 'TaxUnit', groupPath: 'NodeFamily', groupId: 'NodeId',
};
const under = (from: string, to: string, names: FieldNames): FieldNames =>
  Object.fromEntries(Object.entries(names).map(([k, v]) => [from + k, to + v]));

/**
 * Hesabfa's wire names for the domain's field paths (src/http/common/fields.ts): every error
 * the domain raises is renamed with this table before the reply is written, so the client reads
 * the names it sent. Beside the error-code table (envelope.ts); one entry per domain path.
 */
export const HESABFA_FIELDS: FieldNames = {
  // invoicing

  // catalog (products, groups, units, barcodes)
  // i5: an item's domain fields where Hesabfa's differ; a batch's products[i] is items[i]; an
  // opening (UpdateOpeningQuantity) is items[i] with Code, Quantity, UnitPrice, WarehouseCode.
  ...ITEM_FIELDS,
  products: 'items',
  'products[]': 'items[]',
  ...under('products[].', 'items[].', { ...ITEM_FIELDS, ...BATCH_ITEM_FIELDS }),
  openings: 'items',
  'openings[]': 'items[]',
  'openings[].code': 'items[].Code',
  'openings[].productId': 'items[].Code',
  'openings[].quantity': 'items[].Quantity',
  'openings[].unitCost': 'items[].UnitPrice',
  'openings[].warehouseId': 'items[].WarehouseCode',
  // i5: getitems (the product query; top-level query keys are named as under queryInfo)
  query: 'queryInfo',
  'query.filters': 'queryInfo.Filters',
  'query.filters[]': 'queryInfo.Filters[]',
  'query.filters[].property': 'queryInfo.Filters[].Property',
  'query.filters[].operator': 'queryInfo.Filters[].Operator',
  'query.filters[].value': 'queryInfo.Filters[].Value',
  'query.sortBy': 'queryInfo.SortBy',

  // parties and stock (warehouses)

  // money, ledger, reports

  // users, auth, settings

};
