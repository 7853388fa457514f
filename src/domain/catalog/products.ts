import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, ProductsTable } from '../../db/schema.js';
import type { Actor, Tx } from '../context.js';
import { recordAudit, recordAudits } from '../audit/audit.js';
import { PRODUCT_COUNT, addToCounter, raiseCounter } from '../counters.js';
import { DomainError, fail, isDomainError } from '../errors.js';
import { DEFAULT_UNIT } from '../business/bootstrap.js';
import { Dec, assertSize, toDb, type Dec as Decimal } from '../shared/money.js';
import { codeKey, containsPattern, normalizeText, toAsciiDigits } from '../shared/text.js';
import { ensureProductGroupPath, productGroupPaths } from './groups.js';
import { ensureUnit } from './units.js';
import type { Product, ProductFilter, ProductInput, ProductKind } from './types.js';
import { authorize } from '../auth/permissions.js';
import { anyId, largestNumericCode as largestCodeQuery, productById, productByCodeKey, productHistory, productIdByBarcode, productIdsByCodeKeys, productReferenced, productsByIds } from './repository.js';

type Db = Kysely<DB>;
type Row = Selectable<ProductsTable>;


/** Default width of generated numeric product codes ("000001"). */
export const PRODUCT_CODE_WIDTH = 6;
const MAX_PAGE = 1000;

const num = (v: string | null): string | null => (v === null ? null : new Dec(v).toFixed());

/**
 * Rows → Products, loading units, group paths, barcodes and image flags in a few queries.
 * `created`: the rows were just inserted with these barcodes (rows of barcodes in id order), so
 * barcodes need no read and there are no images yet (an image row needs its product first).
 */
async function hydrate(db: Db, businessId: number, rows: Row[], created?: { barcodes: { id: number; product_id: number; barcode: string }[] }): Promise<Product[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id));
  const unitIds = [...new Set(rows.flatMap((r) => [r.unit_id, r.sub_unit_id]).filter((x): x is number => x !== null).map(Number))];
  const units = unitIds.length
    ? await db.selectFrom('units').select(['id', 'name']).where('business_id', '=', businessId).where('id', 'in', unitIds).execute()
    : [];
  const unitNames = new Map(units.map((u) => [Number(u.id), u.name]));
  const groupIds = [...new Set(rows.filter((r) => r.group_id !== null).map((r) => Number(r.group_id)))];
  const paths = groupIds.length ? await productGroupPaths(db, businessId, groupIds) : new Map<number, string[]>();
  const barcodes = created
    ? created.barcodes
    : await db
        .selectFrom('barcodes')
        .select(['id', 'product_id', 'barcode'])
        .where('business_id', '=', businessId)
        .where('product_id', '=', anyId(ids))
        .orderBy('id')
        .execute();
  const byProduct = new Map<number, { id: number; barcode: string }[]>();
  for (const b of barcodes) {
    const list = byProduct.get(Number(b.product_id)) ?? [];
    list.push({ id: Number(b.id), barcode: b.barcode });
    byProduct.set(Number(b.product_id), list);
  }
  const images = created
    ? []
    : await db
        .selectFrom('product_images')
        .select('product_id')
        .where('business_id', '=', businessId)
        .where('product_id', '=', anyId(ids))
        .execute();
  const hasImage = new Set(images.map((i) => Number(i.product_id)));
  return rows.map((r) => {
    const id = Number(r.id);
    const unitId = r.unit_id === null ? null : Number(r.unit_id);
    const subUnitId = r.sub_unit_id === null ? null : Number(r.sub_unit_id);
    const groupId = r.group_id === null ? null : Number(r.group_id);
    return {
      id,
      code: r.code,
      name: r.name,
      kind: r.kind as ProductKind,
      unitId,
      unit: unitId === null ? null : (unitNames.get(unitId) ?? null),
      subUnitId,
      subUnit: subUnitId === null ? null : (unitNames.get(subUnitId) ?? null),
      conversionRatio: num(r.conversion_ratio),
      groupId,
      groupPath: groupId === null ? [] : (paths.get(groupId) ?? []),
      buyPrice: num(r.buy_price)!,
      sellPrice: num(r.sell_price)!,
      vatRate: num(r.vat_rate),
      orderPoint: num(r.order_point)!,
      minimumOrder: num(r.minimum_order)!,
      waitingTime: Number(r.waiting_time),
      stockControl: r.stock_control,
      active: r.active,
      comment: r.comment,
      salesTitle: r.sales_title,
      purchasesTitle: r.purchases_title,
      salesDescription: r.sales_description,
      buyDescription: r.buy_description,
      productCode: r.product_code,
      tag: r.tag,
      taxId: r.tax_id,
      taxUnit: r.tax_unit,
      saleTax: num(r.sale_tax),
      buyTax: num(r.buy_tax),
      barcodes: byProduct.get(id) ?? [],
      stockQty: num(r.stock_qty)!,
      avgCost: num(r.avg_cost)!,
      hasImage: hasImage.has(id),
    };
  });
}

export async function getProduct(db: Db, actor: Actor, id: number): Promise<Product | null> {
  authorize(actor, 'product.read');
  const businessId = actor.businessId;
  const r = await productById(db, businessId, id).executeTakeFirst();
  return r ? (await hydrate(db, businessId, [r]))[0] : null;
}

export async function getProductsByIds(db: Db, actor: Actor, ids: number[]): Promise<Product[]> {
  authorize(actor, 'product.read');
  const businessId = actor.businessId;
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await productsByIds(db, businessId, unique).execute();
  return hydrate(db, businessId, rows);
}

/** "2", "02", "000002" and "۲" are one code. */
export async function findProductByCode(db: Db, actor: Actor, code: string): Promise<Product | null> {
  authorize(actor, 'product.read');
  const businessId = actor.businessId;
  const key = codeKey(code);
  if (!key) return null;
  const r = await productByCodeKey(db, businessId, key).executeTakeFirst();
  return r ? (await hydrate(db, businessId, [r]))[0] : null;
}

/** Product ids by code, for every code that names one (a document's lines named by code; no hydration). */
export async function productIdsByCode(db: Db, actor: Actor, codes: string[]): Promise<Map<string, number>> {
  authorize(actor, 'product.read');
  const keys = [...new Set(codes.map(codeKey).filter((k) => k !== ''))];
  const rows = keys.length ? await productIdsByCodeKeys(db, actor.businessId, keys).execute() : [];
  const byKey = new Map(rows.map((r) => [r.code_key, Number(r.id)]));
  const out = new Map<string, number>();
  for (const c of codes) {
    const id = byKey.get(codeKey(c));
    if (id !== undefined) out.set(c, id);
  }
  return out;
}

export function barcodeKey(barcode: string): string {
  return normalizeText(barcode).replace(/\s+/g, '');
}

export async function findProductByBarcode(db: Db, actor: Actor, barcode: string): Promise<Product | null> {
  authorize(actor, 'product.read');
  const businessId = actor.businessId;
  const key = barcodeKey(barcode);
  if (!key) return null;
  const b = await productIdByBarcode(db, businessId, key).executeTakeFirst();
  return b ? getProduct(db, actor, Number(b.product_id)) : null;
}

export async function listProducts(db: Db, actor: Actor, filter: ProductFilter = {}): Promise<{ total: number; items: Product[] }> {
  authorize(actor, 'product.read');
  const businessId = actor.businessId;
  let q = db.selectFrom('products').where('business_id', '=', businessId);
  if (filter.name !== undefined && normalizeText(filter.name) !== '') {
    q = q.where(sql<boolean>`name_norm like ${containsPattern(normalizeText(filter.name))}`);
  }
  if (filter.code !== undefined && filter.code.trim() !== '') q = q.where('code_key', '=', codeKey(filter.code));
  if (filter.q !== undefined && normalizeText(filter.q) !== '') {
    const term = filter.q;
    q = q.where((eb) =>
      eb.or([
        eb(sql<string>`name_norm`, 'like', containsPattern(normalizeText(term))),
        eb('code_key', '=', codeKey(term)),
        eb.exists(
          eb
            .selectFrom('barcodes as b')
            .select('b.id')
            .whereRef('b.business_id', '=', 'products.business_id')
            .whereRef('b.product_id', '=', 'products.id')
            .where('b.barcode_norm', '=', barcodeKey(term)),
        ),
      ]),
    );
  }
  if (filter.barcode !== undefined && filter.barcode.trim() !== '') {
    const key = barcodeKey(filter.barcode);
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('barcodes as b')
          .select('b.id')
          .whereRef('b.business_id', '=', 'products.business_id')
          .whereRef('b.product_id', '=', 'products.id')
          .where('b.barcode_norm', '=', key),
      ),
    );
  }
  if (filter.ids) {
    if (filter.ids.length === 0) return { total: 0, items: [] };
    q = q.where('id', 'in', filter.ids);
  }
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  const count = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const offset = Math.max(0, filter.offset ?? 0);
  const limit = Math.min(MAX_PAGE, Math.max(0, filter.limit ?? 100));
  const rows = limit === 0 ? [] : await q.selectAll().orderBy('id').offset(offset).limit(limit).execute();
  return { total: Number(count.n), items: await hydrate(db, businessId, rows) };
}

// ---------------------------------------------------------------------------------------------
// Writes

function cleanCode(code: string, field: string): { code: string; key: string } {
  const c = toAsciiDigits(code.trim());
  if (!c) throw fail.missing(field);
  if (c.length > 100) throw fail.outOfRange(field);
  return { code: c, key: codeKey(c) };
}

async function assertCodeFree(tx: Tx, businessId: number, key: string, exceptId: number | null, field: string, code: string) {
  let q = tx.selectFrom('products').select('id').where('business_id', '=', businessId).where('code_key', '=', key);
  if (exceptId !== null) q = q.where('id', '<>', exceptId);
  if (await q.executeTakeFirst()) throw fail.with('DUPLICATE_ENTITY', { entity: 'product', field, value: code });
}

/** The largest numeric product code (0 if none): one probe of index products_numeric_code (0070). */
async function largestNumericCode(tx: Tx, businessId: number): Promise<number> {
  const r = await largestCodeQuery(businessId).execute(tx);
  return r.rows[0]?.m ? Number(r.rows[0].m) : 0;
}

async function assertUnit(tx: Tx, businessId: number, id: number, field: string): Promise<void> {
  const u = await tx.selectFrom('units').select('id').where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
  if (!u) throw fail.with('PRODUCT_UNIT_UNKNOWN', { field, value: id });
}

async function assertGroup(tx: Tx, businessId: number, id: number, field: string): Promise<void> {
  const g = await tx.selectFrom('product_groups').select('id').where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
  if (!g) throw fail.with('PRODUCT_GROUP_UNKNOWN', { field, value: id });
}

/** A product's figure: unit prices and quantities are rates of up to 4 decimals (the conversion
 * ratio 8), at most 18 integer digits; finer or larger is refused naming the field, never cut. */
function nonNegative(v: Decimal | null | undefined, field: string, maxDecimals = 4): string | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (v.isNegative()) throw fail.with('PRODUCT_NEGATIVE', { field });
  if (v.decimalPlaces() > maxDecimals) {
    throw fail.with('PRODUCT_DECIMALS', { field, max: maxDecimals });
  }
  return toDb(assertSize(v, field));
}

function text(v: string | undefined, field: string, max = 4000): string | undefined {
  if (v === undefined) return undefined;
  if (v.length > max) throw fail.with('TEXT_TOO_LONG', { field, max });
  return v;
}

type ProductValues = Partial<Omit<Row, 'business_id' | 'id' | 'created_at' | 'stock_qty' | 'stock_value' | 'avg_cost'>>;

/** Maps the plain (non-reference) fields of an input to columns; absent fields stay absent. */
function plainColumns(input: ProductInput): ProductValues {
  const v: ProductValues = {};
  if (input.name !== undefined) {
    const name = input.name.trim();
    if (!name) throw fail.missing('name');
    if (name.length > 500) throw fail.outOfRange('name');
    v.name = name;
    v.name_norm = normalizeText(name);
  }
  if (input.kind !== undefined) {
    if (input.kind !== 'goods' && input.kind !== 'service') throw fail.validation('kind');
    v.kind = input.kind;
  }
  const decimals: [keyof ProductInput, keyof ProductValues, boolean][] = [
    ['conversionRatio', 'conversion_ratio', true],
    ['buyPrice', 'buy_price', false],
    ['sellPrice', 'sell_price', false],
    ['vatRate', 'vat_rate', true],
    ['orderPoint', 'order_point', false],
    ['minimumOrder', 'minimum_order', false],
    ['saleTax', 'sale_tax', true],
    ['buyTax', 'buy_tax', true],
  ];
  for (const [from, to, nullable] of decimals) {
    const val = input[from] as Decimal | null | undefined;
    if (val === null && !nullable) continue;
    const s = nonNegative(val, from, from === 'conversionRatio' ? 8 : 4);
    if (s !== undefined) (v as Record<string, unknown>)[to] = s;
  }
  if (input.vatRate && input.vatRate.gt(100)) throw fail.outOfRange('vatRate');
  if (input.conversionRatio && input.conversionRatio.isZero()) throw fail.with('PRODUCT_RATIO_ZERO', { field: 'conversionRatio' });
  // numeric(24, 8): 16 integer digits.
  if (input.conversionRatio && input.conversionRatio.gte('1e16')) throw fail.with('PRODUCT_RATIO_TOO_LARGE', { field: 'conversionRatio', digits: 16 });
  if (input.waitingTime !== undefined) {
    if (!Number.isInteger(input.waitingTime) || input.waitingTime < 0 || input.waitingTime > 100000) throw fail.validation('waitingTime');
    v.waiting_time = input.waitingTime;
  }
  if (input.stockControl !== undefined) v.stock_control = input.stockControl;
  if (input.active !== undefined) v.active = input.active;
  const texts: [keyof ProductInput, keyof ProductValues][] = [
    ['comment', 'comment'],
    ['salesTitle', 'sales_title'],
    ['purchasesTitle', 'purchases_title'],
    ['productCode', 'product_code'],
    ['tag', 'tag'],
    ['taxId', 'tax_id'],
    ['taxUnit', 'tax_unit'],
  ];
  for (const [from, to] of texts) {
    const t = text(input[from] as string | undefined, from);
    if (t !== undefined) (v as Record<string, unknown>)[to] = t;
  }
  if (input.salesDescription !== undefined) v.sales_description = input.salesDescription === null ? null : text(input.salesDescription, 'salesDescription')!;
  if (input.buyDescription !== undefined) v.buy_description = input.buyDescription === null ? null : text(input.buyDescription, 'buyDescription')!;
  return v;
}

/** Units and group paths already resolved in this transaction (a bulk create resolves each once). */
interface RefMemo {
  units: Map<string, Promise<number>>;
  paths: Map<string, Promise<number | null>>;
}

/** Resolves unit/sub-unit/group references (ids or names) into columns. */
async function referenceColumns(tx: Tx, actor: Actor, input: ProductInput, memo?: RefMemo): Promise<ProductValues> {
  const v: ProductValues = {};
  const b = actor.businessId;
  const once = <K, T>(map: Map<K, Promise<T>> | undefined, key: K, fn: () => Promise<T>): Promise<T> => {
    if (!map) return fn();
    let p = map.get(key);
    if (!p) {
      p = fn();
      map.set(key, p);
    }
    return p;
  };
  const unitNamed = (name: string) => once(memo?.units, name, () => ensureUnit(tx, b, name));
  const groupAt = (names: string[]) => once(memo?.paths, JSON.stringify(names), () => ensureProductGroupPath(tx, actor, names));
  if (input.unitId !== undefined && input.unitId !== null) {
    await assertUnit(tx, b, input.unitId, 'unitId');
    v.unit_id = input.unitId;
  } else if (input.unit !== undefined && input.unit !== null && input.unit.trim() !== '') {
    v.unit_id = await unitNamed(input.unit);
  } else if (input.unitId === null || input.unit === null) {
    v.unit_id = await unitNamed(DEFAULT_UNIT);
  }
  if (input.subUnitId !== undefined && input.subUnitId !== null) {
    await assertUnit(tx, b, input.subUnitId, 'subUnitId');
    v.sub_unit_id = input.subUnitId;
  } else if (input.subUnit !== undefined && input.subUnit !== null && input.subUnit.trim() !== '') {
    v.sub_unit_id = await unitNamed(input.subUnit);
  } else if (input.subUnitId === null || input.subUnit === null || input.subUnit?.trim() === '') {
    v.sub_unit_id = null;
  }
  if (input.groupId !== undefined && input.groupId !== null) {
    await assertGroup(tx, b, input.groupId, 'groupId');
    v.group_id = input.groupId;
  } else if (input.groupPath !== undefined && input.groupPath !== null) {
    v.group_id = await groupAt(input.groupPath);
  } else if (input.groupId === null || input.groupPath === null) {
    v.group_id = null;
  }
  return v;
}

/** Replaces a product's barcodes with exactly `barcodes` (unique per business). */
async function replaceBarcodes(tx: Tx, businessId: number, productId: number, barcodes: string[]): Promise<void> {
  const seen = new Map<string, string>();
  barcodes.forEach((raw, i) => {
    // Stored with ASCII digits (scanners and clients send either form).
    const barcode = toAsciiDigits(raw.trim());
    const key = barcodeKey(barcode);
    if (!key) throw fail.with('PRODUCT_BARCODE_EMPTY', { field: `barcodes[${i}]` });
    if (barcode.length > 100) throw fail.outOfRange(`barcodes[${i}]`);
    if (!seen.has(key)) seen.set(key, barcode);
  });
  const keys = [...seen.keys()];
  if (keys.length) {
    const taken = await tx
      .selectFrom('barcodes')
      .select(['barcode', 'product_id'])
      .where('business_id', '=', businessId)
      .where('barcode_norm', 'in', keys)
      .where('product_id', '<>', productId)
      .executeTakeFirst();
    if (taken) throw fail.with('DUPLICATE_ENTITY', { entity: 'barcode', field: 'barcodes', value: taken.barcode });
  }
  await tx.deleteFrom('barcodes').where('business_id', '=', businessId).where('product_id', '=', productId).execute();
  if (keys.length) {
    await tx
      .insertInto('barcodes')
      .values([...seen].map(([key, barcode]) => ({ business_id: businessId, product_id: productId, barcode, barcode_norm: key })))
      .execute();
  }
}

/**
 * Creates one product: the same path as a bulk create (createProducts with one input), so a
 * single create and a batch can never disagree on codes, units, barcodes or refusals.
 */
export async function createProduct(tx: Tx, actor: Actor, input: ProductInput): Promise<Product> {
  return (await createProducts(tx, actor, [input]))[0];
}

/** A refusal in a bulk create, tagged with the index of the input it is about. */
export type BulkError = DomainError & { batchIndex: number };

export function tagged(err: unknown, index: number): unknown {
  if (isDomainError(err)) return Object.assign(err, { batchIndex: index });
  return err;
}

/**
 * Creates many new products in a few statements (Hesabfa batchsave of new items): the same
 * rules and results as createProduct called for each input in order, with one audit entry per
 * product. Every input must be a create: an explicit code already taken (or repeated in the
 * batch) is refused as DUPLICATE. A refusal carries `batchIndex` (the input's index).
 */
export async function createProducts(tx: Tx, actor: Actor, inputs: ProductInput[]): Promise<Product[]> {
  authorize(actor, 'product.write');
  const b = actor.businessId;
  if (inputs.length === 0) return [];
  const { values, explicit } = await productValues(tx, actor, inputs);
  await assertCodesFree(tx, b, explicit);
  await assignCodes(tx, b, values, explicit);
  const barcodeRows = await batchBarcodes(tx, b, inputs);
  const rows = await insertProductRows(tx, b, values, explicit);
  const barcodes = await insertBarcodes(tx, b, rows, barcodeRows);
  const products = await hydrate(tx, b, rows, { barcodes });
  await recordAudits(tx, actor, products.map((p) => ({ action: 'create', entity: 'product', entityId: p.id, after: p })));
  return products;
}

/**
 * Each input's columns, in order (a refusal tagged with its index); `explicit` maps each chosen
 * code's key to the input that chose it (a code chosen twice in the batch is a DUPLICATE).
 */
async function productValues(tx: Tx, actor: Actor, inputs: ProductInput[]): Promise<{ values: ProductValues[]; explicit: Map<string, number> }> {
  // Reference columns (units, groups) resolved once per distinct reference.
  const refCache = new Map<string, ProductValues>();
  const memo: RefMemo = { units: new Map(), paths: new Map() };
  const values: ProductValues[] = [];
  const explicit = new Map<string, number>();
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    try {
      if (input.name === undefined || input.name.trim() === '') throw fail.missing('name');
      const plain = plainColumns(input);
      const refKey = JSON.stringify([input.unitId, input.unit, input.subUnitId, input.subUnit, input.groupId, input.groupPath]);
      let refs = refCache.get(refKey);
      if (!refs) {
        refs = await referenceColumns(tx, actor, input, memo);
        if (refs.unit_id === undefined) refs.unit_id = await referenceColumns(tx, actor, { unit: DEFAULT_UNIT }, memo).then((r) => r.unit_id);
        refCache.set(refKey, refs);
      }
      const v: ProductValues = { ...plain, ...refs };
      if (input.code !== undefined && input.code.trim() !== '') {
        const c = cleanCode(input.code, 'code');
        if (explicit.has(c.key)) throw fail.with('DUPLICATE_ENTITY', { entity: 'product', field: 'code', value: c.code });
        explicit.set(c.key, i);
        v.code = c.code;
        v.code_key = c.key;
      }
      values.push(v);
    } catch (err) {
      throw tagged(err, i);
    }
  }
  return { values, explicit };
}

/** A chosen code already stored is a DUPLICATE naming `code`. */
async function assertCodesFree(tx: Tx, b: number, explicit: Map<string, number>): Promise<void> {
  if (!explicit.size) return;
  const taken = await tx
    .selectFrom('products')
    .select(['code', 'code_key'])
    .where('business_id', '=', b)
    .where('code_key', '=', sql<string>`any(cast(${[...explicit.keys()]} as text[]))`)
    .executeTakeFirst();
  if (taken) throw tagged(fail.with('DUPLICATE_ENTITY', { entity: 'product', field: 'code', value: taken.code }), explicit.get(taken.code_key)!);
}

/**
 * Automatic codes as createProduct would give them one by one: past the counter and every
 * numeric code stored or sent by an earlier item of the batch.
 */
async function assignCodes(tx: Tx, b: number, values: ProductValues[], explicit: Map<string, number>): Promise<void> {
  if (!values.some((v) => v.code === undefined)) return;
  let last = await raiseCounter(tx, b, 'product_code', await largestNumericCode(tx, b));
  values.forEach((v, i) => {
    if (v.code !== undefined) {
      if (/^[0-9]{1,15}$/.test(v.code_key!)) last = Math.max(last, Number(v.code_key));
      return;
    }
    last += 1;
    const later = explicit.get(String(last));
    if (later !== undefined && later > i) throw tagged(fail.with('DUPLICATE_ENTITY', { entity: 'product', field: 'code', value: String(last) }), later);
    v.code = String(last).padStart(PRODUCT_CODE_WIDTH, '0');
    v.code_key = String(last);
  });
  await raiseCounter(tx, b, 'product_code', last);
}

interface BarcodeRow {
  index: number;
  barcode: string;
  key: string;
}

/** The batch's barcodes, checked: none empty, none twice in the batch, none already stored. */
async function batchBarcodes(tx: Tx, b: number, inputs: ProductInput[]): Promise<BarcodeRow[]> {
  const barcodeRows: BarcodeRow[] = [];
  const barcodeOwner = new Map<string, number>();
  inputs.forEach((input, i) => {
    const seen = new Set<string>();
    (input.barcodes ?? []).forEach((raw, j) => {
      const barcode = toAsciiDigits(raw.trim());
      const key = barcodeKey(barcode);
      if (!key) throw tagged(fail.with('PRODUCT_BARCODE_EMPTY', { field: `barcodes[${j}]` }), i);
      if (barcode.length > 100) throw tagged(fail.outOfRange(`barcodes[${j}]`), i);
      if (seen.has(key)) return;
      seen.add(key);
      if (barcodeOwner.has(key)) throw tagged(fail.with('DUPLICATE_ENTITY', { entity: 'barcode', field: 'barcodes', value: barcode }), i);
      barcodeOwner.set(key, i);
      barcodeRows.push({ index: i, barcode, key });
    });
  });
  if (barcodeRows.length) {
    const taken = await tx
      .selectFrom('barcodes')
      .select(['barcode', 'barcode_norm'])
      .where('business_id', '=', b)
      .where('barcode_norm', '=', sql<string>`any(cast(${barcodeRows.map((r) => r.key)} as text[]))`)
      .executeTakeFirst();
    if (taken) throw tagged(fail.with('DUPLICATE_ENTITY', { entity: 'barcode', field: 'barcodes', value: taken.barcode }), barcodeOwner.get(taken.barcode_norm)!);
  }
  return barcodeRows;
}

/** Inserts the batch's barcodes for the inserted rows; returns them in id order. */
async function insertBarcodes(tx: Tx, b: number, rows: Row[], barcodeRows: BarcodeRow[]): Promise<{ id: number; product_id: number; barcode: string }[]> {
  // Each barcode's foreign key is checked by a cached per-session plan. On a catalogue never
  // analyzed (a new database: a first sync of 1,000 items) that plan scans the products (1,000
  // barcodes × the new products: ~0.7 s); with statistics it is an index probe (~40 ms in all).
  // Only then, once per database: analyze products first (it sees this transaction's rows).
  if (barcodeRows.length) {
    const stats = await sql<{ n: number }>`select reltuples as n from pg_class where oid = cast('products' as regclass)`.execute(tx);
    if (Number(stats.rows[0]?.n ?? 0) < 0) await sql`analyze products`.execute(tx);
  }
  const barcodes: { id: number; product_id: number; barcode: string }[] = [];
  for (let i = 0; i < barcodeRows.length; i += 1000) {
    const r = await tx
      .insertInto('barcodes')
      .values(barcodeRows.slice(i, i + 1000).map((x) => ({ business_id: b, product_id: Number(rows[x.index].id), barcode: x.barcode, barcode_norm: x.key })))
      .returning(['id', 'product_id', 'barcode'])
      .execute();
    for (const x of r) barcodes.push({ id: Number(x.id), product_id: Number(x.product_id), barcode: x.barcode });
  }
  return barcodes.sort((x, y) => x.id - y.id);
}

/**
 * Inserts the products' rows in chunks (a statement binds at most 65,535 parameters) and returns
 * them in input order as a read would give them (`returning *`). A concurrent create may take a
 * code after the checks (its row is invisible until it commits): the insert waits for it and
 * inserts nothing for that code. A chosen code is then a DUPLICATE naming `code`; a generated one
 * moves on to the next free number, as createProduct always promised.
 */
async function insertProductRows(tx: Tx, b: number, values: ProductValues[], explicit: Map<string, number>): Promise<Row[]> {
  const rows: Row[] = new Array(values.length);
  let pending = values.map((_, i) => i);
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 20) throw fail.with('CONCURRENT_UPDATE');
    const missed: number[] = [];
    for (let i = 0; i < pending.length; i += 500) {
      const chunk = pending.slice(i, i + 500);
      const r = await tx
        .insertInto('products')
        .values(chunk.map((k) => { const v = values[k]; return { ...v, business_id: b, code: v.code!, code_key: v.code_key!, name: v.name!, name_norm: v.name_norm! }; }))
        .onConflict((oc) => oc.columns(['business_id', 'code_key']).doNothing())
        .returningAll()
        .execute();
      const byKey = new Map(r.map((x) => [x.code_key, x]));
      for (const k of chunk) {
        const row = byKey.get(values[k].code_key!);
        if (row) rows[k] = row;
        else if (explicit.get(values[k].code_key!) === k) throw tagged(fail.with('DUPLICATE_ENTITY', { entity: 'product', field: 'code', value: values[k].code! }), k);
        else missed.push(k);
      }
    }
    if (missed.length) {
      let last = await raiseCounter(tx, b, 'product_code', await largestNumericCode(tx, b));
      for (const k of missed) {
        last += 1;
        values[k].code = String(last).padStart(PRODUCT_CODE_WIDTH, '0');
        values[k].code_key = String(last);
      }
      await raiseCounter(tx, b, 'product_code', last);
    }
    pending = missed;
  }
  await addToCounter(tx, b, PRODUCT_COUNT, rows.length);
  return rows;
}

/** Locks a product row (the first lock of any product change). */
export async function lockProduct(tx: Tx, businessId: number, id: number, field = 'productId'): Promise<Row> {
  const row = await tx.selectFrom('products').selectAll().where('business_id', '=', businessId).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw fail.notFound('product', field, id);
  return row;
}

/** Has the product been moved in stock or named on an invoice (a proforma included)? */
async function productHasHistory(tx: Tx, businessId: number, id: number): Promise<boolean> {
  const r = await productHistory(businessId, id).execute(tx);
  return r.rows.length > 0;
}

/**
 * A product's unit, sub-unit and conversion ratio are what its recorded quantities mean: once it
 * has stock movements or invoice lines, changing them would silently turn 6 pieces into 6 cartons.
 * Refused (CONFLICT naming the field); the same value sent again is no change.
 */
async function assertUnitsKept(tx: Tx, businessId: number, row: Row, values: ProductValues, input: ProductInput): Promise<void> {
  const sameRef = (a: number | null | undefined, b: number | null) => (a === null || a === undefined ? null : Number(a)) === (b === null ? null : Number(b));
  const sameRatio = (a: string | null, b: string | null) => (a === null || b === null ? a === b : new Dec(a).eq(b));
  let changed: string | null = null;
  if (values.unit_id !== undefined && !sameRef(values.unit_id, row.unit_id)) changed = input.unitId !== undefined && input.unitId !== null ? 'unitId' : 'unit';
  else if (values.sub_unit_id !== undefined && !sameRef(values.sub_unit_id, row.sub_unit_id)) changed = input.subUnitId !== undefined ? 'subUnitId' : 'subUnit';
  else if (values.conversion_ratio !== undefined && !sameRatio(values.conversion_ratio, row.conversion_ratio)) changed = 'conversionRatio';
  if (changed === null || !(await productHasHistory(tx, businessId, Number(row.id)))) return;
  throw fail.with('PRODUCT_UNIT_LOCKED', { field: changed, name: row.name });
}

/** updateProduct without the audit entry: returns the product before and after. */
export async function updateProductUnaudited(tx: Tx, actor: Actor, id: number, input: ProductInput): Promise<{ before: Product; after: Product }> {
  const b = actor.businessId;
  const row = await lockProduct(tx, b, id);
  const before = (await hydrate(tx, b, [row]))[0];
  const values: ProductValues = { ...plainColumns(input), ...(await referenceColumns(tx, actor, input)) };
  if (input.code !== undefined && input.code.trim() !== '') {
    const c = cleanCode(input.code, 'code');
    // Same key ("1" for "000001") = the same code: the stored spelling stays.
    if (c.key !== row.code_key) {
      await assertCodeFree(tx, b, c.key, id, 'code', c.code);
      values.code = c.code;
      values.code_key = c.key;
    }
  }
  await assertUnitsKept(tx, b, row, values, input);
  if (values.kind === 'service' && row.kind !== 'service') {
    const moved = await tx.selectFrom('stock_movements').select('id').where('business_id', '=', b).where('product_id', '=', id).limit(1).executeTakeFirst();
    if (moved) {
      throw fail.with('PRODUCT_SERVICE_HAS_STOCK', { field: 'kind' });
    }
  }
  if (Object.keys(values).length) {
    await tx
      .updateTable('products')
      .set({ ...values, updated_at: sql`now()` })
      .where('business_id', '=', b)
      .where('id', '=', id)
      .execute();
  }
  if (input.barcodes) await replaceBarcodes(tx, b, id, input.barcodes);
  const after = (await getProduct(tx, actor, id))!;
  return { before, after };
}

/** Changes only the fields present in `input`. */
export async function updateProduct(tx: Tx, actor: Actor, id: number, input: ProductInput): Promise<Product> {
  authorize(actor, 'product.write');
  const { before, after } = await updateProductUnaudited(tx, actor, id, input);
  await recordAudit(tx, actor, { action: 'update', entity: 'product', entityId: id, before, after });
  return after;
}

/** Rows that name a product and make it undeletable, each with the message that says why. */
const PRODUCT_REFERENCES = [
  { table: 'stock_movements', key: 'PRODUCT_IN_USE_MOVED' },
  { table: 'invoice_lines', key: 'PRODUCT_IN_USE_INVOICED' },
  { table: 'product_openings', key: 'PRODUCT_IN_USE_OPENING' },
] as const;

/** Deletes an unused product (IN_USE naming the reason when it has stock movements or appears on documents). */
export async function deleteProduct(tx: Tx, actor: Actor, id: number): Promise<void> {
  authorize(actor, 'product.write');
  const b = actor.businessId;
  const row = await lockProduct(tx, b, id);
  for (const ref of PRODUCT_REFERENCES) {
    const used = await productReferenced(tx, b, ref.table, id).executeTakeFirst();
    if (used) throw fail.with(ref.key, { name: row.name });
  }
  const before = (await hydrate(tx, b, [row]))[0];
  await tx.deleteFrom('barcodes').where('business_id', '=', b).where('product_id', '=', id).execute();
  await tx.deleteFrom('product_images').where('business_id', '=', b).where('product_id', '=', id).execute();
  await tx.deleteFrom('stock_balances').where('business_id', '=', b).where('product_id', '=', id).execute();
  // Any other table that references the product (a foreign key) still refuses: IN_USE, rolled back.
  await tx.deleteFrom('products').where('business_id', '=', b).where('id', '=', id).execute();
  await addToCounter(tx, b, PRODUCT_COUNT, -1);
  await recordAudit(tx, actor, { action: 'delete', entity: 'product', entityId: id, before });
}

/** Would saving items with these codes create every one of them? (no code is stored yet and no
 * code repeats; an absent code is always a create). Picks createProducts' bulk path. */
export async function allCodesNew(db: Db, businessId: number, codes: (string | undefined)[]): Promise<boolean> {
  const keys = codes.filter((c): c is string => c !== undefined).map((c) => codeKey(c));
  if (new Set(keys).size !== keys.length) return false;
  if (keys.length === 0) return true;
  const found = await db
    .selectFrom('products')
    .select('id')
    .where('business_id', '=', businessId)
    .where('code_key', '=', sql<string>`any(cast(${keys} as text[]))`)
    .limit(1)
    .executeTakeFirst();
  return !found;
}
