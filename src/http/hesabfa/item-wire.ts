import { fail } from '../../domain/errors.js';
import type { Product, ProductInput } from '../../domain/catalog/types.js';
import { padCode, toAsciiDigits } from '../../domain/shared/text.js';
import { toWire } from '../../domain/shared/money.js';
import { isAbsent, readBool, readDecimal, readInt, readText } from '../common/wire.js';
import { field, has, isObject } from './body.js';

/** Hesabfa item names: up to 200 characters (hesabfa.md). */
export const MAX_NAME = 200;

/** The wire item (hesabfa.md "Item object returned everywhere"). */
export function toItem(p: Product) {
  return {
    Id: p.id,
    Code: padCode(p.code),
    Name: p.name,
    Barcode: p.barcodes[0]?.barcode ?? '',
    ItemType: p.kind === 'service' ? 1 : 0,
    Unit: p.unit ?? '',
    SubUnit: p.subUnit ?? '',
    ConversionFactor: toWire(p.conversionRatio),
    Stock: toWire(p.stockQty),
    BuyPrice: toWire(p.buyPrice),
    SellPrice: toWire(p.sellPrice),
    PurchasesTitle: p.purchasesTitle,
    SalesTitle: p.salesTitle,
    NodeId: p.groupId ?? 0,
    NodeName: p.groupPath.length ? p.groupPath[p.groupPath.length - 1] : '',
    NodeFamily: p.groupPath.join(':'),
    Tag: p.tag,
    Description: p.comment,
    ProductCode: p.productCode,
    Active: p.active,
    TaxId: p.taxId,
    TaxUnit: p.taxUnit,
  };
}

export type WireItem = ReturnType<typeof toItem>;

/**
 * A product code as clients send it: int 2, "2", "000002" or "۰۰۰۰۰۲" (all one code; the
 * catalog compares numeric codes without leading zeros). undefined when not given.
 */
export function readCode(v: unknown, name: string): string | undefined {
  // PHP clients send false for "no code yet" (a failed lookup).
  if (isAbsent(v) || v === false) return undefined;
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0) throw fail.with('PRODUCT_CODE_NOT_POSITIVE', { field: name });
    return String(v);
  }
  if (typeof v !== 'string') throw fail.with('PRODUCT_NOT_TEXT_OR_NUMBER', { field: name });
  const s = toAsciiDigits(v.trim());
  if (s.length > 50) throw fail.with('TEXT_TOO_LONG', { field: name, max: 50 });
  return s;
}

/** A list of codes (GetQuantity codes): an array, or one code on its own. */
export function readCodes(v: unknown, name: string): string[] | undefined {
  if (isAbsent(v) || (Array.isArray(v) && v.length === 0)) return undefined;
  const arr = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  arr.forEach((c, i) => {
    const code = readCode(c, `${name}[${i}]`);
    if (code !== undefined) out.push(code);
  });
  return out;
}

/** ItemType: 0 product (goods), 1 service; anything else → 114. */
export function readItemType(v: unknown, name: string): ProductInput['kind'] {
  let n: number | undefined;
  try {
    n = readInt(v, name);
  } catch {
    n = -1;
  }
  if (n === undefined) return undefined;
  if (n === 0) return 'goods';
  if (n === 1) return 'service';
  throw fail.with('PRODUCT_KIND_NUMBER', { field: name, goods: 0, service: 1 });
}

/** "کالاها : موبایل : سامسونگ" → ["کالاها", "موبایل", "سامسونگ"]; "" → [] (no group). */
export function splitNodeFamily(v: string): string[] {
  return v
    .split(':')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export interface WireItemInput {
  /** The code the client named (absent = a new item with the next free code). */
  code?: string;
  input: ProductInput;
}

/**
 * Reads one Hesabfa item object leniently (any casing; numbers as strings; booleans in every
 * spelling; "" / null = not given) into a ProductInput with only the fields that were sent.
 * `at` is the item's path for messages ("item", "items[7]").
 */
export function readItem(raw: unknown, at: string): WireItemInput {
  if (!isObject(raw)) throw fail.with('PRODUCT_NOT_AN_ITEM', { field: at });
  const f = (name: string) => field(raw, name);
  const p = (name: string) => `${at}.${name}`;
  const input: ProductInput = {};

  const name = readText(f('Name'), p('Name'), 100_000);
  if (name !== undefined && name.trim() !== '') {
    if (name.trim().length > MAX_NAME) {
      throw fail.with('TEXT_TOO_LONG', { field: p('Name'), max: MAX_NAME });
    }
    input.name = name.trim();
  }
  const kind = readItemType(f('ItemType'), p('ItemType'));
  if (kind) input.kind = kind;

  // Text fields: null = not given; "" is a value (clears the field), as clients that send the
  // whole item on every sync expect.
  const given = (wire: string) => has(raw, wire) && f(wire) !== null;
  const text = (wire: string, max: number): string | undefined => {
    if (!given(wire)) return undefined;
    return readText(f(wire), p(wire), max);
  };
  if (given('Barcode')) {
    const b = (readText(f('Barcode'), p('Barcode'), 100) ?? '').trim();
    input.barcodes = b ? [b] : [];
  }
  if (given('Unit')) {
    const u = (readText(f('Unit'), p('Unit'), 100) ?? '').trim();
    if (u) input.unit = u;
  }
  if (given('SubUnit')) {
    const u = (readText(f('SubUnit'), p('SubUnit'), 100) ?? '').trim();
    input.subUnit = u || null;
  }
  const ratio = readDecimal(f('ConversionFactor'), p('ConversionFactor'));
  if (ratio !== undefined) {
    if (ratio.isNegative()) throw fail.outOfRange(p('ConversionFactor'));
    input.conversionRatio = ratio.isZero() ? null : ratio;
  }
  const price = (wire: string): ProductInput['buyPrice'] => {
    const d = readDecimal(f(wire), p(wire));
    if (d !== undefined && d.isNegative()) {
      throw fail.with('PRODUCT_CANNOT_BE_NEGATIVE', { field: p(wire) });
    }
    return d;
  };
  const buy = price('BuyPrice');
  if (buy !== undefined) input.buyPrice = buy;
  const sell = price('SellPrice');
  if (sell !== undefined) input.sellPrice = sell;

  const purchasesTitle = text('PurchasesTitle', 500);
  if (purchasesTitle !== undefined) input.purchasesTitle = purchasesTitle;
  const salesTitle = text('SalesTitle', 500);
  if (salesTitle !== undefined) input.salesTitle = salesTitle;
  // Tag is the client's own text (often JSON): kept byte for byte, never trimmed.
  const tag = text('Tag', 10_000);
  if (tag !== undefined) input.tag = tag;
  const description = text('Description', 2000);
  if (description !== undefined) input.comment = description;
  const productCode = text('ProductCode', 100);
  if (productCode !== undefined) input.productCode = productCode.trim();
  const taxId = text('TaxId', 100);
  if (taxId !== undefined) input.taxId = taxId.trim();
  const taxUnit = text('TaxUnit', 100);
  if (taxUnit !== undefined) input.taxUnit = taxUnit.trim();
  const active = readBool(f('Active'), p('Active'));
  if (active !== undefined) input.active = active;
  if (given('NodeFamily')) {
    const nf = readText(f('NodeFamily'), p('NodeFamily'), 2000);
    if (nf !== undefined) {
      const parts = splitNodeFamily(nf);
      parts.forEach((part, i) => {
        if (part.length > MAX_NAME) throw fail.outOfRange(`${p('NodeFamily')}[${i}]`);
      });
      input.groupPath = parts.length ? parts : null;
    }
  }
  return { code: readCode(f('Code'), p('Code')), input };
}

/** A new item needs Name and ItemType (104 naming the field: `at`.Name, or the domain's `name`/`kind` without `at`). */
export function requireNewItemFields(item: WireItemInput, at?: string): void {
  if (item.input.name === undefined) throw fail.missing(at === undefined ? 'name' : `${at}.Name`);
  if (item.input.kind === undefined) throw fail.missing(at === undefined ? 'kind' : `${at}.ItemType`);
}
