import type { Product, ProductInput } from '../../domain/catalog/types.js';
import { fail } from '../../domain/errors.js';
import { productTaxAmounts } from '../../domain/catalog/tax.js';
import { toWire, type Dec as Decimal } from '../../domain/shared/money.js';
import { isAbsent, readBool, readDecimal, readInt, readText } from '../common/wire.js';

/**
 * Chortke product ↔ domain product. Wire names (chortke.md): accountingCode = code,
 * title = name, isProduct = kind goods, code = productCode, control = stockControl,
 * unit/subUnit by name. Errors name the domain's fields (`productCode`, `name`, …): the
 * surface's table (fields.ts) renames them to the wire's, whether raised here or below HTTP.
 */

const num = (v: string | null) => (v === null ? null : toWire(v));

/** Exactly the seed's fields (clients compare the object whole): no additions here. */
export function productMain(p: Product) {
  const tax = productTaxAmounts(p);
  return {
    id: p.id,
    accountingCode: p.code,
    title: p.name,
    isProduct: p.kind === 'goods',
    code: p.productCode === '' ? null : p.productCode,
    barcode: p.barcodes[0]?.barcode ?? null,
    sellPrice: toWire(p.sellPrice),
    salesDescription: p.salesDescription,
    buyPrice: toWire(p.buyPrice),
    buyDescription: p.buyDescription,
    saleTax: toWire(tax.saleTax),
    buyTax: toWire(tax.buyTax),
    active: p.active,
    unit: p.unit,
    subUnit: p.subUnit,
    conversionRatio: num(p.conversionRatio),
  };
}

export function productOthers(p: Product) {
  return {
    orderPoint: toWire(p.orderPoint),
    minimumOrder: toWire(p.minimumOrder),
    waitingTime: p.waitingTime,
    control: p.stockControl,
  };
}

export function productFlat(p: Product) {
  return { ...productMain(p), ...productOthers(p) };
}

function nonNegative(v: unknown, field: string): Decimal | undefined {
  const d = readDecimal(v, field);
  if (d !== undefined && d.isNegative()) throw fail.with('PRODUCT_CANNOT_BE_NEGATIVE', { field });
  return d;
}

/** given null/"" → null (clear), absent → undefined (unchanged). */
function nullable<T>(flat: Record<string, unknown>, key: string, read: (v: unknown) => T | undefined): T | null | undefined {
  if (!(key in flat)) return undefined;
  if (isAbsent(flat[key])) return null;
  return read(flat[key]) ?? null;
}

/** Reads a flat Chortke product into a ProductInput: only the fields present are set. */
export function productInput(flat: Record<string, unknown>): ProductInput {
  const input: ProductInput = {};
  const code = readText(flat.accountingCode, 'code', 50)?.trim();
  if (code) input.code = code;

  if ('title' in flat) {
    const title = readText(flat.title, 'name', 200)?.trim();
    if (!title) throw fail.missing('name');
    input.name = title;
  }
  const isProduct = readBool(flat.isProduct, 'kind');
  if (isProduct !== undefined) input.kind = isProduct ? 'goods' : 'service';

  if ('code' in flat) input.productCode = readText(flat.code, 'productCode', 100)?.trim() ?? '';
  if ('barcode' in flat) {
    const b = readText(flat.barcode, 'barcodes', 100)?.trim();
    input.barcodes = b ? [b] : [];
  }

  const sellPrice = nonNegative(flat.sellPrice, 'sellPrice');
  if (sellPrice) input.sellPrice = sellPrice;
  const buyPrice = nonNegative(flat.buyPrice, 'buyPrice');
  if (buyPrice) input.buyPrice = buyPrice;
  const saleTax = nullable(flat, 'saleTax', (v) => nonNegative(v, 'saleTax'));
  if (saleTax !== undefined) input.saleTax = saleTax;
  const buyTax = nullable(flat, 'buyTax', (v) => nonNegative(v, 'buyTax'));
  if (buyTax !== undefined) input.buyTax = buyTax;
  const vatRate = nullable(flat, 'vatRate', (v) => {
    const d = nonNegative(v, 'vatRate');
    if (d?.gt(100)) throw fail.with('PRODUCT_RATE_RANGE', { field: 'vatRate', min: 0, max: 100 });
    return d;
  });
  if (vatRate !== undefined) input.vatRate = vatRate;

  const salesDescription = nullable(flat, 'salesDescription', (v) => readText(v, 'salesDescription', 1000));
  if (salesDescription !== undefined) input.salesDescription = salesDescription;
  const buyDescription = nullable(flat, 'buyDescription', (v) => readText(v, 'buyDescription', 1000));
  if (buyDescription !== undefined) input.buyDescription = buyDescription;

  const active = readBool(flat.active, 'active');
  if (active !== undefined) input.active = active;
  const control = readBool(flat.control, 'stockControl');
  if (control !== undefined) input.stockControl = control;

  // The main unit cannot be cleared (a product always has one; default «عدد»); the sub-unit can.
  const unit = readText(flat.unit, 'unit', 100)?.trim();
  if (unit) input.unit = unit;
  const subUnit = nullable(flat, 'subUnit', (v) => readText(v, 'subUnit', 100)?.trim() || undefined);
  if (subUnit !== undefined) input.subUnit = subUnit;
  const ratio = nullable(flat, 'conversionRatio', (v) => {
    const d = readDecimal(v, 'conversionRatio');
    if (d !== undefined && !d.gt(0)) throw fail.with('PRODUCT_MUST_BE_POSITIVE', { field: 'conversionRatio' });
    return d;
  });
  if (ratio !== undefined) input.conversionRatio = ratio;

  const orderPoint = nonNegative(flat.orderPoint, 'orderPoint');
  if (orderPoint) input.orderPoint = orderPoint;
  const minimumOrder = nonNegative(flat.minimumOrder, 'minimumOrder');
  if (minimumOrder) input.minimumOrder = minimumOrder;
  const waitingTime = readInt(flat.waitingTime, 'waitingTime');
  if (waitingTime !== undefined) {
    if (waitingTime < 0 || waitingTime > 100_000) throw fail.with('PRODUCT_WAITING_DAYS', { field: 'waitingTime' });
    input.waitingTime = waitingTime;
  }
  return input;
}
