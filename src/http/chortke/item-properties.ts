import type { Operator, ProductProperty, ProductQueryFilter } from '../../domain/catalog/product-query.js';

/**
 * GET /v2/products' filters (chortke.md) → the product query's properties: `title` contains,
 * the others exact. Chortke's `code` is the product code, its `accountingCode` the domain's code.
 */
export const PRODUCT_LIST_FILTERS: Record<string, { property: ProductProperty; operator: Operator }> = {
  title: { property: 'name', operator: '*' },
  code: { property: 'productCode', operator: '=' },
  accountingCode: { property: 'code', operator: '=' },
  barcode: { property: 'barcode', operator: '=' },
  isProduct: { property: 'kind', operator: '=' },
};

/** The filters for the query values given (absent or empty: no filter). */
export function productListFilters(values: Partial<Record<keyof typeof PRODUCT_LIST_FILTERS, string>>): ProductQueryFilter[] {
  const out: ProductQueryFilter[] = [];
  for (const [wire, value] of Object.entries(values)) {
    if (value === undefined || value === '') continue;
    const { property, operator } = PRODUCT_LIST_FILTERS[wire];
    out.push({ property, operator, value });
  }
  return out;
}
