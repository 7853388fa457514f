import type { Dec } from '../shared/money.js';

/**
 * The catalog contract shared by every surface (Siba products, Hesabfa items, Chortke products).
 * Amounts and quantities are exact decimal strings as read from numeric columns.
 */
export type ProductKind = 'goods' | 'service';

export interface Product {
  id: number;
  /** The one code every surface names the product by, as stored. */
  code: string;
  name: string;
  kind: ProductKind;
  unitId: number | null;
  unit: string | null;
  subUnitId: number | null;
  subUnit: string | null;
  /** Sub-units per main unit. */
  conversionRatio: string | null;
  groupId: number | null;
  /** Group names from the root to the product's group ([] when none). */
  groupPath: string[];
  buyPrice: string;
  sellPrice: string;
  /** The product's own VAT rate in percent, or null to use the effective-dated default. */
  vatRate: string | null;
  orderPoint: string;
  minimumOrder: string;
  waitingTime: number;
  /** Stock control on: refuse negative stock for this product. */
  stockControl: boolean;
  active: boolean;
  comment: string;
  salesTitle: string;
  purchasesTitle: string;
  salesDescription: string | null;
  buyDescription: string | null;
  /** The manufacturer's or shop's own code, beside the catalogue's `code` (a surface may name it differently). */
  productCode: string;
  /** Client-owned free text (Hesabfa Tag), stored byte for byte. */
  tag: string;
  taxId: string;
  taxUnit: string;
  /** Chortke saleTax/buyTax amounts when given explicitly (null = computed from the rate). */
  saleTax: string | null;
  buyTax: string | null;
  barcodes: { id: number; barcode: string }[];
  /** On hand over all warehouses, and the moving average unit cost. */
  stockQty: string;
  avgCost: string;
  hasImage: boolean;
}

/** Fields to create or change a product: absent (undefined) = leave as is / default. */
export interface ProductInput {
  code?: string;
  name?: string;
  kind?: ProductKind;
  unitId?: number | null;
  /** Find-or-create the unit by name (Hesabfa Unit, Chortke unit). */
  unit?: string | null;
  subUnitId?: number | null;
  subUnit?: string | null;
  conversionRatio?: Dec | null;
  groupId?: number | null;
  /** Find-or-create the group path from the root (names, root first). */
  groupPath?: string[] | null;
  buyPrice?: Dec;
  sellPrice?: Dec;
  vatRate?: Dec | null;
  orderPoint?: Dec;
  minimumOrder?: Dec;
  waitingTime?: number;
  stockControl?: boolean;
  active?: boolean;
  comment?: string;
  salesTitle?: string;
  purchasesTitle?: string;
  salesDescription?: string | null;
  buyDescription?: string | null;
  productCode?: string;
  tag?: string;
  taxId?: string;
  taxUnit?: string;
  saleTax?: Dec | null;
  buyTax?: Dec | null;
  /** Replace the product's barcodes with exactly these (unique per business). */
  barcodes?: string[];
}

export interface ProductFilter {
  /** one search term: name contains it, or the code or a barcode is it (Persian-normalised) */
  q?: string;
  /** contains, Persian-normalised, case-insensitive */
  name?: string;
  /** exact code (leading zeros ignored for numeric codes) */
  code?: string;
  barcode?: string;
  ids?: number[];
  kind?: ProductKind;
  offset?: number;
  limit?: number;
}
