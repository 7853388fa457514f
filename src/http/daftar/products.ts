import type { FastifyInstance } from 'fastify';
import { productSstids, setProductSstid, setUnitCode, unitCodes } from '../../domain/moadian/identifiers.js'; // i8
import { fail } from '../../domain/errors.js';
import { createProducts, deleteProduct, findProductByBarcode, getProduct, listProducts, updateProduct } from '../../domain/catalog/products.js';
import { createProductGroup, deleteProductGroup, listProductGroups, updateProductGroup, type ProductGroup } from '../../domain/catalog/groups.js';
import { createUnit, deleteUnit, listUnits, updateUnit, type Unit } from '../../domain/catalog/units.js';
import type { Product, ProductInput } from '../../domain/catalog/types.js';
import { stockBalances } from '../../domain/stock/movements.js';
import type { Actor } from '../../domain/context.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { actorOf } from '../common/context.js';
import { Amount, AmountIn, Id, IdParams, ListFormat, ListQuery, NullableAmount, amountIn, listOf, page, problems, write } from './common.js';
import { PRODUCT_COLUMNS, productSheetRow } from '../../domain/reports/lists.js';
import { everything, sendSheet, sheetFormat } from '../common/sheet.js';

/**
 * /daftar/v1 products, product groups and units in the domain's words (daftar-api.md). Amounts
 * are exact strings in replies; a request amount may be a string or a JSON number, read exactly.
 */

/** The bearer token (the `session` scheme joins when H5's cookie login lands; common.ts lists it already). */
const security: { [scheme: string]: string[] }[] = [{ bearer: [] }, { session: [] }];
const tags = ['daftar: products'];
const groupTags = ['daftar: productGroups'];
const unitTags = ['daftar: units'];

const ProductSchema = {
  type: 'object',
  required: ['id', 'code', 'name', 'kind', 'unit', 'barcodes', 'sellPrice', 'buyPrice', 'vatRate', 'groupId', 'active', 'stock', 'averageCost'],
  properties: {
    id: Id,
    code: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string', enum: ['goods', 'service'] },
    unit: { anyOf: [{ type: 'null' }, { type: 'object', required: ['id', 'name'], properties: { id: Id, name: { type: 'string' } } }] },
    barcodes: { type: 'array', items: { type: 'string' } },
    sellPrice: Amount,
    buyPrice: Amount,
    vatRate: { ...NullableAmount, description: 'percent ("10" is 10 %); null = the effective-dated default rate' },
    groupId: { type: ['integer', 'null'] },
    active: { type: 'boolean' },
    stock: {
      type: 'object',
      required: ['total', 'byWarehouse'],
      properties: {
        total: Amount,
        byWarehouse: {
          type: 'array',
          items: { type: 'object', required: ['warehouseId', 'code', 'quantity'], properties: { warehouseId: Id, code: { type: 'integer' }, quantity: Amount } },
        },
      },
    },
    averageCost: Amount,
    sstid: { type: ['string', 'null'], description: 'شناسه کالا/خدمت مودیان (13 digits); null until set' },
  },
} as const;

const productExample = {
  id: 12,
  code: '000012',
  name: 'چای سبز ۱۰۰ گرمی',
  kind: 'goods',
  unit: { id: 1, name: 'عدد' },
  barcodes: ['6260100012345'],
  sellPrice: '1250000',
  buyPrice: '980000',
  vatRate: '10',
  groupId: 3,
  active: true,
  stock: { total: '40', byWarehouse: [{ warehouseId: 1, code: 1, quantity: '40' }] },
  averageCost: '975000',
  sstid: '2710000138624',
};

const productFields = {
  code: { type: 'string', minLength: 1, maxLength: 100, description: 'absent on create = the next free numeric code' },
  name: { type: 'string', minLength: 1, maxLength: 500 },
  kind: { type: 'string', enum: ['goods', 'service'] },
  unitId: { ...Id, type: ['integer', 'null'] },
  barcodes: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 100 }, description: 'replaces the product’s barcodes' },
  sellPrice: AmountIn,
  buyPrice: AmountIn,
  vatRate: { anyOf: [...AmountIn.anyOf, { type: 'null' }], description: 'percent; null = the default rate' },
  groupId: { ...Id, type: ['integer', 'null'] },
  active: { type: 'boolean' },
  sstid: { type: ['string', 'null'], maxLength: 13, description: 'شناسه کالا/خدمت مودیان (13 digits); null clears it' },
} as const;

const CreateBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: productFields,
  examples: [{ name: 'چای سبز ۱۰۰ گرمی', kind: 'goods', unitId: 1, barcodes: ['6260100012345'], sellPrice: '1250000', buyPrice: '980000', vatRate: '10', groupId: 3 }],
} as const;

const PatchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: productFields,
  examples: [{ sellPrice: '1300000', active: false }],
} as const;

type ProductBody = {
  code?: string;
  name?: string;
  kind?: 'goods' | 'service';
  unitId?: number | null;
  barcodes?: string[];
  sellPrice?: unknown;
  buyPrice?: unknown;
  vatRate?: unknown;
  groupId?: number | null;
  active?: boolean;
  sstid?: string | null;
};

/** The request's fields as a ProductInput (amounts read exactly; absent stays absent). */
function productInput(b: ProductBody): ProductInput {
  const input: ProductInput = {};
  if (b.code !== undefined) input.code = b.code;
  if (b.name !== undefined) input.name = b.name;
  if (b.kind !== undefined) input.kind = b.kind;
  if (b.unitId !== undefined) input.unitId = b.unitId;
  if (b.barcodes !== undefined) input.barcodes = b.barcodes;
  if (b.sellPrice !== undefined) input.sellPrice = amountIn(b.sellPrice, 'sellPrice');
  if (b.buyPrice !== undefined) input.buyPrice = amountIn(b.buyPrice, 'buyPrice');
  if (b.vatRate !== undefined) input.vatRate = b.vatRate === null ? null : amountIn(b.vatRate, 'vatRate');
  if (b.groupId !== undefined) input.groupId = b.groupId;
  if (b.active !== undefined) input.active = b.active;
  return input;
}

type Balance = Awaited<ReturnType<typeof stockBalances>>[number];

function wire(p: Product, balances: Balance[], sstids: Map<number, string | null>) {
  return {
    sstid: sstids.get(p.id) ?? null,
    id: p.id,
    code: p.code,
    name: p.name,
    kind: p.kind,
    unit: p.unitId === null ? null : { id: p.unitId, name: p.unit ?? '' },
    barcodes: p.barcodes.map((b) => b.barcode),
    sellPrice: p.sellPrice,
    buyPrice: p.buyPrice,
    vatRate: p.vatRate,
    groupId: p.groupId,
    active: p.active,
    stock: {
      total: p.stockQty,
      byWarehouse: balances.filter((b) => b.productId === p.id).map((b) => ({ warehouseId: b.warehouseId, code: b.warehouse.code, quantity: b.quantity })),
    },
    averageCost: p.avgCost,
  };
}

/** Products with their stock per warehouse (one query for all of them). */
async function withStock(db: Db, actor: Actor, products: Product[]) {
  const balances = products.length ? await stockBalances(db, actor, { productIds: products.map((p) => p.id) }) : [];
  const sstids = await productSstids(db, actor.businessId, products.map((p) => p.id));
  return products.map((p) => wire(p, balances, sstids));
}

/** i8: the Moadian sstid is written by the moadian module, after the product's own write. */
async function withSstid(tx: Db, actor: Actor, p: Product, b: ProductBody): Promise<Product> {
  if (b.sstid !== undefined) await setProductSstid(tx, actor, p.id, b.sstid);
  return p;
}

async function one(db: Db, actor: Actor, p: Product) {
  return (await withStock(db, actor, [p]))[0];
}

const BarcodeParams = { type: 'object', required: ['barcode'], properties: { barcode: { type: 'string', minLength: 1, maxLength: 100 } } } as const;

const GroupSchema = {
  type: 'object',
  required: ['id', 'name', 'parentId'],
  properties: { id: Id, name: { type: 'string' }, parentId: { type: ['integer', 'null'] } },
} as const;
const groupExample = { id: 3, name: 'نوشیدنی', parentId: null };
const GroupBody = {
  type: 'object',
  additionalProperties: false,
  properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, parentId: { type: ['integer', 'null'], minimum: 1 } },
} as const;

const UnitSchema = {
  type: 'object',
  required: ['id', 'name', 'moadianUnitCode'],
  properties: {
    id: Id,
    name: { type: 'string' },
    moadianUnitCode: { type: ['string', 'null'], description: 'the unit’s code in the Moadian (tax office) table; null until set' },
  },
} as const;
const unitExample = { id: 1, name: 'عدد', moadianUnitCode: null };
const UnitBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, moadianUnitCode: { type: ['string', 'null'], maxLength: 8, description: 'RC_UMGS.ST code (e.g. 1627 عدد); null clears it' } },
  examples: [{ name: 'کارتن', moadianUnitCode: '1627' }],
} as const;

const groupWire = (g: ProductGroup) => ({ id: g.id, name: g.name, parentId: g.parentId });
const unitWire = (codes: Map<number, string | null>) => (u: Unit) => ({ id: u.id, name: u.name, moadianUnitCode: codes.get(u.id) ?? null });
type UnitBodyIn = { name: string; moadianUnitCode?: string | null };
/** i8: a unit's Moadian code, written by the moadian module after the unit's own write; the reply reads it back. */
async function unitOut(tx: Db, actor: Actor, u: Unit, b: UnitBodyIn) {
  if (b.moadianUnitCode !== undefined) await setUnitCode(tx, actor, u.id, b.moadianUnitCode);
  return unitWire(await unitCodes(tx, actor.businessId, [u.id]))(u);
}

/** A whole list the domain returns at once, paged by the cursor convention. */
type Db = Kysely<DB>;

function slice<T>(all: T[]) {
  return async (offset: number, limit: number) => ({ items: all.slice(offset, offset + limit), total: all.length });
}

export async function productRoutes(app: FastifyInstance): Promise<void> {
  const db = app.deps.database.db;
  type Q = { limit?: number; cursor?: string; q?: string; format?: string };
  type P = { id: number };

  app.get<{ Querystring: Q }>(
    '/products',
    {
      schema: {
        tags,
        security,
        summary: 'فهرست کالاها و خدمات؛ q در نام، کد و بارکد می‌گردد؛ format=csv|xlsx همه فهرست در اکسل',
        querystring: { ...ListQuery, properties: { ...ListQuery.properties, format: ListFormat } },
        response: { 200: listOf(ProductSchema, productExample), ...problems },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const sheet = sheetFormat(req.query);
      if (sheet) {
        const all = await everything((offset, limit) => listProducts(db, actor, { q: req.query.q, offset, limit }));
        return sendSheet(reply, sheet, 'products', PRODUCT_COLUMNS, all.map(productSheetRow));
      }
      const got = await page(req.query, (offset, limit) => listProducts(db, actor, { q: req.query.q, offset, limit }), (p: Product) => p);
      return { items: await withStock(db, actor, got.items), nextCursor: got.nextCursor };
    },
  );

  app.post<{ Body: ProductBody }>(
    '/products',
    {
      schema: {
        tags,
        security,
        summary: 'تعریف کالا یا خدمت',
        body: CreateBody,
        response: { 201: { ...ProductSchema, examples: [productExample] }, ...problems },
      },
    },
    async (req, reply) =>
      write(req, reply, 201, async (tx, actor) => one(tx, actor, await withSstid(tx, actor, (await createProducts(tx, actor, [{ kind: 'goods', ...productInput(req.body) }]))[0]!, req.body))),
  );

  app.get<{ Params: { barcode: string } }>(
    '/products/by-barcode/:barcode',
    {
      schema: {
        tags,
        security,
        summary: 'کالای یک بارکد (۴۰۴ اگر نباشد)',
        params: BarcodeParams,
        response: { 200: { ...ProductSchema, examples: [productExample] }, ...problems },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const p = await findProductByBarcode(db, actor, req.params.barcode);
      if (!p) throw fail.notFound('product', 'barcode', req.params.barcode);
      return one(db, actor, p);
    },
  );

  app.get<{ Params: P }>(
    '/products/:id',
    { schema: { tags, security, summary: 'یک کالا', params: IdParams, response: { 200: { ...ProductSchema, examples: [productExample] }, ...problems } } },
    async (req) => {
      const actor = actorOf(req);
      const p = await getProduct(db, actor, req.params.id);
      if (!p) throw fail.notFound('product', 'id', req.params.id);
      return one(db, actor, p);
    },
  );

  app.patch<{ Params: P; Body: ProductBody }>(
    '/products/:id',
    {
      schema: {
        tags,
        security,
        summary: 'تغییر کالا (فقط فیلدهای فرستاده‌شده)؛ active: false کالا را غیرفعال می‌کند',
        params: IdParams,
        body: PatchBody,
        response: { 200: { ...ProductSchema, examples: [productExample] }, ...problems },
      },
    },
    async (req, reply) => write(req, reply, 200, async (tx, actor) => one(tx, actor, await withSstid(tx, actor, await updateProduct(tx, actor, req.params.id, productInput(req.body)), req.body))),
  );

  app.delete<{ Params: P }>(
    '/products/:id',
    {
      schema: {
        tags,
        security,
        summary: 'حذف کالای بی‌گردش (کالای دارای گردش یا فاکتور: ۴۰۹ با دلیل؛ به جای آن غیرفعالش کنید)',
        params: IdParams,
        response: { 204: { type: 'null', description: 'deleted' }, ...problems },
      },
    },
    async (req, reply) => write(req, reply, 204, async (tx, actor) => deleteProduct(tx, actor, req.params.id)),
  );

  // Product groups: a tree (parentId null = a root group).
  app.get<{ Querystring: Q }>(
    '/productGroups',
    { schema: { tags: groupTags, security, summary: 'گروه‌های کالا', querystring: ListQuery, response: { 200: listOf(GroupSchema, groupExample), ...problems } } },
    async (req) => page(req.query, slice(await listProductGroups(db, actorOf(req))), groupWire),
  );

  app.post<{ Body: { name?: string; parentId?: number | null } }>(
    '/productGroups',
    {
      schema: {
        tags: groupTags,
        security,
        summary: 'تعریف گروه کالا',
        body: { ...GroupBody, required: ['name'], examples: [{ name: 'نوشیدنی', parentId: null }] },
        response: { 201: { ...GroupSchema, examples: [groupExample] }, ...problems },
      },
    },
    async (req, reply) => write(req, reply, 201, async (tx, actor) => groupWire(await createProductGroup(tx, actor, { name: req.body.name, parentId: req.body.parentId ?? null }))),
  );

  app.patch<{ Params: P; Body: { name?: string; parentId?: number | null } }>(
    '/productGroups/:id',
    {
      schema: {
        tags: groupTags,
        security,
        summary: 'تغییر نام یا والد گروه کالا',
        params: IdParams,
        body: { ...GroupBody, minProperties: 1, examples: [{ name: 'نوشیدنی گرم' }] },
        response: { 200: { ...GroupSchema, examples: [groupExample] }, ...problems },
      },
    },
    async (req, reply) => write(req, reply, 200, async (tx, actor) => groupWire(await updateProductGroup(tx, actor, req.params.id, req.body))),
  );

  app.delete<{ Params: P }>(
    '/productGroups/:id',
    { schema: { tags: groupTags, security, summary: 'حذف گروه کالای خالی', params: IdParams, response: { 204: { type: 'null', description: 'deleted' }, ...problems } } },
    async (req, reply) => write(req, reply, 204, async (tx, actor) => deleteProductGroup(tx, actor, req.params.id)),
  );

  // Units of measure.
  app.get<{ Querystring: Q }>(
    '/units',
    { schema: { tags: unitTags, security, summary: 'واحدهای کالا', querystring: ListQuery, response: { 200: listOf(UnitSchema, unitExample), ...problems } } },
    async (req) => {
      const actor = actorOf(req);
      const all = await listUnits(db, actor);
      return page(req.query, slice(all), unitWire(await unitCodes(db, actor.businessId, all.map((u) => u.id))));
    },
  );

  app.post<{ Body: UnitBodyIn }>(
    '/units',
    { schema: { tags: unitTags, security, summary: 'تعریف واحد', body: UnitBody, response: { 201: { ...UnitSchema, examples: [unitExample] }, ...problems } } },
    async (req, reply) => write(req, reply, 201, async (tx, actor) => unitOut(tx, actor, await createUnit(tx, actor, { name: req.body.name }), req.body)),
  );

  app.patch<{ Params: P; Body: UnitBodyIn }>(
    '/units/:id',
    {
      schema: { tags: unitTags, security, summary: 'تغییر نام واحد', params: IdParams, body: UnitBody, response: { 200: { ...UnitSchema, examples: [unitExample] }, ...problems } },
    },
    async (req, reply) => write(req, reply, 200, async (tx, actor) => unitOut(tx, actor, await updateUnit(tx, actor, req.params.id, { name: req.body.name }), req.body)),
  );

  app.delete<{ Params: P }>(
    '/units/:id',
    { schema: { tags: unitTags, security, summary: 'حذف واحد بی‌استفاده', params: IdParams, response: { 204: { type: 'null', description: 'deleted' }, ...problems } } },
    async (req, reply) => write(req, reply, 204, async (tx, actor) => deleteUnit(tx, actor, req.params.id)),
  );
}
