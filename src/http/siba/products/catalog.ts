import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { fail, type Entity } from '../../../domain/errors.js';
import { createProductGroup, deleteProductGroup, listProductGroups, updateProductGroup, type ProductGroup } from '../../../domain/catalog/groups.js';
import { createUnit, deleteUnit, listUnits, updateUnit, type Unit } from '../../../domain/catalog/units.js';
import { addBarcode, deleteBarcode, listBarcodes, type Barcode } from '../../../domain/catalog/barcodes.js';
import { createWarehouse, deleteWarehouse, listWarehouses, updateWarehouse, warehouseIdByCode, type Warehouse } from '../../../domain/stock/warehouses.js';
import { toAsciiDigits } from '../../../domain/shared/text.js';
import { actorOf } from '../../common/context.js';
import { BoolLike, NumLike, Text, readBool, readId, readText } from '../../common/wire.js';
import { runWrite, type WriteResult } from '../../common/write.js';
import type { Actor, Tx } from '../../../domain/context.js';
import { ok } from '../envelope.js';
import { readPage, readRef } from './wire.js';

const tags = ['siba: products'];
const Q = (description?: string) => Type.Optional(Type.String({ maxLength: 200, description }));

const groupWire = (g: ProductGroup) => ({ groupId: g.id, groupName: g.name, parentId: g.parentId ?? 0 });
const unitWire = (u: Unit) => ({ unitId: u.id, unitName: u.name });
const barcodeWire = (b: Barcode) => ({ barcodeId: b.id, productId: b.productId, barcode: b.barcode });
const warehouseWire = (w: Warehouse) => ({ warehouseCode: w.code, warehouseName: w.name, isDefault: w.isDefault, active: w.active });

function body(req: FastifyRequest): Record<string, unknown> {
  return (req.body ?? {}) as Record<string, unknown>;
}

/** An id that must name a record: absent → missing (400); 0 → not found (404). */
function requiredId(v: unknown, field: string, entity: Entity): number {
  const id = readId(v, field);
  if (id === undefined) throw fail.missing(field);
  if (id === 0) throw fail.notFound(entity, field, 0);
  return id;
}

async function write(req: FastifyRequest, fn: (tx: Tx, actor: Actor) => Promise<unknown>, entity: string): Promise<WriteResult> {
  return runWrite(req, async (tx, actor) => ({ statusCode: 200, body: ok(entity, await fn(tx, actor)) }));
}

/** Groups, units, barcodes and warehouses (siba.md). */
export async function catalogRoutes(app: FastifyInstance): Promise<void> {
  const db = () => app.deps.database.db;
  const send = async (reply: { code(n: number): { send(b: unknown): unknown } }, r: Promise<WriteResult>) => {
    const res = await r;
    return reply.code(res.statusCode).send(res.body);
  };

  // ---- groups
  app.get('/products/group', { schema: { tags, summary: 'دریافت لیست گروه‌های کالا' } }, async (req) =>
    ok('group', (await listProductGroups(db(), actorOf(req))).map(groupWire)),
  );
  app.post(
    '/products/group',
    { schema: { tags, summary: 'ایجاد گروه کالا', body: Type.Object({ groupName: Text(200), parentId: Type.Optional(NumLike()) }) } },
    async (req, reply) => {
      const b = body(req);
      const name = readText(b.groupName, 'groupName', 200);
      const parentId = readRef(b.parentId, 'parentId') ?? null;
      return send(reply, write(req, async (tx, actor) => groupWire(await createProductGroup(tx, actor, { name, parentId })), 'group'));
    },
  );
  app.put(
    '/products/group',
    {
      schema: {
        tags,
        summary: 'ویرایش گروه کالا',
        body: Type.Object({ groupId: NumLike(), groupName: Type.Optional(Text(200)), parentId: Type.Optional(NumLike()) }),
      },
    },
    async (req, reply) => {
      const b = body(req);
      const id = requiredId(b.groupId, 'groupId', 'productGroup');
      const name = readText(b.groupName, 'groupName', 200);
      const parentId = readRef(b.parentId, 'parentId');
      return send(reply, write(req, async (tx, actor) => groupWire(await updateProductGroup(tx, actor, id, { name, parentId })), 'group'));
    },
  );
  app.delete(
    '/products/group',
    { schema: { tags, summary: 'حذف گروه کالا', querystring: Type.Object({ id: Q('شناسه گروه'), groupId: Q('هم‌نام id') }) } },
    async (req, reply) => {
      const q = req.query as Record<string, unknown>;
      const b = body(req);
      const field = q.id !== undefined ? 'id' : q.groupId !== undefined ? 'groupId' : b.groupId !== undefined ? 'groupId' : 'id';
      const id = requiredId(q.id ?? q.groupId ?? b.id ?? b.groupId, field, 'productGroup');
      return send(reply, write(req, async (tx, actor) => (await deleteProductGroup(tx, actor, id), { groupId: id }), 'group'));
    },
  );

  // ---- units
  app.get('/products/unit', { schema: { tags, summary: 'دریافت لیست واحدها' } }, async (req) =>
    ok('unit', (await listUnits(db(), actorOf(req))).map(unitWire)),
  );
  app.post('/products/unit', { schema: { tags, summary: 'ایجاد واحد', body: Type.Object({ unitName: Text(200) }) } }, async (req, reply) => {
    const name = readText(body(req).unitName, 'unitName', 200);
    return send(reply, write(req, async (tx, actor) => unitWire(await createUnit(tx, actor, { name })), 'unit'));
  });
  app.put(
    '/products/unit',
    { schema: { tags, summary: 'ویرایش واحد', body: Type.Object({ unitId: NumLike(), unitName: Text(200) }) } },
    async (req, reply) => {
      const b = body(req);
      const id = requiredId(b.unitId, 'unitId', 'unit');
      const name = readText(b.unitName, 'unitName', 200);
      if (name === undefined) throw fail.missing('unitName');
      return send(reply, write(req, async (tx, actor) => unitWire(await updateUnit(tx, actor, id, { name })), 'unit'));
    },
  );
  app.delete(
    '/products/unit',
    { schema: { tags, summary: 'حذف واحد', querystring: Type.Object({ id: Q('شناسه واحد'), unitId: Q('هم‌نام id') }) } },
    async (req, reply) => {
      const q = req.query as Record<string, unknown>;
      const b = body(req);
      const id = requiredId(q.id ?? q.unitId ?? b.id ?? b.unitId, q.unitId !== undefined || b.unitId !== undefined ? 'unitId' : 'id', 'unit');
      return send(reply, write(req, async (tx, actor) => (await deleteUnit(tx, actor, id), { unitId: id }), 'unit'));
    },
  );

  // ---- barcodes
  app.get(
    '/products/barcode',
    {
      schema: {
        tags,
        summary: 'دریافت لیست بارکدها',
        querystring: Type.Object({ productId: Q('افزوده'), barcode: Q('افزوده'), offset: Q('افزوده'), limit: Q('افزوده') }),
      },
    },
    async (req) => {
      const q = req.query as Record<string, unknown>;
      const items = await listBarcodes(db(), actorOf(req), {
        productId: readId(q.productId, 'productId'),
        barcode: readText(q.barcode, 'barcode', 100),
        ...readPage(q, app.deps.config.maxPageSize),
      });
      return ok('barcode', items.map(barcodeWire));
    },
  );
  app.post(
    '/products/barcode',
    {
      schema: {
        tags,
        summary: 'ایجاد بارکد',
        body: Type.Object({ productId: NumLike(), barcode: Type.Union([Type.String({ maxLength: 100 }), Type.Number(), Type.Null()]) }),
      },
    },
    async (req, reply) => {
      const b = body(req);
      const productId = requiredId(b.productId, 'productId', 'product');
      const raw = readText(b.barcode, 'barcode', 100);
      if (raw === undefined || raw.trim() === '') throw fail.missing('barcode');
      const barcode = toAsciiDigits(raw.trim());
      return send(reply, write(req, async (tx, actor) => barcodeWire(await addBarcode(tx, actor, { productId, barcode })), 'barcode'));
    },
  );
  app.delete(
    '/products/barcode',
    { schema: { tags, summary: 'حذف بارکد', querystring: Type.Object({ id: Q('شناسه بارکد'), barcodeId: Q('هم‌نام id') }) } },
    async (req, reply) => {
      const q = req.query as Record<string, unknown>;
      const b = body(req);
      const id = requiredId(q.id ?? q.barcodeId ?? b.id ?? b.barcodeId, q.barcodeId !== undefined || b.barcodeId !== undefined ? 'barcodeId' : 'id', 'barcode');
      return send(reply, write(req, async (tx, actor) => (await deleteBarcode(tx, actor, id), { barcodeId: id }), 'barcode'));
    },
  );

  // ---- warehouses
  app.get('/products/warehouse', { schema: { tags, summary: 'دریافت لیست انبارها' } }, async (req) =>
    ok('warehouse', (await listWarehouses(db(), actorOf(req))).map(warehouseWire)),
  );
  app.post(
    '/products/warehouse',
    {
      schema: {
        tags,
        summary: 'ایجاد انبار',
        body: Type.Object({ warehouseName: Text(200), warehouseCode: Type.Optional(NumLike({ description: 'افزوده: کد دلخواه؛ خالی = کد بعدی' })) }),
      },
    },
    async (req, reply) => {
      const b = body(req);
      const name = readText(b.warehouseName, 'warehouseName', 200);
      const code = readId(b.warehouseCode, 'warehouseCode');
      if (code === 0) throw fail.with('STOCK_NOT_POSITIVE', { field: 'warehouseCode' });
      return send(reply, write(req, async (tx, actor) => warehouseWire(await createWarehouse(tx, actor, { name, code })), 'warehouse'));
    },
  );
  app.put(
    '/products/warehouse',
    {
      schema: {
        tags,
        summary: 'افزوده: ویرایش انبار',
        body: Type.Object({ warehouseCode: NumLike(), warehouseName: Type.Optional(Text(200)), active: Type.Optional(BoolLike()) }),
      },
    },
    async (req, reply) => {
      const b = body(req);
      const code = requiredId(b.warehouseCode, 'warehouseCode', 'warehouse');
      const name = readText(b.warehouseName, 'warehouseName', 200);
      const active = readBool(b.active, 'active');
      return send(reply, write(req, async (tx, actor) => warehouseWire(await updateWarehouse(tx, actor, await warehouseIdByCode(tx, actor, code, 'warehouseCode'), { name, active })), 'warehouse'));
    },
  );
  app.delete(
    '/products/warehouse',
    { schema: { tags, summary: 'حذف انبار', querystring: Type.Object({ warehouseCode: Q('کد انبار برای حذف') }) } },
    async (req, reply) => {
      const q = req.query as Record<string, unknown>;
      const code = requiredId(q.warehouseCode ?? body(req).warehouseCode, 'warehouseCode', 'warehouse');
      return send(reply, write(req, async (tx, actor) => (await deleteWarehouse(tx, actor, await warehouseIdByCode(tx, actor, code, 'warehouseCode')), { warehouseCode: code }), 'warehouse'));
    },
  );
}
