import { fail } from '../../domain/errors.js';
import type { ProductProperty, ProductQueryFilter } from '../../domain/catalog/product-query.js';
import { toAsciiDigits } from '../../domain/shared/text.js';

/**
 * getitems' property names (hesabfa.md item object, any casing) → the product query's
 * (src/domain/catalog/product-query.ts). ItemType's 0/1 become the domain's kinds ('goods' <
 * 'service' keeps its order); any other value is kept and matches nothing.
 */
interface ItemProperty {
  property: ProductProperty;
  value?: (v: unknown) => unknown;
}

const KIND_OF: Record<string, string> = { '0': 'goods', '1': 'service' };
const kindOne = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? (KIND_OF[toAsciiDigits(String(v).trim())] ?? v) : v);
const kindValue = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(kindOne) : typeof v === 'string' && v.includes(',') ? v.split(',').map(kindOne) : kindOne(v);

/** Keys: the item field names, lower case. */
export const ITEM_PROPERTIES: Record<string, ItemProperty> = {
  id: { property: 'id' },
  code: { property: 'code' },
  name: { property: 'name' },
  barcode: { property: 'barcode' },
  itemtype: { property: 'kind', value: kindValue },
  unit: { property: 'unit' },
  subunit: { property: 'subUnit' },
  conversionfactor: { property: 'conversionRatio' },
  stock: { property: 'stockQty' },
  buyprice: { property: 'buyPrice' },
  sellprice: { property: 'sellPrice' },
  purchasestitle: { property: 'purchasesTitle' },
  salestitle: { property: 'salesTitle' },
  nodeid: { property: 'groupId' },
  nodename: { property: 'group' },
  nodefamily: { property: 'groupPath' },
  tag: { property: 'tag' },
  description: { property: 'comment' },
  productcode: { property: 'productCode' },
  active: { property: 'active' },
  taxid: { property: 'taxId' },
  taxunit: { property: 'taxUnit' },
};

/** A wire property name → its entry; unknown → 114 naming it (`field` is the domain path the fields table renames). */
function itemProperty(name: unknown, field: string): ItemProperty {
  const key = name === undefined || name === null ? '' : String(name).trim().toLowerCase();
  const p = Object.hasOwn(ITEM_PROPERTIES, key) ? ITEM_PROPERTIES[key] : undefined;
  if (!p) throw fail.with('PRODUCT_QUERY_UNKNOWN_PROPERTY', { field, name: name === undefined || name === null ? '' : String(name) });
  return p;
}

/** getitems' Filters in the domain's property names. */
export function productFilters(wire: ProductQueryFilter[]): ProductQueryFilter[] {
  return wire.map((f, i) => {
    const p = itemProperty(f.property, `query.filters[${i}].property`);
    return { property: p.property, operator: f.operator, value: p.value ? p.value(f.value) : f.value };
  });
}

/** getitems' SortBy in the domain's property name (absent: by code). */
export function productSort(sortBy: string | undefined): ProductProperty | undefined {
  if (sortBy === undefined || sortBy.trim() === '') return undefined;
  return itemProperty(sortBy, 'query.sortBy').property;
}
