import { Type } from 'typebox';
import { fail } from '../../../domain/errors.js';
import type { Product, ProductInput } from '../../../domain/catalog/types.js';
import { toWire, type Dec } from '../../../domain/shared/money.js';
import { toAsciiDigits } from '../../../domain/shared/text.js';
import { BoolLike, NumLike, Text, given, isAbsent, readBool, readDecimal, readId, readInt, readText } from '../../common/wire.js';

/**
 * Siba product wire names ↔ the domain's Product. A list item uses exactly the names the PUT
 * accepts, so a client can GET, change and PUT back.
 */
export function toSibaProduct(p: Product) {
  return {
    productId: p.id,
    productCode: p.code,
    productName: p.name,
    unitId: p.unitId ?? 0,
    productSubUnitId: p.subUnitId ?? 0,
    groupId: p.groupId ?? 0,
    totalQuantity: toWire(p.stockQty),
    active: p.active,
    buyPrice: toWire(p.buyPrice),
    sellPrice: toWire(p.sellPrice),
    orderPoint: toWire(p.orderPoint),
    comment: p.comment,
    barcodes: p.barcodes.map((b) => b.barcode),
    isService: p.kind === 'service',
    // additions (read-only)
    unitName: p.unit ?? '',
    averageCost: toWire(p.avgCost),
    hasImage: p.hasImage,
  };
}

const BarcodeLike = Type.Union([Type.String({ maxLength: 100 }), Type.Number(), Type.Object({ barcode: Type.Union([Type.String({ maxLength: 100 }), Type.Number()]) })]);

const productFields = {
  unitId: Type.Optional(NumLike({ description: 'شناسه واحد؛ 0 = واحد پیش‌فرض «عدد»' })),
  productSubUnitId: Type.Optional(NumLike({ description: 'شناسه واحد فرعی؛ 0 = ندارد' })),
  groupId: Type.Optional(NumLike({ description: 'شناسه گروه؛ 0 = ریشه' })),
  active: Type.Optional(BoolLike()),
  buyPrice: Type.Optional(NumLike()),
  sellPrice: Type.Optional(NumLike()),
  orderPoint: Type.Optional(NumLike()),
  comment: Type.Optional(Text(4000)),
  isService: Type.Optional(BoolLike({ description: 'افزوده: خدمت (بدون موجودی انبار)' })),
  barcodes: Type.Optional(Type.Union([Type.Array(BarcodeLike, { maxItems: 100 }), Type.Null()], { description: 'افزوده: جایگزینی بارکدهای کالا' })),
};

export const ProductPostBody = Type.Object({
  name: Type.Optional(Text(500, { description: 'نام کالا (الزامی)' })),
  code: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Number(), Type.Null()], { description: 'کد کالا؛ خالی = کد بعدی' })),
  productName: Type.Optional(Text(500, { description: 'هم‌نام name' })),
  productCode: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Number(), Type.Null()], { description: 'هم‌نام code' })),
  ...productFields,
});

export const ProductPutBody = Type.Object({
  productId: NumLike({ description: 'شناسه کالا' }),
  productCode: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Number(), Type.Null()], { description: 'کد کالا؛ 0 یا خالی = بدون تغییر' })),
  productName: Type.Optional(Text(500)),
  totalQuantity: Type.Optional(NumLike({ description: 'موجودی کل؛ تغییر آن یک سند تعدیل انبار در انبار پیش‌فرض ثبت می‌کند' })),
  ...productFields,
});

/** An optional reference where 0 means "none": undefined = absent, null = none. */
export function readRef(v: unknown, field: string): number | null | undefined {
  const n = readId(v, field);
  if (n === undefined) return undefined;
  return n === 0 ? null : n;
}

function readCode(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0) throw fail.validation(field);
    return String(v);
  }
  return readText(v, field, 100)?.trim();
}

function readPrice(v: unknown, field: string): Dec | undefined {
  const d = readDecimal(v, field);
  if (d !== undefined && d.isNegative()) throw fail.with('PRODUCT_NEGATIVE', { field });
  return d;
}

function readBarcodes(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw fail.with('PRODUCT_NOT_AN_ARRAY', { field: 'barcodes' });
  return v.map((b, i) => {
    const raw = typeof b === 'object' && b !== null ? (b as { barcode?: unknown }).barcode : b;
    const s = typeof raw === 'number' ? String(raw) : readText(raw, `barcodes[${i}]`, 100);
    if (s === undefined || s.trim() === '') throw fail.with('PRODUCT_BARCODE_EMPTY', { field: `barcodes[${i}]` });
    return toAsciiDigits(s.trim());
  });
}

/** The fields POST and PUT share. */
function commonInput(b: Record<string, unknown>): ProductInput {
  // Read in the wire's order: the first bad field is the one named.
  const unitId = readRef(b.unitId, 'unitId');
  const subUnitId = readRef(b.productSubUnitId, 'subUnitId');
  const groupId = readRef(b.groupId, 'groupId');
  const active = readBool(b.active, 'active');
  const buyPrice = readPrice(b.buyPrice, 'buyPrice');
  const sellPrice = readPrice(b.sellPrice, 'sellPrice');
  const orderPoint = readPrice(b.orderPoint, 'orderPoint');
  const comment = readText(b.comment, 'comment', 4000);
  const isService = readBool(b.isService, 'isService');
  const kind = isService === undefined ? undefined : isService ? ('service' as const) : ('goods' as const);
  return given({ unitId, subUnitId, groupId, active, buyPrice, sellPrice, orderPoint, comment, kind, barcodes: readBarcodes(b.barcodes) });
}

export function readProductPost(b: Record<string, unknown>): ProductInput {
  const input = commonInput(b);
  const name = readText(b.name ?? b.productName, b.name !== undefined ? 'name' : 'productName', 500);
  if (name === undefined || name.trim() === '') throw fail.missing('name');
  input.name = name;
  const code = readCode(b.code ?? b.productCode, b.code !== undefined ? 'code' : 'productCode');
  if (code) input.code = code;
  return input;
}

/** PUT: only the fields present change. `productCode` 0 or "" = the code is not changing. */
export function readProductPut(b: Record<string, unknown>): { id: number; input: ProductInput; totalQuantity?: Dec } {
  const id = readId(b.productId, 'productId');
  if (id === undefined) throw fail.missing('productId');
  if (id === 0) throw fail.notFound('product', 'productId', 0);
  const input = commonInput(b);
  const name = readText(b.productName, 'productName', 500);
  if (name !== undefined) {
    if (name.trim() === '') throw fail.with('PRODUCT_NAME_EMPTY', { field: 'productName' });
    input.name = name;
  }
  const code = readCode(b.productCode, 'productCode');
  if (code !== undefined && code !== '' && !/^0+$/.test(toAsciiDigits(code))) input.code = code;
  const totalQuantity = isAbsent(b.totalQuantity) ? undefined : readDecimal(b.totalQuantity, 'totalQuantity');
  return { id, input, totalQuantity };
}

/** Reads `?offset=&limit=` (default 100, at most the configured page size). */
export function readPage(q: Record<string, unknown>, max: number): { offset: number; limit: number } {
  const offset = readInt(q.offset, 'offset') ?? 0;
  const limit = readInt(q.limit, 'limit') ?? 100;
  if (offset < 0) throw fail.with('PRODUCT_NEGATIVE', { field: 'offset' });
  if (limit < 0) throw fail.with('PRODUCT_NEGATIVE', { field: 'limit' });
  return { offset, limit: Math.min(limit, max) };
}
